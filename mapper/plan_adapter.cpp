#include "mapper/plan_adapter.h"

#include <algorithm>
#include <cmath>

#include "mapper/mapping.h"
#include "mapper/placement.h"
#include "sim/core/errors.h"

namespace cimsim::mapper {

namespace {

int64_t ceil_cycles(double ns, double cycle_ns) {
  // A small tolerance keeps 30 ns / 3 ns at 10 cycles despite rounding in the inputs.
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(ns / cycle_ns - 1e-9)));
}

bool has_window(workload::LayerType t) {
  return t == workload::LayerType::Conv2d || t == workload::LayerType::MaxPool ||
         t == workload::LayerType::AvgPool;
}

}  // namespace

PlanNetwork plan_network_from(const workload::Network& net, const chip::ChipParams& chip,
                              const chip::PeCost& pe, int64_t batch) {
  using workload::LayerType;
  PlanNetwork out;
  out.name = net.name;
  out.batch = batch;
  const int64_t act_bytes = (chip.activation_bits + 7) / 8;
  for (const workload::Layer& l : net.layers) {
    PlanLayer p;
    p.name = l.name;
    p.kind = l.is_matrix() ? PlanLayerKind::Matrix
                           : (l.type == LayerType::Flatten ? PlanLayerKind::Flatten
                                                           : PlanLayerKind::Elementwise);
    p.producers = l.inputs;  // workload::kNetworkInput == kPlanInput == -1
    p.vectors = l.is_matrix() ? l.vectors : l.out_shape.height * l.out_shape.width;
    p.in_elements = l.in_shape.elements();
    p.out_elements = l.out_shape.elements();
    if (has_window(l.type))
      p.halo_elements =
          window_halo_elements(l.kernel_h, l.stride_h, l.in_shape.width, l.in_shape.channels);
    p.global_pool = (l.type == LayerType::GlobalAvgPool || l.type == LayerType::AdaptiveAvgPool) &&
                    l.out_shape.height == 1 && l.out_shape.width == 1 &&
                    l.in_shape.height * l.in_shape.width > 1;
    p.act_bytes = act_bytes;
    if (l.is_matrix()) {
      p.rows = l.rows;
      p.cols = l.cols;
      p.groups = l.groups;
      p.weight_bits = pe.weight_bits;
      p.vector_cycles = matrix_vector_cycles(l, chip, pe);  // what the run charges per vector
    }
    out.layers.push_back(std::move(p));
  }
  static_assert(workload::kNetworkInput == kPlanInput, "input index conventions must agree");
  return out;
}

int max_plan_levels(const chip::ChipParams& chip) {
  int levels = 0;
  for (int64_t t = chip.tiles(); t > 1 && t % 2 == 0; t /= 2) ++levels;
  return levels;
}

PlanHardware plan_hardware_from(const chip::ChipParams& chip, const chip::PeCost& pe,
                                const noc::NocParams& noc, int levels) {
  const MeshPlacement placement =
      place_groups(chip.tiles_x, chip.tiles_y, levels, PlacementPolicy::Bisection);
  PlanHardware hw;
  hw.levels = levels;
  hw.arrays_per_group = (chip.tiles() >> levels) * chip.tile.pes * pe.arrays_per_pe;
  hw.array_rows = pe.array_rows;
  hw.array_cols = pe.array_weight_cols;
  hw.cell_bits = pe.weight_bits;  // array_weight_cols counts weights: one "column" per weight
  hw.arrays_per_pe = pe.arrays_per_pe;
  const double cycle_ns = chip.cycle_ns();
  hw.mvm_cycles = ceil_cycles(pe.mvm_interval_ns > 0 ? pe.mvm_interval_ns : pe.mvm_ns, cycle_ns);
  // A link moves one flit per NoC cycle; in chip cycles that is flit_bits/8 · f_noc / f_chip.
  hw.link_bytes_per_cycle = std::max<int64_t>(
      1, static_cast<int64_t>(noc.flit_bits / 8.0 * noc.clock_MHz / chip.clock_MHz));
  const int hop_noc_cycles =
      noc.route_cycles + noc.va_cycles + noc.sa_cycles + noc.st_cycles + noc.link_latency_cycles;
  hw.hop_cycles = ceil_cycles(hop_noc_cycles * noc.cycle_ns(), cycle_ns);
  hw.psum_bytes = (chip.psum_bits + 7) / 8;
  hw.cuts = placement_cuts(placement);
  return hw;
}

}  // namespace cimsim::mapper
