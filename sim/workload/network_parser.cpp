// parse_network: YAML text → Network with shapes and costs (docs/workloads.md).
#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/core/errors.h"
#include "sim/core/int_math.h"
#include "sim/core/limits.h"
#include "sim/workload/network.h"
#include "sim/workload/sparsity.h"
#include "sim/workload/yaml_fields.h"

namespace cimsim::workload {
namespace {

using detail::check_keys;
using detail::fail_at;
using detail::read_int;
using detail::read_pair;

namespace limits = core::limits;
// Bounds that keep every product below 2^63 checks meaningful and catch typos early
// (sim/core/limits.h states them all; `cimsim describe limits` prints them).
constexpr int64_t kMaxDim = limits::kDim.value;        // channels, height, width, features
constexpr int64_t kMaxWindow = limits::kWindow.value;  // kernel, stride, padding, dilation

struct TypeInfo {
  const char* name;
  LayerType type;
  ActivationFn activation;
  std::vector<std::string> keys;      // besides name, type, inputs
  std::vector<std::string> required;  // besides name, type
};

const std::vector<TypeInfo>& type_table() {
  static const std::vector<TypeInfo> table = {
      {"conv2d",
       LayerType::Conv2d,
       ActivationFn::None,
       {"out_channels", "kernel", "stride", "padding", "dilation", "groups", "bias"},
       {"out_channels", "kernel"}},
      {"linear", LayerType::Linear, ActivationFn::None, {"out_features", "bias"}, {"out_features"}},
      {"maxpool",
       LayerType::MaxPool,
       ActivationFn::None,
       {"kernel", "stride", "padding", "dilation", "ceil_mode"},
       {"kernel"}},
      {"avgpool",
       LayerType::AvgPool,
       ActivationFn::None,
       {"kernel", "stride", "padding", "ceil_mode"},
       {"kernel"}},
      {"global_avgpool", LayerType::GlobalAvgPool, ActivationFn::None, {}, {}},
      {"adaptive_avgpool",
       LayerType::AdaptiveAvgPool,
       ActivationFn::None,
       {"output_size"},
       {"output_size"}},
      {"batchnorm", LayerType::BatchNorm, ActivationFn::None, {}, {}},
      {"add", LayerType::Add, ActivationFn::None, {}, {"inputs"}},
      {"concat", LayerType::Concat, ActivationFn::None, {}, {"inputs"}},
      {"flatten", LayerType::Flatten, ActivationFn::None, {}, {}},
      {"dropout", LayerType::Dropout, ActivationFn::None, {"p"}, {}},
      {"softmax", LayerType::Softmax, ActivationFn::None, {}, {}},
      {"relu", LayerType::Activation, ActivationFn::Relu, {}, {}},
      {"relu6", LayerType::Activation, ActivationFn::Relu6, {}, {}},
      {"leaky_relu", LayerType::Activation, ActivationFn::LeakyRelu, {"negative_slope"}, {}},
      {"sigmoid", LayerType::Activation, ActivationFn::Sigmoid, {}, {}},
      {"tanh", LayerType::Activation, ActivationFn::Tanh, {}, {}},
      {"gelu", LayerType::Activation, ActivationFn::Gelu, {}, {}},
      {"silu", LayerType::Activation, ActivationFn::Silu, {}, {}},
      {"hardswish", LayerType::Activation, ActivationFn::Hardswish, {}, {}},
      {"hardsigmoid", LayerType::Activation, ActivationFn::Hardsigmoid, {}, {}},
      // Transformer and recurrent layers (a sequence of T tokens of D features is D×T×1).
      {"matmul", LayerType::MatMul, ActivationFn::None, {"heads", "transpose_b"}, {"inputs"}},
      {"layernorm", LayerType::LayerNorm, ActivationFn::None, {}, {}},
      {"mul", LayerType::Mul, ActivationFn::None, {}, {}},
      {"reshape", LayerType::Reshape, ActivationFn::None, {"shape"}, {"shape"}},
      {"first_token", LayerType::Reshape, ActivationFn::None, {}, {}},
      {"class_token", LayerType::Concat, ActivationFn::None, {"tokens", "positions"}, {}},
      {"lstm", LayerType::Lstm, ActivationFn::None, {"hidden", "bias"}, {"hidden"}},
      {"gru", LayerType::Gru, ActivationFn::None, {"hidden", "bias"}, {"hidden"}},
  };
  return table;
}

std::vector<std::string> type_names() {
  std::vector<std::string> names;
  for (const auto& t : type_table()) names.push_back(t.name);
  return names;
}

// Parses one network file; members carry the context every error message needs.
class Parser {
 public:
  Parser(const std::string& file) : m_file(file) {}

