#include "app/functional_run.h"

#include <fmt/format.h>

#include "sim/core/atomic_output.h"
#include "sim/core/errors.h"
#include "sim/workload/onnx_reader.h"

namespace cimsim::app {

namespace po = boost::program_options;
using functional::Image;

namespace {

std::string iv(const functional::Interval& v, int64_t trials) {
  return trials > 1 ? fmt::format("{:.4f} ± {:.4f}", v.mean, v.half_width)
                    : fmt::format("{:.4f}", v.mean);
}

std::string dump_csv(const std::vector<Image>& data, const functional::ReferenceRun& ref,
                     const functional::ChipRun& r) {
  std::string csv = "image,label,output,reference,chip\n";
  for (size_t k = 0; k < data.size(); ++k)
    for (size_t i = 0; i < r.outputs[k].q.size(); ++i)
      csv += fmt::format("{},{},{},{},{}\n", k, data[k].label, i, ref.outputs[k].q[i],
                         r.outputs[k].q[i]);
  return csv;
}

}  // namespace

void add_functional_options(po::options_description& desc, FunctionalInputs& in,
                            const char* images_option) {
  desc.add_options()("weights", po::value(&in.weights)->value_name("FILE|model|random"),
                     "weights: a .npz of arrays by layer name (float: quantized per layer; "
                     "int: taken as they are; NAME.bias added after the MVM), model (an ONNX "
                     "network's initializers; the default for .onnx), or random (seeded; the "
                     "default otherwise)")(
      "data", po::value(&in.data)->value_name("FILE|random:N"),
      "images: a .npz with x (N,C,H,W) and optional labels y (N,), or random:N")(
      "calib", po::value(&in.calib)->value_name("FILE|random:N"),
      "calibration images for the activation scales (default: the first 32 images of --data)")(
      "calib-images", po::value(&in.calib_images)->value_name("N"),
      "calibration images used (default: all of --calib, 32 of --data)")(
      images_option, po::value(&in.images)->value_name("N"),
      "use only the first N images of --data")(
      "trials", po::value(&in.trials)->value_name("N"),
      "Monte Carlo trials of the device draws, seeds derived from --seed (default 1)")(
      "dump", po::value(&in.dump)->value_name("FILE"),
      "write every image's outputs, reference and chip, as CSV (first trial)");
}

void check_functional_options(const FunctionalInputs& in, const po::variables_map& vm,
                              const char* images_option) {
  if (in.data.empty()) throw core::InputError("--data FILE|random:N is required");
  if (in.trials < 1 || in.trials > 10000)
    throw core::InputError("--trials: expected 1 to 10000, got " + std::to_string(in.trials));
  if (vm.count("calib-images") && in.calib_images < 1)
    throw core::InputError("--calib-images: expected at least 1, got " +
                           std::to_string(in.calib_images));
  if (vm.count(images_option) && in.images < 1)
    throw core::InputError(std::string("--") + images_option + ": expected at least 1, got " +
                           std::to_string(in.images));
}

FunctionalResult run_functional(const RunSetup& s, const FunctionalInputs& in, uint64_t seed) {
  if (!s.cfg.chip.tile_kinds.empty())
    throw core::InputError(
        "functional run: chip.tile_kinds: the functional run models a chip of one PE kind "
        "(chip.tile.pe); run the timing model, or the functional run on each kind's own chip");
  functional::QuantOptions qo;
  qo.activation_bits = static_cast<int>(s.cfg.chip.activation_bits);
  qo.weight_bits = s.cfg.pe.array.weight_bits;
  qo.signed_inputs = s.cfg.pe.array.signed_inputs;
  if (qo.activation_bits > s.cfg.pe.array.input_bits)
    throw core::InputError(
        fmt::format("functional run: chip.activation_bits ({}) exceeds the arrays' input_bits ({})",
                    qo.activation_bits, s.cfg.pe.array.input_bits));
  std::map<std::string, functional::NpyArray> weights;
  const bool onnx = workload::is_onnx_path(s.net.file);
  std::string source = in.weights.empty() ? (onnx ? "model" : "random") : in.weights;
  if (source == "model") {
    if (!onnx)
      throw core::InputError("--weights model: the network (" + s.net.file +
                             ") is not an ONNX model; give a .npz or random");
    for (auto& [name, a] : workload::read_onnx_weights(s.net.file, s.net)) {
      functional::NpyArray& w = weights[name];
      w.shape = std::move(a.shape);
      w.values = std::move(a.values);
      w.dtype = "onnx float";
    }
    source = s.net.file;
  } else if (source != "random") {
    weights = functional::read_arrays(source);
  }
  functional::QuantNet qn(s.net, weights, source, qo, seed);
  const std::vector<Image> data = functional::load_images(in.data, s.net.input, seed, in.images);
  const int64_t n_calib = in.calib_images < 0 ? 32 : in.calib_images;
  const std::vector<Image> calib =
      in.calib.empty()
          ? std::vector<Image>(
                data.begin(),
                data.begin() + std::min<int64_t>(n_calib, static_cast<int64_t>(data.size())))
          : functional::load_images(in.calib, s.net.input, seed + 1, in.calib_images);
  qn.calibrate(calib);
  const functional::ReferenceRun ref = functional::run_reference(qn, data);
  FunctionalResult p;
  p.net = s.net.name;
  p.chip = s.cfg.chip.name;
  p.images = static_cast<int64_t>(data.size());
  p.labeled = ref.labeled;
  p.trials = in.trials;
  p.ref_top1 = ref.top1_accuracy();
  std::vector<double> top1, agree, exact, rms;
  for (int64_t t = 0; t < in.trials; ++t) {
    const bool dump = !in.dump.empty() && t == 0;
    const functional::ChipRun r =
        functional::run_chip(qn, s.mapping, s.cfg.pe, s.cfg.chip.psum_bits,
                             functional::trial_seed(seed, t), data, ref, dump);
    top1.push_back(r.top1_accuracy());
    agree.push_back(r.agreement());
    exact.push_back(r.exact_fraction());
    rms.push_back(r.rms_error_lsb);
    if (t == 0) p.engine = r.engine;
    if (dump) core::write_file_atomically(in.dump, dump_csv(data, ref, r));
  }
  p.chip_top1 = functional::mean_interval(top1);
  p.agreement = functional::mean_interval(agree);
  p.exact = functional::mean_interval(exact);
  p.rms = functional::mean_interval(rms);
  return p;
}

void apply_measured_activity(const FunctionalResult& r, workload::Network& net) {
  for (const functional::LayerActivity& act : r.engine.activity)
    for (workload::Layer& l : net.layers)
      if (l.name == act.layer && act.inputs > 0) {
        l.stats.input_bit_density = act.input_bit_density();
        l.stats.input_zero_fraction = act.input_zero_fraction();
        l.stats.weight_bit_density = act.weight_bit_density();
        l.stats.weight_zero_fraction = act.weight_zero_fraction();
      }
}

nlohmann::ordered_json functional_json(const FunctionalResult& p) {
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
  // Operand statistics measured in the first trial; `run --functional` hands them to the energy
  // model (apply_measured_activity) before the timing run.
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
  return j;
}

std::string functional_table(const FunctionalResult& p) {
  std::string s = fmt::format("functional: {} on {}, {} images ({} labeled), {} trial(s)\n", p.net,
                              p.chip, p.images, p.labeled, p.trials);
  if (p.labeled)
    s += fmt::format("  reference top-1   {:.4f}  (exact integer arithmetic)\n", p.ref_top1) +
         "  chip top-1        " + iv(p.chip_top1, p.trials) + "\n";
  s += "  agreement         " + iv(p.agreement, p.trials) + "  (chip top-1 = reference top-1)\n";
  s += "  exact outputs     " + iv(p.exact, p.trials) +
       "  (images whose every output equals the reference)\n";
  s += "  output error      " + iv(p.rms, p.trials) + "  (RMS of chip - reference, output LSBs)\n";
  s += fmt::format("  array MVMs        {} on {} programmed arrays; {} partial sums saturated\n",
                   p.engine.array_mvms, p.engine.arrays_programmed, p.engine.psum_saturations);
  return s;
}

}  // namespace cimsim::app
