// `cimsim net`: per-layer table of a network, its machine forms, and bad input → exit 2.
#include <catch2/catch.hpp>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;
using cimsim::test::write_temp_file;

TEST_CASE("cimsim net resnet18 prints the layer table and torchvision's totals", "[cli][net]") {
  auto r = run_cli("net resnet18");
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, Catch::Contains("network resnet18"));
  CHECK_THAT(r.out, Catch::Contains("MACs:        1,814,073,344"));
  CHECK_THAT(r.out, Catch::Contains("params:      11,689,512"));
  CHECK_THAT(r.out, Catch::Contains("totals: 69 layers (21 conv2d/linear)"));
  // One row: index, name, type, input, output, MACs, weights, rows x cols.
  CHECK_THAT(r.out, Catch::Contains(" 0  conv1 "));
  CHECK_THAT(r.out, Catch::Contains("3x224x224"));
  CHECK_THAT(r.out, Catch::Contains("64x112x112  118,013,952      9,408  147x64"));
}

TEST_CASE("cimsim net --format json is the same network, machine-readable", "[cli][net]") {
  auto r = run_cli("net mobilenet_v2 --format json");
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["name"] == "mobilenet_v2");
  CHECK(j["totals"]["macs"] == 300774272);
  CHECK(j["totals"]["params"] == 3504872);
  CHECK(j["totals"]["layers"] == j["layers"].size());
  const auto& dw = j["layers"][3];  // conv0 bn0 relu0 b1_dw
  CHECK(dw["name"] == "b1_dw");
  CHECK(dw["matrix"]["rows"] == 9);
  CHECK(dw["matrix"]["cols"] == 1);
  CHECK(dw["matrix"]["groups"] == 32);
  CHECK(dw["output_shape"] == nlohmann::json::array({32, 112, 112}));
  // Deterministic: a second run prints the same bytes.
  CHECK(run_cli("net mobilenet_v2 --format json").out == r.out);
}

TEST_CASE("cimsim net --format csv: one row per layer plus a total row", "[cli][net]") {
  auto r = run_cli("net mlp --format csv");
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("index,name,type,inputs,in_channels,"));
  CHECK_THAT(
      r.out,
      Catch::Contains(
          "\n1,fc1,linear,flatten,784,1,1,256,1,1,200704,200704,256,200960,0,784,256,1,1\n"));
  CHECK_THAT(r.out, Catch::EndsWith(",total,total,,,,,,,,234752,234752,,235146,384,,,,\n"));
  size_t lines = 0;
  for (char c : r.out) lines += c == '\n';
  CHECK(lines == 1 + 6 + 1);  // header, 6 layers, total
}

TEST_CASE("every bundled network runs through cimsim net", "[cli][net]") {
  for (const char* name :
       {"resnet18", "resnet50", "vgg8", "vgg16", "alexnet", "mobilenet_v2", "mlp"}) {
    INFO(name);
    auto r = run_cli(std::string("net ") + name + " --format csv");
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
  }
}

TEST_CASE("cimsim net with a bad network file: one line naming file, line and layer, exit 2",
          "[cli][net]") {
  const std::string path =
      write_temp_file("bad_net.yaml",
                      "name: bad\n"
                      "input: {channels: 3, height: 32, width: 32}\n"
                      "layers:\n"
                      "  - {name: c1, type: conv2d, out_channels: 8, kernel: 3}\n"
                      "  - {name: c2, type: conv2d, out_channels: 8, kernel: 3}\n"
                      "  - {name: sum, type: add, inputs: [c1, c2]}\n");
  auto r = run_cli("net '" + path + "'");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "cimsim: error: " + path +
                     ":6: layers[2] (sum).inputs[1]: expected every input of add to have the same "
                     "shape: 'c1' is "
                     "8x30x30, 'c2' is 8x28x28\n");
}

TEST_CASE("cimsim net: unknown name lists the zoo, missing argument and bad format exit 2",
          "[cli][net]") {
  auto r = run_cli("net resnet19");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("unknown network 'resnet19'"));
  CHECK_THAT(r.err, Catch::Contains("alexnet, bert_base, digits_cnn, lstm, mlp, mobilenet_v2, "
                                    "resnet18, resnet50, vgg16, vgg8, vit_b_16"));
  CHECK(run_cli("net").exit_code == 2);
  auto f = run_cli("net mlp --format xml");
  CHECK(f.exit_code == 2);
  CHECK_THAT(f.err, Catch::Contains("--format: expected one of table, json, csv"));
}

TEST_CASE("cimsim net --workloads DIR overrides where bundled names are looked up", "[cli][net]") {
  // (The search without --workloads is unit-tested in workload_zoo_test.cpp.)
  auto r = run_cli("net mlp --format csv --workloads '" + std::string(CIMSIM_SOURCE_DIR) +
                   "/workloads'");
  CHECK(r.exit_code == 0);
  auto elsewhere = run_cli("net alexnet --format json --workloads /nonexistent");
  CHECK(elsewhere.exit_code == 2);
  CHECK_THAT(elsewhere.err, Catch::Contains("unknown network 'alexnet'"));
}

TEST_CASE("cimsim net --help prints usage and exits 0", "[cli][net]") {
  auto r = run_cli("net --help");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("usage: cimsim net NAME|PATH"));
  CHECK_THAT(r.out, Catch::Contains("--format"));
}

TEST_CASE("the committed zoo is exactly what scripts/gen_zoo.py writes", "[cli][net]") {
  // --check re-derives every file, compares it byte for byte and re-checks torchvision's totals.
  const std::string cmd = std::string("/usr/bin/python3 '") + CIMSIM_SOURCE_DIR +
                          "/scripts/gen_zoo.py' --check >/dev/null 2>&1";
  CHECK(std::system(cmd.c_str()) == 0);
}