  Network parse(const std::string& text) {
    YAML::Node loaded;
    try {
      loaded = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      core::fail_input(core::Origin{m_file, e.mark.line + 1}, "", "expected valid YAML: " + e.msg);
    }
    const YAML::Node& root = loaded;  // const: lookups of absent keys must not insert them
    if (!root.IsMap())
      fail_at(m_file, root, "", "expected a mapping with keys 'name', 'input' and 'layers'");
    check_keys(m_file, root, "", {"name", "description", "source", "input", "layers", "sparsity"},
               {"name", "input", "layers"}, "a network file");
    m_net.file = m_file;
    m_net.name = detail::read_string(m_file, root["name"], "name");
    if (root["description"])
      m_net.description = detail::read_string(m_file, root["description"], "description");
    if (root["source"]) m_net.source = detail::read_string(m_file, root["source"], "source");

    const YAML::Node input = root["input"];
    check_keys(m_file, input, "input", {"channels", "height", "width"},
               {"channels", "height", "width"}, "the input shape");
    m_net.input.channels = dim(input["channels"], "input.channels");
    m_net.input.height = dim(input["height"], "input.height");
    m_net.input.width = dim(input["width"], "input.width");
    elements(m_net.input, input, "input");

    const YAML::Node layers = root["layers"];
    if (!layers.IsSequence() || layers.size() == 0)
      fail_at(m_file, layers, "layers", "expected a non-empty list of layers");
    if (layers.size() > static_cast<size_t>(limits::kLayers.value))
      fail_at(m_file, layers, "layers",
              limits::over_limit(limits::kLayers, static_cast<int64_t>(layers.size())));
    collect_names(layers);
    for (size_t i = 0; i < layers.size(); ++i) parse_layer(layers[i], static_cast<int>(i));
    // A spec in the file itself: the network read is the pruned one (docs/codesign.md).
    if (root["sparsity"]) apply_sparsity(m_net, parse_sparsity(root["sparsity"], m_file));
    return std::move(m_net);
  }

 private:
  // Every layer name and its index, so that a forward reference can be told from a typo.
  void collect_names(const YAML::Node& layers) {
    for (size_t i = 0; i < layers.size(); ++i) {
      const YAML::Node name = layers[i].IsMap() ? layers[i]["name"] : YAML::Node();
      if (name && name.IsScalar() && !m_all_names.count(name.Scalar()))
        m_all_names[name.Scalar()] = static_cast<int>(i);
    }
  }

