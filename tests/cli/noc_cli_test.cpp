// `cimsim noc` end to end: outputs, sweeps, determinism, bad input.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;

namespace {

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string f; std::getline(in, f, ',');) out.push_back(f);
  return out;
}

}  // namespace

TEST_CASE("cimsim noc: one load point as CSV with the zero-load latency of the formula",
          "[cli][noc]") {
  // 4x4 mesh, uniform, 1-flit packets: mean hops 2.5, zero-load 5 x 2.5 + 6 + 1 = 19.5 cycles.
  auto r = run_cli("noc --mesh 4x4 --rate 0.05 --measure 3000 --format csv");
  REQUIRE(r.exit_code == 0);
  const auto ls = lines(r.out);
  REQUIRE(ls.size() == 2);
  const auto head = fields(ls[0]), row = fields(ls[1]);
  REQUIRE(head.size() == row.size());
  CHECK(head[5] == "zero_load_latency_cycles");
  CHECK(row[0] == "uniform");
  CHECK(row[5] == "19.500");
  CHECK(row[12] == "0");  // not saturated
}

TEST_CASE("cimsim noc: the table names the network and the figures with units", "[cli][noc]") {
  auto r =
      run_cli("noc --mesh 4x4 --traffic transpose --rate 0.05 --packet-flits 4 --measure 2000");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("NoC: 4x4 mesh (16 nodes), cycle model, 2 VCs x 4 flits") != std::string::npos);
  CHECK(r.out.find("traffic transpose, 4-flit packets") != std::string::npos);
  CHECK(r.out.find("avg_packet_latency_cycles") != std::string::npos);
  CHECK(r.out.find("accepted_flits_per_node_cycle") != std::string::npos);
  CHECK(r.out.find("saturated                      no") != std::string::npos);
}

TEST_CASE("cimsim noc: same seed, same bytes, another seed, other numbers", "[cli][noc]") {
  const std::string cmd = "noc --mesh 4x4 --rate 0.3 --measure 2000 --format csv --seed ";
  auto a = run_cli(cmd + "5"), b = run_cli(cmd + "5"), c = run_cli(cmd + "6");
  REQUIRE(a.exit_code == 0);
  CHECK(a.out == b.out);
  CHECK(a.out != c.out);
}

TEST_CASE("cimsim noc --sweep-rate: the curve up to the first saturated point", "[cli][noc]") {
  // 4x4 uniform with 4-flit packets saturates between 0.5 and 0.75 flits/node/cycle.
  auto r = run_cli(
      "noc --mesh 4x4 --sweep-rate --rate-step 0.25 --packet-flits 4 --measure 2000 --quiet");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.empty());  // --quiet
  r = run_cli(
      "noc --mesh 4x4 --sweep-rate --rate-step 0.25 --packet-flits 4 --measure 2000 --format csv");
  REQUIRE(r.exit_code == 0);
  const auto ls = lines(r.out);
  REQUIRE(ls.size() == 4);  // header, 0.25, 0.5, 0.75 (saturated)
  CHECK(fields(ls[1])[2] == "0.2500");
  CHECK(fields(ls[1])[12] == "0");
  CHECK(fields(ls[2])[12] == "0");
  CHECK(fields(ls[3])[2] == "0.7500");
  CHECK(fields(ls[3])[12] == "1");
}

