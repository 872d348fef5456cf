// `cimsim run --config C --net N` (also `cimsim --config C --net N`): map, simulate, report.
#include <cmath>
#include <filesystem>
#include <iostream>
#include <optional>

#include "app/cli_common.h"
#include "app/functional_run.h"
#include "app/run_names.h"
#include "app/run_setup.h"
#include "app/verbs.h"
#include "sim/chip/chip_sim.h"
#include "sim/chip/run_report.h"
#include "sim/chip/stage_plan.h"
#include "sim/chip/trace_recorder.h"
#include "sim/core/atomic_output.h"
#include "sim/core/errors.h"
#include "sim/core/sc_support.h"
#include "sim/report/html_report.h"

namespace cimsim::app {

int verb_run(int argc, char** argv) {
  namespace po = boost::program_options;
  CommonOptions opts;
  RunInputs in;
  int64_t images = 2;
  bool force = false;
  bool hierarchy = false;
  std::string trace_file;
  bool functional = false;
  FunctionalInputs fin;
  po::options_description desc("cimsim run options");
  add_common_options(desc, opts, /*html=*/true);
  add_run_input_options(desc, in);
  po::options_description fdesc("functional run (--functional; docs/accuracy.md)");
  fdesc.add_options()("functional", po::bool_switch(&functional),
                      "also compute values: weights and data through the mapped arrays, "
                      "reported as report.json's functional section");
  add_functional_options(fdesc, fin, "functional-images");
  desc.add(fdesc);
  desc.add_options()(
      "images", po::value(&images)->value_name("N"),
      "images streamed through the pipeline (default 2: latency of the first; the "
      "steady-state interval is bounded by the busiest resource, docs/architecture.md)")(
      "force", po::bool_switch(&force),
      "replace the default results folder even when it holds a run of another config")(
      "hierarchy", po::bool_switch(&hierarchy),
      "print the elaborated SystemC module tree (chip -> tiles -> PEs -> arrays, NoC routers, "
      "the modules holding the processes) with counts, and stop: nothing is simulated or "
      "written")(

      "trace", po::value(&trace_file)->value_name("FILE"),
      "also write the run's timeline as Chrome trace-event JSON (open it in Perfetto or "
      "chrome://tracing; docs/visualizing.md); FILE.vcd: a VCD for waveform viewers instead. "
      "--format html prints the path of the "
      "results folder's report.html and records its charts over time");
  po::variables_map vm;
  if (!parse_verb_options(argc, argv, desc, nullptr, vm,
                          "cimsim [run] --config FILE --net NAME|FILE [options]"))
    return 0;
  const bool html = opts.format == "html";  // stdout: the path of report.html
  const OutputFormat format = html ? OutputFormat::Table : opts.output_format(/*html_too=*/true);
  if (images < 1 || images > 1000000)
    throw core::InputError("--images: expected 1..1000000, got " + std::to_string(images));

  if (!trace_file.empty()) {  // fail before the run, not after it
    const std::filesystem::path dir = std::filesystem::path(trace_file).parent_path();
    std::error_code
        ec;  // a name the OS refuses (e.g. too long) is bad input, not an internal error
    if (!dir.empty() && !std::filesystem::is_directory(dir, ec))
      throw core::InputError("--trace " + trace_file + ": folder '" + dir.string() +
                             "' does not exist");
    if (std::filesystem::is_directory(trace_file, ec))
      throw core::InputError("--trace " + trace_file + ": is a folder (expected a file name)");
  }
  if (functional) check_functional_options(fin, vm, "functional-images");
  in.images = images;  // hybrid's estimate is of this run
  RunSetup setup = prepare_run(opts, in);
  if (hierarchy) {
    std::cout << chip::elaborated_hierarchy(setup.plan, setup.mapping, setup.cfg.chip,
                                            setup.cfg.noc, chip::RunOptions{images});
    return 0;
  }
  // Checked and locked before simulating: a refused or busy --out costs nothing.
  if (opts.out.empty()) guard_default_results_dir(setup.out_dir, setup.cfg.resolved_yaml(), force);
  core::OutputFolder out(setup.out_dir, setup.inputs);
  // Recording over time costs a few % of the run, so only when asked for: --trace keeps every
  // interval, --format html (and --trace) the binned profile report.html draws over time.
  // Without it the run has no recorder (RunOptions::trace null: its hooks cost nothing) and
  // report.html shows what needs no recording.
  const bool record = html || !trace_file.empty();
  chip::TraceRecorder recorder(!trace_file.empty(), trace_file.empty() ? 1024 : 4096);
  if (record)
    recorder.set_plan(setup.plan, setup.cfg.chip.cycle_ns(), setup.cfg.chip.dram.bandwidth_GBps,
                      static_cast<int64_t>(std::llround(1e6 / setup.cfg.noc.clock_MHz)));
  // The functional run goes first so that the operand statistics it measures reach the energy
  // model (Layer::stats), which then charges the data the network really sees.
  std::optional<FunctionalResult> fres;
  if (functional) {
    fres = run_functional(setup, fin, opts.seed);
    apply_measured_activity(*fres, setup.net);
    // The plan carries each layer's per-MVM energy events: rebuilt so they follow the data.
    setup.plan = chip::build_plan(setup.net, setup.mapping, setup.cfg.chip, setup.pe);
  }
  chip::RunResult result = chip::simulate(setup.plan, setup.mapping, setup.cfg.chip, setup.cfg.noc,
                                          chip::RunOptions{images, record ? &recorder : nullptr});
  core::restore_main_stack_for_asan();
  const chip::ReportContext ctx{setup.net,      setup.mapping, setup.plan,
                                setup.cfg.chip, setup.pe,      setup.cfg.noc,
                                setup.run_name, opts.config,   opts.seed};
  chip::account_energy(result, ctx);
  nlohmann::ordered_json report = chip::report_json(result, ctx);
  if (fres) report["functional"] = functional_json(*fres);
  const std::string table = chip::report_table(report);
  const std::string csv = chip::layers_csv(report);
  out.write({{"config.resolved.yaml", setup.cfg.resolved_yaml()},
             {"mapping.yaml", setup.mapping_yaml},
             {"layers.csv", csv},
             {"report.json", report.dump(2) + "\n"},
             {"report.html",
              report::run_report_html(report, result, setup.cfg.noc, recorder.profile())}});
  if (!trace_file.empty()) {
    try {
      const bool vcd = trace_file.size() > 4 && trace_file.substr(trace_file.size() - 4) == ".vcd";
      core::write_file_atomically(trace_file, vcd ? recorder.trace_vcd(setup.run_name)
                                                  : recorder.trace_json(setup.run_name));
    } catch (const std::filesystem::filesystem_error& e) {
      throw core::InputError("--trace " + trace_file + ": cannot write file (" + e.what() + ")");
    }
  }
  if (!opts.quiet) {
    if (html)
      std::cout << setup.out_dir << "/report.html\n";
    else if (format == OutputFormat::Json)
      std::cout << report.dump(2) << "\n";
    else if (format == OutputFormat::Csv)
      std::cout << csv;
    else
      std::cout << table << "\n  results: " << setup.out_dir << "/\n";
  }
  return 0;
}

}  // namespace cimsim::app
