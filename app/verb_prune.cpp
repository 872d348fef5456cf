// `cimsim prune --net N [--spec S] --out P.yaml [--weights W.npz --out-weights PW.npz]`:
// applies a sparsity spec (docs/codesign.md) and writes the pruned network: the same file with
// every pruned layer's `pruned:` map (what the mapper compacts) and, with weights, the measured
// `stats:` (zero fraction and bit density that data-dependent energy reads). With weights it also
// writes them pruned (the smallest by magnitude go; ties broken by the rule's seed), for
// `cimsim accuracy --weights`.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <random>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "app/cli_common.h"
#include "app/verbs.h"
#include "sim/core/atomic_output.h"
#include "sim/core/errors.h"
#include "sim/core/input_file.h"
#include "sim/functional/npz.h"
#include "sim/workload/network.h"
#include "sim/workload/network_reader.h"
#include "sim/workload/sparsity.h"
#include "sim/workload/workloads_dir.h"

namespace cimsim::app {

namespace {

namespace po = boost::program_options;
using functional::NpyArray;
using workload::Layer;
using workload::LayerType;

// PatDNN's 4-entry patterns of a 3×3 kernel: the centre and three of its neighbours, the eight
// that keep an L shape or a T of the centre cross (Niu et al., ASPLOS'20, Fig. 3), indices
// ky·3 + kx.
constexpr int kPatterns[8][4] = {{1, 3, 4, 5}, {1, 4, 5, 7}, {3, 4, 5, 7}, {1, 3, 4, 7},
                                 {0, 1, 3, 4}, {1, 2, 4, 5}, {3, 4, 6, 7}, {4, 5, 7, 8}};

// Indices of the `keep` largest of `score` (ties: a seeded shuffle decides).
std::vector<char> keep_largest(const std::vector<double>& score, int64_t keep, uint64_t seed) {
  std::vector<size_t> order(score.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return score[a] > score[b]; });
  std::vector<char> kept(score.size(), 0);
  for (int64_t i = 0; i < keep && i < static_cast<int64_t>(order.size()); ++i) kept[order[i]] = 1;
  return kept;
}

// Zeroes the weights of one layer (w[co][rows], rows = (ci, ky, kx)) the way its pruning says.
void prune_weights(const Layer& l, const workload::SparsityRule* rows_rule, double filter,
                   double unstructured, uint64_t seed, std::vector<double>& w) {
  const int64_t R = l.rows, C = l.cols * l.groups;
  const int64_t K = l.type == LayerType::Conv2d ? int64_t{l.kernel_h} * l.kernel_w : 1;
  const int64_t ch = R / K;
  auto at = [&](int64_t co, int64_t r) -> double& { return w[static_cast<size_t>(co * R + r)]; };
  if (filter >= 0) {
    std::vector<double> norm(static_cast<size_t>(C), 0);
    for (int64_t co = 0; co < C; ++co)
      for (int64_t r = 0; r < R; ++r) norm[co] += at(co, r) * at(co, r);
    const std::vector<char> keep = keep_largest(norm, l.mapped_cols() * l.groups, seed);
    for (int64_t co = 0; co < C; ++co)
      if (!keep[co])
        for (int64_t r = 0; r < R; ++r) at(co, r) = 0;
  }
  if (rows_rule) {
    const std::string& t = rows_rule->type;
    if (t == "channel" || t == "kernel") {
      // channel: whole input channels; kernel: whole kernels of an input channel for every
      // block of 8 filters (the weights one array row holds on the bundled chips).
      const int64_t block = t == "channel" ? C : std::min<int64_t>(8, C);
      for (int64_t b0 = 0; b0 < C; b0 += block) {
        const int64_t b1 = std::min(C, b0 + block);
        std::vector<double> norm(static_cast<size_t>(ch), 0);
        for (int64_t co = b0; co < b1; ++co)
          for (int64_t r = 0; r < R; ++r) norm[r / K] += at(co, r) * at(co, r);
        const int64_t keep_n = t == "channel" ? l.mapped_rows() / K : l.pruned.kernels;
        const std::vector<char> keep = keep_largest(norm, keep_n, seed + b0);
        for (int64_t co = b0; co < b1; ++co)
          for (int64_t r = 0; r < R; ++r)
            if (!keep[r / K]) at(co, r) = 0;
      }
    } else if (t == "shape") {
      std::vector<double> norm(static_cast<size_t>(R), 0);
      for (int64_t co = 0; co < C; ++co)
        for (int64_t r = 0; r < R; ++r) norm[r] += at(co, r) * at(co, r);
      const std::vector<char> keep = keep_largest(norm, l.mapped_rows(), seed);
      for (int64_t co = 0; co < C; ++co)
        for (int64_t r = 0; r < R; ++r)
          if (!keep[r]) at(co, r) = 0;
    } else if (t == "pattern") {
      // Per block of 8 filters and input channel: the pattern of the largest kept energy, then
      // connectivity pruning drops the weakest (block, channel) kernels.
      const int np = std::min(rows_rule->patterns, 8);
      const int64_t block = std::min<int64_t>(8, C);
      for (int64_t b0 = 0; b0 < C; b0 += block) {
        const int64_t b1 = std::min(C, b0 + block);
        std::vector<double> kept_norm(static_cast<size_t>(ch), 0);
        std::vector<int> best(static_cast<size_t>(ch), 0);
        for (int64_t c = 0; c < ch; ++c) {
          double top = -1;
          for (int p = 0; p < np; ++p) {
            double e = 0;
            for (int64_t co = b0; co < b1; ++co)
              for (int k : kPatterns[p]) e += at(co, c * 9 + k) * at(co, c * 9 + k);
            if (e > top) top = e, best[c] = p;
          }
          kept_norm[c] = top;
        }
        const std::vector<char> keep = keep_largest(kept_norm, l.pruned.kernels, seed + b0);
        for (int64_t co = b0; co < b1; ++co)
          for (int64_t c = 0; c < ch; ++c)
            for (int k = 0; k < 9; ++k) {
              const int* p = kPatterns[best[c]];
              if (!keep[c] || std::find(p, p + 4, k) == p + 4) at(co, c * 9 + k) = 0;
            }
      }
    }
  }
  if (unstructured >= 0) {
    std::vector<double> mag(w.size());
    for (size_t i = 0; i < w.size(); ++i) mag[i] = std::fabs(w[i]);
    const auto keep_n =
        static_cast<int64_t>(std::llround((1 - unstructured) * static_cast<double>(w.size())));
    const std::vector<char> keep = keep_largest(mag, keep_n, seed);
    for (size_t i = 0; i < w.size(); ++i)
      if (!keep[i]) w[i] = 0;
  }
}

// Zero fraction, and the density of 1 bits of the weights quantized symmetric to `bits` (two's
// complement, as the arrays store them).
void measure(const std::vector<double>& w, int bits, workload::OperandStats& s) {
  double m = 0;
  int64_t zeros = 0, ones = 0;
  for (double v : w) {
    m = std::max(m, std::fabs(v));
    zeros += v == 0;
  }
  const int32_t qmax = (1 << (bits - 1)) - 1;
  const uint64_t mask = (uint64_t{1} << bits) - 1;
  for (double v : w) {
    const auto q = static_cast<int64_t>(m > 0 ? std::llround(v / m * qmax) : 0);
    ones += __builtin_popcountll(static_cast<uint64_t>(q) & mask);
  }
  const auto n = static_cast<double>(w.size());
  s.weight_zero_fraction = static_cast<double>(zeros) / n;
  s.weight_bit_density = static_cast<double>(ones) / (n * bits);
}

}  // namespace

