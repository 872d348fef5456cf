// Co-design (issue 14, docs/codesign.md): per-layer precision and pruning change the arrays,
// cycles and stored bits the mapper and the chip plan count; a dense spec changes nothing.
#include <catch2/catch.hpp>

#include "mapper/mapping.h"
#include "sim/chip/chip_config.h"
#include "sim/chip/stage_plan.h"
#include "sim/core/errors.h"
#include "sim/functional/quant_net.h"
#include "sim/pe/pe_cost_from.h"
#include "sim/workload/sparsity.h"

using namespace cimsim;

namespace {

// One 3x3 conv of 64 -> 64 channels: rows 576, cols 64.
const char* kConv = R"(
name: one_conv
input: {channels: 64, height: 8, width: 8}
layers:
  - {name: conv, type: conv2d, out_channels: 64, kernel: 3, padding: 1, bias: false}
  - {name: relu, type: relu}
  - {name: flat, type: flatten}
  - {name: fc, type: linear, out_features: 10, bias: false}
)";

chip::ChipParams small_chip() {
  chip::ChipParams c;
  c.name = "c";
  c.clock_MHz = 1000;
  c.tiles_x = c.tiles_y = 1;
  c.tile.pes = 16;
  c.tile.buffer.width_bits = 64;
  return c;
}
chip::PeCost hand_pe() {
  chip::PeCost p;
  p.array_rows = 256;
  p.array_weight_cols = 16;
  p.arrays_per_pe = 4;
  p.mvm_ns = 10;
  return p;
}

int64_t arrays_of(const std::string& spec_yaml, const char* layer = "conv") {
  workload::Network net = workload::parse_network(kConv, "one_conv.yaml");
  if (!spec_yaml.empty())
    workload::apply_sparsity(net, workload::parse_sparsity(YAML::Load(spec_yaml), "spec.yaml"));
  chip::MappingOptions opts;
  opts.replicate = false;
  const mapper::Mapping m = mapper::map_network(net, small_chip(), hand_pe(), opts);
  return m.layers[net.find(layer)].arrays_per_replica;
}

std::string error_of(const std::string& spec_yaml) {
  workload::Network net = workload::parse_network(kConv, "one_conv.yaml");
  try {
    workload::apply_sparsity(net, workload::parse_sparsity(YAML::Load(spec_yaml), "spec.yaml"));
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "no error";
}

chip::ChipConfig bundled(const char* name, const std::vector<std::string>& sets = {}) {
  return chip::load_chip_config(std::string(CIMSIM_SOURCE_DIR) + "/configs/" + name + ".yaml",
                                sets);
}

}  // namespace

TEST_CASE("codesign: arrays of a small pruned layer, counted by hand", "[codesign]") {
  // Dense: ceil(576/256) = 3 row blocks x ceil(64/16) = 4 column blocks = 12 arrays.
  CHECK(arrays_of("") == 12);
  // Filter 0.5: 32 filters stay -> 3 x 2 = 6; fc reads them through the relu and the flatten and
  // loses their 32 x 64 features: 2048 rows -> 8 x 1 = 8 arrays (16 dense, below).
  CHECK(arrays_of("[{layers: conv, type: filter, ratio: 0.5}]") == 6);
  CHECK(arrays_of("[{layers: conv, type: filter, ratio: 0.5}]", "fc") == 8);
  // Channel 0.5: 32 input channels x 9 = 288 rows -> 2 x 4 = 8.
  CHECK(arrays_of("[{layers: conv, type: channel, ratio: 0.5}]") == 8);
  // Shape 0.6: 576 - round(345.6) = 230 rows -> 1 x 4 = 4.
  CHECK(arrays_of("[{layers: conv, type: shape, ratio: 0.6}]") == 4);
  // Pattern (4 of 9) + connectivity 0.25: 48 kernels x 4 rows = 192 -> 1 x 4 = 4.
  CHECK(arrays_of("[{layers: conv, type: pattern, ratio: 0.25}]") == 4);
  // Kernel (connectivity) 0.5: 32 kernels x 9 rows = 288 -> 2 x 4 = 8.
  CHECK(arrays_of("[{layers: conv, type: kernel, ratio: 0.5}]") == 8);
  // Unstructured: no array saving on a crossbar.
  CHECK(arrays_of("[{layers: conv, type: unstructured, ratio: 0.7}]") == 12);
  // fc: 4096 rows -> 16 x 1 = 16 arrays, dense.
  CHECK(arrays_of("", "fc") == 16);
}

