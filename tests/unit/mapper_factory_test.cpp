// The mapper interface (mapper/mapper.h): make_mapper picks the strategy by mapping.parallelism,
// names the key on an unknown one, and the pipeline strategy's prepare step splits layers larger
// than the chip only when overflow reloads.
#include <catch2/catch.hpp>

#include "mapper/mapper.h"
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
chip::PeCost pe() {
  chip::PeCost p;
  p.array_rows = 64;
  p.array_weight_cols = 8;
  p.arrays_per_pe = 4;  // a PE holds 32 output columns of a 64-row layer: fc1 needs 4 PEs
  p.mvm_ns = 10;
  return p;
}
}  // namespace

TEST_CASE("mapper factory: one strategy per mapping.parallelism name", "[mapper][factory]") {
  CHECK(std::string(mapper::make_mapper("pipeline", "k")->name()) == "pipeline");
  for (const char* s : {"data", "model", "tensor", "hybrid"})
    CHECK(std::string(mapper::make_mapper(s, "k")->name()) == s);
  try {
    mapper::make_mapper("zigzag", "mapping.parallelism");
    FAIL("no error");
  } catch (const core::InputError& e) {
    CHECK(std::string(e.what()).find("mapping.parallelism") != std::string::npos);
    CHECK(std::string(e.what()).find("expected pipeline, data, model, tensor or hybrid, got "
                                     "'zigzag'") != std::string::npos);
  }
}

TEST_CASE("pipeline mapper: oversized layers split with reload, kept with refuse",
          "[mapper][factory]") {
  const workload::Network net = workload::parse_network(kNet, "big_fc.yaml");
  const chip::ChipParams chip = two_pes();
  const chip::PeCost cost = pe();
  const noc::NocParams noc;
  chip::MappingOptions reload;
  const auto m = mapper::make_mapper("pipeline", "k");
  const workload::Network split = m->prepare(net, {chip, cost, noc, reload});
  REQUIRE(split.layers.size() == 5);  // fc1#0, fc1#1, concat fc1, act, fc2
  const mapper::MapperResult r = m->map(split, {chip, cost, noc, reload});
  CHECK(r.mapping.groups == 3);  // fc1#0 | fc1#1 | fc2
  CHECK(r.levels == 0);

  chip::MappingOptions refuse;
  refuse.on_overflow = chip::Overflow::Refuse;
  CHECK(m->prepare(net, {chip, cost, noc, refuse}).layers.size() == 3);
  // Every strategy splits it the same way (a partitioned strategy that does not fit runs in
  // reload groups, as pipeline does), and none with refuse.
  CHECK(mapper::make_mapper("hybrid", "k")->prepare(net, {chip, cost, noc, reload}).layers.size() ==
        5);
  CHECK(mapper::make_mapper("data", "k")->prepare(net, {chip, cost, noc, refuse}).layers.size() ==
        3);
}