  void parse_layer(const YAML::Node& node, int index) {
    std::string path = "layers[" + std::to_string(index) + "]";
    if (!node.IsMap()) fail_at(m_file, node, path, "expected a mapping {name: ..., type: ...}");
    if (!node["name"]) fail_at(m_file, node, path, "missing required key 'name'");
    Layer layer;
    layer.name = detail::read_string(m_file, node["name"], path + ".name");
    if (layer.name.empty())
      fail_at(m_file, node["name"], path + ".name", "expected a non-empty name");
    path += " (" + layer.name + ")";
    if (layer.name == "input")
      fail_at(m_file, node["name"], path + ".name",
              "expected another name: 'input' stands for the network input");
    auto dup = m_index.find(layer.name);
    if (dup != m_index.end())
      fail_at(m_file, node["name"], path + ".name",
              "duplicate layer name '" + layer.name + "' (first defined at layers[" +
                  std::to_string(dup->second) + "], line " +
                  std::to_string(m_net.layers[dup->second].line) + ")");
    layer.line = detail::line_of(node);

    if (!node["type"]) fail_at(m_file, node, path, "missing required key 'type'");
    const std::string type = detail::read_string(m_file, node["type"], path + ".type");
    const TypeInfo* info = nullptr;
    for (const auto& t : type_table())
      if (type == t.name) info = &t;
    if (!info) {
      std::string msg = "unknown layer type '" + type + "'";
      std::string near = detail::closest_key(type, type_names());
      if (!near.empty()) msg += " (did you mean '" + near + "'?)";
      fail_at(m_file, node["type"], path + ".type",
              msg + "; expected one of " + detail::quoted_list(type_names()));
    }
    layer.type = info->type;
    layer.activation = info->activation;
    m_class_token = type == "class_token";

    std::vector<std::string> allowed = {"name", "type", "inputs"};
    allowed.insert(allowed.end(), info->keys.begin(), info->keys.end());
    if (info->type == LayerType::Conv2d || info->type == LayerType::Linear)
      allowed.insert(allowed.end(), {"weight_bits", "activation_bits", "pruned", "stats"});
    check_keys(m_file, node, path, allowed, info->required, "a " + type + " layer");

    resolve_inputs(node, path, index, layer);
    read_window(node, path, layer);
    infer(node, path, layer);
    if (layer.is_matrix()) read_codesign(node, path, layer);

    m_index[layer.name] = index;
    m_net.layers.push_back(std::move(layer));
  }

  // Per-layer precision and what pruning left (issue 14; docs/codesign.md).
  void read_codesign(const YAML::Node& node, const std::string& path, Layer& l) {
    if (node["weight_bits"])
      l.weight_bits =
          static_cast<int>(read_int(m_file, node["weight_bits"], path + ".weight_bits", 1, 16));
    if (node["activation_bits"])
      l.activation_bits = static_cast<int>(
          read_int(m_file, node["activation_bits"], path + ".activation_bits", 1, 16));
    if (const YAML::Node p = node["pruned"]) {
      const std::string pp = path + ".pruned";
      check_keys(m_file, p, pp,
                 {"type", "rows", "cols", "bit_planes", "patterns", "kernels", "ratio"}, {"type"},
                 "a pruned map");
      Pruning& r = l.pruned;
      r.type = detail::read_string(m_file, p["type"], pp + ".type");
      if (p["rows"]) r.rows = read_int(m_file, p["rows"], pp + ".rows", 1, l.rows);
      if (p["cols"]) r.cols = read_int(m_file, p["cols"], pp + ".cols", 1, l.cols);
      if (p["bit_planes"])
        r.bit_planes =
            static_cast<int>(read_int(m_file, p["bit_planes"], pp + ".bit_planes", 0, 15));
      if (p["patterns"])
        r.patterns = static_cast<int>(read_int(m_file, p["patterns"], pp + ".patterns", 0, 126));
      if (p["kernels"]) r.kernels = read_int(m_file, p["kernels"], pp + ".kernels", 0, l.rows);
      if (p["ratio"]) r.ratio = detail::read_real(m_file, p["ratio"], pp + ".ratio", 0, 1);
    }
    if (const YAML::Node st = node["stats"]) {
      const std::string sp = path + ".stats";
      check_keys(m_file, st, sp,
                 {"input_bit_density", "weight_bit_density", "input_zero_fraction",
                  "weight_zero_fraction"},
                 {}, "a stats map");
      const std::pair<const char*, double OperandStats::*> f[] = {
          {"input_bit_density", &OperandStats::input_bit_density},
          {"weight_bit_density", &OperandStats::weight_bit_density},
          {"input_zero_fraction", &OperandStats::input_zero_fraction},
          {"weight_zero_fraction", &OperandStats::weight_zero_fraction}};
      for (const auto& [key, member] : f)
        if (st[key]) l.stats.*member = detail::read_real(m_file, st[key], sp + "." + key, 0, 1);
    }
  }

