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

TEST_CASE("cimsim macro: table and CSV name each figure's config key", "[cli][macro]") {
  auto r = run_cli("macro --config configs/isscc28nm.yaml");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("efficiency        27.346 TOPS/W") != std::string::npos);
  CHECK(r.out.find("chip.tile.pe.array.digital.bitcell_energy_fJ") != std::string::npos);
  auto same = run_cli("macro --config configs/isscc28nm.yaml");
  CHECK(same.out == r.out);  // deterministic
  auto csv = run_cli("macro --config configs/isscc28nm.yaml --format csv");
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out.rfind("scope,kind,component,", 0) == 0);
  CHECK(csv.out.find("array,energy,dcim_bitcells,262144,0.00055,144.1792,") != std::string::npos);
  // 4-bit precision from the command line.
  auto r4 = run_cli(
      "macro --config configs/isscc28nm.yaml --set chip.tile.pe.array.weight_bits=4 "
      "--set chip.tile.pe.array.input_bits=4 --format json");
  REQUIRE(r4.exit_code == 0);
  CHECK(nlohmann::json::parse(r4.out)["array"]["interval_cycles"] == 112);
}

TEST_CASE("cimsim macro: a column-adder array at its critical-path clock, and its resolved config",
          "[cli][macro]") {
  const std::string dir = cimsim::test::temp_dir() + "/cadd";
  auto r = run_cli(
      "macro --config configs/validation/kim_jssc21_colonnade.yaml --format json "
      "--set chip.tile.pe.array.column_adder.clock=critical_path --unset chip.tile.pe.clock_MHz "
      "--out " +
      dir);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["array_type"] == "column_adder");
  // 8-bit weights, 16 registers: (15 + 8 + 2) adders of 395.4 ps.
  CHECK(j["critical_path_ns"].get<double>() == Approx(25 * 0.3954));
  CHECK(j["clock_MHz"].get<double>() == Approx(j["max_clock_MHz"].get<double>()));
  // The resolved config leaves the PE clock out (the array computes it), so it loads again to
  // the same figures.
  auto again = run_cli("macro --config " + dir + "/config.resolved.yaml --format json");
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(nlohmann::json::parse(again.out)["array"] == j["array"]);
  // The given 100 MHz clock is within the path; a faster one is reported as failing timing.
  auto fast = run_cli(
      "macro --config configs/validation/kim_jssc21_colonnade.yaml --set "
      "chip.tile.pe.clock_MHz=150");
  REQUIRE(fast.exit_code == 0);
  CHECK(fast.out.find("fastest clock 101.163 MHz (the clock is faster") != std::string::npos);
}

TEST_CASE("cimsim macro: bad input is one line and exit code 2", "[cli][macro]") {
  auto r = run_cli("macro");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--config FILE is required") != std::string::npos);
  // An ADC key in a digital PE is never read: an error naming the key.
  r = run_cli("macro --config configs/isscc28nm.yaml --set chip.tile.pe.adc.bits=6");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("chip.tile.pe.adc.bits") != std::string::npos);
  r = run_cli(
      "macro --config configs/isscc28nm.yaml --set chip.tile.pe.array.digital.compartments=7");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(
            "chip.tile.pe.array.digital.compartments: expected a divisor of rows (512), got 7") !=
        std::string::npos);
}

TEST_CASE("macro on isaac32nm reports the IMA, the tile and the chip peak", "[cli][macro]") {
  auto r = cimsim::test::run_cli("macro --config configs/isaac32nm.yaml --format json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["tile"]["power_mW"].get<double>() == Approx(330.0).epsilon(0.05));
  CHECK(j["tile"]["area_mm2"].get<double>() == Approx(0.372).epsilon(0.05));
  CHECK(j["chip"]["GOPS_per_W"].get<double>() == Approx(627.5).epsilon(0.10));
  CHECK(j["chip"]["GOPS_per_mm2"].get<double>() == Approx(478.95).epsilon(0.10));
  auto table = cimsim::test::run_cli("macro --config configs/isaac32nm.yaml");
  CHECK(table.out.find("[tile]") != std::string::npos);
  CHECK(table.out.find("[chip]") != std::string::npos);
}