int verb_prune(int argc, char** argv) {
  std::string net_arg, spec_path, out_path, weights_path, out_weights, workloads;
  int stats_bits = 8;
  po::options_description desc("cimsim prune options");
  desc.add_options()("help,h", "this help")("net", po::value(&net_arg)->value_name("NAME|FILE"),
                                            "network: a bundled name or a .yaml")(
      "spec", po::value(&spec_path)->value_name("FILE"),
      "sparsity spec (a mapping with key sparsity); default: the network file's own sparsity:")(
      "out", po::value(&out_path)->value_name("FILE"), "the pruned network (.yaml)")(
      "weights", po::value(&weights_path)->value_name("FILE"),
      "weights (.npz by layer name): pruned by magnitude and measured into stats")(
      "out-weights", po::value(&out_weights)->value_name("FILE"), "the pruned weights (.npz)")(
      "stats-bits", po::value(&stats_bits)->value_name("B"),
      "bits at which weight_bit_density is measured for layers without weight_bits (default 8)")(
      "workloads", po::value(&workloads)->value_name("DIR"), "folder of bundled networks");
  po::variables_map vm;
  if (!parse_verb_options(argc, argv, desc, nullptr, vm,
                          "cimsim prune --net NAME|FILE [--spec FILE] --out FILE.yaml "
                          "[--weights W.npz --out-weights P.npz]"))
    return 0;
  if (net_arg.empty()) throw core::InputError("--net NAME|FILE is required");
  if (out_path.empty()) throw core::InputError("--out FILE.yaml is required");
  if (!out_weights.empty() && weights_path.empty())
    throw core::InputError("--out-weights needs --weights");
  if (stats_bits < 2 || stats_bits > 16)
    throw core::InputError("--stats-bits: expected 2..16, got " + std::to_string(stats_bits));

  // The network file itself (YAML): its layers are rewritten in place.
  std::string path = net_arg;
  if (path.find('/') == std::string::npos && path.find(".y") == std::string::npos)
    path = (std::filesystem::path(workloads.empty() ? workload::find_workloads_dir() : workloads) /
            (net_arg + ".yaml"))
               .string();
  if (workload::network_format_of(path) != workload::NetworkFormat::Yaml)
    throw core::InputError("--net " + net_arg + ": prune reads and writes YAML networks");
  const std::string text = core::read_input_file(path);
  workload::Network net = workload::parse_network(text, path);  // own sparsity: applied
  YAML::Node root = YAML::Load(text);
  workload::SparsitySpec spec;
  if (!spec_path.empty()) {
    if (root["sparsity"])
      throw core::InputError(path + ": has its own sparsity: list; give --spec or that, not both");
    spec = workload::load_sparsity_file(spec_path);
    workload::apply_sparsity(net, spec);
  } else if (root["sparsity"]) {
    spec = workload::parse_sparsity(root["sparsity"], path);
  } else {
    throw core::InputError("--spec FILE is required (" + path + " has no sparsity: list)");
  }

  std::map<std::string, NpyArray> weights;
  if (!weights_path.empty()) weights = functional::read_arrays(weights_path);
  for (Layer& l : net.layers) {
    if (!l.is_matrix() || weights.empty()) continue;
    auto it = weights.find(l.name);
    if (it == weights.end())
      throw core::InputError(weights_path + ": no array for layer " + l.name);
    NpyArray& a = it->second;
    if (a.size() != l.rows * l.cols * l.groups)
      throw core::InputError(weights_path + ": " + l.name + ": expected " +
                             std::to_string(l.rows * l.cols * l.groups) + " weights, got " +
                             a.shape_str());
    // The rules of this layer (apply_sparsity checked them).
    const workload::SparsityRule* rows_rule = nullptr;
    double filter = -1, unstructured = -1;
    uint64_t seed = 1;
    for (const workload::SparsityRule& r : spec.rules) {
      if (!workload::name_matches(r.layers, l.name)) continue;
      seed = r.seed;
      if (r.type == "filter") filter = r.ratio;
      if (r.type == "unstructured") unstructured = r.ratio;
      if (r.type == "channel" || r.type == "shape" || r.type == "pattern" || r.type == "kernel")
        rows_rule = &r;
    }
    prune_weights(l, rows_rule, filter, unstructured, seed, a.values);
    measure(a.values, (l.weight_bits > 0 ? l.weight_bits : stats_bits) - l.pruned.bit_planes,
            l.stats);
  }

  // The output: the input file with the spec removed and each layer's result added.
  root.remove("sparsity");
  YAML::Node layers = root["layers"];
  for (size_t i = 0; i < layers.size(); ++i) {
    const Layer& l = net.layers[i];
    if (!l.is_matrix()) continue;
    YAML::Node n = layers[i];
    if (!l.pruned.dense()) {
      YAML::Node p(YAML::NodeType::Map);
      p.SetStyle(YAML::EmitterStyle::Flow);
      p["type"] = l.pruned.type;
      if (l.pruned.rows) p["rows"] = l.pruned.rows;
      if (l.pruned.cols) p["cols"] = l.pruned.cols;
      if (l.pruned.bit_planes) p["bit_planes"] = l.pruned.bit_planes;
      if (l.pruned.patterns) p["patterns"] = l.pruned.patterns;
      if (l.pruned.kernels) p["kernels"] = l.pruned.kernels;
      p["ratio"] = fmt::format("{:.6g}", l.pruned.ratio);
      n["pruned"] = p;
    }
    if (l.stats.known()) {
      YAML::Node s(YAML::NodeType::Map);
      s.SetStyle(YAML::EmitterStyle::Flow);
      const std::pair<const char*, double> v[] = {
          {"weight_zero_fraction", l.stats.weight_zero_fraction},
          {"weight_bit_density", l.stats.weight_bit_density},
          {"input_zero_fraction", l.stats.input_zero_fraction},
          {"input_bit_density", l.stats.input_bit_density}};
      for (const auto& [k, x] : v)
        if (x >= 0) s[k] = fmt::format("{:.6g}", x);  // a plain YAML number
      n["stats"] = s;
    }
  }
  YAML::Emitter out;
  out.SetDoublePrecision(6);
  out << root;
  core::write_file_atomically(out_path, std::string("# pruned by cimsim prune from ") + path +
                                            (spec_path.empty() ? "" : " with " + spec_path) + "\n" +
                                            out.c_str() + "\n");
  workload::parse_network(core::read_input_file(out_path), out_path);  // it reads back
  if (!out_weights.empty()) functional::write_npz(out_weights, weights);

  int64_t dense = 0, kept = 0;
  for (const Layer& l : net.layers)
    if (l.is_matrix() && !l.is_recurrent()) {
      dense += l.rows * l.cols * l.groups;
      kept += l.mapped_rows() * l.mapped_cols() * l.groups;
    }
  std::cout << fmt::format("pruned {}: {} of {} weights kept in the compacted matrices ({:.1f} %)",
                           net.name, kept, dense,
                           100.0 * static_cast<double>(kept) /
                               static_cast<double>(std::max<int64_t>(1, dense)))
            << "; wrote " << out_path << (out_weights.empty() ? "" : " and " + out_weights) << "\n";
  return 0;
}

}  // namespace cimsim::app