  void resolve_inputs(const YAML::Node& node, const std::string& path, int index, Layer& layer) {
    const YAML::Node inputs = node["inputs"];
    if (!inputs) {
      layer.inputs.push_back(index == 0 ? kNetworkInput : index - 1);  // default: previous layer
    } else {
      if (!inputs.IsSequence() || inputs.size() == 0)
        fail_at(m_file, inputs, path + ".inputs",
                "expected a non-empty list of layer names, e.g. [conv1]");
      for (size_t k = 0; k < inputs.size(); ++k) {
        const std::string kpath = path + ".inputs[" + std::to_string(k) + "]";
        const std::string name = detail::read_string(m_file, inputs[k], kpath);
        if (name == "input") {
          layer.inputs.push_back(kNetworkInput);
          continue;
        }
        auto it = m_index.find(name);
        if (it != m_index.end()) {
          layer.inputs.push_back(it->second);
          continue;
        }
        auto later = m_all_names.find(name);
        if (later != m_all_names.end())
          fail_at(m_file, inputs[k], kpath,
                  "input '" + name + "' is defined later (layers[" + std::to_string(later->second) +
                      "]); list layers in topological order, each after its inputs (files are not "
                      "sorted)");
        std::vector<std::string> known = {"input"};
        for (const auto& kv : m_index) known.push_back(kv.first);
        std::string msg = "unknown input '" + name + "': no earlier layer has that name";
        std::string near = detail::closest_key(name, known);
        if (!near.empty()) msg += " (did you mean '" + near + "'?)";
        fail_at(m_file, inputs[k], kpath, msg);
      }
    }
    const size_t n = layer.inputs.size();
    if (layer.type == LayerType::MatMul && n != 2)
      fail_at(m_file, inputs, path + ".inputs",
              "expected exactly 2 inputs for matmul, got " + std::to_string(n));
    if (layer.type == LayerType::Mul && n > 2)
      fail_at(m_file, inputs, path + ".inputs",
              "expected 1 or 2 inputs for mul, got " + std::to_string(n));
    if (layer.type == LayerType::MatMul || layer.type == LayerType::Mul) {
      layer.in_shape = m_net.shape_of(layer.inputs[0]);
      return;
    }
    const bool multi =
        (layer.type == LayerType::Add || layer.type == LayerType::Concat) && !m_class_token;
    if (multi && n < 2)
      fail_at(m_file, inputs, path + ".inputs",
              "expected at least 2 inputs for " + type_name(layer));
    if (!multi && n != 1)
      fail_at(m_file, inputs, path + ".inputs",
              "expected exactly 1 input for " + type_name(layer) + ", got " + std::to_string(n));
    layer.in_shape = m_net.shape_of(layer.inputs[0]);
  }

  void read_window(const YAML::Node& node, const std::string& path, Layer& layer) {
    auto pair = [&](const char* key, int64_t def, int64_t min, int& h, int& w) {
      std::pair<int64_t, int64_t> v{def, def};
      if (node[key]) {
        check_limit(node[key], path + "." + key, limits::kWindow);
        v = read_pair(m_file, node[key], path + "." + key, min, kMaxWindow);
      }
      h = static_cast<int>(v.first);
      w = static_cast<int>(v.second);
    };
    if (node["kernel"]) pair("kernel", 1, 1, layer.kernel_h, layer.kernel_w);
    if (layer.type == LayerType::MaxPool || layer.type == LayerType::AvgPool) {
      // PyTorch pools: stride defaults to the kernel size.
      layer.stride_h = layer.kernel_h;
      layer.stride_w = layer.kernel_w;
    }
    if (node["stride"]) pair("stride", 1, 1, layer.stride_h, layer.stride_w);
    pair("padding", 0, 0, layer.pad_h, layer.pad_w);
    pair("dilation", 1, 1, layer.dilation_h, layer.dilation_w);
    if (node["groups"]) layer.groups = static_cast<int>(dim(node["groups"], path + ".groups"));
    if (node["ceil_mode"])
      layer.ceil_mode = detail::read_bool(m_file, node["ceil_mode"], path + ".ceil_mode");
    layer.bias = layer.is_matrix();  // PyTorch default: bias=True (lstm/gru too)
    if (node["bias"]) layer.bias = detail::read_bool(m_file, node["bias"], path + ".bias");
    if (node["p"]) detail::read_real(m_file, node["p"], path + ".p", 0.0, 1.0);
    if (node["negative_slope"])
      detail::read_real(m_file, node["negative_slope"], path + ".negative_slope", -1e30, 1e30);
  }

