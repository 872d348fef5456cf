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

TEST_CASE("map: with reload groups the estimate is of the run, weights at the DRAM's bandwidth",
          "[cli][map]") {
  // mobilenet_v2 needs 3 reload groups on isscc28nm. The estimate of a run of N images is
  // Σ_g (reload + spill + fill) + (N - 1) Σ_g interval_g, and its interval that run time / N,
  // as the report measures it.
  const std::string base = "map --config configs/isscc28nm.yaml --net mobilenet_v2 --format json";
  auto est = [&](const std::string& extra) {
    auto r = run_cli(base + " " + extra + " --out " + temp_dir() + "/e");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
  };
  int64_t run[4] = {};
  for (int n = 1; n <= 3; ++n) {
    const json j = est("--images " + std::to_string(n));
    REQUIRE(j["groups"] == 3);
    CHECK(j["estimate"]["images"] == n);
    run[n] = j["estimate"]["interval_cycles"].get<int64_t>() * n;
  }
  // Each further image adds the same intervals (the run time per image is ceil(run / N)).
  CHECK(std::abs((run[3] - run[2]) - (run[2] - run[1])) <= 3);
  CHECK(run[2] - run[1] > 0);
  // Halving the DRAM's bandwidth adds the weights' reload once more at the new rate: for
  // 3,469,760 bytes of weights (the run's weight_reload_bytes, below) 1 GB/s -> 0.5 GB/s adds
  // 3,469,760 ns = 1,156,587 cycles of 3 ns to the run (one rounding per group).
  const int64_t at1 =
      est("--images 2 --set chip.dram.bandwidth_GBps=1")["estimate"]["interval_cycles"]
          .get<int64_t>();
  const int64_t at_half =
      est("--images 2 --set chip.dram.bandwidth_GBps=0.5")["estimate"]["interval_cycles"]
          .get<int64_t>();
  auto sim = run_cli(
      "--config configs/isscc28nm.yaml --net mobilenet_v2 --set "
      "chip.dram.bandwidth_GBps=1 --format json --out " +
      temp_dir() + "/s");
  REQUIRE(sim.exit_code == 0);
  const json rep = json::parse(sim.out);
  const int64_t weight_bytes = rep["memory"]["weight_reload_bytes"].get<int64_t>();
  CHECK(weight_bytes == 3469760);
  CHECK(std::abs(2 * (at_half - at1) - weight_bytes / 3) <= 2 * 3);
  // Reload-bound, the estimate is within 15 % of the simulated run (docs/parallelism.md §10.0).
  const double sim_interval_cycles = rep["summary"]["interval_ns"].get<double>() / 3.0;
  CHECK(std::abs(static_cast<double>(at1) / sim_interval_cycles - 1) < 0.15);
}
