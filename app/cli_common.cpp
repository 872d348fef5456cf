#include "app/cli_common.h"

#include <cerrno>
#include <cstdlib>
#include <iostream>

#include "app/run_names.h"
#include "sim/core/config.h"
#include "sim/core/errors.h"

namespace po = boost::program_options;

namespace cimsim::app {

OutputFormat CommonOptions::output_format(bool html_too) const {
  if (format == "table") return OutputFormat::Table;
  if (format == "json") return OutputFormat::Json;
  if (format == "csv") return OutputFormat::Csv;
  throw core::InputError(std::string("--format: expected one of table, json, csv") +
                         (html_too ? ", html" : "") + ", got '" + format + "'");
}

std::vector<std::string> CommonOptions::overrides() const {
  std::vector<std::string> all;
  for (const std::string& u : unsets) all.push_back(core::unset_override(u));
  all.insert(all.end(), sets.begin(), sets.end());
  return all;
}

namespace {
// --seed: a whole number 0..2^64-1 written in decimal digits; boost would read "-1" as 2^64-1.
void parse_seed(const std::string& text, uint64_t& seed) {
  const std::string expected = "--seed: expected a whole number from 0 to 18446744073709551615";
  bool digits = !text.empty() && text.size() <= 20;
  for (char c : text) digits &= (c >= '0' && c <= '9');
  if (!digits) throw po::error(expected + ", got '" + text + "'");
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (errno == ERANGE || *end != '\0') throw po::error(expected + ", got '" + text + "'");
  seed = v;
}
}  // namespace

void add_common_options(po::options_description& desc, CommonOptions& opts, bool html) {
  desc.add_options()("help,h", "print this help")(
      "config",
      po::value(&opts.config)->value_name("FILE|NAME")->notifier([&opts](const std::string& v) {
        opts.config = resolve_config_name(v);
      }),
      "hardware config: a YAML file or a bundled name (configs/NAME.yaml)")(
      "set", po::value(&opts.sets)->composing()->value_name("KEY=VALUE"),
      "override a config value, e.g. --set chip.clock_MHz=400 (repeatable)")(
      "unset", po::value(&opts.unsets)->composing()->value_name("KEY"),
      "remove a config value or section before the --set values are applied, e.g. to switch a "
      "mode: --unset chip.tile.pe.adc.energy_per_conversion_pJ (repeatable)")(
      "out", po::value(&opts.out)->value_name("DIR"), "output folder (default results/<run-name>)")(
      "format", po::value(&opts.format)->value_name("FMT"),
      html ? "stdout format: table|json|csv|html (html: the path of the results folder's "
             "report.html)"
           : "stdout format: table|json|csv")("quiet", po::bool_switch(&opts.quiet),
                                              "print nothing but errors")(
      "seed", po::value<std::string>()->value_name("N")->notifier([&opts](const std::string& t) {
        parse_seed(t, opts.seed);
      }),
      "seed of the random draws (synthetic NoC traffic, device non-idealities; default 1)");
}

bool parse_verb_options(int argc, char** argv, const po::options_description& desc,
                        const po::positional_options_description* positional, po::variables_map& vm,
                        const char* usage_line) {
  const std::string verb = argc > 0 ? argv[0] : "cimsim";
  try {
    po::command_line_parser parser(argc, argv);  // skips argv[0], the verb
    parser.options(desc);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), vm);
    if (vm.count("help")) {
      std::cout << "usage: " << usage_line << "\n\n" << desc << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw core::InputError("cimsim " + verb + ": " + e.what() + " (see cimsim " + verb +
                           " --help)");
  }
  return true;
}

int not_built_yet(const char* verb, const char* issue_title) {
  std::cerr << "cimsim " << verb << ": not built yet (" << issue_title << ")\n";
  return 2;
}

}  // namespace cimsim::app
