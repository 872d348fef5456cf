// Layers larger than the chip become column parts plus a concat that keeps their name.
#include <catch2/catch.hpp>

#include "mapper/layer_split.h"
#include "mapper/mapping.h"
#include "sim/core/errors.h"

using namespace cimsim;

namespace {
const char* kNet = R"(
name: big_fc
input: {channels: 64, height: 1, width: 1}
layers:
  - {name: fc1, type: linear, out_features: 100, bias: false}
  - {name: act, type: relu}
  - {name: fc2, type: linear, out_features: 10, bias: false}
)";
chip::ChipParams two_pes() {
  chip::ChipParams c;
  c.name = "c";
  c.clock_MHz = 1000;
  c.tiles_x = c.tiles_y = 1;
  c.tile.pes = 2;
  c.tile.buffer.width_bits = 64;
  return c;
}
chip::PeCost one_pe() {
  chip::PeCost p;
  p.array_rows = 64;
  p.array_weight_cols = 8;
  p.arrays_per_pe = 4;  // a PE holds 32 output columns of a 64-row layer
  p.mvm_ns = 10;
  return p;
}
}  // namespace

TEST_CASE("a layer larger than the chip is split into column parts and a concat",
          "[mapper][split]") {
  const workload::Network net = workload::parse_network(kNet, "big_fc.yaml");
  // fc1: 100 columns = 13 arrays = 4 PEs > 2: two parts of 50 columns (7 arrays, 2 PEs each).
  CHECK(mapper::pes_for(net.layers[0], 100, one_pe()) == 4);
  const workload::Network s = mapper::split_oversized_layers(net, two_pes(), one_pe());
  REQUIRE(s.layers.size() == 5);
  CHECK(s.layers[0].name == "fc1#0");
  CHECK(s.layers[1].name == "fc1#1");
  CHECK(s.layers[0].cols == 50);
  CHECK(s.layers[1].cols == 50);
  CHECK(s.layers[2].name == "fc1");
  CHECK(s.layers[2].type == workload::LayerType::Concat);
  CHECK(s.layers[2].inputs == std::vector<int>{0, 1});
  CHECK(s.layers[2].out_shape == net.layers[0].out_shape);
  CHECK(s.layers[3].inputs == std::vector<int>{2});  // relu still reads "fc1"
  CHECK(s.total_macs() == net.total_macs());
  CHECK(s.total_weights() == net.total_weights());
  // The pipeline mapping then runs the parts in different reload groups.
  chip::MappingOptions o;
  const mapper::Mapping m = mapper::map_network(s, two_pes(), one_pe(), o);
  CHECK(m.groups == 3);  // fc1#0 | fc1#1 | fc2
  // A network whose layers fit is left alone.
  chip::ChipParams big = two_pes();
  big.tile.pes = 8;
  CHECK(mapper::split_oversized_layers(net, big, one_pe()).layers.size() == 3);
}
