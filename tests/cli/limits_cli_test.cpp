// The limits are stated once (`cimsim describe limits`) and named by every refusal.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "sim/core/limits.h"
#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;

TEST_CASE("describe limits lists every limit with its value and unit", "[cli][limits]") {
  auto table = run_cli("describe limits");
  REQUIRE(table.exit_code == 0);
  CHECK(table.out.find("  layers                    10000  layers     layers in one network\n") !=
        std::string::npos);
  auto j = run_cli("describe limits --format json");
  REQUIRE(j.exit_code == 0);
  const auto all = nlohmann::json::parse(j.out);
  REQUIRE(all.size() == std::size(cimsim::core::limits::kAll));
  for (size_t i = 0; i < all.size(); ++i) {
    CHECK(all[i]["limit"] == cimsim::core::limits::kAll[i]->name);
    CHECK(all[i]["value"] == cimsim::core::limits::kAll[i]->value);
  }
  CHECK(all[0]["limit"] == "max_input_file_MiB");
  CHECK(all[0]["value"] == 16);
}

TEST_CASE("endless or odd input files stop with the file's name", "[cli][limits]") {
  auto zero_net = run_cli("net /dev/zero");
  CHECK(zero_net.exit_code == 2);
  CHECK(zero_net.err ==
        "cimsim: error: /dev/zero: larger than the input file limit (max_input_file_MiB = 16)\n");
  auto zero_map = run_cli("map --config configs/isscc28nm.yaml --net vgg8 --mapping /dev/zero");
  CHECK(zero_map.exit_code == 2);
  CHECK(zero_map.err ==
        "cimsim: error: /dev/zero: larger than the input file limit (max_input_file_MiB = 16)\n");
  auto dir_net = run_cli("net workloads/");
  CHECK(dir_net.exit_code == 2);
  CHECK(dir_net.err ==
        "cimsim: error: workloads/: expected a readable network file (cannot open it)\n");
}
