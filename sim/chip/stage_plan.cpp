#include "sim/chip/stage_plan.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cimsim::chip {

using mapper::StageKind;
using workload::Layer;
using workload::LayerType;

namespace {
int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t clamp(int64_t v, int64_t lo, int64_t hi) { return std::max(lo, std::min(v, hi)); }

InEdge edge_for(const Layer& consumer, const workload::Network& net, int input_layer, int producer_stage) {
  InEdge e;
  e.producer = producer_stage;
  const workload::Shape& s = net.shape_of(input_layer);
  e.prod_h = s.height;
  e.prod_w = s.width;
  switch (consumer.type) {
    case LayerType::Conv2d:
    case LayerType::MaxPool:
    case LayerType::AvgPool:
      e.dep = Dependency::Window;
      e.kh = consumer.kernel_h, e.kw = consumer.kernel_w;
      e.sh = consumer.stride_h, e.sw = consumer.stride_w;
      e.ph = consumer.pad_h, e.pw = consumer.pad_w;
      e.dh = consumer.dilation_h, e.dw = consumer.dilation_w;
      break;
    case LayerType::Linear:
    case LayerType::GlobalAvgPool: e.dep = Dependency::All; break;
    case LayerType::AdaptiveAvgPool:
      e.dep = consumer.out_shape.height == s.height && consumer.out_shape.width == s.width ? Dependency::Same
                                                                                          : Dependency::All;
      break;
    default: e.dep = Dependency::Same; break;
  }
  return e;
}
}  // namespace

int64_t required_count(const InEdge& e, int64_t y, int64_t x) {
  int64_t row = 0, col = 0;
  switch (e.dep) {
    case Dependency::All: return e.prod_h * e.prod_w;
    case Dependency::Same:
      row = std::min(y, e.prod_h - 1);
      col = std::min(x, e.prod_w - 1);
      break;
    case Dependency::Window:
      // Bottom-right input pixel of the window, clamped into the unpadded input.
      row = clamp(y * e.sh - e.ph + (e.kh - 1) * e.dh, 0, e.prod_h - 1);
      col = clamp(x * e.sw - e.pw + (e.kw - 1) * e.dw, 0, e.prod_w - 1);
      break;
  }
  return row * e.prod_w + col + 1;
}

Plan build_plan(const workload::Network& net, const mapper::Mapping& mapping, const ChipParams& chip,
                const PeCost& pe) {
  Plan plan;
  plan.groups = mapping.groups;
  plan.input_h = net.input.height;
  plan.input_w = net.input.width;
  plan.input_bytes_per_vector = ceil_div(net.input.channels * chip.activation_bits, 8);
  plan.stage_of_layer.assign(net.layers.size(), -1);
  const BufferParams& buf = chip.tile.buffer;
  const int64_t mvm_cycles =
      std::max<int64_t>(1, static_cast<int64_t>(std::ceil(pe.mvm_ns / chip.cycle_ns() - 1e-9)));

  for (size_t i = 0; i < net.layers.size(); ++i) {
    const Layer& l = net.layers[i];
    const mapper::LayerMap& lm = mapping.layers[i];
    if (lm.kind == StageKind::Alias) {
      plan.stage_of_layer[i] = l.inputs.front() == workload::kNetworkInput ? -1 : plan.stage_of_layer[l.inputs.front()];
      continue;
    }
    Stage s;
    s.layer = static_cast<int>(i);
    s.name = l.name;
    s.kind = lm.kind;
    s.group = lm.group;
    s.out_h = l.out_shape.height;
    s.out_w = l.out_shape.width;
    const int me = static_cast<int>(plan.stages.size());
    for (int in : l.inputs) {
      const int producer = in == workload::kNetworkInput ? -1 : plan.stage_of_layer[in];
      s.inputs.push_back(edge_for(l, net, in, producer));
      if (producer >= 0) {
        auto& cons = plan.stages[producer].consumers;
        if (std::find(cons.begin(), cons.end(), me) == cons.end()) cons.push_back(me);
      }
    }
    s.out_bytes = ceil_div(l.out_shape.channels * chip.activation_bits, 8);
    if (lm.kind == StageKind::Matrix) {
      for (const mapper::Replica& r : lm.replicas) {
        std::vector<int64_t> tiles;
        for (int64_t p = r.first_pe; p < r.first_pe + r.pes; ++p) {
          const int64_t t = mapping.tile_of_pe(p);
          if (std::find(tiles.begin(), tiles.end(), t) == tiles.end()) tiles.push_back(t);
        }
        s.replica_tiles.push_back(tiles);
      }
      const int64_t in_bits = l.rows * l.groups * chip.activation_bits;
      s.buffer_reads = ceil_div(in_bits, buf.width_bits);
      s.in_cycles = ceil_div(s.buffer_reads, buf.ports) + buf.latency_cycles;
      s.mvm_cycles = mvm_cycles;
      s.arrays = lm.arrays_per_replica;
      s.acc_ops = (lm.row_blocks - 1) * l.cols * l.groups;
      s.reduce_cycles = ceil_div(s.acc_ops, chip.tile.accumulator.ops_per_cycle);
      s.macs = l.rows * l.cols * l.groups;
      s.psum_bytes = ceil_div(l.cols * l.groups * chip.psum_bits, 8);
      s.weight_bits = l.weights * pe.weight_bits;
    } else {
      s.replica_tiles.push_back({lm.tile});
      s.unit_ops = s.vectors() > 0 ? ceil_div(l.element_ops, s.vectors()) : 0;
      const UnitParams* unit = nullptr;
      switch (l.type) {
        case LayerType::MaxPool:
        case LayerType::AvgPool:
        case LayerType::GlobalAvgPool:
        case LayerType::AdaptiveAvgPool: s.unit = DigitalUnit::Pooling, unit = &chip.tile.pooling; break;
        case LayerType::Add: s.unit = DigitalUnit::ResidualAdd, unit = &chip.tile.residual_add; break;
        case LayerType::Concat: s.unit = DigitalUnit::None, s.unit_ops = 0; break;
        default: s.unit = DigitalUnit::Activation, unit = &chip.tile.activation; break;
      }
      s.unit_cycles = unit ? ceil_div(s.unit_ops, unit->ops_per_cycle) : 0;
    }
    plan.stage_of_layer[i] = me;
    plan.stages.push_back(std::move(s));
  }
  if (plan.stages.empty()) throw std::invalid_argument("network has no layer with hardware");
  plan.output_stage = plan.stage_of_layer.back() >= 0 ? plan.stage_of_layer.back()
                                                      : static_cast<int>(plan.stages.size()) - 1;
  return plan;
}

}  // namespace cimsim::chip