TEST_CASE("codesign: filter pruning propagates to the rows of the next layer", "[codesign]") {
  const char* net_yaml = R"(
name: two_convs
input: {channels: 3, height: 8, width: 8}
layers:
  - {name: c1, type: conv2d, out_channels: 64, kernel: 3, padding: 1, bias: false}
  - {name: bn, type: batchnorm}
  - {name: r1, type: relu}
  - {name: p1, type: maxpool, kernel: 2}
  - {name: c2, type: conv2d, out_channels: 32, kernel: 3, padding: 1, bias: false}
  - {name: flat, type: flatten}
  - {name: fc, type: linear, out_features: 10, bias: false}
sparsity:
  - {layers: "c*", type: filter, ratio: 0.25}
)";
  const workload::Network net = workload::parse_network(net_yaml, "two.yaml");
  const workload::Layer& c2 = net.layers[net.find("c2")];
  CHECK(c2.mapped_cols() == 24);             // 32 - 8 filters
  CHECK(c2.mapped_rows() == (64 - 16) * 9);  // c1's 16 pruned filters are 16 zero channels
  // fc: c2's 8 pruned filters reach it through flatten as 8 x (4 x 4) features.
  CHECK(net.layers[net.find("fc")].mapped_rows() == (32 - 8) * 16);
}

TEST_CASE("codesign: bit-plane removal and per-layer bits give exact weight columns",
          "[codesign]") {
  // isscc28nm: 64 columns, 8-bit weights -> 8 weights per array row; 4 planes removed -> 16.
  const chip::ChipConfig cfg = bundled("isscc28nm");
  const chip::PeCost pe = pe::pe_cost_from(cfg.pe);
  REQUIRE(pe.array_weight_cols == 8);
  workload::Layer l;
  l.type = workload::LayerType::Linear;
  l.name = "fc";
  l.rows = 512;
  l.cols = 64;
  l.pruned.bit_planes = 4;
  const chip::PeCost& lp = mapper::layer_pe(pe, l);
  CHECK(lp.weight_bits == 4);
  CHECK(lp.array_weight_cols == 16);
  CHECK(&mapper::layer_pe(pe, l) == &lp);  // built once, kept
  // The same from a layer's own weight_bits, and the two add up: 6-bit weights less 2 planes.
  workload::Layer q = l;
  q.pruned.bit_planes = 2;
  q.weight_bits = 6;
  CHECK(&mapper::layer_pe(pe, q) == &lp);
  // ISAAC: 128 columns of 2-bit cells, 16-bit weights = 8 slices -> 16 weights; 8-bit -> 32.
  const chip::PeCost ipe = pe::pe_cost_from(bundled("isaac32nm").pe);
  REQUIRE(ipe.array_weight_cols == 16);
  workload::Layer i8 = l;
  i8.pruned.bit_planes = 0;
  i8.weight_bits = 8;
  CHECK(mapper::layer_pe(ipe, i8).array_weight_cols == 32);
  // All planes gone: refused, naming the layer.
  workload::Layer none = l;
  none.pruned.bit_planes = 8;
  try {
    mapper::layer_pe(pe, none);
    FAIL("no error");
  } catch (const core::InputError& e) {
    CHECK(std::string(e.what()).find("layer 'fc'") != std::string::npos);
  }
  // Functional run: the weights of a layer with 4 planes removed are 4-bit (|w| <= 7).
  workload::Network net = workload::parse_network(kConv, "one_conv.yaml");
  net.layers[0].pruned.bit_planes = 4;
  functional::QuantOptions qo;
  const functional::QuantNet qn(net, {}, "random", qo, 7);
  int32_t widest = 0, fc_widest = 0;
  for (int32_t w : qn.weights(0)) widest = std::max(widest, std::abs(w));
  for (int32_t w : qn.weights(3)) fc_widest = std::max(fc_widest, std::abs(w));
  CHECK(widest == 7);
  CHECK(fc_widest == 127);
}

TEST_CASE("codesign: skipped all-zero input planes take T-1 of T input cycles", "[codesign]") {
  // isscc28nm with no pass overhead: an MVM is passes x input_bits cycles, T = 8.
  const chip::ChipConfig cfg =
      bundled("isscc28nm", {"chip.tile.pe.array.digital.overhead_cycles_per_pass=0"});
  const chip::PeCost pe = pe::pe_cost_from(cfg.pe);
  workload::Network net = workload::parse_network(kConv, "one_conv.yaml");
  chip::MappingOptions opts;
  const mapper::Mapping m = mapper::map_network(net, cfg.chip, pe, opts);
  const chip::Plan dense = chip::build_plan(net, m, cfg.chip, pe);
  CHECK_FALSE(workload::input_is_non_negative(net, 0));  // the image: not known
  REQUIRE(workload::input_is_non_negative(net, 3));      // fc reads the relu
  net.layers[3].skipped_input_planes = 1;
  const chip::Plan skip = chip::build_plan(net, m, cfg.chip, pe);
  const chip::Stage& d = dense.stages[dense.stage_of_layer[3]];
  const chip::Stage& s = skip.stages[skip.stage_of_layer[3]];
  CHECK(s.mvm_cycles * 8 == d.mvm_cycles * 7);
  CHECK(skip.stages[0].mvm_cycles == dense.stages[0].mvm_cycles);
}

