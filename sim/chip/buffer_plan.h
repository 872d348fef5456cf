#pragma once
// Tile and global buffer capacity in the chip run (issue 15): what each tile buffer must hold
// while a reload group runs, and what does not fit. Plain C++ on the plan (stage_plan.h), so it
// is unit-tested without SystemC; build_plan calls it last.
//
// The model, per reload group and tile, stages in plan order (docs/architecture.md, "Buffer
// capacity"):
//  - A stage needs, on each tile it reads its input from, a line buffer per input: for a window
//    (conv, pooling) the input rows the window spans, (kernel_h - 1) * dilation_h + 1 of them
//    (at most the input's height), each input_width x one input vector; for a linear or global
//    layer the whole input tensor (a global or adaptive average pool keeps a running sum: one
//    vector); for an element-wise layer one input vector. A stage that adds
//    partial sums of several row blocks also holds one output vector of partial sums
//    (psum_bits per output column) on each replica's home tile.
//  - Stages take the tile's capacity (chip.tile.buffer.size_kB x 1024 bytes) first come, first
//    served: the overflow of a stage on a tile is what of its need did not fit.
//  - The overflow is held in the global buffer when the group's overflows taken in stage order
//    still fit next to what the global buffer holds anyway (two input rows and one output image),
//    else in DRAM. Each output row of the stage (each image, for a stage of one row) writes the
//    overflow out and reads it back: 2 x overflow bytes of traffic per row, through the global
//    buffer's port or the DRAM channel, and the replica computing the row's first vector waits
//    for the read before it starts the row.
#include <cstdint>

#include "sim/arch/chip_params.h"
#include "sim/chip/stage_plan.h"
#include "sim/workload/network.h"

namespace cimsim::chip {

// Bytes of a buffer of `size_kB` (1 kB = 1024 bytes), rounded down to whole bytes.
int64_t buffer_capacity_bytes(const BufferParams& b);

// Fills Stage::line_buffer_bytes, spill_bytes_per_row, spill_to_dram and the plan's
// tile_buffer_need_max_bytes / tile_buffer_capacity_bytes.
void plan_buffers(Plan& plan, const workload::Network& net, const ChipParams& chip);

}  // namespace cimsim::chip
