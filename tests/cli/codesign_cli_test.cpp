// Co-design from the command line (issue 14, docs/codesign.md): `cimsim prune` and its bad specs
// (exit 2 naming the layer), a dense spec's byte-identical report, per-layer precision and
// zero-skipping in report.json.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;
using cimsim::test::slurp;
using cimsim::test::temp_dir;
using cimsim::test::write_temp_file;

namespace {

std::string digits_with(const std::string& extra) {
  return slurp(std::string(CIMSIM_SOURCE_DIR) + "/workloads/digits_cnn.yaml") + extra;
}

std::string prune_error(const std::string& spec) {
  const std::string s = write_temp_file("bad_spec.yaml", "sparsity:\n" + spec);
  const auto r = run_cli("prune --net digits_cnn --spec " + s + " --out " + temp_dir() + "/p.yaml");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  return r.err;
}

}  // namespace

TEST_CASE("cimsim prune: bad specs exit 2 naming the rule and the layer", "[cli][codesign]") {
  CHECK_THAT(prune_error("  - {layers: conv2, type: filter, ratio: 1}\n"),
             Catch::Contains("bad_spec.yaml:2: sparsity[0].ratio: expected a ratio in [0, 1) "
                             "for layers 'conv2', got 1"));
  CHECK_THAT(prune_error("  - {layers: conv1, type: channel, ratio: 0.5}\n"
                         "  - {layers: conv3, type: filter, ratio: 0.5}\n"),
             Catch::Contains("bad_spec.yaml:3: sparsity[1].layers: no conv2d or linear layer of "
                             "network 'digits_cnn' is called 'conv3' (did you mean 'conv1'?)"));
  CHECK_THAT(prune_error("  - {layers: fc, type: pattern, ratio: 0.2}\n"),
             Catch::Contains("sparsity[0]: layer 'fc' has a 1x1 kernel (linear); pattern "
                             "pruning needs 3x3 kernels"));
  // The same spec inside the network file: refused when the network is read, by every verb.
  const std::string net = write_temp_file(
      "digits_bad.yaml", digits_with("sparsity:\n  - {layers: fc, type: pattern}\n"));
  const auto r =
      run_cli("run --config isscc28nm --net " + net + " --quiet --out " + temp_dir() + "/r");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("digits_bad.yaml:15: sparsity[0]: layer 'fc'"));
}

TEST_CASE("cimsim run: a dense spec gives the report of no spec, byte for byte",
          "[cli][codesign]") {
  const std::string dense = write_temp_file(
      "digits_dense.yaml", digits_with("sparsity:\n  - {layers: 'conv*', type: filter, ratio: 0}\n"
                                       "  - {layers: conv2, type: channel, ratio: 0.0}\n"
                                       "  - {layers: '*', type: unstructured, ratio: 0}\n"));
  const std::string plain = write_temp_file("digits_plain.yaml", digits_with(""));
  const std::string a = temp_dir() + "/dense", b = temp_dir() + "/plain";
  REQUIRE(run_cli("run --config isscc28nm --quiet --net " + dense + " --out " + a).exit_code == 0);
  REQUIRE(run_cli("run --config isscc28nm --quiet --net " + plain + " --out " + b).exit_code == 0);
  CHECK(slurp(a + "/report.json") == slurp(b + "/report.json"));
  CHECK(slurp(a + "/layers.csv") == slurp(b + "/layers.csv"));
  CHECK(slurp(a + "/report.json").find("codesign") == std::string::npos);
}

TEST_CASE("cimsim prune writes a network the run compacts, and weights with the zeros",
          "[cli][codesign]") {
  const std::string spec =
      write_temp_file("spec.yaml",
                      "sparsity:\n  - {layers: conv2, type: filter, ratio: 0.5}\n"
                      "  - {layers: fc, type: unstructured, ratio: 0.5, seed: 3}\n");
  const std::string d = temp_dir();
  const auto p =
      run_cli("prune --net digits_cnn --spec " + spec + " --out " + d +
              "/p.yaml --weights tests/data/digits/weights.npz --out-weights " + d + "/p.npz");
  REQUIRE(p.exit_code == 0);
  const std::string yaml = slurp(d + "/p.yaml");
  // conv2: 16 of 32 filters; fc loses their 16 x (2 x 2) features: 128 - 64 rows.
  CHECK_THAT(yaml, Catch::Contains("pruned: {type: filter, cols: 16, ratio: 0.5}"));
  CHECK_THAT(yaml, Catch::Contains("pruned: {type: unstructured, rows: 64, ratio: 0.5}"));
  CHECK_THAT(yaml, Catch::Contains("weight_zero_fraction: 0.5,"));
  const auto r = run_cli("run --config isscc28nm --format json --quiet --net " + d +
                         "/p.yaml --out " + d + "/run");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(slurp(d + "/run/report.json"));
  const auto& conv2 = j["layers"][2];
  CHECK(conv2["codesign"]["mapped_cols"] == 16);
  CHECK(conv2["arrays"] == 2 * conv2["replicas"].get<int>());  // 144 rows x 16/8 columns
  // Dense ops over effective ops = dense MACs over the MACs on kept weights.
  CHECK(j["summary"]["effective_ops_per_image"].get<double>() <
        j["summary"]["ops_per_image"].get<double>());
  const auto acc = run_cli("accuracy --config isscc28nm --net " + d + "/p.yaml --weights " + d +
                           "/p.npz --data tests/data/digits/test.npz --images 50");
  CHECK(acc.exit_code == 0);
  CHECK_THAT(acc.out, Catch::Contains("agreement         1.0000"));
}

TEST_CASE("cimsim run: per-layer precision and input zero-skipping in report.json",
          "[cli][codesign]") {
  const std::string d = temp_dir();
  const auto r =
      run_cli("run --config isscc28nm --net digits_cnn --quiet --out " + d +
              "/run --set 'quantization=conv2=4/4' --set chip.sparsity.input_zero_skipping=true");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(slurp(d + "/run/report.json"));
  const auto& conv1 = j["layers"][0]["codesign"];
  const auto& conv2 = j["layers"][2]["codesign"];
  CHECK(conv1["skipped_input_planes"] == 0);  // the image: not known to be non-negative
  CHECK(conv2["skipped_input_planes"] == 1);  // after relu1 and pool1
  CHECK(conv2["weight_bits"] == 4);
  CHECK(conv2["input_bits"] == 3);  // 4-bit inputs, the sign plane skipped
  CHECK(conv1["weight_bits"] == 8);
  // 4-bit weights: 16 per array row; 32 filters in 2 column blocks, 144 rows in one.
  CHECK(j["layers"][2]["arrays"] == 2 * j["layers"][2]["replicas"].get<int>());
  // A layer the arrays cannot hold at its bits, or a rule naming no layer: exit 2.
  const auto bad = run_cli("run --config isscc28nm --net digits_cnn --quiet --out " + d +
                           "/run2 --set 'quantization=conv9=4/4'");
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("quantization: rule 'conv9=4/4': no conv2d or linear"));
}
