// Issue 10, "no silent traps", through the binary: each inconsistent combination is exit 2 with a
// one-line reason naming the key; a zero is a zero; cycle rounding has a tolerance; unit labels.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;

namespace {
const char* kIsaac = "macro --config configs/isaac32nm.yaml ";
}

TEST_CASE("traps: a DAC wider than the input is exit 2 with the reason", "[cli][traps]") {
  auto r = run_cli(std::string(kIsaac) +
                   "--set chip.tile.pe.array.input_bits=2 "
                   "--set chip.tile.pe.dac.bits=4");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("chip.tile.pe.dac.bits: expected at most input_bits (2) bits per input step, "
                   "got 4") != std::string::npos);
  // Equal is fine.
  r = run_cli(std::string(kIsaac) +
              "--set chip.tile.pe.array.input_bits=4 "
              "--set chip.tile.pe.dac.bits=4");
  CHECK(r.exit_code == 0);
}

TEST_CASE("traps: ADC bits below the column's need without a declared range", "[cli][traps]") {
  // ISAAC without flip encoding and without input_range_fraction: 128 rows x 3 levels = 384
  // needs 9 bits; the 8-bit ADC would silently round with LSB 2.
  auto r = run_cli(std::string(kIsaac) +
                   "--unset chip.tile.pe.adc.input_range_fraction "
                   "--set chip.tile.pe.array.analog.flip_encoding=false");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("chip.tile.pe.adc.bits: expected at least 9 bits for a column sum up to 384") !=
        std::string::npos);
  CHECK(r.err.find("input_range_fraction") != std::string::npos);
  // Declaring the range (here: full scale, a coarser LSB) makes the choice explicit.
  r = run_cli(std::string(kIsaac) + "--set chip.tile.pe.array.analog.flip_encoding=false");
  CHECK(r.exit_code == 0);
}

TEST_CASE("traps: a 1-bit sense amplifier on multi-bit cells is exit 2", "[cli][traps]") {
  auto r = run_cli(std::string(kIsaac) +
                   "--set chip.tile.pe.adc.type=sense_amp --set chip.tile.pe.adc.bits=1");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("chip.tile.pe.adc.type: a 1-bit sense amplifier cannot read 2-bit cells") !=
        std::string::npos);
  // On 1-bit cells with 128 rows the column still needs 8 bits: the range must be declared.
  r = run_cli(std::string(kIsaac) +
              "--set chip.tile.pe.adc.type=sense_amp --set chip.tile.pe.adc.bits=1 "
              "--set chip.tile.pe.array.analog.cell_bits=1 "
              "--unset chip.tile.pe.adc.input_range_fraction");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("chip.tile.pe.adc.bits: expected at least 7 bits") != std::string::npos);
}

TEST_CASE("traps: cell_read_energy_fJ 0 is zero energy, not a formula", "[cli][traps]") {
  auto r = run_cli(std::string(kIsaac) +
                   "--set chip.tile.pe.array.analog.cell_read_energy_fJ=0 "
                   "--format json");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& e : j["array"]["energy"])
    if (e["component"] == "crossbar_cells") {
      found = true;
      CHECK(e["pJ_per_event"].get<double>() == 0.0);
      CHECK(e["source"] == "chip.tile.pe.array.analog.cell_read_energy_fJ");
    }
  CHECK(found);
  // Without it the conductance model needs its conduction time, which is not the settle time.
  r = run_cli(std::string(kIsaac) + "--unset chip.tile.pe.array.analog.cell_read_energy_fJ");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("chip.tile.pe.array.analog.read_pulse_ns") != std::string::npos);
  r = run_cli(std::string(kIsaac) +
              "--unset chip.tile.pe.array.analog.cell_read_energy_fJ "
              "--set chip.tile.pe.array.analog.read_pulse_ns=20 --format json");
  REQUIRE(r.exit_code == 0);
  // The parsed report must outlive the loop: a range over a temporary's member dangles.
  const auto pulsed = nlohmann::json::parse(r.out);
  for (const auto& e : pulsed["array"]["energy"])
    if (e["component"] == "crossbar_cells")  // 0.25² V² × (50 + 0.5)/2 µS × 20 ns = 31.5625 fJ
      CHECK(e["pJ_per_event"].get<double>() == Approx(0.0315625));
}

TEST_CASE("traps: a clock a ppm off an integer ratio does not add a cycle", "[cli][traps]") {
  // 100 ns at 1280.0005 MHz is 128.00005 cycles (0.4 ppm over): still 128 per input step.
  auto r = run_cli(std::string(kIsaac) +
                   "--set chip.tile.pe.clock_MHz=1280.0005 "
                   "--set chip.tile.pe.adc.sample_rate_MHz=1280.0005 "
                   "--format json");
  REQUIRE(r.exit_code == 0);
  CHECK(nlohmann::json::parse(r.out)["array"]["interval_cycles"] == 16 * 128);
  // 0.1 % over is a real extra cycle per step.
  r = run_cli(std::string(kIsaac) +
              "--set chip.tile.pe.clock_MHz=1281.28 "
              "--set chip.tile.pe.adc.sample_rate_MHz=1281.28 "
              "--format json");
  REQUIRE(r.exit_code == 0);
  CHECK(nlohmann::json::parse(r.out)["array"]["interval_cycles"] == 16 * 129);
}

TEST_CASE("traps: the tile and chip scopes print GOPS/mm2", "[cli][traps]") {
  auto r = run_cli(kIsaac);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("GOPS/s/mm2") == std::string::npos);
  CHECK(r.out.find(" GOPS/mm2") != std::string::npos);
}

TEST_CASE("tech: models without a node are exit 2 naming the key", "[cli][traps]") {
  auto r = run_cli(
      "macro --config configs/isscc28nm.yaml --set chip.tile.pe.array.digital.energy_model=gates");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("chip.tile.pe.array.digital.energy_model: expected chip.tile.pe.tech.node_nm") !=
        std::string::npos);
  // With a node, the keys the config writes stay measured values and the rest come from gates:
  // the report names each source.
  r = run_cli(
      "macro --config configs/isscc28nm.yaml --set chip.tile.pe.array.digital.energy_model=gates "
      "--set chip.tile.pe.tech.node_nm=28 --set chip.tile.pe.tech.digital_V=0.8 "
      "--unset chip.tile.pe.array.digital.adder_tree_energy_fJ --format json");
  REQUIRE(r.exit_code == 0);
  const auto gates = nlohmann::json::parse(r.out);
  for (const auto& e : gates["array"]["energy"]) {
    if (e["component"] == "dcim_adder_trees")
      CHECK(e["source"].get<std::string>().rfind("gate model: adder tree", 0) == 0);
    if (e["component"] == "dcim_bitcells")
      CHECK(e["source"] == "chip.tile.pe.array.digital.bitcell_energy_fJ");
  }
}