  int64_t mul(std::initializer_list<int64_t> factors, const YAML::Node& at,
              const std::string& path) const {
    const std::optional<int64_t> p = core::checked_product(factors);
    if (!p)
      fail_at(m_file, at, path, "expected sizes whose products fit in 64 bits (they overflow)");
    return *p;
  }

  // Output size of a window op along one axis; PyTorch's integer formulas.
  int64_t window_out(int64_t in, int k, int s, int p, int d, bool ceil_mode, const YAML::Node& at,
                     const std::string& path, const char* axis) const {
    const int64_t extent = int64_t{d} * (k - 1) + 1;
    const int64_t padded = in + 2 * int64_t{p};
    if (padded < extent)
      fail_at(m_file, at, path,
              std::string("expected the kernel to fit in the padded input: kernel ") + axis +
                  " extent " + std::to_string(extent) + " > input " + std::to_string(in) +
                  " + 2*padding " + std::to_string(p) + " = " + std::to_string(padded));
    const int64_t span = padded - extent;
    int64_t out = (ceil_mode ? (span + s - 1) / s : span / s) + 1;
    // PyTorch: in ceil mode the last window must start inside the input or left padding.
    if (ceil_mode && (out - 1) * s >= in + p) --out;
    return out;
  }

  void infer(const YAML::Node& node, const std::string& path, Layer& l) {
    const Shape in = l.in_shape;
    const YAML::Node& at = node;
    switch (l.type) {
      case LayerType::Conv2d: {
        const int64_t cout = dim(node["out_channels"], path + ".out_channels");
        if (in.channels % l.groups != 0 || cout % l.groups != 0)
          fail_at(m_file, node["groups"], path + ".groups",
                  "expected groups (" + std::to_string(l.groups) +
                      ") to divide both the input channels (" + std::to_string(in.channels) +
                      ") and out_channels (" + std::to_string(cout) + ")");
        const YAML::Node k = node["kernel"];
        const int64_t ho = window_out(in.height, l.kernel_h, l.stride_h, l.pad_h, l.dilation_h,
                                      false, k, path + ".kernel", "height");
        const int64_t wo = window_out(in.width, l.kernel_w, l.stride_w, l.pad_w, l.dilation_w,
                                      false, k, path + ".kernel", "width");
        l.out_shape = {cout, ho, wo};
        l.rows = mul({in.channels / l.groups, l.kernel_h, l.kernel_w}, at, path);
        l.cols = cout / l.groups;
        l.vectors = ho * wo;
        l.weights = mul({l.rows, l.cols, l.groups}, at, path);
        l.macs = mul({l.weights, l.vectors}, at, path);
        l.biases = l.bias ? cout : 0;
        break;
      }
      case LayerType::Linear: {
        const int64_t out = dim(node["out_features"], path + ".out_features");
        if (!in.is_flat())
          fail_at(m_file, at, path,
                  "expected a flat input (Nx1x1) for linear, got " + in.str() +
                      "; add a flatten layer before it");
        l.out_shape = {out, 1, 1};
        l.rows = in.channels;
        l.cols = out;
        l.vectors = 1;
        l.weights = mul({l.rows, l.cols}, at, path);
        l.macs = l.weights;
        l.biases = l.bias ? out : 0;
        break;
      }
      case LayerType::MaxPool:
      case LayerType::AvgPool: {
        const YAML::Node p = node["padding"];
        if (2 * int64_t{l.pad_h} > int64_t{l.dilation_h} * (l.kernel_h - 1) + 1 ||
            2 * int64_t{l.pad_w} > int64_t{l.dilation_w} * (l.kernel_w - 1) + 1)
          fail_at(m_file, p, path + ".padding",
                  "expected padding at most half the kernel size (as PyTorch requires)");
        const YAML::Node k = node["kernel"];
        const int64_t ho = window_out(in.height, l.kernel_h, l.stride_h, l.pad_h, l.dilation_h,
                                      l.ceil_mode, k, path + ".kernel", "height");
        const int64_t wo = window_out(in.width, l.kernel_w, l.stride_w, l.pad_w, l.dilation_w,
                                      l.ceil_mode, k, path + ".kernel", "width");
        l.out_shape = {in.channels, ho, wo};
        l.element_ops = mul({l.out_shape.elements(), l.kernel_h, l.kernel_w}, at, path);
        break;
      }
      case LayerType::GlobalAvgPool:
        l.out_shape = {in.channels, 1, 1};
        l.element_ops = in.elements();
        break;
      case LayerType::AdaptiveAvgPool: {
        const YAML::Node os = node["output_size"];
        check_limit(os, path + ".output_size", limits::kDim);
        const auto size = read_pair(m_file, os, path + ".output_size", 1, kMaxDim);
        l.out_shape = {in.channels, size.first, size.second};
        elements(l.out_shape, os, path + ".output_size");
        // PyTorch's windows: [floor(i·H/oh), ceil((i+1)·H/oh)); ops = C · Σ window areas.
        // Σ_i ceil((i+1)·H/o) − floor(i·H/o) = H + o − gcd(H, o): the windows tile H, and two
        // neighbours share an element exactly where (i+1)·H/o is not an integer, which happens
        // for o − gcd(H, o) of the o boundaries. Closed form: a 2^30 output costs no loop.
        auto window_sum = [](int64_t n_in, int64_t n_out) {
          return n_in + n_out - std::gcd(n_in, n_out);
        };
        l.element_ops =
            mul({in.channels, window_sum(in.height, size.first), window_sum(in.width, size.second)},
                os, path + ".output_size");
        break;
      }
      case LayerType::BatchNorm:
        l.out_shape = in;
        l.params = 2 * in.channels;  // gamma and beta; folded into the previous layer
        break;
      case LayerType::Activation:
      case LayerType::Softmax:
        l.out_shape = in;
        l.element_ops = in.elements();
        break;
      case LayerType::Dropout:
        l.out_shape = in;
        break;
      case LayerType::Flatten:
        l.out_shape = {in.elements(), 1, 1};
        break;
      case LayerType::Add:
        for (size_t k = 1; k < l.inputs.size(); ++k) {
          const Shape& s = m_net.shape_of(l.inputs[k]);
          if (s != in)
            fail_at(
                m_file, node["inputs"][k], path + ".inputs[" + std::to_string(k) + "]",
                "expected every input of add to have the same shape: " + input_name(l.inputs[0]) +
                    " is " + in.str() + ", " + input_name(l.inputs[k]) + " is " + s.str());
        }
        l.out_shape = in;
        l.element_ops = mul({in.elements(), static_cast<int64_t>(l.inputs.size()) - 1}, at, path);
        break;
      case LayerType::Concat: {
        l.out_shape = in;
        if (m_class_token) {  // learned tokens prepended to a sequence (ViT's class token)
          const int64_t n =
              node["tokens"] ? read_int(m_file, node["tokens"], path + ".tokens", 1, kMaxDim) : 1;
          if (in.width != 1)
            fail_at(m_file, at, path,
                    "expected a token sequence Dx Tx1 for class_token, got " + in.str());
          l.out_shape.height += n;
          l.params = n * in.channels;
          // positions: a learned position embedding added to every token (ViT).
          if (node["positions"] &&
              detail::read_bool(m_file, node["positions"], path + ".positions")) {
            l.params += l.out_shape.height * in.channels;
            l.element_ops = l.out_shape.height * in.channels;
          }
          break;
        }
        for (size_t k = 1; k < l.inputs.size(); ++k) {
          const Shape& s = m_net.shape_of(l.inputs[k]);
          if (s.height != in.height || s.width != in.width)
            fail_at(m_file, node["inputs"][k], path + ".inputs[" + std::to_string(k) + "]",
                    "expected the inputs of concat to have the same height and width: " +
                        input_name(l.inputs[0]) + " is " + in.str() + ", " +
                        input_name(l.inputs[k]) + " is " + s.str());
          l.out_shape.channels += s.channels;
        }
        if (l.out_shape.channels > kMaxDim)
          fail_at(m_file, at, path, limits::over_limit(limits::kDim, l.out_shape.channels));
        break;
      }
      case LayerType::MatMul:
      case LayerType::LayerNorm:
      case LayerType::Mul:
      case LayerType::Reduce:
      case LayerType::Reshape:
      case LayerType::Lstm:
      case LayerType::Gru:
        infer_sequence(node, path, l);
        break;
    }
    l.params += l.weights + l.biases;
    // Every tensor's element count is within tensor_elements, so later products are safe.
    elements(l.out_shape, at, path);
    if (l.weights > limits::kLayerWeights.value)
      fail_at(m_file, at, path, limits::over_limit(limits::kLayerWeights, l.weights));
  }