TEST_CASE("cimsim noc: JSON output and the CSV written to --out", "[cli][noc]") {
  const std::string dir = cimsim::test::temp_dir() + "/noc_out";
  auto r = run_cli(
      "noc --mesh 4x4 --traffic bitcomp --rate 0.05 --measure 1000 --format json --out " + dir);
  REQUIRE(r.exit_code == 0);
  // bitcomp on 4x4: |3 - 2x| + |3 - 2y| hops, 4 on average: zero-load 5 x 4 + 6 + 1 = 27 cycles.
  CHECK(r.out.find("\"traffic\": \"bitcomp\"") != std::string::npos);
  CHECK(r.out.find("\"zero_load_latency_cycles\": 27.0") != std::string::npos);
  auto csv = run_cli("noc --mesh 4x4 --traffic bitcomp --rate 0.05 --measure 1000 --format csv");
  std::ifstream in(dir + "/noc.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str() == csv.out);  // same run, same bytes
}

TEST_CASE("cimsim noc: the network comes from the chip config", "[cli][noc]") {
  // configs/isscc28nm.yaml: 8x8 tiles.
  auto r = run_cli("noc --config configs/isscc28nm.yaml --rate 0.1 --measure 1000");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("NoC: 8x8 mesh (64 nodes), cycle model, 2 VCs x 4 flits") != std::string::npos);
  r = run_cli(
      "noc --config configs/isscc28nm.yaml --set chip.noc.topology=cmesh --set "
      "chip.noc.model=simple "
      "--rate 0.1 --measure 1000");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("NoC: 4x4 cmesh (64 nodes, 4 tiles per router), simple model") !=
        std::string::npos);
  r = run_cli("noc --config configs/isscc28nm.yaml --mesh 4x4 --rate 0.1 --measure 1000");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("NoC: 4x4 mesh (16 nodes)") != std::string::npos);  // --mesh wins
  r = run_cli("noc --config configs/isscc28nm.yaml --set chip.noc.vcs=0 --rate 0.1");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("chip.noc.vcs") != std::string::npos);
  // Without a config, chip.noc keys still come through --set.
  r = run_cli(
      "noc --set chip.noc.width=3 --set chip.noc.height=2 --set chip.noc.topology=torus --rate 0.1 "
      "--measure 1000");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("NoC: 3x2 torus (6 nodes)") != std::string::npos);
}

TEST_CASE("cimsim noc: --topology and --concentration pick the network", "[cli][noc]") {
  // 3x2 routers of 2 tiles each (12 nodes), uniform: the routers are equally loaded, so the mean
  // hop count is that of a 3x2 router grid: (9 - 1) / 9 along x + (4 - 1) / 6 along y = 25/18,
  // and 1-flit packets take 5 x 25/18 + 6 + 1 = 13.944 cycles at zero load.
  auto r = run_cli(
      "noc --mesh 3x2 --topology cmesh --concentration 2 --rate 0.01 --measure 1000 --format csv");
  REQUIRE(r.exit_code == 0);
  CHECK(fields(lines(r.out)[1])[5] == "13.944");
  r = run_cli("noc --mesh 3x2 --topology cmesh --concentration 2 --rate 0.01 --measure 1000");
  CHECK(r.out.find("NoC: 3x2 cmesh (12 nodes, 2 tiles per router)") != std::string::npos);
  // 4x4 torus: mean ring distance 1 per dimension, 5 x 2 + 6 + 1 = 17 cycles.
  r = run_cli("noc --mesh 4x4 --topology torus --rate 0.01 --measure 1000 --format csv");
  REQUIRE(r.exit_code == 0);
  CHECK(fields(lines(r.out)[1])[5] == "17.000");
  r = run_cli("noc --mesh 4x4 --topology ring --rate 0.01");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("chip.noc.topology") != std::string::npos);
  r = run_cli("noc --mesh 4x4 --topology torus --concentration 2 --rate 0.01");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("chip.noc.concentration: is not used by this configuration") !=
        std::string::npos);
}

TEST_CASE("cimsim noc: bad input is one line and exit code 2", "[cli][noc]") {
  struct Case {
    const char* args;
    const char* message;
  };
  const Case cases[] = {
      {"noc --mesh 4x4 --traffic tornado --rate 0.1",
       "--traffic: expected one of uniform, transpose, bitcomp, hotspot"},
      {"noc --mesh 4x4 --rate 0", "--rate: expected a load in (0, 1]"},
      {"noc --mesh 4x4 --rate 1.5", "--rate: expected a load in (0, 1]"},
      {"noc --mesh 4x4", "give --rate R or --sweep-rate"},
      {"noc --rate 0.1", "no network size"},
      {"noc --mesh 8y8 --rate 0.1", "--mesh: expected WxH"},
      {"noc --mesh 4x2 --traffic transpose --rate 0.1", "transpose traffic needs a square grid"},
      {"noc --mesh 4x4 --rate 0.1 --set chip.noc.vcz=2", "chip.noc.vcz"},
      {"noc --mesh 4x4 --rate 0.1 --packet-flits 0", "--packet-flits"},
  };
  for (const Case& c : cases) {
    INFO(c.args);
    auto r = run_cli(c.args);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK(lines(r.err).size() == 1);
  }
}
