#include "sim/chip/chip_config.h"

namespace cimsim::chip {

const core::ParamTable<ChipConfig>& param_table(const ChipConfig&) {
  static const core::ParamTable<ChipConfig> t{
      "config",
      "",
      "a chip config file (`include: FILE` or a list merges files first)",
      {core::string_field(&ChipConfig::description, "description", "-",
                          "free text about this configuration"),
       core::string_field(&ChipConfig::quantization, "quantization", "none",
                          "per-layer precision: 'PATTERN=W/A, ...' (layer name or glob, weight "
                          "and activation bits, '-' keeps one; docs/codesign.md) or none")},
      {"chip", "mapping"}};
  return t;
}

const core::ComponentSchema& config_schema() { return param_table(ChipConfig{}).schema(); }

std::vector<const core::ComponentSchema*> all_schemas() {
  std::vector<const core::ComponentSchema*> all = {&config_schema(), &chip_schema(), &tile_schema(),
                                                   &tile_kinds_schema(), &tile_kind_schema()};
  for (const core::ComponentSchema* s : pe::pe_component_schemas()) all.push_back(s);
  for (const core::ComponentSchema* s : {&buffer_schema(), &unit_schema(), &dram_schema(),
                                         &sparsity_schema(), &noc::noc_schema(), &mapping_schema()})
    all.push_back(s);
  return all;
}

namespace {
ChipConfig read_all(const std::shared_ptr<core::ConfigDoc>& doc) {
  ChipConfig c;
  c.doc = doc;
  core::ConfigSection root = doc->root(config_schema());
  param_table(c).read(root, c);
  const core::ConfigSection chip = root.section("chip", chip_schema());
  c.chip = read_chip_params(chip);
  c.pe = pe::read_pe_params(chip.section("tile", tile_schema()).section("pe", pe::pe_schema()));
  const core::ConfigSection kinds = chip.section("tile_kinds", tile_kinds_schema());
  for (const TileKind& k : c.chip.tile_kinds)
    c.kind_pes.push_back(pe::read_pe_params(
        kinds.section(k.name, tile_kind_schema()).section("pe", pe::pe_schema())));
  c.noc = noc::read_noc_params(chip.section("noc", noc::noc_schema()),
                               static_cast<int>(c.chip.tiles_x), static_cast<int>(c.chip.tiles_y));
  c.mapping = read_mapping_options(root.section("mapping", mapping_schema()));
  doc->check_all_consumed();
  return c;
}
}  // namespace

ChipConfig load_chip_config(const std::string& path, const std::vector<std::string>& overrides) {
  return read_all(core::ConfigDoc::load_file(path, overrides));
}

ChipConfig load_chip_config_string(const std::string& yaml, const std::string& name,
                                   const std::vector<std::string>& overrides) {
  return read_all(core::ConfigDoc::load_string(yaml, name, overrides));
}

}  // namespace cimsim::chip
