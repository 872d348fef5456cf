// `cimsim macro`: the calibrated configs through the binary, output formats, and bad input.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;

TEST_CASE("cimsim macro: isscc28nm as JSON reproduces the paper's three figures", "[cli][macro]") {
  auto r = run_cli("macro --config configs/isscc28nm.yaml --format json");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["array_type"] == "digital");
  CHECK(j["array"]["TOPS_per_W"].get<double>() == Approx(27.38).epsilon(0.05));
  CHECK(j["array"]["peak_GOPS"].get<double>() == Approx(16.00).epsilon(0.05));
  CHECK(j["array"]["area_mm2"].get<double>() == Approx(0.030).epsilon(0.05));
  CHECK(j["array"]["interval_cycles"] == 176);
}

TEST_CASE("cimsim macro: isaac32nm table shows the IMA and its breakdown", "[cli][macro]") {
  auto r = run_cli("macro --config configs/isaac32nm.yaml");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("power             24.0800 mW") != std::string::npos);
  CHECK(r.out.find("chip.tile.pe.adc.energy_per_conversion_pJ") != std::string::npos);
  auto same = run_cli("macro --config configs/isaac32nm.yaml");
  CHECK(same.out == r.out);  // deterministic
  auto csv = run_cli("macro --config configs/isaac32nm.yaml --format csv");
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out.rfind("scope,kind,component,", 0) == 0);
  CHECK(csv.out.find("pe,energy,adc,16384,1.5625,25600,16,,") != std::string::npos);
}

TEST_CASE("cimsim macro: bad input is one line and exit code 2", "[cli][macro]") {
  auto r = run_cli("macro");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--config FILE is required") != std::string::npos);
  // An ADC key in a digital PE is never read: an error naming the key.
  r = run_cli("macro --config configs/isscc28nm.yaml --set chip.tile.pe.adc.bits=6");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("chip.tile.pe.adc.bits") != std::string::npos);
  r = run_cli("macro --config configs/isaac32nm.yaml --set chip.tile.pe.adc.cols_per_adc=48");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("chip.tile.pe.adc.cols_per_adc: expected a divisor of the array's cols (128), got 48") !=
        std::string::npos);
}
