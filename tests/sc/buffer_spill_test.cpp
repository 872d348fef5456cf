// Tile buffer capacity in the chip run (sim/chip/buffer_plan.h): a line buffer exactly at the
// capacity spills nothing; one byte less spills one byte per output row out and back, through
// the global buffer or, when that has no room, DRAM. Each case is its own process.
#include <catch2/catch.hpp>

#include "tests/sc/tiny_chip.h"

using namespace cimsim;
using namespace cimsim_test;

namespace {

// 3x3 conv over 1 x 4 x 4 (no padding) -> 2 x 2 x 2. Its line buffer: 3 input rows x 4 pixels
// x 1 byte = 12 bytes. Two images: 2 x 2 output rows.
const char* kConv3 = R"(
name: conv3
input: {channels: 1, height: 4, width: 4}
layers:
  - {name: conv, type: conv2d, out_channels: 2, kernel: 3, bias: false}
)";

chip::RunResult run_with(double tile_bytes, double gb_kB) {
  workload::Network net = workload::parse_network(kConv3, "conv3.yaml");
  chip::ChipParams c = tiny_chip();
  c.tile.buffer.size_kB = tile_bytes / 1024.0;
  c.global_buffer.size_kB = gb_kB;
  chip::PeCost pe = tiny_pe();
  chip::MappingOptions opts;
  opts.replicate = false;
  mapper::Mapping m = mapper::map_network(net, c, pe, opts);
  chip::Plan plan = chip::build_plan(net, m, c, pe);
  REQUIRE(plan.stages.size() == 1);
  REQUIRE(plan.stages[0].line_buffer_bytes == 12);
  return chip::simulate(plan, m, c, one_router(), chip::RunOptions{2});
}

// Without spills: the input (2 images x 16 bytes) from DRAM, the outputs (2 x 4 vectors x 2
// bytes) to DRAM; the global buffer takes 8 row writes and reads, 8 output writes and 2 image
// reads (8 bytes: 1 access each).
constexpr int64_t kDramRead = 32, kDramWrite = 16, kGbWrites = 16, kGbReads = 10;

}  // namespace

TEST_CASE("a line buffer of exactly the tile buffer's capacity spills nothing", "[chip][buffers]") {
  const chip::RunResult r = run_with(12, 64);
  CHECK(r.stages[0].spill_bytes == 0);
  CHECK(r.stages[0].spill_wait_ps == 0);
  CHECK(r.dram_read_bytes == kDramRead);
  CHECK(r.dram_write_bytes == kDramWrite);
  CHECK(r.gb_writes == kGbWrites);
  CHECK(r.gb_reads == kGbReads);
}

TEST_CASE("one byte short: one byte per output row out to the global buffer and back",
          "[chip][buffers]") {
  // 4 output rows (2 per image) x (1 byte written + 1 read) = 8 bytes; one 64-bit access each
  // way per row.
  const chip::RunResult r = run_with(11, 64);
  CHECK(r.stages[0].spill_bytes == 8);
  CHECK(r.stages[0].spill_gb_accesses == 4);
  CHECK(r.stages[0].spill_dram_bytes == 0);
  CHECK(r.gb_writes == kGbWrites + 4);
  CHECK(r.gb_reads == kGbReads + 4);
  CHECK(r.dram_read_bytes == kDramRead);
  CHECK(r.dram_write_bytes == kDramWrite);
  // Each row waits at least for its write (1 cycle + 1 latency) and read (the same) on the port.
  CHECK(r.stages[0].spill_wait_ps >= 4 * 2000);
}

TEST_CASE("one byte short and no global buffer: the byte goes to DRAM and back per row",
          "[chip][buffers]") {
  const chip::RunResult r = run_with(11, 0);
  CHECK(r.stages[0].spill_bytes == 8);
  CHECK(r.stages[0].spill_dram_bytes == 8);
  CHECK(r.stages[0].spill_gb_accesses == 0);
  CHECK(r.dram_read_bytes == kDramRead + 4);
  CHECK(r.dram_write_bytes == kDramWrite + 4);
  CHECK(r.gb_writes == kGbWrites);
  // At 1 byte/ns: 1 ns out, then 1 ns back, per row at least.
  CHECK(r.stages[0].spill_wait_ps >= 4 * 2000);
}
