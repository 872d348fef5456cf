#include "app/describe_limits.h"

#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/errors.h"
#include "sim/core/limits.h"

namespace cimsim::app {

void print_limits(OutputFormat format) {
  namespace limits = core::limits;
  if (format == OutputFormat::Csv)
    throw core::InputError("describe: --format csv is not offered (use table or json)");
  if (format == OutputFormat::Json) {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const limits::Limit* l : limits::kAll)
      all.push_back({{"limit", l->name},
                     {"value", l->value},
                     {"unit", l->unit},
                     {"description", l->meaning}});
    std::cout << all.dump(2) << "\n";
    return;
  }
  std::cout << "limits  (inputs past one stop with exit code 2 and the limit's name)\n";
  std::cout << fmt::format("  {:<17}  {:>12}  {:<9}  {}\n", "limit", "value", "unit",
                           "description");
  for (const limits::Limit* l : limits::kAll)
    std::cout << fmt::format("  {:<17}  {:>12}  {:<9}  {}\n", l->name, l->value, l->unit,
                             l->meaning);
}

}  // namespace cimsim::app
