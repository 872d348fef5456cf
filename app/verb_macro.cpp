// `cimsim macro --config C`: one array (crossbar or macro) and one PE in isolation: peak GOPS,
// TOPS/W, area, TOPS/mm² with energy and area breakdowns (how a circuit designer calibrates a
// config against silicon). Only chip.tile.pe is evaluated, but the whole config is read and
// checked like for a run.
#include <iostream>

#include "app/cli_common.h"
#include "app/verbs.h"
#include "sim/chip/chip_config.h"
#include "sim/chip/peak_report.h"
#include "sim/core/atomic_output.h"
#include "sim/core/errors.h"
#include "sim/pe/macro_report.h"

namespace cimsim::app {

int verb_macro(int argc, char** argv) {
  namespace po = boost::program_options;
  CommonOptions opts;
  std::string data = "typical";
  po::options_description desc("cimsim macro options");
  desc.add_options()("data", po::value<std::string>(&data)->default_value("typical"),
                     "operand data the energies are for: best (all-zero bits), typical (bit "
                     "densities 0.5), worst (all ones), or IN,W (input and weight bit densities)");
  add_common_options(desc, opts);
  po::variables_map vm;
  if (!parse_verb_options(argc, argv, desc, nullptr, vm, "cimsim macro --config FILE [options]"))
    return 0;
  const OutputFormat format = opts.output_format();
  if (opts.config.empty()) throw core::InputError("cimsim macro: --config FILE is required");

  const chip::ChipConfig cfg = chip::load_chip_config(opts.config, opts.overrides());
  pe::DataStats stats;
  if (!pe::parse_data_stats(data, stats))
    throw core::InputError(
        "cimsim macro: --data: expected best, typical, worst or IN,W with two "
        "bit densities in [0, 1], got '" +
        data + "'");
  const bool measured = data != "best" && data != "typical" && data != "worst";
  const pe::MacroReport report = pe::evaluate_macro(cfg.pe, stats, measured ? "measured" : data);
  const chip::PeakReport peak = chip::peak_report(cfg, report);
  nlohmann::ordered_json json = pe::macro_json(report);
  const nlohmann::ordered_json peak_j = chip::peak_json(peak);
  json["tile"] = peak_j["tile"];
  json["chip"] = peak_j["chip"];
  if (!opts.out.empty())
    core::write_folder_atomically(opts.out,
                                  {{"config.resolved.yaml", cfg.resolved_yaml()},
                                   {"macro.json", json.dump(2) + "\n"},
                                   {"macro.csv", pe::macro_csv(report)}},
                                  {opts.config});
  if (!opts.quiet) {
    if (format == OutputFormat::Json)
      std::cout << json.dump(2) << "\n";
    else if (format == OutputFormat::Csv)
      std::cout << pe::macro_csv(report);
    else
      std::cout << pe::format_macro_table(report) << chip::format_peak_table(peak);
  }
  return 0;
}

}  // namespace cimsim::app
