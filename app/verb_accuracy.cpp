// `cimsim accuracy --config C --net N --data D [--weights W]`: values through the mapped chip.
// The exact integer reference and the chip (every matrix layer through the functional models of
// the arrays that hold its weights) run on every image; the verb prints both top-1 accuracies,
// their agreement and the output error, over Monte Carlo trials of the device draws
// (--trials), and as a sweep over config keys (--sweep KEY=V1,V2,...) into one CSV.
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/cli_common.h"
#include "app/run_setup.h"
#include "app/verbs.h"
#include "sim/core/atomic_output.h"
#include "sim/core/errors.h"
#include "sim/functional/accuracy.h"

namespace cimsim::app {

namespace {

namespace po = boost::program_options;
using functional::Image;

struct AccuracyOptions {
  std::string weights = "random";
  std::string data;
  std::string calib;
  int64_t images = -1;
  int64_t calib_images = -1;  // all of --calib, or the first 32 of --data
  int64_t trials = 1;
  std::vector<std::string> sweep;
  std::string csv;
  std::string dump;
};

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

struct PointResult {
  std::string net, chip;
  int64_t images = 0, labeled = 0, trials = 0;
  double ref_top1 = 0;
  functional::Interval chip_top1, agreement, exact, rms;
  functional::ChipEngineStats engine;
};

PointResult run_point(const CommonOptions& common, const RunInputs& in, const AccuracyOptions& a,
                      const std::vector<std::string>& sets, bool dump) {
  CommonOptions c = common;
  c.sets = sets;
  const RunSetup s = prepare_run(c, in);
  functional::QuantOptions qo;
  qo.activation_bits = static_cast<int>(s.cfg.chip.activation_bits);
  qo.weight_bits = s.cfg.pe.array.weight_bits;
  qo.signed_inputs = s.cfg.pe.array.signed_inputs;
  if (qo.activation_bits > s.cfg.pe.array.input_bits)
    throw core::InputError(
        fmt::format("functional run: chip.activation_bits ({}) exceeds the arrays' input_bits ({})",
                    qo.activation_bits, s.cfg.pe.array.input_bits));
  std::map<std::string, functional::NpyArray> weights;
  if (a.weights != "random") weights = functional::read_arrays(a.weights);
  functional::QuantNet qn(s.net, weights, a.weights, qo, c.seed);
  const std::vector<Image> data = functional::load_images(a.data, s.net.input, c.seed, a.images);
  const std::vector<Image> calib =
      a.calib.empty()
          ? std::vector<Image>(
                data.begin(),
                data.begin() + std::min<int64_t>(a.calib_images < 0 ? 32 : a.calib_images,
                                                 static_cast<int64_t>(data.size())))
          : functional::load_images(a.calib, s.net.input, c.seed + 1, a.calib_images);
  qn.calibrate(calib);
  const functional::ReferenceRun ref = functional::run_reference(qn, data);
  PointResult p;
  p.net = s.net.name;
  p.chip = s.cfg.chip.name;
  p.images = static_cast<int64_t>(data.size());
  p.labeled = ref.labeled;
  p.trials = a.trials;
  p.ref_top1 = ref.top1_accuracy();
  std::vector<double> top1, agree, exact, rms;
  for (int64_t t = 0; t < a.trials; ++t) {
    const functional::ChipRun r =
        functional::run_chip(qn, s.mapping, s.cfg.pe, s.cfg.chip.psum_bits,
                             functional::trial_seed(c.seed, t), data, ref, dump && t == 0);
    top1.push_back(r.top1_accuracy());
    agree.push_back(r.agreement());
    exact.push_back(r.exact_fraction());
    rms.push_back(r.rms_error_lsb);
    if (t == 0) p.engine = r.engine;
    if (dump && t == 0) {
      std::string csv = "image,label,output,reference,chip\n";
      for (size_t k = 0; k < data.size(); ++k)
        for (size_t i = 0; i < r.outputs[k].q.size(); ++i)
          csv += fmt::format("{},{},{},{},{}\n", k, data[k].label, i, ref.outputs[k].q[i],
                             r.outputs[k].q[i]);
      core::write_file_atomically(a.dump, csv);
    }
  }
  p.chip_top1 = functional::mean_interval(top1);
  p.agreement = functional::mean_interval(agree);
  p.exact = functional::mean_interval(exact);
  p.rms = functional::mean_interval(rms);
  return p;
}

std::string iv(const functional::Interval& v, int64_t trials) {
  return trials > 1 ? fmt::format("{:.4f} ± {:.4f}", v.mean, v.half_width)
                    : fmt::format("{:.4f}", v.mean);
}

}  // namespace

int verb_accuracy(int argc, char** argv) {
  CommonOptions opts;
  RunInputs in;
  AccuracyOptions a;
  po::options_description desc("cimsim accuracy options");
  add_common_options(desc, opts);
  add_run_input_options(desc, in);
  desc.add_options()("weights", po::value(&a.weights)->value_name("FILE|random"),
                     "weights: a .npz of arrays by layer name (float: quantized per layer; "
                     "int: taken as they are), or random (seeded; default)")(
      "data", po::value(&a.data)->value_name("FILE|random:N"),
      "images: a .npz with x (N,C,H,W) and optional labels y (N,), or random:N")(
      "calib", po::value(&a.calib)->value_name("FILE|random:N"),
      "calibration images for the activation scales (default: the first --calib-images "
      "images of --data)")("calib-images", po::value(&a.calib_images)->value_name("N"),
                           "calibration images used (default: all of --calib, 32 of --data)")(
      "images", po::value(&a.images)->value_name("N"), "use only the first N images of --data")(
      "trials", po::value(&a.trials)->value_name("N"),
      "Monte Carlo trials of the device draws, seeds derived from --seed (default 1)")(
      "sweep", po::value(&a.sweep)->value_name("KEY=V1,V2,..."),
      "sweep a config key (repeatable: the product of all) into one CSV")(
      "csv", po::value(&a.csv)->value_name("FILE"),
      "where the sweep's CSV goes (default results/accuracy-<chip>-<net>.csv)")(
      "dump", po::value(&a.dump)->value_name("FILE"),
      "write every image's outputs, reference and chip, as CSV (first trial)");
  po::variables_map vm;
  if (!parse_verb_options(argc, argv, desc, nullptr, vm,
                          "cimsim accuracy --config FILE --net NAME|FILE --data FILE|random:N "
                          "[--weights FILE] [options]"))
    return 0;
  const OutputFormat format = opts.output_format();
  if (a.data.empty()) throw core::InputError("cimsim accuracy: --data FILE|random:N is required");
  if (a.trials < 1 || a.trials > 10000)
    throw core::InputError("--trials: expected 1 to 10000, got " + std::to_string(a.trials));
  if (vm.count("calib-images") && a.calib_images < 1)
    throw core::InputError("--calib-images: expected at least 1, got " +
                           std::to_string(a.calib_images));
  if (vm.count("images") && a.images < 1)
    throw core::InputError("--images: expected at least 1, got " + std::to_string(a.images));

  const Sweep sweep = parse_sweep(a.sweep);
  if (sweep.keys.empty()) {
    const PointResult p = run_point(opts, in, a, opts.sets, !a.dump.empty());
    nlohmann::ordered_json j;
    j["network"] = p.net;
    j["chip"] = p.chip;
    j["images"] = p.images;
    j["labeled_images"] = p.labeled;
    j["trials"] = p.trials;
    j["reference_top1"] = p.ref_top1;
    j["chip_top1"] = {{"mean", p.chip_top1.mean}, {"ci95", p.chip_top1.half_width}};
    j["agreement"] = {{"mean", p.agreement.mean}, {"ci95", p.agreement.half_width}};
    j["exact_outputs"] = {{"mean", p.exact.mean}, {"ci95", p.exact.half_width}};
    j["rms_output_error_lsb"] = {{"mean", p.rms.mean}, {"ci95", p.rms.half_width}};
    j["array_mvms"] = p.engine.array_mvms;
    j["arrays_programmed"] = p.engine.arrays_programmed;
    j["psum_saturations"] = p.engine.psum_saturations;
    // Operand statistics measured in the first trial (the data-dependent energy model of the
    // component-model issue will take them; the timing run's energy does not use them yet).
    j["activity_basis"] = fmt::format("measured from {} images (first trial)", p.images);
    nlohmann::ordered_json acts = nlohmann::ordered_json::array();
    for (const functional::LayerActivity& act : p.engine.activity) {
      nlohmann::ordered_json h = nlohmann::ordered_json::array();
      size_t last = 0;
      for (size_t b = 0; b < act.output_log2.size(); ++b)
        if (act.output_log2[b]) last = b;
      for (size_t b = 0; b <= last; ++b) h.push_back(act.output_log2[b]);
      acts.push_back({{"layer", act.layer},
                      {"input_zero_fraction", act.input_zero_fraction()},
                      {"input_bit_density", act.input_bit_density()},
                      {"weight_zero_fraction", act.weight_zero_fraction()},
                      {"weight_bit_density", act.weight_bit_density()},
                      {"output_abs_log2_histogram", h}});
    }
    j["activity"] = acts;
    if (opts.quiet) return 0;
    if (format == OutputFormat::Json) {
      std::cout << j.dump(2) << "\n";
    } else {
      std::cout << fmt::format("accuracy: {} on {}, {} images ({} labeled), {} trial(s)\n", p.net,
                               p.chip, p.images, p.labeled, p.trials);
      if (p.labeled)
        std::cout << fmt::format("  reference top-1   {:.4f}  (exact integer arithmetic)\n",
                                 p.ref_top1)
                  << "  chip top-1        " << iv(p.chip_top1, p.trials) << "\n";
      std::cout << "  agreement         " << iv(p.agreement, p.trials)
                << "  (chip top-1 = reference top-1)\n"
                << "  exact outputs     " << iv(p.exact, p.trials)
                << "  (images whose every output equals the reference)\n"
                << "  output error      " << iv(p.rms, p.trials)
                << "  (RMS of chip - reference, output LSBs)\n"
                << fmt::format(
                       "  array MVMs        {} on {} programmed arrays; {} partial sums "
                       "saturated\n",
                       p.engine.array_mvms, p.engine.arrays_programmed, p.engine.psum_saturations);
    }
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
    const PointResult p = run_point(opts, in, a, sets, false);
    chip_name = p.chip;
    net_name = p.net;
    csv += row + fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", p.net, p.chip, p.images,
                             p.trials, p.ref_top1, p.chip_top1.mean, p.chip_top1.half_width,
                             p.agreement.mean, p.agreement.half_width, p.exact.mean, p.rms.mean);
    if (!opts.quiet)
      std::cerr << "accuracy: " << row << " chip top-1 " << iv(p.chip_top1, p.trials)
                << ", agreement " << iv(p.agreement, p.trials) << "\n";
    size_t k = idx.size();
    while (k > 0 && ++idx[k - 1] == sweep.values[k - 1].size()) idx[--k] = 0;
    if (k == 0) break;
  }
  const std::string path =
      a.csv.empty() ? "results/accuracy-" + chip_name + "-" + net_name + ".csv" : a.csv;
  core::write_file_atomically(path, csv);
  if (!opts.quiet) std::cout << (format == OutputFormat::Csv ? csv : "wrote " + path + "\n");
  return 0;
}

}  // namespace cimsim::app
