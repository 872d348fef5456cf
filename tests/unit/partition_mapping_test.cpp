// Turning a parallelism plan into PE ranges on the placed tile groups, and what the chip run
// derives from them (replica tiles, partial-sum traffic).
#include <catch2/catch.hpp>

#include "mapper/partition_mapping.h"
#include "sim/chip/stage_plan.h"
#include "sim/workload/network.h"

using namespace cimsim;

namespace {
const char* kNet = R"(
name: three
input: {channels: 3, height: 8, width: 8}
layers:
  - {name: conv1, type: conv2d, out_channels: 16, kernel: 3, padding: 1, bias: false}
  - {name: conv2, type: conv2d, out_channels: 16, kernel: 3, padding: 1, bias: false}
  - {name: flat, type: flatten}
  - {name: fc, type: linear, out_features: 10, bias: false}
)";

chip::ChipParams chip2x2() {
  chip::ChipParams c;
  c.name = "c";
  c.clock_MHz = 1000;
  c.tiles_x = c.tiles_y = 2;
  c.tile.pes = 8;
  c.tile.buffer.width_bits = 64;
  c.psum_bits = 32;
  return c;
}
chip::PeCost pe8() {
  chip::PeCost pe;
  pe.array_rows = 64;
  pe.array_weight_cols = 8;
  pe.arrays_per_pe = 8;
  pe.mvm_ns = 10;
  return pe;
}
}  // namespace

TEST_CASE("a plan's data levels make replicas, its model and tensor levels slices in every group",
          "[mapper][parallel]") {
  const workload::Network net = workload::parse_network(kNet, "three.yaml");
  mapper::ParallelPlan plan;
  plan.layers.resize(net.layers.size());
  using mapper::ParType;
  plan.layers[0].types = {ParType::Data, ParType::Model};  // 2 copies, each split in column halves
  plan.layers[1].types = {ParType::Tensor, ParType::Tensor};  // 1 copy in row quarters
  plan.layers[3].types = {ParType::Model, ParType::Data};     // 2 copies, each in column halves
  mapper::Mapping m;
  REQUIRE(mapper::realize_plan(net, chip2x2(), pe8(), plan, 2, m));

  // conv1: 27 rows x 16 cols; a model half is 8 columns = 1 array on 1 PE. Replica r holds the
  // groups whose top-level bit is r: {0, 1} and {2, 3}.
  const mapper::LayerMap& c1 = m.layers[0];
  REQUIRE(c1.replicas.size() == 2);
  for (const mapper::Replica& r : c1.replicas) {
    REQUIRE(r.ranges.size() == 2);
    for (const mapper::PeRange& pr : r.ranges) {
      CHECK(pr.pes == 1);
      CHECK(pr.arrays == 1);
      CHECK(pr.cols == 8);
    }
  }
  CHECK(c1.partition == std::vector<std::string>{"data", "model"});
  // conv2: 144 rows x 16 cols in row quarters: 36 rows x 16 cols = 2 arrays per group.
  const mapper::LayerMap& c2 = m.layers[1];
  REQUIRE(c2.replicas.size() == 1);
  REQUIRE(c2.replicas[0].ranges.size() == 4);
  for (const mapper::PeRange& pr : c2.replicas[0].ranges) {
    CHECK(pr.arrays == 2);
    CHECK(pr.cols == 16);
  }
  // PEs, all distinct: conv1 and conv2 1 per group; fc (1024 rows x 5 columns per model half =
  // 16 arrays) 2 per group.
  std::vector<int64_t> pes;
  for (const mapper::LayerMap& lm : m.layers)
    for (const mapper::Replica& r : lm.replicas)
      for (const mapper::PeRange& pr : r.ranges)
        for (int64_t p = pr.first_pe; p < pr.first_pe + pr.pes; ++p) pes.push_back(p);
  std::sort(pes.begin(), pes.end());
  CHECK(std::adjacent_find(pes.begin(), pes.end()) == pes.end());
  CHECK(pes.size() == 4 + 4 + 8);

  // The run: conv2's copy spans the 4 tiles; each non-home tile sends its 16 columns of 32-bit
  // partial sums (64 bytes) home per vector.
  const chip::Plan p = chip::build_plan(net, m, chip2x2(), pe8());
  REQUIRE(p.stages[1].replica_tiles[0].size() == 4);
  CHECK(p.stages[1].psum_bytes[0] == std::vector<int64_t>{0, 64, 64, 64});
  // conv1's copies each span two tiles and send their half of the columns: 8 x 4 bytes.
  CHECK(p.stages[0].psum_bytes[0] == std::vector<int64_t>{0, 32});
}

TEST_CASE("a group without enough PEs for its slices is reported, not overfilled",
          "[mapper][parallel]") {
  const workload::Network net = workload::parse_network(kNet, "three.yaml");
  chip::ChipParams c = chip2x2();
  c.tile.pes = 2;  // 2 PEs per group, 3 layers need 3
  mapper::ParallelPlan plan;
  plan.layers.resize(net.layers.size());
  for (auto& l : plan.layers) l.types = {mapper::ParType::Model, mapper::ParType::Model};
  mapper::Mapping m;
  CHECK_FALSE(mapper::realize_plan(net, c, pe8(), plan, 2, m));
}
