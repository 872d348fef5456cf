// The chip run's timing against hand-derived cycle counts (each test case is its own process:
// one SystemC elaboration each).
#include <catch2/catch.hpp>

#include "mapper/mapping.h"
#include "sim/chip/chip_sim.h"
#include "sim/chip/stage_plan.h"
#include "sim/workload/network.h"

using namespace cimsim;

namespace {

// One tile, one PE of one array, 1 GHz (1 cycle = 1 ns = 1000 ps), DRAM 1 byte/ns.
chip::ChipParams tiny_chip() {
  chip::ChipParams c;
  c.name = "tiny";
  c.clock_MHz = 1000;
  c.tiles_x = c.tiles_y = 1;
  c.tile.pes = 1;
  c.tile.buffer = chip::BufferParams{64, 64, 1, 1, 1.0, 1.0, 0, 0, 0};
  c.global_buffer = chip::BufferParams{64, 64, 1, 1, 1.0, 1.0, 0, 0, 0};
  c.dram = chip::DramParams{1.0, 0.0, 10.0, 0, 0};
  return c;
}

chip::PeCost tiny_pe() {
  chip::PeCost pe;
  pe.array_rows = 16;
  pe.array_weight_cols = 8;
  pe.arrays_per_pe = 1;
  pe.mvm_ns = 5.0;  // 5 cycles
  return pe;
}

noc::NocParams one_router() {
  noc::NocParams n;
  n.width = n.height = 1;
  n.clock_MHz = 1000;
  return n;
}

const char* kOneConv = R"(
name: one_conv
input: {channels: 1, height: 4, width: 4}
layers:
  - {name: conv, type: conv2d, out_channels: 2, kernel: 1, bias: false}
)";

}  // namespace

TEST_CASE("a 1x1 conv on one array: every vector and image ends at the hand-derived cycle",
          "[chip][timing]") {
  // Input rows (4 pixels x 1 byte) arrive from DRAM at 4, 8, 12, 16 ns (1 byte/ns, latency 0).
  // A vector: tile-buffer read ceil(8/64) = 1 cycle + 1 latency, MVM 5 cycles = 7 cycles; the
  // first starts when row 0 is in (4 ns) and the arrays are busy back to back after that:
  // vector k (of 16 per image) ends at 4 + 7 (k + 1) ns. Image 0's last vector: 116 ns; its 16
  // outputs of 2 bytes go to DRAM: 32 ns -> done at 148 ns. Image 1's last vector ends at
  // 4 + 7 * 32 = 228 ns; written by 260 ns.
  workload::Network net = workload::parse_network(kOneConv, "one_conv.yaml");
  chip::ChipParams c = tiny_chip();
  chip::PeCost pe = tiny_pe();
  chip::MappingOptions opts;
  opts.replicate = false;
  mapper::Mapping m = mapper::map_network(net, c, pe, opts);
  chip::Plan plan = chip::build_plan(net, m, c, pe);
  REQUIRE(plan.stages.size() == 1);
  CHECK(plan.stages[0].in_cycles == 2);
  CHECK(plan.stages[0].mvm_cycles == 5);
  chip::RunResult r = chip::simulate(plan, m, c, one_router(), chip::RunOptions{2});
  REQUIRE(r.image_done_ps.size() == 2);
  CHECK(r.image_done_ps[0] == 148000);
  CHECK(r.image_done_ps[1] == 260000);
  CHECK(r.stages[0].first_start_ps == 4000);
  CHECK(r.stages[0].image0_end_ps == 116000);
  CHECK(r.stages[0].vectors == 32);
  CHECK(r.stages[0].macs == 32 * 2);
  CHECK(r.dram_read_bytes == 32);
  CHECK(r.dram_write_bytes == 64);
}

TEST_CASE(
    "two layers on two tiles: the NoC hop is the router pipeline's zero-load latency, to the cycle",
    "[chip][timing][noc]") {
  // Input: one pixel of 8 channels (8 bytes), from DRAM at 1 byte/ns: in at 8 ns on tile 0.
  // c1 (tile 0): read 1 + 1 latency, MVM 5 -> output at 15 ns: one 64-bit flit to tile 1.
  // NoC (1 GHz, 1-cycle route/VA/SA/ST, 1-cycle links and injection/ejection links): injected
  // in cycle 15, zero-load latency 1 + 1 + 2 x 4 + 1 + 1 + 0 = 12 cycles -> tail arrives in
  // cycle 27, usable at 28 ns. c2 (tile 1): 28 + 2 + 5 = 35 ns; its output back to the global
  // buffer at tile 0: injected in cycle 35, arrives in cycle 47, usable at 48 ns; written to
  // DRAM (8 bytes): done at 56 ns.
  const char* net_yaml = R"(
name: two_convs
input: {channels: 8, height: 1, width: 1}
layers:
  - {name: c1, type: conv2d, out_channels: 8, kernel: 1, bias: false}
  - {name: c2, type: conv2d, out_channels: 8, kernel: 1, bias: false}
)";
  workload::Network net = workload::parse_network(net_yaml, "two_convs.yaml");
  chip::ChipParams c = tiny_chip();
  c.tiles_x = 2;
  chip::PeCost pe = tiny_pe();
  chip::MappingOptions opts;
  opts.replicate = false;
  mapper::Mapping m = mapper::map_network(net, c, pe, opts);
  REQUIRE(m.home_tile(0) == 0);
  REQUIRE(m.home_tile(1) == 1);
  chip::Plan plan = chip::build_plan(net, m, c, pe);
  noc::NocParams n = one_router();
  n.width = 2;
  n.flit_bits = 64;
  chip::RunResult r = chip::simulate(plan, m, c, n, chip::RunOptions{1});
  CHECK(r.stages[0].image0_end_ps == 15000);
  CHECK(r.stages[1].first_start_ps == 28000);
  CHECK(r.stages[1].image0_end_ps == 35000);
  CHECK(r.image_done_ps[0] == 56000);
  CHECK(r.noc_packets == 2);
  CHECK(r.noc_avg_latency_cycles == 12.0);
}
