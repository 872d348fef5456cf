// `cimsim describe [COMPONENT]`: every parameter with unit, default, range and meaning.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/cli_common.h"
#include "app/describe_limits.h"
#include "app/verbs.h"
#include "sim/chip/chip_config.h"
#include "sim/core/errors.h"

namespace cimsim::app {

namespace {

std::string type_text(const core::ParamSpec& p) {
  switch (p.type) {
    case core::ParamType::Int:
      return "int";
    case core::ParamType::Real:
      return "real";
    case core::ParamType::Bool:
      return "bool";
    case core::ParamType::String:
      return "string";
    case core::ParamType::Choice: {
      std::string s;
      for (const std::string& c : p.choices) s += (s.empty() ? "" : "|") + c;
      return s;
    }
  }
  return "?";
}

std::string range_text(const core::ParamSpec& p) {
  if (p.type != core::ParamType::Int && p.type != core::ParamType::Real) return "";
  return "[" + core::format_bound(p.min) + ", " + core::format_bound(p.max) + "]";
}

void print_table(const core::ComponentSchema& s) {
  std::cout << s.name << "  (" << (s.yaml_path.empty() ? "top level" : s.yaml_path) << ")\n  "
            << s.description << "\n";
  if (!s.children.empty()) {
    std::cout << "  sections:";
    for (const std::string& c : s.children) std::cout << " " << c;
    std::cout << "\n";
  }
  if (s.named_children)
    std::cout << "  sections: one per NAME of your choice, each a '" << s.named_children->name
              << "'\n";
  size_t wk = 3, wt = 4, wd = 7, wu = 4, wr = 5;
  for (const core::ParamSpec& p : s.params) {
    wk = std::max(wk, p.key.size());
    wt = std::max(wt, type_text(p).size());
    wd = std::max(wd, p.required() ? 8 : p.default_value.size());
    wu = std::max(wu, p.unit.size());
    wr = std::max(wr, range_text(p).size());
  }
  if (s.params.empty()) return void(std::cout << "\n");
  std::cout << fmt::format("  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", "key", wk, "type", wt,
                           "unit", wu, "default", wd, "range", wr, "description");
  for (const core::ParamSpec& p : s.params)
    std::cout << fmt::format("  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", p.key, wk,
                             type_text(p), wt, p.unit.empty() ? "-" : p.unit, wu,
                             p.required() ? "required" : p.default_value, wd, range_text(p), wr,
                             p.description);
  std::cout << "\n";
}

nlohmann::ordered_json to_json(const core::ComponentSchema& s) {
  nlohmann::ordered_json j;
  j["component"] = s.name;
  j["path"] = s.yaml_path;
  j["description"] = s.description;
  j["sections"] = s.children;
  if (s.named_children) j["named_sections"] = s.named_children->name;
  j["parameters"] = nlohmann::ordered_json::array();
  for (const core::ParamSpec& p : s.params) {
    nlohmann::ordered_json q;
    q["key"] = p.key;
    q["type"] = type_text(p);
    q["unit"] = p.unit;
    q["default"] =
        p.required() ? nlohmann::ordered_json() : nlohmann::ordered_json(p.default_value);
    q["required"] = p.required();
    if (!range_text(p).empty()) q["range"] = {core::format_bound(p.min), core::format_bound(p.max)};
    q["description"] = p.description;
    j["parameters"].push_back(q);
  }
  return j;
}

}  // namespace

int verb_describe(int argc, char** argv) {
  namespace po = boost::program_options;
  CommonOptions opts;
  std::string component;
  po::options_description desc("cimsim describe options");
  desc.add_options()("help,h", "print this help")(
      "format", po::value(&opts.format)->value_name("FMT"), "table|json")(
      "component", po::value(&component)->value_name("NAME"), "one component only");
  po::positional_options_description pos;
  pos.add("component", 1);
  po::variables_map vm;
  if (!parse_verb_options(argc, argv, desc, &pos, vm,
                          "cimsim describe [COMPONENT] [--format table|json]"))
    return 0;
  const OutputFormat format = opts.output_format();
  if (component == "limits") return print_limits(format), 0;
  std::vector<const core::ComponentSchema*> shown;
  std::string names;
  for (const core::ComponentSchema* s : chip::all_schemas()) {
    names += (names.empty() ? "" : ", ") + s->name;
    if (component.empty() || s->name == component) shown.push_back(s);
  }
  if (shown.empty())
    throw core::InputError("describe: unknown component '" + component +
                           "' (expected one of: " + names + ", limits)");
  if (format == OutputFormat::Json) {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const core::ComponentSchema* s : shown) all.push_back(to_json(*s));
    std::cout << all.dump(2) << "\n";
  } else if (format == OutputFormat::Csv) {
    throw core::InputError("describe: --format csv is not offered (use table or json)");
  } else {
    if (component.empty())
      std::cout
          << "Config keys carry their unit as a suffix (clock_MHz, read_energy_pJ, area_mm2).\n\n";
    for (const core::ComponentSchema* s : shown) print_table(*s);
  }
  return 0;
}

}  // namespace cimsim::app
