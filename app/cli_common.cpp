#include "app/cli_common.h"

#include <iostream>

#include "app/run_names.h"
#include "sim/core/errors.h"

namespace po = boost::program_options;

namespace cimsim::app {

OutputFormat CommonOptions::output_format() const {
  if (format == "table") return OutputFormat::Table;
  if (format == "json") return OutputFormat::Json;
  if (format == "csv") return OutputFormat::Csv;
  throw core::InputError("--format: expected one of table, json, csv, got '" + format + "'");
}

void add_common_options(po::options_description& desc, CommonOptions& opts) {
  desc.add_options()("help,h", "print this help")(
      "config",
      po::value(&opts.config)->value_name("FILE|NAME")->notifier([&opts](const std::string& v) {
        opts.config = resolve_config_name(v);
      }),
      "hardware config: a YAML file or a bundled name (configs/NAME.yaml)")(
      "set", po::value(&opts.sets)->composing()->value_name("KEY=VALUE"),
      "override a config value, e.g. --set chip.clock_MHz=400 (repeatable)")(
      "out", po::value(&opts.out)->value_name("DIR"), "output folder (default results/<run-name>)")(
      "format", po::value(&opts.format)->value_name("FMT"), "stdout format: table|json|csv")(
      "quiet", po::bool_switch(&opts.quiet), "print nothing but errors")(
      "seed", po::value(&opts.seed)->value_name("N"),
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
