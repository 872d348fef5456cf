#pragma once
// One declaration per parameter: a ParamTable<S> binds each schema entry (key, unit, default,
// range, meaning) to the member of the plain struct S it fills. From that one table come
//   - the ComponentSchema (`cimsim describe`, type and range checks of the config reader),
//   - the reader: table.read(section, s) fills every member that applies, in table order,
//   - the config key of a member (energy and area sources in reports): core::source(s, &S::m),
//   - the check that a default-constructed S holds the schema's defaults (tests run it for every
//     component `cimsim describe` lists: ComponentSchema::default_mismatches).
//
//   static const core::ParamTable<DramParams> t{
//       "dram", "chip.dram", "off-chip DRAM",
//       {core::real_field(&DramParams::latency_ns, "latency_ns", "ns", "50", 0, 1e6, "...")}};
//
// Defaults live in the table only; struct initializers must repeat them (the test enforces it),
// so a struct built in code and a struct read from an empty section are the same.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/core/config.h"
#include "sim/core/params.h"

namespace cimsim::core {

template <class S>
struct Field {
  ParamSpec spec;
  std::ptrdiff_t offset = 0;                           // of the member in S
  std::function<void(S&, const ConfigSection&)> read;  // reads spec.key into the member
  std::function<bool(const S&)> holds_default;         // member == spec.default_value
  std::function<std::string(const S&)> show;           // member in the schema's notation
  std::function<bool(const S&)> applies;               // empty: always read

  // Read only when `pred` holds for what was read before it (e.g. a mode chosen above).
  Field&& when(std::function<bool(const S&)> pred) && {
    applies = std::move(pred);
    return std::move(*this);
  }
};

namespace detail {
template <class S, class T>
std::ptrdiff_t offset_of(T S::*m) {
  static const S probe{};
  return reinterpret_cast<const char*>(&(probe.*m)) - reinterpret_cast<const char*>(&probe);
}
template <class S, class T>
Field<S> make_field(T S::*m, const ParamSpec& spec) {
  Field<S> f;
  f.spec = spec;
  f.offset = offset_of(m);
  return f;
}
}  // namespace detail

// Integer parameters into any integral member (int, int64_t, uint64_t).
template <class S, class T>
Field<S> int_field(T S::*m, std::string key, std::string unit, std::string def, double min,
                   double max, std::string description) {
  static_assert(std::is_integral_v<T>, "int_field needs an integral member");
  Field<S> f = detail::make_field(m, int_param(std::move(key), std::move(unit), std::move(def), min,
                                               max, std::move(description)));
  const std::string k = f.spec.key;
  f.read = [m, k](S& s, const ConfigSection& c) { s.*m = static_cast<T>(c.get_int(k)); };
  const std::string d = f.spec.default_value;
  f.holds_default = [m, d](const S& s) {
    return !d.empty() && static_cast<long long>(s.*m) == std::stoll(d);
  };
  f.show = [m](const S& s) { return std::to_string(s.*m); };
  return f;
}

template <class S>
Field<S> real_field(double S::*m, std::string key, std::string unit, std::string def, double min,
                    double max, std::string description) {
  Field<S> f = detail::make_field(m, real_param(std::move(key), std::move(unit), std::move(def),
                                                min, max, std::move(description)));
  const std::string k = f.spec.key;
  f.read = [m, k](S& s, const ConfigSection& c) { s.*m = c.get_real(k); };
  const std::string d = f.spec.default_value;
  f.holds_default = [m, d](const S& s) { return !d.empty() && s.*m == std::stod(d); };
  f.show = [m](const S& s) { return format_bound(s.*m); };
  return f;
}

template <class S>
Field<S> bool_field(bool S::*m, std::string key, std::string def, std::string description) {
  Field<S> f =
      detail::make_field(m, bool_param(std::move(key), std::move(def), std::move(description)));
  const std::string k = f.spec.key;
  f.read = [m, k](S& s, const ConfigSection& c) { s.*m = c.get_bool(k); };
  const std::string d = f.spec.default_value;
  f.holds_default = [m, d](const S& s) { return (s.*m ? "true" : "false") == d; };
  f.show = [m](const S& s) { return std::string(s.*m ? "true" : "false"); };
  return f;
}

template <class S>
Field<S> string_field(std::string S::*m, std::string key, std::string def,
                      std::string description) {
  Field<S> f =
      detail::make_field(m, string_param(std::move(key), std::move(def), std::move(description)));
  const std::string k = f.spec.key;
  f.read = [m, k](S& s, const ConfigSection& c) { s.*m = c.get_string(k); };
  const std::string d = f.spec.default_value;
  f.holds_default = [m, d](const S& s) { return s.*m == d; };
  f.show = [m](const S& s) { return s.*m; };
  return f;
}

// A Choice stored as an enum (or any value type): each allowed text with the value it means.
template <class S, class E>
Field<S> choice_field(E S::*m, std::string key, std::string def,
                      std::vector<std::pair<std::string, E>> choices, std::string description) {
  std::vector<std::string> names;
  names.reserve(choices.size());
  for (const auto& c : choices) names.push_back(c.first);
  Field<S> f = detail::make_field(
      m, choice_param(std::move(key), std::move(def), std::move(names), std::move(description)));
  const std::string k = f.spec.key;
  f.read = [m, k, choices](S& s, const ConfigSection& c) {
    const std::string text = c.get_string(k);  // checked against the choices
    for (const auto& [name, value] : choices)
      if (name == text) s.*m = value;
  };
  auto name_of = [m, choices](const S& s) {
    for (const auto& [name, value] : choices)
      if (value == s.*m) return name;
    return std::string("(not one of the choices)");
  };
  const std::string d = f.spec.default_value;
  f.holds_default = [name_of, d](const S& s) { return name_of(s) == d; };
  f.show = name_of;
  return f;
}

// A Choice stored as its text.
template <class S>
Field<S> choice_text_field(std::string S::*m, std::string key, std::string def,
                           const std::vector<std::string>& choices, std::string description) {
  std::vector<std::pair<std::string, std::string>> pairs;
  pairs.reserve(choices.size());
  for (const std::string& c : choices) pairs.emplace_back(c, c);
  return choice_field(m, std::move(key), std::move(def), std::move(pairs), std::move(description));
}

template <class S>
class ParamTable {
 public:
  ParamTable(std::string name, std::string yaml_path, std::string description,
             std::vector<Field<S>> fields, std::vector<std::string> children = {})
      : m_fields(std::move(fields)) {
    m_schema.name = std::move(name);
    m_schema.yaml_path = std::move(yaml_path);
    m_schema.description = std::move(description);
    for (const Field<S>& f : m_fields) m_schema.params.push_back(f.spec);
    m_schema.children = std::move(children);
    m_schema.default_mismatches = [this] { return default_mismatches(); };
  }
  ParamTable(const ParamTable&) = delete;  // the schema refers back to this table
  ParamTable& operator=(const ParamTable&) = delete;

