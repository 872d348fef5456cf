// The chip run's timing against hand-derived cycle counts (each test case is its own process:
// one SystemC elaboration each). Every byte that lands in a buffer is written through its port
// (1 cycle per 64-bit access + 1 cycle latency here) before it can be read; the input streams
// DRAM -> global buffer (write, read) -> tile buffer (write).
#include <catch2/catch.hpp>

#include "sim/noc/interconnect.h"
#include "tests/sc/tiny_chip.h"

using namespace cimsim;
using namespace cimsim_test;

namespace {

const char* kOneConv = R"(
name: one_conv
input: {channels: 1, height: 4, width: 4}
layers:
  - {name: conv, type: conv2d, out_channels: 2, kernel: 1, bias: false}
)";

const char* kTwoConvs = R"(
name: two_convs
input: {channels: 8, height: 1, width: %W%}
layers:
  - {name: c1, type: conv2d, out_channels: 8, kernel: 1, bias: false}
  - {name: c2, type: conv2d, out_channels: 8, kernel: 1, bias: false}
)";

std::string two_convs(int w) {
  std::string s = kTwoConvs;
  s.replace(s.find("%W%"), 3, std::to_string(w));
  return s;
}

}  // namespace

TEST_CASE("a 1x1 conv on one array: every vector and image ends at the hand-derived cycle",
          "[chip][timing]") {
  // Input rows r = 0..7 (2 images x 4 rows of 4 one-byte pixels) come from DRAM back to back,
  // each written into the global buffer (1 access: busy 1 cycle, done 1 cycle later), read out
  // (the same) and written into the tile buffer: rows 0..4 are in at 4r + 10 ns. The outputs
  // land in the global buffer too (a 1-cycle write each): at 24 ns output 1's write and row 5's
  // ask for that port at once; the output goes first (lower requester id: the network
  // interface), so rows 5..7 are written into the tile buffer at 29, 33, 37 ns.
  // A vector: tile-buffer read 1 cycle + 1 latency, MVM 5 = 7 cycles, back to back from 10 ns.
  // Vector 2 asks for the tile buffer's port at 24 ns, when row 4's write does: the write goes
  // first and vector 2 is 1 cycle late; vector k >= 3 ends at 18 + 7k (no further collision).
  // Image 0's last (k = 15) ends at 123 ns, its output is in the global buffer at 125; the 16
  // outputs are read (4 accesses) and written to DRAM (32 bytes at 1 byte/ns) by 157 ns. Image
  // 1's last (k = 31) at 235 ns -> DRAM by 269 ns.
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
  CHECK(r.stages[0].first_start_ps == 10000);
  CHECK(r.stages[0].image0_end_ps == 123000);
  CHECK(r.stages[0].end_ps == 235000);
  CHECK(r.image_done_ps[0] == 157000);
  CHECK(r.image_done_ps[1] == 269000);
  CHECK(r.stages[0].vectors == 32);
  CHECK(r.stages[0].macs == 32 * 2);
  CHECK(r.dram_read_bytes == 32);
  CHECK(r.dram_write_bytes == 64);
  // Global buffer: 8 row writes + 8 row reads; 32 output writes + 2 image reads of 4.
  CHECK(r.gb_writes == 8 + 32);
  CHECK(r.gb_reads == 8 + 2 * 4);
}

TEST_CASE(
    "two layers on two tiles: the NoC hop is the router pipeline's zero-load latency, to the cycle",
    "[chip][timing][noc]") {
  // Input: one pixel of 8 channels (8 bytes), from DRAM at 1 byte/ns: in at 8 ns; global buffer
  // write (done 10) and read (12); tile 0's buffer write: in at 14. c1 (tile 0): read 1 + 1
  // latency, MVM 5 -> output at 21 ns: one 64-bit flit to tile 1, injected in NoC cycle 21; the
  // zero-load latency L of 1 hop, 1 flit (1 GHz, 1-cycle route/VA/SA/ST, 1-cycle links and
  // injection/ejection links) is 1 + 1 + 2 x 4 + 1 + 1 = 12 cycles: its tail arrives in cycle
  // 21 + L and lands at the end of that
  // cycle, 22 + L ns; tile 1's buffer write: in at 24 + L. c2: 24 + L + 2 + 5 = 31 + L ns; its
  // output to the global buffer at tile 0 lands at 32 + 2L, is written by 34 + 2L, read
  // (1 access) and written to DRAM (8 bytes) by 42 + 2L ns.
  workload::Network net = workload::parse_network(two_convs(1), "two_convs.yaml");
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
  const int64_t L = static_cast<int64_t>(noc::make_interconnect(n)->zero_load_latency(1, 1));
  CHECK(L == 12);
  chip::RunResult r = chip::simulate(plan, m, c, n, chip::RunOptions{1});
  CHECK(r.stages[0].first_start_ps == 14000);
  CHECK(r.stages[0].image0_end_ps == 21000);
  CHECK(r.stages[1].first_start_ps == (24 + L) * 1000);
  CHECK(r.stages[1].image0_end_ps == (31 + L) * 1000);
  CHECK(r.image_done_ps[0] == (42 + 2 * L) * 1000);
  CHECK(r.noc_packets == 2);
  CHECK(r.noc_avg_latency_cycles == static_cast<double>(L));
}

