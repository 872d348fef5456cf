#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;
using cimsim::test::temp_dir;
using json = nlohmann::json;

TEST_CASE("map prints partitions per level, arrays, PEs, replication, bytes and cycles",
          "[cli][map]") {
  auto r = run_cli(
      "map --config configs/isscc28nm.yaml --net resnet18 --parallelism model --format json "
      "--out " +
      temp_dir() + "/m");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json j = json::parse(r.out);
  const int levels = j["levels"];
  CHECK(levels >= 1);
  CHECK(j["parallelism"] == "model");
  REQUIRE(j["layers"].size() == 21);  // 20 convs + fc
  int64_t bytes = 0;
  for (const auto& L : j["layers"]) {
    CHECK(L["partition"].size() == static_cast<size_t>(levels));
    CHECK(L["arrays"].get<int64_t>() >=
          L["row_blocks"].get<int64_t>() * L["col_blocks"].get<int64_t>());
    for (const auto& b : L["planner"]["bytes_per_level"]) bytes += b.get<int64_t>();
  }
  // Matrix layers carry part of the traffic (the rest is charged to activations, pools, adds).
  CHECK(j["planner"]["bytes"].get<int64_t>() > 0);
  CHECK(bytes <= j["planner"]["bytes"].get<int64_t>());
  CHECK(j["pes"].get<int64_t>() <= j["pes_total"].get<int64_t>());

  auto pipe = run_cli("map --config configs/isscc28nm.yaml --net resnet18 --format json --out " +
                      temp_dir() + "/p");
  REQUIRE(pipe.exit_code == 0);
  json p = json::parse(pipe.out);
  CHECK(p["parallelism"] == "pipeline");
  CHECK(p["levels"] == 0);
  CHECK(p["layers"][0]["replicas"].get<int>() > 1);  // conv1, the bottleneck, is replicated
}

TEST_CASE("map: hybrid takes the best candidate of its estimate, pipeline among them",
          "[cli][map]") {
  auto r = run_cli(
      "map --config configs/isscc28nm.yaml --net resnet18 --parallelism hybrid --format json "
      "--out " +
      temp_dir() + "/h");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json j = json::parse(r.out);
  REQUIRE(j["hybrid_candidates"].size() >= 2);
  CHECK(j["hybrid_candidates"][0]["name"] == "pipeline");
  double best = 1e300;
  std::string best_name;
  for (const auto& c : j["hybrid_candidates"])
    if (c["score"].get<double>() < best) best = c["score"], best_name = c["name"];
  CHECK(j["hybrid_chose"] == best_name);
  CHECK(best <= j["hybrid_candidates"][0]["score"].get<double>());  // never worse than pipeline
  // The estimate of the chosen mapping (interval objective) is its score.
  CHECK(j["estimate"]["interval_cycles"].get<double>() == Approx(best).epsilon(1e-3));
}