  const ComponentSchema& schema() const { return m_schema; }

  // Fills every member whose field applies (fields apply in table order, so a `when` sees the
  // members read before it). Cross-field checks stay with the caller.
  void read(const ConfigSection& section, S& out) const {
    for (const Field<S>& f : m_fields)
      if (!f.applies || f.applies(out)) f.read(out, section);
  }

  // The schema key of member `m`; std::logic_error if the table does not bind it.
  template <class T>
  const std::string& key_of(T S::*m) const {
    const std::ptrdiff_t off = detail::offset_of(m);
    for (const Field<S>& f : m_fields)
      if (f.offset == off) return f.spec.key;
    throw std::logic_error("component '" + m_schema.name + "' binds no member at that offset");
  }

  // "key: struct default X, schema default Y" for every optional field where a
  // default-constructed S disagrees with the schema.
  std::vector<std::string> default_mismatches() const {
    const S fresh{};
    std::vector<std::string> out;
    for (const Field<S>& f : m_fields)
      if (!f.spec.required() && !f.holds_default(fresh))
        out.push_back(f.spec.key + ": struct default " + f.show(fresh) + ", schema default " +
                      f.spec.default_value);
    return out;
  }

 private:
  std::vector<Field<S>> m_fields;
  ComponentSchema m_schema;
};

// The config key a member came from: "<where the struct was read>.<its key>", e.g.
// source(p.adc, &AdcParams::area_um2) == "chip.tile.pe.adc.area_um2". S needs a `path` member
// (the section it was read from) and a `param_table(const S&)` function next to it (found by
// argument-dependent lookup) returning its ParamTable.
template <class S, class T>
std::string source(const S& params, T S::*m) {
  const std::string& key = param_table(params).key_of(m);
  return params.path.empty() ? key : params.path + "." + key;
}

// Several keys of one struct: "<path>.{a,b,c}", e.g. for a figure made of several parameters.
template <class S, class... T>
std::string sources(const S& params, T S::*... members) {
  std::string keys;
  ((keys += (keys.empty() ? "" : ",") + param_table(params).key_of(members)), ...);
  return (params.path.empty() ? "" : params.path + ".") + "{" + keys + "}";
}

}  // namespace cimsim::core
