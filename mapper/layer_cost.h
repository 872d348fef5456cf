#pragma once
// The one cost model of a layer slice, shared by the pipeline mapper (replication), the
// partitioned mappings' planner (capacity, compute) and realizer (PE ranges), the mapping
// estimate (mapping_estimate.h) and the chip run's stage plan (sim/chip/stage_plan.cpp), so that
// what the mappers balance is what the run charges (docs/parallelism.md §4, §5).
//
// Packing rule (the only one): a slice of rows x cols weights of each of `groups` conv groups
// takes groups x ceil(rows / array_rows) x ceil(cols / array_weight_cols) arrays (no diagonal
// packing of small groups: the chip run simulates every group on arrays of its own), on
// ceil(arrays / arrays_per_pe) PEs of its own (a PE holds one slice). Per-layer precision or
// sparsity changes the arrays a layer needs here, and only here.
#include <cstdint>

#include "sim/arch/chip_params.h"
#include "sim/arch/pe_cost.h"
#include "sim/workload/network.h"

namespace cimsim::mapper {

struct SliceBlocks {
  int64_t row_blocks = 0, col_blocks = 0;  // per conv group
  int64_t arrays = 0;                      // all groups
  int64_t pes = 0;                         // PEs of its own
  int64_t rows_used = 0;                   // rows of each array the slice drives (≤ array_rows)
};

// The array geometry the packing rule needs (the planner's PlanHardware carries the same).
struct ArrayGeometry {
  int64_t array_rows = 1;
  int64_t array_cols = 1;  // weight columns per array (bit slices already counted)
  int64_t arrays_per_pe = 1;
};

// The packing rule above; rows, cols and groups ≥ 1.
SliceBlocks slice_blocks(int64_t rows, int64_t cols, int64_t groups, const ArrayGeometry& g);
SliceBlocks slice_blocks(int64_t rows, int64_t cols, int64_t groups, const chip::PeCost& pe);

// The slice of a matrix layer after `tensor` row halvings and `model` column halvings (a grouped
// conv halves its groups first, then the columns of its last group), each rounding up: the same
// slice for the planner's footprints and the realizer's PE ranges.
struct SliceShape {
  int64_t rows = 0, cols = 0, groups = 1;
};
SliceShape halve_slice(int64_t rows, int64_t cols, int64_t groups, int tensor, int model);

// Cycles [chip cycles] of one input vector through one replica of a matrix layer whose arrays
// drive `rows_used` rows each, as the chip run charges them (replica_sc.cpp): the tile buffer
// read of the input vector, the arrays' MVM latency and interval (the MVM time depends on the
// rows a digital macro walks, pe.mvm_ns_for), and the home tile's partial-sum accumulation of
// `row_blocks` row blocks.
struct VectorCycles {
  int64_t buffer_reads = 0;   // tile buffer accesses of width_bits
  int64_t in_cycles = 0;      // the buffer read
  int64_t mvm_cycles = 0;     // MVM latency
  int64_t mvm_interval = 0;   // arrays busy per vector (≤ mvm_cycles when pipelined)
  int64_t reduce_cycles = 0;  // accumulator unit of the home tile
  // The replica's arrays take the next vector after this (what the pipeline balances).
  int64_t busy() const { return in_cycles + mvm_interval; }
};
VectorCycles matrix_vector_cost(const workload::Layer& l, int64_t rows_used, int64_t row_blocks,
                                const chip::ChipParams& chip, const chip::PeCost& pe);

// A chip time [ns] in whole chip cycles, rounded up (at least 1).
int64_t to_chip_cycles(double ns, const chip::ChipParams& chip);

}  // namespace cimsim::mapper
