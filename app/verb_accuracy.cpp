// `cimsim accuracy --config C --net N --data D [--weights W]`: values through the mapped chip.
// The exact integer reference and the chip (every matrix layer through the functional models of
// the arrays that hold its weights) run on every image; the verb prints both top-1 accuracies,
// their agreement and the output error, over Monte Carlo trials of the device draws
// (--trials), and as a sweep over config keys (--sweep KEY=V1,V2,...) into one CSV.
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "app/cli_common.h"
#include "app/functional_run.h"
#include "app/verbs.h"
#include "sim/core/atomic_output.h"
#include "sim/core/errors.h"

namespace cimsim::app {

namespace {

namespace po = boost::program_options;

struct Sweep {
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> values;
};

Sweep parse_sweep(const std::vector<std::string>& specs) {
  Sweep s;
  for (const std::string& spec : specs) {
    const size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
      throw core::InputError("--sweep " + spec + ": expected KEY=V1,V2,...");
    s.keys.push_back(spec.substr(0, eq));
    std::vector<std::string> vals;
    std::stringstream ss(spec.substr(eq + 1));
    std::string v;
    while (std::getline(ss, v, ','))
      if (!v.empty()) vals.push_back(v);
    if (vals.empty()) throw core::InputError("--sweep " + spec + ": no values");
    s.values.push_back(vals);
  }
  return s;
}

FunctionalResult run_point(CommonOptions opts, const RunInputs& in, const FunctionalInputs& f,
                           const std::vector<std::string>& sets) {
  opts.sets = sets;
  return run_functional(prepare_run(opts, in), f, opts.seed);
}

}  // namespace

int verb_accuracy(int argc, char** argv) {
  CommonOptions opts;
  RunInputs in;
  FunctionalInputs f;
  std::vector<std::string> sweep_specs;
  std::string csv_path;
  po::options_description desc("cimsim accuracy options");
  add_common_options(desc, opts);
  add_run_input_options(desc, in);
  add_functional_options(desc, f, "images");
  desc.add_options()("sweep", po::value(&sweep_specs)->value_name("KEY=V1,V2,..."),
                     "sweep a config key (repeatable: the product of all) into one CSV")(
      "csv", po::value(&csv_path)->value_name("FILE"),
      "where the sweep's CSV goes (default results/accuracy-<chip>-<net>.csv)");
  po::variables_map vm;
  if (!parse_verb_options(argc, argv, desc, nullptr, vm,
                          "cimsim accuracy --config FILE --net NAME|FILE --data FILE|random:N "
                          "[--weights FILE] [options]"))
    return 0;
  const OutputFormat format = opts.output_format();
  check_functional_options(f, vm, "images");
  const Sweep sweep = parse_sweep(sweep_specs);
  if (sweep.keys.empty()) {
    const FunctionalResult p = run_point(opts, in, f, opts.sets);
    if (opts.quiet) return 0;
    if (format == OutputFormat::Json)
      std::cout << functional_json(p).dump(2) << "\n";
    else
      std::cout << functional_table(p);
    return 0;
  }

  // The product of the swept values, first key slowest.
  std::string csv;
  for (const std::string& k : sweep.keys) csv += k + ",";
  csv +=
      "network,chip,images,trials,reference_top1,chip_top1,chip_top1_ci95,agreement,"
      "agreement_ci95,exact_outputs,rms_output_error_lsb\n";
  std::vector<size_t> idx(sweep.keys.size(), 0);
  std::string chip_name, net_name;
  for (;;) {
    std::vector<std::string> sets = opts.sets;
    std::string row;
    for (size_t i = 0; i < idx.size(); ++i) {
      sets.push_back(sweep.keys[i] + "=" + sweep.values[i][idx[i]]);
      row += sweep.values[i][idx[i]] + ",";
    }
    const FunctionalResult p = run_point(opts, in, f, sets);
    chip_name = p.chip;
    net_name = p.net;
    csv += row + fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", p.net, p.chip, p.images,
                             p.trials, p.ref_top1, p.chip_top1.mean, p.chip_top1.half_width,
                             p.agreement.mean, p.agreement.half_width, p.exact.mean, p.rms.mean);
    if (!opts.quiet)
      std::cerr << fmt::format("accuracy: {} chip top-1 {:.4f} ± {:.4f}, agreement {:.4f}\n", row,
                               p.chip_top1.mean, p.chip_top1.half_width, p.agreement.mean);
    size_t k = idx.size();
    while (k > 0 && ++idx[k - 1] == sweep.values[k - 1].size()) idx[--k] = 0;
    if (k == 0) break;
  }
  const std::string path =
      csv_path.empty() ? "results/accuracy-" + chip_name + "-" + net_name + ".csv" : csv_path;
  core::write_file_atomically(path, csv);
  if (!opts.quiet) std::cout << (format == OutputFormat::Csv ? csv : "wrote " + path + "\n");
  return 0;
}

}  // namespace cimsim::app
