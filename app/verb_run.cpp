// `cimsim run --config C --net N` (also `cimsim --config C --net N`): map, simulate, report.
#include <iostream>

#include "app/cli_common.h"
#include "app/run_setup.h"
#include "app/verbs.h"
#include "sim/chip/chip_sim.h"
#include "sim/chip/run_report.h"
#include "sim/core/atomic_output.h"
#include "sim/core/errors.h"
#include "sim/core/sc_support.h"

namespace cimsim::app {

int verb_run(int argc, char** argv) {
  namespace po = boost::program_options;
  CommonOptions opts;
  RunInputs in;
  int64_t images = 2;
  po::options_description desc("cimsim run options");
  add_common_options(desc, opts);
  add_run_input_options(desc, in);
  desc.add_options()(
      "images", po::value(&images)->value_name("N"),
      "images streamed through the pipeline (default 2: latency of the first; the "
      "steady-state interval is bounded by the busiest resource, docs/architecture.md)");
  po::variables_map vm;
  if (!parse_verb_options(argc, argv, desc, nullptr, vm,
                          "cimsim [run] --config FILE --net NAME|FILE [options]"))
    return 0;
  const OutputFormat format = opts.output_format();
  if (images < 1 || images > 1000000)
    throw core::InputError("--images: expected 1..1000000, got " + std::to_string(images));

  RunSetup setup = prepare_run(opts, in);
  // Checked and locked before simulating: a refused or busy --out costs nothing.
  core::OutputFolder out(setup.out_dir, setup.inputs);
  chip::RunResult result = chip::simulate(setup.plan, setup.mapping, setup.cfg.chip, setup.cfg.noc,
                                          chip::RunOptions{images});
  core::restore_main_stack_for_asan();
  const chip::ReportContext ctx{setup.net,      setup.mapping, setup.plan,
                                setup.cfg.chip, setup.pe,      setup.cfg.noc,
                                setup.run_name, opts.config,   opts.seed};
  chip::account_energy(result, ctx);
  const nlohmann::ordered_json report = chip::report_json(result, ctx);
  const std::string table = chip::report_table(report);
  const std::string csv = chip::layers_csv(report);
  out.write({{"config.resolved.yaml", setup.cfg.resolved_yaml()},
             {"mapping.yaml", setup.mapping_yaml},
             {"layers.csv", csv},
             {"report.json", report.dump(2) + "\n"}});
  if (!opts.quiet) {
    if (format == OutputFormat::Json)
      std::cout << report.dump(2) << "\n";
    else if (format == OutputFormat::Csv)
      std::cout << csv;
    else
      std::cout << table << "\n  results: " << setup.out_dir << "/\n";
  }
  return 0;
}

}  // namespace cimsim::app
