#pragma once
// The whole hardware config of a run: reads every section of a chip config file through the
// components' own readers, checks that every key was used, and keeps the resolved YAML.
#include <memory>
#include <string>
#include <vector>

#include "sim/arch/chip_params.h"
#include "sim/core/config.h"
#include "sim/noc/noc_params.h"
#include "sim/pe/pe_params.h"

namespace cimsim::chip {

struct ChipConfig {
  std::string description = "-";      // free text (top-level key `description`)
  std::string quantization = "none";  // per-layer precision rules (workload::apply_quantization)
  ChipParams chip;
  pe::PeParams pe;                     // chip.tile.pe (tile kind 0, "default")
  std::vector<pe::PeParams> kind_pes;  // chip.tile_kinds.NAME.pe, as chip.tile_kinds
  noc::NocParams noc;
  MappingOptions mapping;
  std::shared_ptr<core::ConfigDoc> doc;  // for config.resolved.yaml and error locations
  std::string resolved_yaml() const { return doc->resolved_yaml(); }
};

// Loads `path` with --set `overrides`. Throws core::InputError (one line, file:line: key.path).
ChipConfig load_chip_config(const std::string& path,
                            const std::vector<std::string>& overrides = {});
ChipConfig load_chip_config_string(const std::string& yaml, const std::string& name,
                                   const std::vector<std::string>& overrides = {});

// The top level of a config file (binds `description`).
const core::ParamTable<ChipConfig>& param_table(const ChipConfig&);
const core::ComponentSchema& config_schema();

// Every component's parameter table, in the order `cimsim describe` prints them.
std::vector<const core::ComponentSchema*> all_schemas();

}  // namespace cimsim::chip
