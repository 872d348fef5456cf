// Several array types on one chip (chip.tile_kinds, mapping.layer_kinds): which tiles hold which
// PE, the pipeline mapper's per-kind PE pools, the layer kinds by rule and by energy, the stage
// plan's hardware per tile, and the config errors. Hand-derived on a 2 x 2 chip of 2 PEs per
// tile whose last tile in snake order holds kind "b".
#include <catch2/catch.hpp>

#include <string>

#include "mapper/layer_kinds.h"
#include "mapper/mapping.h"
#include "sim/arch/tile_kinds.h"
#include "sim/chip/chip_config.h"
#include "sim/chip/stage_plan.h"
#include "sim/core/errors.h"
#include "sim/workload/network.h"
#include "tests/unit/input_error.h"

using namespace cimsim;

using cimsim::test::error_of;

namespace {

// Three linear layers: fc1 16 -> 8 (1 array of 16 x 8), fc2 8 -> 16 (2 arrays), fc3 16 -> 8 (1).
const char* kNet = R"(name: three_fc
input: {channels: 16, height: 1, width: 1}
layers:
  - {name: flatten, type: flatten}
  - {name: fc1, type: linear, out_features: 8}
  - {name: fc2, type: linear, out_features: 16}
  - {name: fc3, type: linear, out_features: 8}
)";

chip::ChipParams two_by_two() {
  chip::ChipParams c;
  c.name = "kinds";
  c.clock_MHz = 1000;
  c.tiles_x = c.tiles_y = 2;
  c.tile.pes = 2;
  c.tile.buffer = chip::BufferParams{64, 64, 1, 1, 1.0, 1.0, 0, 0, 0};
  c.global_buffer = chip::BufferParams{64, 64, 1, 1, 1.0, 1.0, 0, 0, 0};
  c.dram = chip::DramParams{1.0, 0.0, 10.0, 0, 0};
  c.tile_kinds.push_back(chip::TileKind{"b", 1, "chip.tile_kinds.b"});
  return c;
}

// One 16 x 8 array per PE; an MVM of one array costs 1 pJ on the default PE, 0.5 pJ on kind b.
chip::PeCost pe_of(double pJ, const char* model, double mvm_ns = 5) {
  chip::PeCost pe;
  pe.array_rows = 16;
  pe.array_weight_cols = 8;
  pe.arrays_per_pe = 1;
  pe.mvm_ns = mvm_ns;
  pe.mvm_events = {{"cells", core::EnergyCategory::Compute, 1, pJ, "test"}};
  pe.model_name = model;
  return pe;
}

chip::PeCost two_kinds() {
  chip::PeCost pe = pe_of(1.0, "default model");
  pe.other_kinds.push_back(std::make_shared<const chip::PeCost>(pe_of(0.5, "kind b model")));
  return pe;
}

chip::MappingOptions no_replicas() {
  chip::MappingOptions o;
  o.replicate = false;
  o.parallelism = "pipeline";
  return o;
}

int64_t first_pe(const mapper::Mapping& m, const char* layer, size_t replica = 0) {
  for (const mapper::LayerMap& lm : m.layers)
    if (lm.name == layer) return lm.replicas.at(replica).first_pe();
  return -1;
}
int group_of(const mapper::Mapping& m, const char* layer) {
  for (const mapper::LayerMap& lm : m.layers)
    if (lm.name == layer) return lm.group;
  return -1;
}

}  // namespace

TEST_CASE("tile kinds: snake-order runs of tiles, kind 0 first", "[mapper][kinds]") {
  const chip::ChipParams c = two_by_two();
  CHECK(chip::kinds_of(c) == 2);
  CHECK(chip::kind_tiles(c, 0) == 3);
  CHECK(chip::kind_tiles(c, 1) == 1);
  CHECK(chip::kind_first_tile(c, 1) == 3);
  CHECK(chip::kind_of_slot(c, 2) == 0);
  CHECK(chip::kind_of_slot(c, 3) == 1);
  CHECK(chip::kind_name(c, 0) == "default");
  CHECK(chip::kind_index(c, "b") == 1);
  CHECK(chip::kind_index(c, "c") == -1);
  // Area over all PEs: 3 tiles x 2 PEs of the default, 1 x 2 of kind b.
  chip::PeCost pe = two_kinds();
  const double per_pe = chip::over_all_pes(
      c, pe, [](const chip::PeCost& k) { return k.model_name == "kind b model" ? 10.0 : 1.0; });
  CHECK(per_pe == 3 * 2 * 1.0 + 1 * 2 * 10.0);
}

