#include "sim/core/params.h"

#include <cmath>
#include <utility>

#include <fmt/format.h>

namespace cimsim::core {

std::string format_bound(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{}", v);
}

const ParamSpec* ComponentSchema::find(const std::string& key) const {
  for (const ParamSpec& p : params)
    if (p.key == key) return &p;
  return nullptr;
}

namespace {
ParamSpec make(std::string key, ParamType type, std::string unit, std::string def, double min,
               double max, std::string description) {
  ParamSpec p;
  p.key = std::move(key);
  p.type = type;
  p.unit = std::move(unit);
  p.default_value = std::move(def);
  p.min = min;
  p.max = max;
  p.description = std::move(description);
  return p;
}
}  // namespace

ParamSpec int_param(std::string key, std::string unit, std::string def, double min, double max,
                    std::string description) {
  return make(std::move(key), ParamType::Int, std::move(unit), std::move(def), min, max,
              std::move(description));
}

ParamSpec real_param(std::string key, std::string unit, std::string def, double min, double max,
                     std::string description) {
  return make(std::move(key), ParamType::Real, std::move(unit), std::move(def), min, max,
              std::move(description));
}

ParamSpec bool_param(std::string key, std::string def, std::string description) {
  return make(std::move(key), ParamType::Bool, "", std::move(def), -kInf, kInf,
              std::move(description));
}

ParamSpec string_param(std::string key, std::string def, std::string description) {
  return make(std::move(key), ParamType::String, "", std::move(def), -kInf, kInf,
              std::move(description));
}

ParamSpec choice_param(std::string key, std::string def, std::vector<std::string> choices,
                       std::string description) {
  ParamSpec p = make(std::move(key), ParamType::Choice, "", std::move(def), -kInf, kInf,
                     std::move(description));
  p.choices = std::move(choices);
  return p;
}

}  // namespace cimsim::core
