#pragma once
// Helpers of the array/PE tests: read chip.tile.pe from YAML text or from a config file through
// the config system, with a small root schema (chip → tile → pe) of the test's own.
#include <fstream>
#include <sstream>
#include <string>

#include <yaml-cpp/yaml.h>

#include "sim/core/config.h"
#include "sim/pe/pe_params.h"

namespace cimsim::test {

inline const core::ComponentSchema& test_tile_schema() {
  static const core::ComponentSchema s{"tile", "chip.tile", "test tile", {}, {"pe"}};
  return s;
}
inline const core::ComponentSchema& test_chip_schema() {
  static const core::ComponentSchema s{"chip", "chip", "test chip", {}, {"tile"}};
  return s;
}
inline const core::ComponentSchema& test_root_schema() {
  static const core::ComponentSchema s{"config", "", "test root", {}, {"chip"}};
  return s;
}

// Reads chip.tile.pe of a YAML document and checks every key was used.
inline pe::PeParams pe_params_from_yaml(const std::string& yaml,
                                        const std::vector<std::string>& sets = {}) {
  auto doc = core::ConfigDoc::load_string(yaml, "test.yaml", sets);
  auto pe = doc->root(test_root_schema())
                .section("chip", test_chip_schema())
                .section("tile", test_tile_schema())
                .section("pe", pe::pe_schema());
  pe::PeParams p = pe::read_pe_params(pe);
  doc->check_all_consumed();
  return p;
}

// Reads chip.tile.pe of a config in configs/ (only that subtree: chip-level keys are the lead's).
inline pe::PeParams pe_params_from_config(const std::string& name,
                                          const std::vector<std::string>& sets = {}) {
  const std::string path = std::string(CIMSIM_SOURCE_DIR) + "/configs/" + name;
  YAML::Node pe = YAML::LoadFile(path)["chip"]["tile"]["pe"];
  YAML::Node root;
  root["chip"]["tile"]["pe"] = pe;
  YAML::Emitter out;
  out << root;
  return pe_params_from_yaml(out.c_str(), sets);
}

inline double rel_err(double got, double want) { return (got - want) / want; }

}  // namespace cimsim::test
