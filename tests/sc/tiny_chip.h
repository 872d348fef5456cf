#pragma once
// A tiny chip for hand-derived timing: 1 GHz (1 cycle = 1 ns = 1000 ps), one tile of one PE of
// one 16x8 array (MVM 5 cycles), 64-bit tile and global buffers (1 port, latency 1 cycle), DRAM
// 1 byte/ns without latency, a one-router NoC at 1 GHz.
#include "mapper/mapping.h"
#include "sim/arch/chip_params.h"
#include "sim/arch/pe_cost.h"
#include "sim/chip/chip_sim.h"
#include "sim/chip/stage_plan.h"
#include "sim/noc/noc_params.h"
#include "sim/workload/network.h"

namespace cimsim_test {

inline cimsim::chip::ChipParams tiny_chip() {
  cimsim::chip::ChipParams c;
  c.name = "tiny";
  c.clock_MHz = 1000;
  c.tiles_x = c.tiles_y = 1;
  c.tile.pes = 1;
  c.tile.buffer = cimsim::chip::BufferParams{64, 64, 1, 1, 1.0, 1.0, 0, 0, 0};
  c.global_buffer = cimsim::chip::BufferParams{64, 64, 1, 1, 1.0, 1.0, 0, 0, 0};
  c.dram = cimsim::chip::DramParams{1.0, 0.0, 10.0, 0, 0};
  return c;
}

inline cimsim::chip::PeCost tiny_pe() {
  cimsim::chip::PeCost pe;
  pe.array_rows = 16;
  pe.array_weight_cols = 8;
  pe.arrays_per_pe = 1;
  pe.mvm_ns = 5.0;  // 5 cycles
  return pe;
}

inline cimsim::noc::NocParams one_router() {
  cimsim::noc::NocParams n;
  n.width = n.height = 1;
  n.clock_MHz = 1000;
  return n;
}

}  // namespace cimsim_test