TEST_CASE("tile kinds: rules put layers in their kind's PE pool", "[mapper][kinds]") {
  const chip::ChipParams c = two_by_two();
  const chip::PeCost pe = two_kinds();
  workload::Network net = workload::parse_network(kNet, "three_fc.yaml");
  mapper::assign_layer_kinds(net, c, pe, "fc2=b", chip::MapObjective::Energy,
                             "mapping.layer_kinds");
  // Pools in snake order: default PEs 0..5 (tiles 0, 1, 3), kind b PEs 6..7 (tile 2).
  const mapper::Mapping m = mapper::map_network(net, c, pe, no_replicas());
  CHECK(m.groups == 1);
  CHECK(first_pe(m, "fc1") == 0);
  CHECK(first_pe(m, "fc2") == 6);
  CHECK(first_pe(m, "fc3") == 1);
  CHECK(m.tile_of_pe(6) == 2);
  // The stage plan's hardware tree: tile 2 holds kind b's arrays, the others the default's; fc2's
  // events are kind b's (2 arrays x 0.5 pJ).
  const chip::Plan plan = chip::build_plan(net, m, c, pe);
  CHECK(plan.tile_hardware.at(2).array_model == "kind b model");
  CHECK(plan.tile_hardware.at(3).array_model == "default model");
  const chip::Stage& fc2 = plan.stages.at(static_cast<size_t>(plan.stage_of_layer.at(2)));
  REQUIRE(fc2.array_events.size() == 1);
  CHECK(fc2.array_events[0].count_per_mvm * fc2.array_events[0].pJ_each == 2 * 0.5);
  // Every layer on kind b: 1 + 2 + 1 PEs do not fit its 2 PEs at once, so three reload groups,
  // each starting at kind b's first PE.
  mapper::assign_layer_kinds(net, c, pe, "fc*=b", chip::MapObjective::Energy,
                             "mapping.layer_kinds");
  const mapper::Mapping all_b = mapper::map_network(net, c, pe, no_replicas());
  CHECK(all_b.groups == 3);
  CHECK(group_of(all_b, "fc2") == 1);
  CHECK(group_of(all_b, "fc3") == 2);
  CHECK(first_pe(all_b, "fc1") == 6);
  CHECK(first_pe(all_b, "fc3") == 6);
  // With mapping.on_overflow = refuse that is an error, although the chip has 8 PEs for 4.
  chip::MappingOptions refuse = no_replicas();
  refuse.on_overflow = chip::Overflow::Refuse;
  CHECK_THAT(error_of([&] { mapper::map_network(net, c, pe, refuse); }),
             Catch::Contains("needs 4 PEs, chip 'kinds' has 8 (not all at once in its layers' "
                             "tile kinds)"));
}

TEST_CASE("tile kinds: auto takes the least-energy kind that has room", "[mapper][kinds]") {
  const chip::ChipParams c = two_by_two();
  const chip::PeCost pe = two_kinds();
  workload::Network net = workload::parse_network(kNet, "three_fc.yaml");
  // Per input vector: fc1 1 array (1 pJ default, 0.5 on b), fc2 2 arrays (2 / 1 pJ).
  CHECK(mapper::layer_vector_energy_pJ(net.layers[2], pe) == 2.0);
  mapper::assign_layer_kinds(net, c, pe, "auto", chip::MapObjective::Energy, "mapping.layer_kinds");
  // fc1 on b (1 of its 2 PEs); fc2 would be cheaper on b but needs 2 PEs: the default's; fc3
  // takes b's last PE.
  CHECK(net.layers[1].pe_kind == 1);
  CHECK(net.layers[2].pe_kind == 0);
  CHECK(net.layers[3].pe_kind == 1);
  const mapper::Mapping m = mapper::map_network(net, c, pe, no_replicas());
  CHECK(m.groups == 1);
  CHECK(first_pe(m, "fc1") == 6);
  CHECK(first_pe(m, "fc2") == 0);
  CHECK(first_pe(m, "fc3") == 7);
}

