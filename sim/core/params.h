#pragma once
// Parameter tables. Each component declares its parameters once, next to its model, as a
// ComponentSchema; the config reader checks values against it and `cimsim describe` prints it.
//
// Unit scheme (used everywhere): the unit is a suffix of the YAML key, and values are plain
// numbers: `clock_MHz: 333`, `read_energy_pJ: 0.2`, `area_mm2: 0.03`, `settle_ns: 1.5`.
// The schema repeats the unit in its own column so `describe` can print it.
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace cimsim::core {

enum class ParamType { Int, Real, Bool, String, Choice };

struct ParamSpec {
  std::string key;  // YAML key including its unit suffix, e.g. "clock_MHz"
  ParamType type = ParamType::Real;
  std::string unit;           // "MHz"; empty when dimensionless
  std::string default_value;  // YAML text of the default; empty means required
  double min = -std::numeric_limits<double>::infinity();  // inclusive range (Int/Real)
  double max = std::numeric_limits<double>::infinity();
  std::string description;           // one line
  std::vector<std::string> choices;  // allowed values of a Choice
  bool required() const { return default_value.empty(); }
};

// One component's parameter table. `children` are the keys of sub-components allowed below it.
struct ComponentSchema {
  std::string name;         // what `cimsim describe NAME` takes, e.g. "adc"
  std::string yaml_path;    // where it sits in a chip config, e.g. "chip.tile.pe.adc"
  std::string description;  // one line
  std::vector<ParamSpec> params;
  std::vector<std::string> children;
  // Set when a ParamTable binds the schema to its struct (sim/core/param_table.h): the fields
  // where a default-constructed struct disagrees with the schema's defaults (none, ideally).
  std::function<std::vector<std::string>()> default_mismatches = nullptr;
  // A section whose keys are names the config chooses (chip.tile_kinds: one sub-section per
  // kind): every key that is not a parameter is a child of this schema.
  const ComponentSchema* named_children = nullptr;

  const ParamSpec* find(const std::string& key) const;
};

// Short constructors for declaring tables. Pass an empty default ("") for a required parameter.
ParamSpec int_param(std::string key, std::string unit, std::string def, double min, double max,
                    std::string description);
ParamSpec real_param(std::string key, std::string unit, std::string def, double min, double max,
                     std::string description);
ParamSpec bool_param(std::string key, std::string def, std::string description);
ParamSpec string_param(std::string key, std::string def, std::string description);
ParamSpec choice_param(std::string key, std::string def, std::vector<std::string> choices,
                       std::string description);

// A range bound as text: "inf", "-inf" or the shortest exact decimal.
std::string format_bound(double v);

constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace cimsim::core