  // A tensor dimension: a positive integer within the limit dim.
  int64_t dim(const YAML::Node& node, const std::string& path) const {
    check_limit(node, path, limits::kDim);
    return read_int(m_file, node, path, 1, kMaxDim);
  }

  // An integer (or each integer of a list) past `l` is refused naming the limit; anything else
  // is left to the field readers and their "expected an integer in [min, max]".
  void check_limit(const YAML::Node& node, const std::string& path, const limits::Limit& l) const {
    auto one = [&](const YAML::Node& n) {
      if (!n.IsScalar()) return;
      int64_t v = 0;
      if (YAML::convert<int64_t>::decode(n, v) && v > l.value)
        fail_at(m_file, n, path, limits::over_limit(l, v));
    };
    if (node.IsSequence())
      for (size_t i = 0; i < node.size(); ++i) one(node[i]);
    else
      one(node);
  }

  // C x H x W of `s`, within the limit tensor_elements.
  int64_t elements(const Shape& s, const YAML::Node& at, const std::string& path) const {
    const std::optional<int64_t> n = core::checked_product({s.channels, s.height, s.width});
    if (!n) fail_at(m_file, at, path, limits::over_limit(limits::kTensorElements));
    if (*n > limits::kTensorElements.value)
      fail_at(m_file, at, path, limits::over_limit(limits::kTensorElements, *n));
    return *n;
  }