TEST_CASE("tile kinds: auto follows mapping.objective", "[mapper][kinds]") {
  // The default PE spends 1 pJ per array MVM in 20 ns, kind b 2 pJ in 5 ns.
  const chip::ChipParams c = two_by_two();
  chip::PeCost pe = pe_of(1.0, "default model", 20);
  pe.other_kinds.push_back(std::make_shared<const chip::PeCost>(pe_of(2.0, "kind b model", 5)));
  workload::Network net = workload::parse_network(kNet, "three_fc.yaml");
  // Energy: every layer on the default PE.
  mapper::assign_layer_kinds(net, c, pe, "auto", chip::MapObjective::Energy, "mapping.layer_kinds");
  for (int i = 1; i <= 3; ++i) CHECK(net.layers[static_cast<size_t>(i)].pe_kind == 0);
  // Throughput: the faster kind while it has room (fc1 and fc3 one PE each; fc2 needs two).
  // One copy of fc1 is busy per vector: 16 inputs x 8 bits = 2 reads of the 64-bit buffer, 1
  // cycle of buffer latency, then 20 (default) or 5 (b) MVM cycles at 1 GHz.
  net.layers[1].pe_kind = 0;
  CHECK(mapper::layer_kind_cost(net.layers[1], c, pe, chip::MapObjective::Throughput) ==
        Approx(23 + 1e-9 * 1.0));
  mapper::assign_layer_kinds(net, c, pe, "auto", chip::MapObjective::Throughput,
                             "mapping.layer_kinds");
  CHECK(net.layers[1].pe_kind == 1);
  CHECK(net.layers[2].pe_kind == 0);
  CHECK(net.layers[3].pe_kind == 1);
}

TEST_CASE("tile kinds: replication stays in the layer's pool", "[mapper][kinds]") {
  // conv 3x3 over 1 x 4 x 4 -> 8 x 4 x 4: 9 x 8 weights, one array, one PE; four output rows.
  workload::Network net = workload::parse_network(
      "name: one_conv\ninput: {channels: 1, height: 4, width: 4}\nlayers:\n"
      "  - {name: conv1, type: conv2d, out_channels: 8, kernel: 3, padding: 1}\n",
      "one_conv.yaml");
  const chip::ChipParams c = two_by_two();
  const chip::PeCost pe = two_kinds();
  chip::MappingOptions rep = no_replicas();
  rep.replicate = true;
  mapper::assign_layer_kinds(net, c, pe, "conv1=b", chip::MapObjective::Energy,
                             "mapping.layer_kinds");
  const mapper::Mapping on_b = mapper::map_network(net, c, pe, rep);
  REQUIRE(on_b.layers[0].replicas.size() == 2);  // kind b's 2 PEs, not the default's 6
  CHECK(first_pe(on_b, "conv1", 0) == 6);
  CHECK(first_pe(on_b, "conv1", 1) == 7);
  mapper::assign_layer_kinds(net, c, pe, "conv1=default", chip::MapObjective::Energy,
                             "mapping.layer_kinds");
  const mapper::Mapping on_default = mapper::map_network(net, c, pe, rep);
  CHECK(on_default.layers[0].replicas.size() == 4);  // one per output row
  CHECK(first_pe(on_default, "conv1", 3) == 3);
}

