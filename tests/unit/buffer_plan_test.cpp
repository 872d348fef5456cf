// Tile buffer capacity (sim/chip/buffer_plan.h): line buffers and partial sums against the
// capacity, hand-derived to the byte.
#include <catch2/catch.hpp>

#include "mapper/mapping.h"
#include "sim/chip/buffer_plan.h"
#include "sim/chip/stage_plan.h"
#include "sim/workload/network.h"

using namespace cimsim;

namespace {

// One tile of two PEs of one 16x8 array each; 1-byte activations, 32-bit partial sums.
chip::ChipParams one_tile(double tile_bytes) {
  chip::ChipParams c;
  c.clock_MHz = 1000;
  c.tile.pes = 2;
  c.tile.buffer = chip::BufferParams{tile_bytes / 1024.0, 64, 1, 1, 1.0, 1.0, 0, 0, 0};
  c.global_buffer = chip::BufferParams{64, 64, 1, 1, 1.0, 1.0, 0, 0, 0};
  c.dram = chip::DramParams{1.0, 0.0, 10.0, 0, 0};
  return c;
}

chip::PeCost small_pe() {
  chip::PeCost pe;
  pe.array_rows = 16;
  pe.array_weight_cols = 8;
  pe.arrays_per_pe = 1;
  pe.mvm_ns = 5.0;
  return pe;
}

chip::Plan plan_for(const char* yaml, double tile_bytes) {
  const workload::Network net = workload::parse_network(yaml, "net.yaml");
  const chip::ChipParams c = one_tile(tile_bytes);
  const chip::PeCost pe = small_pe();
  chip::MappingOptions opts;
  opts.replicate = false;
  const mapper::Mapping m = mapper::map_network(net, c, pe, opts);
  return chip::build_plan(net, m, c, pe);
}

// conv 3x3 over 1 x 6 x 6 -> 2 x 4 x 4, then a 2x2 max pool -> 2 x 2 x 2, both on tile 0.
// conv's line buffer: 3 input rows x 6 pixels x 1 byte = 18 bytes; the pool's: 2 rows of the
// conv's output x 4 pixels x 2 bytes = 16 bytes. Together 34 bytes.
const char* kConvPool = R"(
name: conv_pool
input: {channels: 1, height: 6, width: 6}
layers:
  - {name: conv, type: conv2d, out_channels: 2, kernel: 3, bias: false}
  - {name: pool, type: maxpool, kernel: 2, stride: 2}
)";

}  // namespace

TEST_CASE("buffer capacity: kB are 1024 bytes, rounded down to whole bytes", "[chip][buffers]") {
  CHECK(chip::buffer_capacity_bytes(chip::BufferParams{64, 64, 1, 1, 0, 0, 0, 0, 0}) == 65536);
  CHECK(chip::buffer_capacity_bytes(chip::BufferParams{34 / 1024.0, 64, 1, 1, 0, 0, 0, 0, 0}) ==
        34);
  CHECK(chip::buffer_capacity_bytes(chip::BufferParams{0.5 / 1024, 64, 1, 1, 0, 0, 0, 0, 0}) == 0);
}

TEST_CASE("line buffers exactly at the tile buffer's capacity: nothing spills", "[chip][buffers]") {
  const chip::Plan p = plan_for(kConvPool, 34);
  REQUIRE(p.stages.size() == 2);
  CHECK(p.stages[0].line_buffer_bytes == 18);
  CHECK(p.stages[1].line_buffer_bytes == 16);
  CHECK(p.tile_buffer_capacity_bytes == 34);
  CHECK(p.tile_buffer_need_max_bytes == 34);
  CHECK(p.stages[0].spill_bytes_per_row == 0);
  CHECK(p.stages[1].spill_bytes_per_row == 0);
}

TEST_CASE("one byte less: the later stage on the tile spills exactly one byte per row",
          "[chip][buffers]") {
  const chip::Plan p = plan_for(kConvPool, 33);
  CHECK(p.tile_buffer_need_max_bytes == 34);
  CHECK(p.stages[0].spill_bytes_per_row == 0);  // first come, first served
  CHECK(p.stages[1].spill_bytes_per_row == 1);
  CHECK_FALSE(p.stages[1].spill_to_dram);  // the 64 kB global buffer has room
}

TEST_CASE("a tile buffer smaller than the first line buffer: both stages spill what is left",
          "[chip][buffers]") {
  const chip::Plan p = plan_for(kConvPool, 17);
  CHECK(p.stages[0].spill_bytes_per_row == 1);   // 18 - 17
  CHECK(p.stages[1].spill_bytes_per_row == 16);  // nothing left for it
}

TEST_CASE("partial sums of two row blocks are held on the home tile", "[chip][buffers]") {
  // 2 input channels x 3 x 3 = 18 rows > 16: two row blocks (two arrays on the tile's two PEs);
  // one output vector of partial sums: 2 columns x 32 bits = 8 bytes, besides the line buffer
  // of 3 rows x 6 pixels x 2 bytes = 36 bytes.
  const char* net = R"(
name: two_blocks
input: {channels: 2, height: 6, width: 6}
layers:
  - {name: conv, type: conv2d, out_channels: 2, kernel: 3, bias: false}
)";
  const chip::Plan fits = plan_for(net, 44);
  REQUIRE(fits.stages.size() == 1);
  REQUIRE(fits.stages[0].acc_ops > 0);
  CHECK(fits.stages[0].line_buffer_bytes == 36 + 8);
  CHECK(fits.stages[0].spill_bytes_per_row == 0);
  CHECK(plan_for(net, 43).stages[0].spill_bytes_per_row == 1);
}

TEST_CASE("a linear layer holds its whole input, its overflow held in the global buffer",
          "[chip][buffers]") {
  // fc over 16 inputs: 16 bytes. Global buffer of 64 kB minus two input rows (2 x 4 x 4 bytes)
  // minus one output image (4 bytes) has room for any overflow here.
  const char* net = R"(
name: fc
input: {channels: 4, height: 2, width: 2}
layers:
  - {name: flat, type: flatten}
  - {name: fc, type: linear, out_features: 4, bias: false}
)";
  const chip::Plan p = plan_for(net, 10);
  REQUIRE(p.stages.size() == 1);
  CHECK(p.stages[0].line_buffer_bytes == 16);
  CHECK(p.stages[0].spill_bytes_per_row == 6);
  CHECK_FALSE(p.stages[0].spill_to_dram);
}