TEST_CASE("unequal chip and NoC clocks: a packet lands at the end of its NoC cycle, never earlier",
          "[chip][timing][noc]") {
  // Chip 1 GHz, NoC 400 MHz (2.5 ns cycles), MVM 6 cycles. One row of 5 pixels x 8 bytes;
  // 512-bit buffers (one access per packet), DRAM 40 bytes/ns with 1 ns latency: the row is in
  // DRAM at 2 ns, in the global buffer at 4, read by 6, in tile 0's buffer at 8. c1 (tile 0)
  // emits vector k at E_k = 16 + 8k ns (read 2 + MVM 6), each a 1-flit packet to c2 on tile 1,
  // injected in NoC cycle ceil(E_k / 2.5) = 7, 10, 13, 16, 20 and delivered L = 12 cycles later
  // (no contention): cycles 19, 22, 25, 28, 32, landing at their ends: 50, 57.5, 65, 72.5,
  // 82.5 ns. Each is in tile 1's buffer 2 ns later. c2's vector k reads when its input is in
  // and its arrays are free (read 2 + MVM 6): it starts at 52, 60, 68, 76, 84.5 ns and ends at
  // 92.5 ns.
  // Packet 4 is handed over at 48 ns, inside NoC cycle 19 (47.5 - 50 ns): a sender that steps
  // the network itself delivers packet 0 at 48 ns, and c2 would start at 50 ns.
  workload::Network net = workload::parse_network(two_convs(5), "two_convs.yaml");
  chip::ChipParams c = tiny_chip();
  c.tiles_x = 2;
  c.tile.buffer.width_bits = 512;
  c.global_buffer.width_bits = 512;
  c.dram = chip::DramParams{40.0, 1.0, 10.0, 0, 0};
  chip::PeCost pe = tiny_pe();
  pe.mvm_ns = 6.0;
  chip::MappingOptions opts;
  opts.replicate = false;
  mapper::Mapping m = mapper::map_network(net, c, pe, opts);
  REQUIRE(m.home_tile(0) == 0);
  REQUIRE(m.home_tile(1) == 1);
  chip::Plan plan = chip::build_plan(net, m, c, pe);
  noc::NocParams n = one_router();
  n.width = 2;
  n.flit_bits = 64;
  n.clock_MHz = 400;
  const int64_t L = static_cast<int64_t>(noc::make_interconnect(n)->zero_load_latency(1, 1));
  REQUIRE(L == 12);  // the hand derivation above assumes it
  chip::RunResult r = chip::simulate(plan, m, c, n, chip::RunOptions{1});
  CHECK(r.stages[0].first_start_ps == 8000);
  CHECK(r.stages[0].image0_end_ps == 48000);
  CHECK(r.stages[1].first_start_ps == 52000);
  CHECK(r.stages[1].image0_end_ps == 92500);
  // c2's packets leave at 60, 68, 76, 84, 92.5 ns (NoC cycles 24, 28, 31, 34, 37); the last
  // lands at the end of cycle 49 (125 ns), is written by 127, read by 129 and in DRAM by 129 ns
  // (40 bytes: 1 + 1 ns).
  CHECK(r.image_done_ps[0] == 129000);
  CHECK(r.noc_packets == 10);
  CHECK(r.noc_avg_latency_cycles == static_cast<double>(L));
}

TEST_CASE("two replicas on one tile: busy and input wait are the busiest replica's",
          "[chip][timing][replicas]") {
  // The 1x1 conv of the first test, replicated on the tile's two PEs: replica 0 computes rows 0
  // and 2, replica 1 rows 1 and 3 (8 vectors each per image, equally busy: 16 x 7 = 112 ns).
  // Rows arrive as in the first test (rows 0..4 in at 4r + 10 ns, rows 5..7 written at 29, 33,
  // 37). Replica 0 waits for row 0 until 10 ns, replica 1 for row 1 until 14 ns; after that
  // every input is in before it is needed. Replica 0's vectors read at 10, 17, 24 -> 25 (row 4's
  // write goes first), then 32, 39, ... and it ends at 123 ns; replica 1 reads at 14 + 7j
  // without a collision and ends at 14 + 16 x 7 = 126 ns.
  // The stage reports the busiest replica: on a tie, the one that waited more (14 ns).
  workload::Network net = workload::parse_network(kOneConv, "one_conv.yaml");
  chip::ChipParams c = tiny_chip();
  c.tile.pes = 2;
  chip::PeCost pe = tiny_pe();
  chip::MappingOptions opts;
  opts.replicate = true;
  mapper::Mapping m = mapper::map_network(net, c, pe, opts);
  chip::Plan plan = chip::build_plan(net, m, c, pe);
  REQUIRE(plan.stages.size() == 1);
  REQUIRE(plan.stages[0].replica_tiles.size() == 2);
  chip::RunResult r = chip::simulate(plan, m, c, one_router(), chip::RunOptions{2});
  CHECK(r.stages[0].busy_ps == 112000);
  CHECK(r.stages[0].input_wait_ps == 14000);  // replica 0 alone waited 10000
  CHECK(r.stages[0].end_ps == 126000);
  CHECK(r.stages[0].first_start_ps == 10000);
}