TEST_CASE("tile kinds: errors name the rule, the layer or the key", "[mapper][kinds][errors]") {
  const chip::ChipParams c = two_by_two();
  const chip::PeCost pe = two_kinds();
  workload::Network net = workload::parse_network(kNet, "three_fc.yaml");
  CHECK_THAT(error_of([&] {
               mapper::assign_layer_kinds(net, c, pe, "fc2=analog", chip::MapObjective::Energy,
                                          "mapping.layer_kinds");
             }),
             Catch::Contains("mapping.layer_kinds: rule 'fc2=analog': no tile kind 'analog' "
                             "(expected one of: default, b)"));
  CHECK_THAT(error_of([&] {
               mapper::assign_layer_kinds(net, c, pe, "conv*=b", chip::MapObjective::Energy,
                                          "mapping.layer_kinds");
             }),
             Catch::Contains("no conv2d or linear layer of 'three_fc' matches 'conv*'"));
  CHECK_THAT(error_of([&] {
               mapper::assign_layer_kinds(net, c, pe, "fc2", chip::MapObjective::Energy,
                                          "mapping.layer_kinds");
             }),
             Catch::Contains("expected PATTERN=KIND"));
  // A layer larger than its kind's pool: 16 -> 32 takes 4 arrays, 4 PEs; kind b has 2.
  workload::Network big = workload::parse_network(
      "name: big\ninput: {channels: 16, height: 1, width: 1}\nlayers:\n"
      "  - {name: fc, type: linear, out_features: 32}\n",
      "big.yaml");
  mapper::assign_layer_kinds(big, c, pe, "fc=b", chip::MapObjective::Energy, "mapping.layer_kinds");
  CHECK_THAT(error_of([&] { mapper::map_network(big, c, pe, no_replicas()); }),
             Catch::Contains("needs 4 PEs (4 arrays) but the chip has only 2 of tile kind 'b'"));
  // A mapping file whose range leaves the layer's kind.
  mapper::assign_layer_kinds(net, c, pe, "fc2=b", chip::MapObjective::Energy,
                             "mapping.layer_kinds");
  const mapper::Mapping m = mapper::map_network(net, c, pe, no_replicas());
  std::string yaml = mapper::mapping_to_yaml(m, net);
  const std::string from = "replicas: [[6, 2]]";
  REQUIRE(yaml.find(from) != std::string::npos);
  yaml.replace(yaml.find(from), from.size(), "replicas: [[2, 2]]");
  CHECK_THAT(error_of([&] { mapper::mapping_from_yaml(yaml, "m.yaml", net, c, pe); }),
             Catch::Contains("outside the PEs of tile kind 'b' (6..7)"));
}

TEST_CASE("tile kinds: the config reads each kind's PE and refuses impossible layouts",
          "[config][kinds][errors]") {
  const std::string base = std::string(CIMSIM_SOURCE_DIR) + "/configs/hetero28nm.yaml";
  const chip::ChipConfig cfg = chip::load_chip_config(base);
  REQUIRE(cfg.chip.tile_kinds.size() == 1);
  CHECK(cfg.chip.tile_kinds[0].name == "analog");
  CHECK(cfg.chip.tile_kinds[0].tiles == 16);
  REQUIRE(cfg.kind_pes.size() == 1);
  CHECK(cfg.kind_pes[0].array.type == crossbar::ArrayType::Analog);
  CHECK(cfg.kind_pes[0].path == "chip.tile_kinds.analog.pe");
  CHECK(cfg.pe.array.type == crossbar::ArrayType::Digital);
  auto err = [&](const std::vector<std::string>& sets) {
    return error_of([&] { (void)chip::load_chip_config(base, sets); });
  };
  CHECK_THAT(err({"chip.tile_kinds.analog.tiles=64"}),
             Catch::Contains("chip.tile_kinds.analog.tiles: expected the further kinds to leave "
                             "chip.tile's PE at least one of the 64 tiles, got 64"));
  CHECK_THAT(err({"chip.tile_kinds.default.tiles=2"}),
             Catch::Contains("chip.tile_kinds.default: expected a kind name"));
  CHECK_THAT(err({"chip.tile_kinds.analog.tilez=2"}),
             Catch::Contains("chip.tile_kinds.analog.tilez: unknown key in 'tile_kind'"));
  CHECK_THAT(err({"chip.tile_kinds.analog.pe.array.rows=0"}),
             Catch::Contains("chip.tile_kinds.analog.pe.array.rows"));
}
