#include "sim/chip/stage_plan.h"

#include "mapper/layer_cost.h"
#include "sim/arch/tile_kinds.h"
#include "sim/chip/buffer_plan.h"
#include "sim/core/cycles.h"
#include "sim/core/int_math.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cimsim::chip {

namespace {
// Bit densities of a layer's operands: as measured, or from the zero fraction (a nonzero value
// has half its bits set on average), or typical (0.5).
double density_of(double bit_density, double zero_fraction) {
  if (bit_density >= 0) return bit_density;
  if (zero_fraction >= 0) return 0.5 * (1.0 - zero_fraction);
  return 0.5;
}
double input_bit_density(const workload::OperandStats& s) {
  return density_of(s.input_bit_density, s.input_zero_fraction);
}
double weight_bit_density(const workload::OperandStats& s) {
  return density_of(s.weight_bit_density, s.weight_zero_fraction);
}
}  // namespace

using mapper::StageKind;
using workload::Layer;
using workload::LayerType;

namespace {
using core::ceil_div;
int64_t clamp(int64_t v, int64_t lo, int64_t hi) { return std::max(lo, std::min(v, hi)); }

// `source_layer`: the layer whose hardware produces the data (aliases such as flatten resolved),
// whose raster of vectors the consumer waits on.
InEdge edge_for(const Layer& consumer, const workload::Network& net, int source_layer,
                int producer_stage) {
  InEdge e;
  e.producer = producer_stage;
  const workload::Shape& s = net.shape_of(source_layer);
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
    case LayerType::GlobalAvgPool:
      e.dep = Dependency::All;
      break;
    case LayerType::AdaptiveAvgPool:
      e.dep = consumer.out_shape.height == s.height && consumer.out_shape.width == s.width
                  ? Dependency::Same
                  : Dependency::All;
      break;
    default:
      e.dep = Dependency::Same;
      break;
  }
  return e;
}
}  // namespace

bool is_special_function(const Layer& l) {
  using workload::ActivationFn;
  switch (l.type) {
    case LayerType::Softmax:
    case LayerType::LayerNorm:
    case LayerType::Reduce:
      return true;
    case LayerType::Activation:
      return l.activation == ActivationFn::Gelu || l.activation == ActivationFn::Erf ||
             l.activation == ActivationFn::Exp || l.activation == ActivationFn::Sqrt ||
             l.activation == ActivationFn::Pow || l.activation == ActivationFn::Reciprocal;
    default:
      return false;
  }
}

void rows_read(const InEdge& e, int64_t y, std::vector<uint8_t>& rows) {
  int64_t lo = 0, hi = e.prod_h - 1;
  if (e.dep == Dependency::Same) {
    lo = hi = std::min(y, e.prod_h - 1);
  } else if (e.dep == Dependency::Window) {
    lo = std::max<int64_t>(0, y * e.sh - e.ph);
    hi = std::min<int64_t>(e.prod_h - 1, y * e.sh - e.ph + int64_t{e.kh - 1} * e.dh);
  }
  for (int64_t r = lo; r <= hi; ++r) rows[static_cast<size_t>(r)] = 1;
}

int64_t required_count(const InEdge& e, int64_t y, int64_t x) {
  int64_t row = 0, col = 0;
  switch (e.dep) {
    case Dependency::All:
      return e.prod_h * e.prod_w;
    case Dependency::Same:
      row = std::min(y, e.prod_h - 1);
      col = std::min(x, e.prod_w - 1);
      break;
    case Dependency::Window:
      // Bottom-right input pixel of the window, clamped into the unpadded input.
      row = clamp(y * e.sh - e.ph + int64_t{e.kh - 1} * e.dh, 0, e.prod_h - 1);
      col = clamp(x * e.sw - e.pw + int64_t{e.kw - 1} * e.dw, 0, e.prod_w - 1);
      break;
  }
  return row * e.prod_w + col + 1;
}

