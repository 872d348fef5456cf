#include "sim/workload/sparsity.h"

#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "sim/core/errors.h"
#include "sim/core/input_file.h"
#include "sim/workload/yaml_fields.h"

namespace cimsim::workload {

namespace {

using detail::fail_at;

const std::vector<std::string>& rule_types() {
  static const std::vector<std::string> t = {"filter", "channel", "shape",       "pattern",
                                             "kernel", "bit",     "unstructured"};
  return t;
}

bool removes_rows(const std::string& type) {
  return type == "channel" || type == "shape" || type == "pattern" || type == "kernel";
}

// n·(1 − ratio) rounded to the nearest integer, at least 1: what a ratio leaves of n.
int64_t kept(int64_t n, double ratio) {
  const auto removed = static_cast<int64_t>(std::floor(ratio * static_cast<double>(n) + 0.5));
  return std::max<int64_t>(1, n - removed);
}

// What the rules say of one matrix layer before the counts are worked out.
struct LayerRules {
  double filter = -1;  // ratio of filters removed (-1: no filter rule)
  const SparsityRule* rows = nullptr;
  int planes = 0;
  double unstructured = -1;
  std::string types;
  void add_type(const std::string& t) { types += (types.empty() ? "" : "+") + t; }
};

}  // namespace

bool name_matches(const std::string& pattern, const std::string& name) {
  return fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

bool input_is_non_negative(const Network& net, int i) {
  for (int in = net.layers[i].inputs.front(); in != kNetworkInput;
       in = net.layers[in].inputs.front()) {
    const Layer& l = net.layers[in];
    switch (l.type) {
      case LayerType::Activation:
        return l.activation == ActivationFn::Relu || l.activation == ActivationFn::Relu6 ||
               l.activation == ActivationFn::Sigmoid || l.activation == ActivationFn::Hardsigmoid;
      case LayerType::MaxPool:
      case LayerType::AvgPool:
      case LayerType::GlobalAvgPool:
      case LayerType::AdaptiveAvgPool:
      case LayerType::Dropout:
      case LayerType::Flatten:
        continue;
      default:
        return false;
    }
  }
  return false;
}

SparsitySpec parse_sparsity(const YAML::Node& list, const std::string& file) {
  SparsitySpec spec;
  spec.file = file;
  if (!list.IsSequence())
    fail_at(file, list, "sparsity",
            "expected a list of rules, each {layers: NAME|GLOB, type: TYPE, ratio: R}");
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& n = list[i];
    SparsityRule r;
    r.path = "sparsity[" + std::to_string(i) + "]";
    r.line = detail::line_of(n);
    detail::check_keys(file, n, r.path, {"layers", "type", "ratio", "patterns", "planes", "seed"},
                       {"layers", "type"}, "a sparsity rule");
    r.layers = detail::read_string(file, n["layers"], r.path + ".layers");
    r.type = detail::read_string(file, n["type"], r.path + ".type");
    if (std::find(rule_types().begin(), rule_types().end(), r.type) == rule_types().end())
      fail_at(file, n["type"], r.path + ".type",
              "unknown type '" + r.type + "' (layers '" + r.layers + "'); expected " +
                  detail::quoted_list(rule_types()));
    if (n["ratio"]) {
      // Read as any real first, so that the message can name the layers and the range.
      const double v = detail::read_real(file, n["ratio"], r.path + ".ratio", -1e300, 1e300);
      if (!(v >= 0 && v < 1))
        fail_at(
            file, n["ratio"], r.path + ".ratio",
            "expected a ratio in [0, 1) for layers '" + r.layers + "', got " + n["ratio"].Scalar());
      r.ratio = v;
    } else if (r.type != "bit" && r.type != "pattern") {
      fail_at(file, n, r.path + ".ratio",
              "missing; a " + r.type + " rule (layers '" + r.layers + "') needs a ratio in [0, 1)");
    }
    if (n["patterns"]) {
      if (r.type != "pattern")
        fail_at(file, n["patterns"], r.path + ".patterns", "applies to type pattern only");
      r.patterns =
          static_cast<int>(detail::read_int(file, n["patterns"], r.path + ".patterns", 1, 126));
    }
    if (n["planes"]) {
      if (r.type != "bit")
        fail_at(file, n["planes"], r.path + ".planes", "applies to type bit only");
      r.planes = static_cast<int>(detail::read_int(file, n["planes"], r.path + ".planes", 1, 15));
    } else if (r.type == "bit") {
      fail_at(
          file, n, r.path + ".planes",
          "missing; a bit rule (layers '" + r.layers + "') names the weight bit planes removed");
    }
    if (n["seed"])
      r.seed = static_cast<uint64_t>(
          detail::read_int(file, n["seed"], r.path + ".seed", 0, int64_t{1} << 62));
    spec.rules.push_back(r);
  }
  return spec;
}

SparsitySpec load_sparsity_file(const std::string& path) {
  const std::string text = core::read_input_file(path);
  YAML::Node loaded;
  try {
    loaded = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    core::fail_input(core::Origin{path, e.mark.line + 1}, "", "expected valid YAML: " + e.msg);
  }
  const YAML::Node& root = loaded;
  if (!root.IsMap() || !root["sparsity"])
    fail_at(path, root, "", "expected a sparsity spec: a mapping with key 'sparsity' (a list)");
  detail::check_keys(path, root, "", {"sparsity"}, {"sparsity"}, "a sparsity spec");
  return parse_sparsity(root["sparsity"], path);
}

void apply_sparsity(Network& net, const SparsitySpec& spec) {
  const size_t n = net.layers.size();
  std::vector<LayerRules> rules(n);
  for (const SparsityRule& r : spec.rules) {
    const core::Origin at{spec.file, r.line};
    int matched = 0;
    std::vector<std::string> matrix_names;
    for (size_t i = 0; i < n; ++i) {
      Layer& l = net.layers[i];
      if (l.is_matrix()) matrix_names.push_back(l.name);
      if (!name_matches(r.layers, l.name)) continue;
      if (!l.is_matrix()) {
        if (r.layers == l.name)
          core::fail_input(at, r.path + ".layers",
                           "layer '" + l.name + "' is a " + type_name(l) +
                               " layer; sparsity applies to conv2d and linear layers");
        continue;
      }
      if (l.is_recurrent())
        core::fail_input(at, r.path + ".layers",
                         "layer '" + l.name +
                             "' is recurrent; sparsity applies to conv2d and "
                             "linear layers");
      ++matched;
      LayerRules& lr = rules[i];
      lr.add_type(r.type);
      if (r.type == "filter") {
        lr.filter = r.ratio;
      } else if (removes_rows(r.type)) {
        if (lr.rows)
          core::fail_input(at, r.path,
                           "layer '" + l.name + "' already has rows removed by " + lr.rows->path +
                               " (" + lr.rows->type +
                               "); one of channel, shape, pattern, "
                               "kernel per layer");
        if (r.type == "pattern" &&
            (l.type != LayerType::Conv2d || l.kernel_h != 3 || l.kernel_w != 3))
          core::fail_input(at, r.path,
                           "layer '" + l.name + "' has a " + std::to_string(l.kernel_h) + "x" +
                               std::to_string(l.kernel_w) + " kernel (" + type_name(l) +
                               "); pattern pruning needs 3x3 kernels");
        if (r.type == "kernel" && l.type != LayerType::Conv2d)
          core::fail_input(at, r.path,
                           "layer '" + l.name + "' is a " + type_name(l) +
                               " layer; kernel (connectivity) pruning needs a conv2d");
        lr.rows = &r;
      } else if (r.type == "bit") {
        lr.planes = r.planes;
      } else {
        lr.unstructured = r.ratio;
      }
    }
    if (matched == 0) {
      std::string msg =
          "no conv2d or linear layer of network '" + net.name + "' is called '" + r.layers + "'";
      const std::string near = detail::closest_key(r.layers, matrix_names);
      if (!near.empty()) msg += " (did you mean '" + near + "'?)";
      core::fail_input(at, r.path + ".layers", msg);
    }
  }

  // Filters removed per layer, and the zero channels each tensor carries because of them.
  // per_ch: features of one channel in the tensor (H·W; after a flatten, the H·W before it).
  std::vector<int64_t> zero_ch(n, 0), per_ch(n, 1);
  for (size_t i = 0; i < n; ++i) {
    Layer& l = net.layers[i];
    const LayerRules& lr = rules[i];
    const int in = l.inputs.empty() ? kNetworkInput : l.inputs.front();
    const int64_t in_zero = in == kNetworkInput ? 0 : zero_ch[in];
    const int64_t in_per = in == kNetworkInput ? 1 : (per_ch[in] > 0 ? per_ch[in] : 1);
    if (!l.is_matrix()) {
      switch (l.type) {
        case LayerType::BatchNorm:  // pruned channels' batchnorm goes with them (folded)
        case LayerType::Activation:
        case LayerType::MaxPool:
        case LayerType::AvgPool:
        case LayerType::GlobalAvgPool:
        case LayerType::AdaptiveAvgPool:
        case LayerType::Dropout:
          zero_ch[i] = in_zero;
          per_ch[i] = l.out_shape.height * l.out_shape.width;
          break;
        case LayerType::Flatten:  // a channel's features now lie side by side
          zero_ch[i] = in_zero, per_ch[i] = in_per;
          break;
        default:  // add, concat and the rest: no propagation (their inputs may differ)
          break;
      }
      continue;
    }
    per_ch[i] = l.out_shape.height * l.out_shape.width;
    if (lr.types.empty() && in_zero == 0) continue;
    Pruning& p = l.pruned;
    p.type = lr.types.empty() ? "inputs" : lr.types;  // "inputs": only its producers pruned
    // Input channels (linear: input features) per group, and the rows each one holds.
    const int64_t k = l.type == LayerType::Conv2d ? int64_t{l.kernel_h} * l.kernel_w : 1;
    const int64_t cg = l.rows / k;
    // Rows of the producers' pruned filters (groups > 1 keep theirs: per-group channels).
    const int64_t lost_rows =
        l.groups == 1 ? in_zero * (l.type == LayerType::Conv2d ? 1 : in_per) : 0;
    int64_t ch = std::max<int64_t>(1, cg - lost_rows);
    int64_t rows = ch * k;
    if (lr.rows) {
      const SparsityRule& r = *lr.rows;
      p.ratio = r.ratio;
      if (r.type == "channel") {
        ch = kept(ch, r.ratio);
        rows = ch * k;
      } else if (r.type == "shape") {
        rows = kept(rows, r.ratio);
      } else if (r.type == "pattern") {
        p.patterns = r.patterns;
        p.kernels = kept(ch, r.ratio);
        rows = 4 * p.kernels;  // PatDNN: 4 entries of each 3×3 kernel
      } else {                 // kernel: whole kernels of a column block, kh·kw rows each
        p.kernels = kept(ch, r.ratio);
        rows = k * p.kernels;
      }
    }
    p.rows = rows == l.rows ? 0 : rows;
    if (lr.filter >= 0) {
      p.ratio = lr.filter;
      const int64_t c = kept(l.cols, lr.filter);
      p.cols = c == l.cols ? 0 : c;
      if (l.groups == 1) zero_ch[i] = l.cols - c;
    }
    p.bit_planes = lr.planes;
    if (p.rows == 0 && p.cols == 0 && p.bit_planes == 0 && p.kernels == 0) p = Pruning{};
    if (lr.unstructured > 0) {
      if (p.dense()) p.type = "unstructured";
      p.ratio = lr.unstructured;
      l.stats.weight_zero_fraction = lr.unstructured;
      if (l.stats.weight_bit_density >= 0) l.stats.weight_bit_density *= 1 - lr.unstructured;
    }
  }
}

void apply_quantization(Network& net, const std::string& rules, const std::string& origin) {
  std::stringstream ss(rules);
  std::string item;
  auto bits = [&](const std::string& v, const std::string& rule) -> int {
    if (v == "-") return -1;
    char* end = nullptr;
    const long b = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || b < 1 || b > 16)
      throw core::InputError(origin + ": rule '" + rule +
                             "': expected bits in 1..16 or '-', got '" + v + "'");
    return static_cast<int>(b);
  };
  while (std::getline(ss, item, ',')) {
    const auto trim = [](const std::string& s) {
      const size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
      return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
    };
    const std::string rule = trim(item);
    if (rule.empty()) continue;
    const size_t eq = rule.find('='), slash = rule.find('/', eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || slash == std::string::npos)
      throw core::InputError(origin + ": rule '" + rule +
                             "': expected PATTERN=W/A (weight/activation bits, '-' keeps one)");
    const std::string pat = trim(rule.substr(0, eq));
    const int w = bits(trim(rule.substr(eq + 1, slash - eq - 1)), rule);
    const int a = bits(trim(rule.substr(slash + 1)), rule);
    int matched = 0;
    for (Layer& l : net.layers) {
      if (!l.is_matrix() || !name_matches(pat, l.name)) continue;
      ++matched;
      if (w > 0) l.weight_bits = w;
      if (a > 0) l.activation_bits = a;
    }
    if (matched == 0)
      throw core::InputError(origin + ": rule '" + rule + "': no conv2d or linear layer of '" +
                             net.name + "' matches '" + pat + "'");
  }
}

}  // namespace cimsim::workload