  // matmul, layernorm, mul, reshape, lstm, gru (docs/workloads.md, "Transformers").
  void infer_sequence(const YAML::Node& node, const std::string& path, Layer& l) {
    const Shape in = l.in_shape;
    const YAML::Node& at = node;
    switch (l.type) {
      case LayerType::MatMul: {
        // a: h·K × M (M vectors of h heads × K); b: h·K × N (transpose_b, e.g. K of Q·Kᵀ) or
        // h·N × K (e.g. V of A·V). Output h·N × M; per head an M×K by K×N product.
        const int64_t h =
            node["heads"] ? read_int(m_file, node["heads"], path + ".heads", 1, kMaxDim) : 1;
        const bool tb = node["transpose_b"] &&
                        detail::read_bool(m_file, node["transpose_b"], path + ".transpose_b");
        const Shape b = m_net.shape_of(l.inputs[1]);
        if (in.width != 1 || b.width != 1 || in.channels % h != 0)
          fail_at(m_file, at, path,
                  "expected token sequences DxTx1 with D divisible by heads (" + std::to_string(h) +
                      "), got " + in.str() + " and " + b.str());
        const int64_t k = in.channels / h;
        int64_t n = 0;
        if (tb) {
          if (b.channels != in.channels)
            fail_at(m_file, at, path,
                    "expected both inputs of a transpose_b matmul to have " +
                        std::to_string(in.channels) + " channels, got " + b.str());
          n = b.height;
        } else {
          if (b.height != k || b.channels % h != 0)
            fail_at(m_file, at, path,
                    "expected the second input to have " + std::to_string(k) +
                        " tokens (the first's channels / heads) and channels divisible by " +
                        std::to_string(h) + ", got " + b.str());
          n = b.channels / h;
        }
        l.groups = static_cast<int>(h);
        l.rows = k;
        l.cols = n;
        l.vectors = in.height;
        l.macs = mul({h, k, n, in.height}, at, path);
        l.out_shape = {mul({h, n}, at, path), in.height, 1};
        break;
      }
      case LayerType::LayerNorm:
        l.out_shape = in;
        l.params = 2 * in.channels;
        l.element_ops = in.elements();
        break;
      case LayerType::Mul:
        if (l.inputs.size() == 2) {
          const Shape b = m_net.shape_of(l.inputs[1]);
          if (b != in && !(b.channels == in.channels && b.is_flat()))
            fail_at(m_file, node["inputs"], path + ".inputs",
                    "expected the second input of mul to be " + in.str() + " or " +
                        std::to_string(in.channels) + "x1x1, got " + b.str());
        }
        l.out_shape = in;
        l.element_ops = in.elements();
        break;
      case LayerType::Reshape: {
        if (!node["shape"]) {  // first_token: x[:, 0] of a sequence DxTx1
          if (in.width != 1)
            fail_at(m_file, at, path, "expected a token sequence DxTx1, got " + in.str());
          l.out_shape = {in.channels, 1, 1};
          break;
        }
        const YAML::Node s = node["shape"];
        if (!s.IsSequence() || s.size() != 3)
          fail_at(m_file, s, path + ".shape", "expected [channels, height, width]");
        l.out_shape = {read_int(m_file, s[0], path + ".shape[0]", 1, kMaxDim),
                       read_int(m_file, s[1], path + ".shape[1]", 1, kMaxDim),
                       read_int(m_file, s[2], path + ".shape[2]", 1, kMaxDim)};
        if (mul({l.out_shape.channels, l.out_shape.height, l.out_shape.width}, s, path) !=
            in.elements())
          fail_at(m_file, s, path + ".shape",
                  "expected " + std::to_string(in.elements()) + " elements (the input is " +
                      in.str() + "), got " + l.out_shape.str());
        break;
      }
      case LayerType::Lstm:
      case LayerType::Gru: {
        const int64_t hidden = read_int(m_file, node["hidden"], path + ".hidden", 1, kMaxDim);
        const int64_t gates = l.type == LayerType::Lstm ? 4 : 3;
        if (in.width != 1)
          fail_at(m_file, at, path,
                  "expected a sequence IxTx1 (T time steps of I inputs), got " + in.str());
        l.out_shape = {hidden, in.height, 1};
        l.rows = in.channels + hidden;
        l.cols = gates * hidden;
        l.vectors = in.height;
        l.weights = mul({l.rows, l.cols}, at, path);
        l.macs = mul({l.weights, l.vectors}, at, path);
        l.biases = l.bias ? 2 * gates * hidden : 0;  // PyTorch: b_ih and b_hh
        l.element_ops = mul({in.height, hidden, l.type == LayerType::Lstm ? 9 : 7}, at, path);
        break;
      }
      default:
        break;
    }
  }

  std::string input_name(int i) const {
    return i == kNetworkInput ? "'input'" : "'" + m_net.layers[i].name + "'";
  }

  std::string m_file;
  bool m_class_token = false;  // the layer being parsed is a class_token (a 1-input concat)
  Network m_net;
  std::map<std::string, int> m_index;      // names of the layers parsed so far
  std::map<std::string, int> m_all_names;  // every name in the file (first occurrence)
};

}  // namespace

Network parse_network(const std::string& yaml_text, const std::string& file_name) {
  return Parser(file_name).parse(yaml_text);
}

}  // namespace cimsim::workload
