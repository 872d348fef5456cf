// `cimsim macro --config C`: one array (crossbar or macro) and one PE in isolation: peak GOPS,
// TOPS/W, area, TOPS/mm² with energy and area breakdowns (how a circuit designer calibrates a
// config against silicon). Only one PE is evaluated (chip.tile.pe, or a further tile kind's with
// --kind), but the whole config is read and checked like for a run.
#include <iostream>

#include "app/cli_common.h"
#include "app/verbs.h"
#include "sim/arch/tile_kinds.h"
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
  std::string kind = chip::kDefaultKind;
  po::options_description desc("cimsim macro options");
  desc.add_options()("data", po::value<std::string>(&data)->default_value("typical"),
                     "operand data the energies are for: best (all-zero bits), typical (bit "
                     "densities 0.5), worst (all ones), or IN,W (input and weight bit densities)")(
      "kind", po::value<std::string>(&kind)->default_value(chip::kDefaultKind),
      "the PE of this tile kind (chip.tile_kinds.NAME; default: chip.tile.pe)");
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
  const int k = chip::kind_index(cfg.chip, kind);
  if (k < 0)
    throw core::InputError("cimsim macro: --kind: no tile kind '" + kind + "' in " + opts.config);
  const pe::PeParams& pe_params = k == 0 ? cfg.pe : cfg.kind_pes.at(static_cast<size_t>(k - 1));
  const pe::MacroReport report = pe::evaluate_macro(pe_params, stats, measured ? "measured" : data);
  // The tile and chip peaks assume every tile holds this PE: a chip of several kinds has none.
  const bool one_kind = cfg.chip.tile_kinds.empty();
  const chip::PeakReport peak = one_kind ? chip::peak_report(cfg, report) : chip::PeakReport{};
  nlohmann::ordered_json json = pe::macro_json(report);
  if (one_kind) {
    const nlohmann::ordered_json peak_j = chip::peak_json(peak);
    json["tile"] = peak_j["tile"];
    json["chip"] = peak_j["chip"];
  } else {
    json["tile_kind"] = kind;
  }
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
      std::cout << pe::format_macro_table(report)
                << (one_kind ? chip::format_peak_table(peak)
                             : "\n(tile kind " + kind +
                                   "; no tile or chip peak for a chip of several tile kinds: "
                                   "`cimsim run` reports the chip)\n");
  }
  return 0;
}

}  // namespace cimsim::app
