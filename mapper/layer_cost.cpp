#include "mapper/layer_cost.h"

#include <algorithm>
#include <cmath>

#include "mapper/mapping.h"
#include "sim/core/int_math.h"

namespace cimsim::mapper {

using core::ceil_div;

SliceBlocks slice_blocks(int64_t rows, int64_t cols, int64_t groups, const ArrayGeometry& g) {
  SliceBlocks b;
  b.row_blocks = ceil_div(rows, g.array_rows);
  b.col_blocks = ceil_div(cols, g.array_cols);
  b.arrays = groups * b.row_blocks * b.col_blocks;
  b.pes = ceil_div(b.arrays, g.arrays_per_pe);
  b.rows_used = ceil_div(rows, b.row_blocks);
  return b;
}

SliceBlocks slice_blocks(int64_t rows, int64_t cols, int64_t groups, const chip::PeCost& pe) {
  return slice_blocks(rows, cols, groups,
                      ArrayGeometry{pe.array_rows, pe.array_weight_cols, pe.arrays_per_pe});
}

SliceShape halve_slice(int64_t rows, int64_t cols, int64_t groups, int tensor, int model) {
  SliceShape s{rows, cols, groups};
  for (int i = 0; i < tensor; ++i) s.rows = ceil_div(s.rows, int64_t{2});
  for (int i = 0; i < model; ++i) {
    if (s.groups >= 2)
      s.groups = ceil_div(s.groups, int64_t{2});
    else
      s.cols = ceil_div(s.cols, int64_t{2});
  }
  return s;
}

int64_t to_chip_cycles(double ns, const chip::ChipParams& chip) {
  // A small tolerance keeps 30 ns / 3 ns at 10 cycles despite rounding in the inputs.
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(ns / chip.cycle_ns() - 1e-9)));
}

VectorCycles matrix_vector_cost(const workload::Layer& l, int64_t rows_used, int64_t row_blocks,
                                const chip::ChipParams& chip, const chip::PeCost& pe) {
  const chip::BufferParams& buf = chip.tile.buffer;
  // The layer's own precision and what pruning left (issue 14, docs/codesign.md).
  const chip::PeCost& lp = layer_pe(pe, l);
  VectorCycles v;
  v.buffer_reads = ceil_div(l.mapped_rows() * l.groups * layer_activation_bits(l, chip),
                            std::max<int64_t>(1, buf.width_bits));
  v.in_cycles = ceil_div(v.buffer_reads, std::max<int64_t>(1, buf.ports)) + buf.latency_cycles;
  v.mvm_cycles = to_chip_cycles(lp.mvm_ns, chip);
  v.mvm_interval = lp.mvm_interval_ns > 0
                       ? std::min(v.mvm_cycles, to_chip_cycles(lp.mvm_interval_ns, chip))
                       : v.mvm_cycles;
  if (lp.mvm_ns_for)  // the time depends on the rows the layer's blocks use
    v.mvm_cycles = v.mvm_interval = to_chip_cycles(lp.mvm_ns_for(rows_used), chip);
  v.reduce_cycles = ceil_div((row_blocks - 1) * l.mapped_cols() * l.groups,
                             std::max<int64_t>(1, chip.tile.accumulator.ops_per_cycle));
  return v;
}

}  // namespace cimsim::mapper