Plan build_plan(const workload::Network& net, const mapper::Mapping& mapping,
                const ChipParams& chip, const PeCost& pe) {
  Plan plan;
  plan.groups = mapping.groups;
  plan.tile_hardware.resize(static_cast<size_t>(mapping.tiles));
  for (size_t i = 0; i < mapping.tile_order.size(); ++i) {
    const PeCost& kp = pe.kind(kind_of_slot(chip, static_cast<int64_t>(i)));
    plan.tile_hardware[static_cast<size_t>(mapping.tile_order[i])] = {kp.arrays_per_pe,
                                                                      kp.model_name};
  }
  plan.input_h = net.input.height;
  plan.input_w = net.input.width;
  plan.input_bytes_per_vector = ceil_div(net.input.channels * chip.activation_bits, 8);
  plan.stage_of_layer.assign(net.layers.size(), -1);
  const BufferParams& buf = chip.tile.buffer;
  // Array times rounded up to whole chip cycles (the PE clock may differ from the chip's).
  auto to_cycles = [&](double ns) { return core::whole_cycles(ns / chip.cycle_ns()); };
  const int64_t mvm_cycles = to_cycles(pe.mvm_ns);

  std::vector<int> users(net.layers.size(), 0);
  for (const Layer& l : net.layers)
    for (int in : l.inputs)
      if (in != workload::kNetworkInput) ++users[in];
  // True when everything from `in` back to the layer that has hardware feeds only its successor.
  auto sole_chain = [&](int in) {
    for (int i = in; i != workload::kNetworkInput; i = net.layers[i].inputs.front()) {
      if (users[i] != 1) return false;
      if (mapping.layers[i].kind != StageKind::Alias) return true;
    }
    return false;
  };

  for (size_t i = 0; i < net.layers.size(); ++i) {
    const Layer& l = net.layers[i];
    const mapper::LayerMap& lm = mapping.layers[i];
    if (l.type == LayerType::Activation && !is_special_function(l) && l.inputs.size() == 1 &&
        l.inputs.front() != workload::kNetworkInput && plan.stage_of_layer[l.inputs.front()] >= 0 &&
        sole_chain(l.inputs.front())) {
      Stage& producer = plan.stages[plan.stage_of_layer[l.inputs.front()]];
      const int64_t ops =
          ceil_div(l.element_ops, std::max<int64_t>(1, l.out_shape.height * l.out_shape.width));
      producer.fused.push_back(l.name);
      producer.fused_ops += ops;
      producer.fused_cycles += ceil_div(ops, chip.tile.activation.ops_per_cycle);
      plan.stage_of_layer[i] = plan.stage_of_layer[l.inputs.front()];
      continue;
    }
    if (lm.kind == StageKind::Alias) {
      plan.stage_of_layer[i] =
          l.inputs.front() == workload::kNetworkInput ? -1 : plan.stage_of_layer[l.inputs.front()];
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
      const int source = producer < 0 ? workload::kNetworkInput : plan.stages[producer].layer;
      s.inputs.push_back(edge_for(l, net, source, producer));
      // Activation x activation: a query vector needs its own row of the first operand and all
      // of the second (K for Q.K^T, V for A.V).
      if (l.type == LayerType::MatMul && s.inputs.size() == 2)
        s.inputs.back().dep = Dependency::All;
      if (producer >= 0) {
        auto& cons = plan.stages[producer].consumers;
        if (std::find(cons.begin(), cons.end(), me) == cons.end()) cons.push_back(me);
      }
    }
    s.out_bytes = ceil_div(l.out_shape.channels * chip.activation_bits, 8);
    if (lm.kind == StageKind::Matrix) {
      // The layer's own precision and what pruning left (issue 14), on its tile kind's PE, and
      // the mappers' cost model (mapper/layer_cost.h): what they balance is what runs here.
      const PeCost& lp = mapper::layer_pe(pe, l, net.file);
      for (const mapper::Replica& r : lm.replicas) {
        // Partial sums a tile sends home: for each of its PEs, that PE's share of its slice's
        // output columns (capped at all the layer's columns per tile), at psum_bits.
        std::vector<int64_t> tiles;
        std::vector<double> cols;
        for (const mapper::PeRange& range : r.ranges) {
          int64_t left = range.arrays;
          for (int64_t p = range.first_pe; p < range.first_pe + range.pes && left > 0; ++p) {
            const int64_t on_pe = std::min(left, lp.arrays_per_pe);
            left -= on_pe;
            const int64_t t = mapping.tile_of_pe(p);
            auto it = std::find(tiles.begin(), tiles.end(), t);
            if (it == tiles.end()) {
              tiles.push_back(t);
              cols.push_back(0.0);
              it = tiles.end() - 1;
            }
            cols[it - tiles.begin()] +=
                static_cast<double>(range.cols) * on_pe / static_cast<double>(range.arrays);
          }
        }
        std::vector<int64_t> psum(tiles.size(), 0);
        for (size_t t = 1; t < tiles.size(); ++t) {
          const double c = std::min(cols[t], static_cast<double>(l.cols * l.groups));
          psum[t] = ceil_div(static_cast<int64_t>(std::ceil(c - 1e-9)) * chip.psum_bits, 8);
        }
        s.replica_tiles.push_back(tiles);
        s.psum_bytes.push_back(psum);
      }
      const int64_t rows = l.mapped_rows(), cols = l.mapped_cols();
      const mapper::VectorCycles vc =
          mapper::matrix_vector_cost(l, ceil_div(rows, lm.row_blocks), lm.row_blocks, chip, pe);
      s.buffer_reads = vc.buffer_reads;
      s.in_cycles = vc.in_cycles;
      s.mvm_cycles = vc.mvm_cycles;
      s.mvm_interval_cycles = vc.mvm_interval;
      s.arrays = lm.replicas.front().arrays();
      if (l.stats.known() && lp.events_for_data) {
        // Data-dependent energy (issue 10): the layer's operand statistics, unknown parts typical.
        s.array_events = lp.events_for_data(
            s.arrays, ceil_div(rows, lm.row_blocks), ceil_div(cols, lm.col_blocks),
            input_bit_density(l.stats), weight_bit_density(l.stats));
      } else {
        s.array_events =
            lp.events_of(s.arrays, ceil_div(rows, lm.row_blocks), ceil_div(cols, lm.col_blocks));
      }
      // A macro that skips zero weights (chip.sparsity.weight_zero_skipping) saves their
      // compute events; conversions and drivers of the rest stay (docs/codesign.md).
      if (chip.sparsity.weight_zero_skipping && l.stats.weight_zero_fraction > 0)
        for (EventEnergy& ev : s.array_events)
          if (ev.category == core::EnergyCategory::Compute)
            ev.count_per_mvm *= 1.0 - l.stats.weight_zero_fraction;
      s.acc_ops = (lm.row_blocks - 1) * cols * l.groups;
      s.reduce_cycles = vc.reduce_cycles;
      s.macs = l.rows * l.cols * l.groups;
      s.effective_macs = rows * cols * l.groups;
      s.weight_bits = l.weights * pe.weight_bits;
      if (&lp != &pe || !l.pruned.dense()) {
        // Stored bits of the compacted matrix at the layer's bits, plus the index of pattern
        // and kernel pruning: per column block and kept row group, its input channel and
        // pattern (ceil(log2) bits each).
        const int64_t k = l.type == LayerType::Conv2d ? int64_t{l.kernel_h} * l.kernel_w : 1;
        auto log2c = [](int64_t v) {
          int64_t b = 0;
          while ((int64_t{1} << b) < v) ++b;
          return b;
        };
        if (l.pruned.kernels > 0)
          s.index_bits = l.groups * lm.col_blocks * l.pruned.kernels *
                         (log2c(l.rows / k) + log2c(std::max(1, l.pruned.patterns)));
        s.weight_bits = rows * cols * l.groups * lp.weight_bits + s.index_bits;
      }
      if (l.is_recurrent()) {
        // Time steps in order: step t needs h_{t-1}, so the arrays take the next vector only
        // after this one's MVM, partial-sum reduction and gate functions (activation unit).
        const int64_t gate_ops = ceil_div(l.element_ops, std::max<int64_t>(1, l.vectors));
        s.fused.push_back(l.name + ".gates");
        s.fused_ops += gate_ops;
        s.fused_cycles += ceil_div(gate_ops, chip.tile.activation.ops_per_cycle);
        s.mvm_interval_cycles = s.mvm_cycles + s.reduce_cycles + s.fused_cycles;
      }
    } else {
      s.replica_tiles.push_back({lm.tile});
      s.unit_ops = s.vectors() > 0 ? ceil_div(l.element_ops, s.vectors()) : 0;
      const UnitParams* unit = nullptr;
      switch (l.type) {
        case LayerType::MaxPool:
        case LayerType::AvgPool:
        case LayerType::GlobalAvgPool:
        case LayerType::AdaptiveAvgPool:
          s.unit = DigitalUnit::Pooling, unit = &chip.tile.pooling;
          break;
        case LayerType::Add:
          s.unit = DigitalUnit::ResidualAdd, unit = &chip.tile.residual_add;
          break;
        case LayerType::Concat:
          s.unit = DigitalUnit::None, s.unit_ops = 0;
          break;
        case LayerType::Mul:  // element-wise products and scales: the two-operand unit
          s.unit = DigitalUnit::ResidualAdd, unit = &chip.tile.residual_add;
          break;
        case LayerType::MatMul:  // MACs of one output vector on the matmul unit
          s.unit = DigitalUnit::Matmul, unit = &chip.tile.matmul;
          s.macs = ceil_div(l.macs, std::max<int64_t>(1, s.vectors()));
          s.unit_ops = s.macs;
          if (chip.attention.dynamic_matmul == DynamicMatmul::CimWrite) {
            // The second operand (per head K x N) is written into arrays once per image, then
            // every vector is one MVM of those arrays (all heads in parallel).
            const int64_t row_blocks = ceil_div(l.rows, pe.array_rows);
            const int64_t col_blocks = ceil_div(l.cols, pe.array_weight_cols);
            const int64_t rows_used = ceil_div(l.rows, row_blocks);
            s.cim_matmul = true;
            s.arrays = l.groups * row_blocks * col_blocks;
            s.kv_row_writes = l.groups * l.rows * col_blocks;
            s.kv_write_cycles =
                to_cycles(static_cast<double>(rows_used) * chip.attention.write_ns_per_row);
            s.mvm_cycles = s.mvm_interval_cycles =
                pe.mvm_ns_for ? to_cycles(pe.mvm_ns_for(rows_used)) : mvm_cycles;
            s.array_events = pe.events_of(s.arrays, rows_used, ceil_div(l.cols, col_blocks));
            s.acc_ops = (row_blocks - 1) * l.cols * l.groups;
            s.unit_ops = 0;
            unit = nullptr;
            s.unit_cycles = s.mvm_cycles +
                            ceil_div(s.acc_ops, chip.tile.accumulator.ops_per_cycle) +
                            ceil_div(s.kv_write_cycles, std::max<int64_t>(1, s.vectors()));
          }
          break;
        default:
          if (is_special_function(l)) {
            s.unit = DigitalUnit::Special, unit = &chip.tile.special;
            break;
          }
          s.unit = DigitalUnit::Activation, unit = &chip.tile.activation;
          break;
      }
      if (!s.cim_matmul) s.unit_cycles = unit ? ceil_div(s.unit_ops, unit->ops_per_cycle) : 0;
      // Its operands come from the tile buffer: one element per operation (concat moves its
      // output).
      s.buffer_reads = ceil_div(std::max(s.unit_ops, l.out_shape.channels) * chip.activation_bits,
                                buf.width_bits);
    }
    plan.stage_of_layer[i] = me;
    plan.stages.push_back(std::move(s));
  }
  if (plan.stages.empty()) throw std::invalid_argument("network has no layer with hardware");
  plan.output_stage = plan.stage_of_layer.back() >= 0 ? plan.stage_of_layer.back()
                                                      : static_cast<int>(plan.stages.size()) - 1;
  plan_buffers(plan, net, chip);
  return plan;
}

}  // namespace cimsim::chip