TEST_CASE("codesign: a dense spec leaves the network as it was", "[codesign]") {
  workload::Network net = workload::parse_network(kConv, "one_conv.yaml");
  workload::apply_sparsity(
      net, workload::parse_sparsity(
               YAML::Load("[{layers: '*', type: filter, ratio: 0}, {layers: conv, type: channel, "
                          "ratio: 0}, {layers: '*', type: unstructured, ratio: 0}]"),
               "spec.yaml"));
  for (const workload::Layer& l : net.layers) {
    CHECK(l.pruned.dense());
    CHECK_FALSE(l.stats.known());
  }
}

TEST_CASE("codesign: bad specs name the rule and the layer", "[codesign]") {
  CHECK_THAT(error_of("[{layers: conv, type: filter, ratio: 1.0}]"),
             Catch::Contains("spec.yaml:1: sparsity[0].ratio") &&
                 Catch::Contains("expected a ratio in [0, 1) for layers 'conv', got 1.0"));
  CHECK_THAT(error_of("[{layers: conv, type: filter, ratio: -0.1}]"), Catch::Contains("[0, 1)"));
  CHECK_THAT(error_of("[{layers: conv9, type: filter, ratio: 0.5}]"),
             Catch::Contains("sparsity[0].layers") && Catch::Contains("'conv9'") &&
                 Catch::Contains("did you mean 'conv'"));
  CHECK_THAT(error_of("[{layers: fc, type: pattern}]"),
             Catch::Contains("layer 'fc' has a 1x1 kernel") &&
                 Catch::Contains("pattern pruning needs 3x3 kernels"));
  CHECK_THAT(error_of("[{layers: relu, type: filter, ratio: 0.5}]"),
             Catch::Contains("layer 'relu' is a relu layer"));
  CHECK_THAT(error_of("[{layers: conv, type: sparse, ratio: 0.5}]"),
             Catch::Contains("unknown type 'sparse'"));
  CHECK_THAT(error_of("[{layers: conv, type: channel, ratio: 0.5}, {layers: conv, type: shape, "
                      "ratio: 0.5}]"),
             Catch::Contains("layer 'conv' already has rows removed by sparsity[0]"));
}

TEST_CASE("codesign: quantization rules set per-layer bits by name or glob", "[codesign]") {
  workload::Network net = workload::parse_network(kConv, "one_conv.yaml");
  workload::apply_quantization(net, "*=8/8, conv=4/-, f?=-/6", "quantization");
  CHECK(net.layers[0].weight_bits == 4);
  CHECK(net.layers[0].activation_bits == 8);
  CHECK(net.layers[3].weight_bits == 8);
  CHECK(net.layers[3].activation_bits == 6);
  CHECK_THROWS_WITH(workload::apply_quantization(net, "conv9=4/4", "quantization"),
                    Catch::Contains("quantization: rule 'conv9=4/4': no conv2d or linear layer"));
  CHECK_THROWS_WITH(workload::apply_quantization(net, "conv=40/4", "quantization"),
                    Catch::Contains("expected bits in 1..16"));
  // The network file's own keys.
  const workload::Network own = workload::parse_network(
      "name: n\ninput: {channels: 4, height: 1, width: 1}\nlayers:\n"
      "  - {name: fc, type: linear, out_features: 8, weight_bits: 3, activation_bits: 5}\n",
      "n.yaml");
  CHECK(own.layers[0].weight_bits == 3);
  CHECK(own.layers[0].activation_bits == 5);
}

TEST_CASE("codesign: weight zero-skipping scales only the compute events", "[codesign]") {
  const chip::ChipConfig off = bundled("isscc28nm");
  const chip::ChipConfig on = bundled("isscc28nm", {"chip.sparsity.weight_zero_skipping=true"});
  const chip::PeCost pe = pe::pe_cost_from(off.pe);
  workload::Network net = workload::parse_network(kConv, "one_conv.yaml");
  net.layers[0].stats.weight_zero_fraction = 0.75;
  const mapper::Mapping m = mapper::map_network(net, off.chip, pe, off.mapping);
  const chip::Plan a = chip::build_plan(net, m, off.chip, pe);
  const chip::Plan b = chip::build_plan(net, m, on.chip, pe);
  const auto& ea = a.stages[0].array_events;
  const auto& eb = b.stages[0].array_events;
  REQUIRE(ea.size() == eb.size());
  int compute = 0;
  for (size_t i = 0; i < ea.size(); ++i) {
    const bool c = ea[i].category == core::EnergyCategory::Compute;
    compute += c;
    CHECK(eb[i].count_per_mvm == Approx(ea[i].count_per_mvm * (c ? 0.25 : 1.0)));
  }
  CHECK(compute > 0);
  // fc has no stats: untouched.
  CHECK(b.stages[b.stage_of_layer[3]].array_events[0].count_per_mvm ==
        a.stages[a.stage_of_layer[3]].array_events[0].count_per_mvm);
}
