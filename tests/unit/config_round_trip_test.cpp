// Every bundled config's resolved YAML (config.resolved.yaml of a run) loads again to the same
// resolved YAML and the same macro figures with the same sources: keys a model computes (the
// gate model of a digital macro, the conductance model of a cell read) are left out of it, so
// they are computed again instead of being read back as written defaults.
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "sim/chip/chip_config.h"
#include "sim/pe/macro_report.h"

using namespace cimsim;

TEST_CASE("every bundled config's resolved YAML reproduces its macro", "[core][config]") {
  int checked = 0;
  for (const auto& e :
       std::filesystem::recursive_directory_iterator(std::string(CIMSIM_SOURCE_DIR) + "/configs")) {
    const auto folder = e.path().parent_path().filename();
    // Sweeps are not configs; presets are fragments a config includes.
    if (e.path().extension() != ".yaml" || folder == "sweeps" || folder == "presets") continue;
    INFO(e.path().string());
    const chip::ChipConfig first = chip::load_chip_config(e.path().string());
    const std::string resolved = first.resolved_yaml();
    const chip::ChipConfig again = chip::load_chip_config_string(resolved, "resolved.yaml");
    CHECK(again.resolved_yaml() == resolved);
    const pe::DataStats typical;
    CHECK(pe::macro_json(pe::evaluate_macro(again.pe, typical, "typical")).dump() ==
          pe::macro_json(pe::evaluate_macro(first.pe, typical, "typical")).dump());
    ++checked;
  }
  CHECK(checked >= 4);  // the two chips and the validation macros
}

TEST_CASE("a computed key is left out of the resolved YAML, a written one stays",
          "[core][config]") {
  const std::string path = std::string(CIMSIM_SOURCE_DIR) + "/configs/isaac32nm.yaml";
  const std::string key = "chip.tile.pe.array.analog.cell_read_energy_fJ";
  CHECK(chip::load_chip_config(path).resolved_yaml().find("cell_read_energy_fJ") !=
        std::string::npos);
  const chip::ChipConfig formula = chip::load_chip_config(
      path, {core::unset_override(key), "chip.tile.pe.array.analog.read_pulse_ns=20"});
  const std::string resolved = formula.resolved_yaml();
  CHECK(resolved.find("cell_read_energy_fJ") == std::string::npos);
  CHECK(resolved.find("read_pulse_ns: 20") != std::string::npos);
  const chip::ChipConfig again = chip::load_chip_config_string(resolved, "resolved.yaml");
  CHECK_FALSE(again.pe.array.analog.cell_energy_given);
}
