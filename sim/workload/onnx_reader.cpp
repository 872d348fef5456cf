// read_onnx: ONNX ModelProto → Network (docs/workloads.md, "ONNX import").
//
// Tensors keep their full ONNX dims while the graph is walked; a layer's Shape is derived from
// them: a 4-D tensor produced by convolution-style ops is N×C×H×W → C×H×W; any other tensor is
// "features last" → (last dim)×(product of the others)×1, i.e. one vector per token / row.
// Shape-only subgraphs (Shape, Gather, Concat, Unsqueeze, Slice, Constant, ...) are folded
// here; values are kept only for small integer constants.
#include "sim/workload/onnx_reader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

#include <onnx/onnx_pb.h>

#include "sim/core/errors.h"

namespace cimsim::workload {
namespace {

using Dims = std::vector<int64_t>;

constexpr int64_t kMaxOnnxDim = int64_t{1} << 30;
constexpr size_t kMaxKeptValues = 1 << 16;  // constants larger than this keep only their dims

struct Tensor {
  Dims dims;
  bool is_const = false;
  bool has_values = false;     // ivals holds every element (integer constants)
  std::vector<int64_t> ivals;  // row-major
  std::vector<double> fvals;   // small float constants (Clip bounds, ...)
  int producer = kNetworkInput;
  bool direct = false;      // the output of `producer` itself (not a view of it)
  bool cf = false;          // channel-first N×C×H×W
  bool cf_lineage = false;  // a view of a channel-first tensor (its 4-D views are N×C×H×W)
  int qbits = 0;            // bits it was quantized to (QuantizeLinear), carried through views
};

// Saturates at INT64_MAX (emit() refuses a layer whose counts reach it).
int64_t product(const Dims& d, size_t from = 0, size_t to = SIZE_MAX) {
  int64_t p = 1;
  const size_t end = std::min(to, d.size());
  for (size_t i = from; i < end; ++i)
    if (__builtin_mul_overflow(p, d[i], &p)) return INT64_MAX;
  return p;
}

std::string dims_str(const Dims& d) {
  std::string s = "[";
  for (size_t i = 0; i < d.size(); ++i) s += (i ? "," : "") + std::to_string(d[i]);
  return s + "]";
}

Shape shape_of(const Dims& d, bool cf) {
  if (cf && d.size() == 4) return {d[1], d[2], d[3]};
  if (d.empty()) return {1, 1, 1};
  return {d.back(), product(d, 0, d.size() - 1), 1};
}

int bits_of(int32_t data_type) {
  switch (data_type) {
    case onnx::TensorProto::INT8:
    case onnx::TensorProto::UINT8:
      return 8;
    case onnx::TensorProto::INT16:
    case onnx::TensorProto::UINT16:
      return 16;
    case onnx::TensorProto::INT32:
    case onnx::TensorProto::UINT32:
      return 32;
    default:
      return 0;
  }
}

const std::vector<std::string>& supported() {
  static const std::vector<std::string> ops = [] {
    std::vector<std::string> v = {
        "Add",
        "AveragePool",
        "BatchNormalization",
        "Cast",
        "Clip",
        "Concat",
        "Constant",
        "ConstantOfShape",
        "Conv",
        "DequantizeLinear",
        "Div",
        "Dropout",
        "Equal",
        "Erf",
        "Exp",
        "Expand",
        "Flatten",
        "GRU",
        "Gather",
        "Gelu",
        "Gemm",
        "GlobalAveragePool",
        "GlobalMaxPool",
        "HardSigmoid",
        "HardSwish",
        "Identity",
        "LSTM",
        "LayerNormalization",
        "LeakyRelu",
        "MatMul",
        "MaxPool",
        "Mul",
        "Pow",
        "QLinearConv",
        "QLinearMatMul",
        "QuantizeLinear",
        "Reciprocal",
        "ReduceMean",
        "Relu",
        "Reshape",
        "Shape",
        "Sigmoid",
        "Slice",
        "Softmax",
        "Split",
        "Sqrt",
        "Squeeze",
        "Sub",
        "Tanh",
        "Transpose",
        "Unsqueeze",
        "Where",
    };
    std::sort(v.begin(), v.end());
    return v;
  }();
  return ops;
}

class Reader {
 public:
  explicit Reader(const std::string& file) : m_file(file) {}

  Network read(const std::string& bytes) {
    onnx::ModelProto model;
    if (bytes.empty() || !model.ParseFromString(bytes))
      fail(
          "expected an ONNX model (a serialized onnx.ModelProto): the file does not parse as "
          "protobuf (not an ONNX file, or truncated)");
    if (!model.has_graph() || model.graph().node_size() == 0)
      fail("expected an ONNX model with a graph of nodes (ModelProto.graph is missing or empty)");
    for (const auto& op : model.opset_import())
      if (op.domain().empty() || op.domain() == "ai.onnx") m_opset = op.version();
    const onnx::GraphProto& g = model.graph();

    std::string stem = m_file;
    const size_t slash = stem.find_last_of('/');
    if (slash != std::string::npos) stem = stem.substr(slash + 1);
    if (stem.size() > 5 && stem.compare(stem.size() - 5, 5, ".onnx") == 0)
      stem.resize(stem.size() - 5);
    m_net.name =
        g.name().empty() || g.name() == "torch_jit" || g.name() == "main_graph" ? stem : g.name();
    m_net.file = m_file;
    m_net.source = m_file;
    m_net.description =
        "imported from ONNX (" +
        (model.producer_name().empty() ? std::string("unknown producer") : model.producer_name()) +
        ", opset " + std::to_string(m_opset) + ")";

    for (const auto& t : g.initializer()) m_tensors[t.name()] = from_proto(t);
    bool have_input = false;
    for (const auto& vi : g.input()) {
      if (m_tensors.count(vi.name())) continue;  // an initializer listed as input too
      Dims d = value_dims(vi, !have_input);
      Tensor t;
      t.dims = d;
      if (!have_input) {
        have_input = true;
        t.cf = d.size() == 4;
        t.producer = kNetworkInput;
        m_net.input = shape_of(d, t.cf);
      } else {
        t.is_const = true;  // weights exported as inputs (torch.onnx.export(export_params=False))
      }
      m_tensors[vi.name()] = t;
    }
    if (!have_input) fail("expected a graph input that is not an initializer (the network input)");

    for (const auto& n : g.node())
      for (const auto& in : n.input()) ++m_uses[in];
    for (const auto& o : g.output()) ++m_uses[o.name()];
    find_patterns(g);
    for (int i = 0; i < g.node_size(); ++i) {
      if (m_skip.count(i)) continue;
      auto fused = m_fused.find(i);
      if (fused != m_fused.end()) {
        emit_fused(g.node(i), fused->second);
        continue;
      }
      node(g.node(i));
    }
    if (m_net.layers.empty())
      fail("expected at least one layer with hardware; the graph folds to constants");
    return std::move(m_net);
  }

 private:
  [[noreturn]] void fail(const std::string& msg) const {
    throw core::InputError(m_file + ": " + msg);
  }
  [[noreturn]] void fail(const onnx::NodeProto& n, const std::string& msg) const {
    throw core::InputError(m_file + ": node '" + node_name(n) + "' (" + n.op_type() + "): " + msg);
  }
  static std::string node_name(const onnx::NodeProto& n) {
    return n.name().empty() ? (n.output_size() ? n.output(0) : std::string("?")) : n.name();
  }

  Dims value_dims(const onnx::ValueInfoProto& vi, bool is_network_input) const {
    if (!vi.type().has_tensor_type() || !vi.type().tensor_type().has_shape())
      fail("graph input '" + vi.name() + "': expected a tensor with a static shape");
    Dims d;
    const auto& shape = vi.type().tensor_type().shape();
    for (int k = 0; k < shape.dim_size(); ++k) {
      const auto& dim = shape.dim(k);
      if (dim.has_dim_value() && dim.dim_value() > 0) {
        d.push_back(dim.dim_value());
      } else if (k == 0) {
        d.push_back(1);  // symbolic batch: cimsim counts one image; the run sets the batch
      } else {
        fail("graph input '" + vi.name() + "': expected a static shape, dim " + std::to_string(k) +
             " is symbolic ('" + dim.dim_param() + "'); export with fixed sizes");
      }
    }
    // A 4-D image batch must be 1 (cimsim counts per image; the run sets the batch); in any
    // other tensor the leading dims are part of the sequence of vectors.
    if (is_network_input && d.size() == 4 && d[0] != 1)
      fail("graph input '" + vi.name() +
           "': expected batch size 1 for an N×C×H×W input (dim 0 is " + std::to_string(d[0]) +
           "); cimsim counts per image, the run sets the batch");
    for (int64_t v : d)
      if (v > kMaxOnnxDim)
        fail("graph input '" + vi.name() + "': dims " + dims_str(d) + " too large");
    return d;
  }

  Tensor from_proto(const onnx::TensorProto& t) const {
    Tensor r;
    r.is_const = true;
    for (int64_t v : t.dims()) {
      if (v < 0 || v > kMaxOnnxDim)
        fail("initializer '" + t.name() + "': expected dims in [0, 2^30], got " +
             std::to_string(v));
      r.dims.push_back(v);
    }
    r.qbits = bits_of(t.data_type());
    const int64_t n = product(r.dims);
    if (n > static_cast<int64_t>(kMaxKeptValues)) return r;
    const std::string& raw = t.raw_data();
    auto take_raw = [&](size_t size, auto convert) {
      if (raw.size() != size * static_cast<size_t>(n)) return;
      for (int64_t i = 0; i < n; ++i) convert(raw.data() + i * size);
    };
    switch (t.data_type()) {
      case onnx::TensorProto::INT64:
        if (!raw.empty()) {
          take_raw(8, [&](const char* p) {
            int64_t v;
            std::memcpy(&v, p, 8);
            r.ivals.push_back(v);
          });
        } else {
          r.ivals.assign(t.int64_data().begin(), t.int64_data().end());
        }
        break;
      case onnx::TensorProto::INT32:
        if (!raw.empty()) {
          take_raw(4, [&](const char* p) {
            int32_t v;
            std::memcpy(&v, p, 4);
            r.ivals.push_back(v);
          });
        } else {
          r.ivals.assign(t.int32_data().begin(), t.int32_data().end());
        }
        break;
      case onnx::TensorProto::FLOAT:
        if (!raw.empty()) {
          take_raw(4, [&](const char* p) {
            float v;
            std::memcpy(&v, p, 4);
            r.fvals.push_back(v);
          });
        } else {
          r.fvals.assign(t.float_data().begin(), t.float_data().end());
        }
        break;
      default:
        break;
    }
    r.has_values = static_cast<int64_t>(r.ivals.size()) == n;
    if (static_cast<int64_t>(r.fvals.size()) != n) r.fvals.clear();
    return r;
  }

  // --- fused patterns -------------------------------------------------------------------------
  // PyTorch below opset 17 exports LayerNorm as ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt,
  // Div[, Mul, Add] and the erf GELU as Div, Erf, Add, Mul, Mul: each becomes one layer.
  struct Fused {
    LayerType type = LayerType::LayerNorm;
    std::string input, output;
    std::string name;
  };

  void find_patterns(const onnx::GraphProto& g) {
    std::map<std::string, std::vector<int>> users;
    std::set<std::string> consts;
    for (const auto& [name, t] : m_tensors)  // initializers and weights given as graph inputs
      if (t.is_const) consts.insert(name);
    for (int i = 0; i < g.node_size(); ++i) {
      for (const auto& in : g.node(i).input()) users[in].push_back(i);
      const auto& n = g.node(i);
      if (n.op_type() == "Constant" || ((n.op_type() == "Identity" || n.op_type() == "Cast") &&
                                        n.input_size() == 1 && consts.count(n.input(0))))
        for (const auto& o : n.output()) consts.insert(o);
    }
    std::set<std::string> outputs;
    for (const auto& o : g.output()) outputs.insert(o.name());
    // The single node consuming `t` (and nothing else, not a graph output), or -1.
    auto only_user = [&](const std::string& t) {
      auto it = users.find(t);
      if (outputs.count(t) || it == users.end() || it->second.size() != 1) return -1;
      return it->second[0];
    };
    auto is = [&](int i, const char* op) { return i >= 0 && g.node(i).op_type() == op; };
    auto other = [&](int i, const std::string& t) -> std::string {  // the other input of a binary
      const auto& n = g.node(i);
      if (n.input_size() != 2) return "";
      return n.input(0) == t ? n.input(1) : n.input(1) == t ? n.input(0) : "";
    };
    auto last_axis = [&](const onnx::NodeProto& n) {
      for (const auto& a : n.attribute())
        if (a.name() == "axes") return a.ints_size() == 1 && a.ints(0) == -1;
      return false;
    };
    for (int i = 0; i < g.node_size(); ++i) {
      const auto& head = g.node(i);
      if (head.op_type() == "ReduceMean" && last_axis(head) && head.input_size() == 1) {
        const std::string& x = head.input(0);
        const int sub = only_user(head.output(0));
        if (!is(sub, "Sub") || g.node(sub).input(0) != x) continue;
        const std::string d = g.node(sub).output(0);
        auto du = users[d];
        if (du.size() != 2 || outputs.count(d)) continue;
        int pow = is(du[0], "Pow") ? du[0] : du[1], div = pow == du[0] ? du[1] : du[0];
        if (!is(pow, "Pow") || !is(div, "Div") || g.node(div).input(0) != d) continue;
        const int mean2 = only_user(g.node(pow).output(0));
        if (!is(mean2, "ReduceMean") || !last_axis(g.node(mean2))) continue;
        const int add = only_user(g.node(mean2).output(0));
        if (!is(add, "Add") || !consts.count(other(add, g.node(mean2).output(0)))) continue;
        const int sqrt = only_user(g.node(add).output(0));
        if (!is(sqrt, "Sqrt") || only_user(g.node(sqrt).output(0)) != div) continue;
        std::vector<int> nodes = {sub, pow, mean2, add, sqrt, div};
        std::string out = g.node(div).output(0);
        const int mul = only_user(out);  // optional affine: Mul(gamma), Add(beta)
        if (is(mul, "Mul") && consts.count(other(mul, out))) {
          nodes.push_back(mul);
          out = g.node(mul).output(0);
          const int beta = only_user(out);
          if (is(beta, "Add") && consts.count(other(beta, out))) {
            nodes.push_back(beta);
            out = g.node(beta).output(0);
          }
        }
        for (int k : nodes) m_skip.insert(k);
        m_fused[i] = {LayerType::LayerNorm, x, out, head.name()};
      } else if (head.op_type() == "Div" && head.input_size() == 2 && consts.count(head.input(1))) {
        const std::string& x = head.input(0);
        const int erf = only_user(head.output(0));
        if (!is(erf, "Erf")) continue;
        const int add = only_user(g.node(erf).output(0));
        if (!is(add, "Add") || !consts.count(other(add, g.node(erf).output(0)))) continue;
        const int mul = only_user(g.node(add).output(0));
        if (!is(mul, "Mul") || other(mul, g.node(add).output(0)) != x) continue;
        const int half = only_user(g.node(mul).output(0));
        if (!is(half, "Mul") || !consts.count(other(half, g.node(mul).output(0)))) continue;
        for (int k : {erf, add, mul, half}) m_skip.insert(k);
        m_fused[i] = {LayerType::Activation, x, g.node(half).output(0), head.name()};
      }
    }
  }

  void emit_fused(const onnx::NodeProto& head, const Fused& f) {
    onnx::NodeProto n;  // stands for the whole pattern in names and messages
    n.set_name(f.type == LayerType::LayerNorm ? f.name + "_layernorm" : f.name + "_gelu");
    n.set_op_type(f.type == LayerType::LayerNorm ? "LayerNormalization" : "Gelu");
    n.add_input(f.input);
    n.add_output(f.output);
    (void)head;
    const Tensor& x = act(n, 0);
    Layer l;
    l.type = f.type;
    l.element_ops = product(x.dims);
    if (f.type == LayerType::LayerNorm) {
      if (x.dims.empty()) fail(n, "expected an input of rank >= 1");
      l.params = 2 * x.dims.back();
    } else {
      l.activation = ActivationFn::Gelu;
    }
    emit(n, l, {&x}, x.dims, f.type == LayerType::LayerNorm ? false : x.cf);
  }

  // --- node inputs and attributes ---------------------------------------------------------
  bool has_input(const onnx::NodeProto& n, int k) const {
    return k < n.input_size() && !n.input(k).empty();
  }
  const Tensor& in(const onnx::NodeProto& n, int k) const {
    if (!has_input(n, k))
      fail(n, "expected input " + std::to_string(k) + " (it is missing or empty)");
    auto it = m_tensors.find(n.input(k));
    if (it == m_tensors.end())
      fail(n, "input '" + n.input(k) +
                  "' is not produced by an earlier node, an initializer or a graph input "
                  "(nodes must be in topological order)");
    return it->second;
  }
  const Tensor& act(const onnx::NodeProto& n, int k) const {
    const Tensor& t = in(n, k);
    if (t.is_const)
      fail(n, "expected input " + std::to_string(k) + " ('" + n.input(k) +
                  "') to be an activation, got a constant");
    return t;
  }
  const Tensor& weight(const onnx::NodeProto& n, int k) const {
    const Tensor& t = in(n, k);
    if (!t.is_const)
      fail(n, "expected input " + std::to_string(k) + " ('" + n.input(k) +
                  "') to be a constant weight tensor (an initializer)");
    return t;
  }
  const std::vector<int64_t>& ints_of(const onnx::NodeProto& n, int k) const {
    const Tensor& t = in(n, k);
    if (!t.is_const || !t.has_values)
      fail(n, "expected input " + std::to_string(k) + " ('" + n.input(k) +
                  "') to be a constant integer tensor that folds at import (shapes, axes, "
                  "indices)");
    return t.ivals;
  }
  const onnx::AttributeProto* attr(const onnx::NodeProto& n, const char* name) const {
    for (const auto& a : n.attribute())
      if (a.name() == name) return &a;
    return nullptr;
  }
  int64_t attr_int(const onnx::NodeProto& n, const char* name, int64_t def) const {
    const auto* a = attr(n, name);
    return a ? a->i() : def;
  }
  float attr_float(const onnx::NodeProto& n, const char* name, float def) const {
    const auto* a = attr(n, name);
    return a ? a->f() : def;
  }
  std::string attr_str(const onnx::NodeProto& n, const char* name, const char* def) const {
    const auto* a = attr(n, name);
    return a ? a->s() : def;
  }
  std::vector<int64_t> attr_ints(const onnx::NodeProto& n, const char* name) const {
    const auto* a = attr(n, name);
    if (!a) return {};
    return {a->ints().begin(), a->ints().end()};
  }
  int64_t axis_of(const onnx::NodeProto& n, int64_t axis, size_t rank) const {
    const int64_t r = static_cast<int64_t>(rank);
    if (axis < -r || axis >= std::max<int64_t>(r, 1))
      fail(n, "axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(r));
    return axis < 0 ? axis + r : axis;
  }
  Dims broadcast(const onnx::NodeProto& n, const Dims& a, const Dims& b) const {
    Dims out(std::max(a.size(), b.size()), 1);
    for (size_t i = 0; i < out.size(); ++i) {
      const int64_t x = i < out.size() - a.size() ? 1 : a[i - (out.size() - a.size())];
      const int64_t y = i < out.size() - b.size() ? 1 : b[i - (out.size() - b.size())];
      if (x != y && x != 1 && y != 1)
        fail(n, "expected broadcastable shapes, got " + dims_str(a) + " and " + dims_str(b));
      out[i] = std::max(x, y);
    }
    return out;
  }

  // --- outputs ------------------------------------------------------------------------------
  void set_out(const onnx::NodeProto& n, int k, Tensor t) {
    if (k >= n.output_size() || n.output(k).empty()) return;
    for (int64_t v : t.dims)
      if (v < 0 || v > kMaxOnnxDim)
        fail(n, "inferred output dims " + dims_str(t.dims) + " invalid");
    m_tensors[n.output(k)] = std::move(t);
  }
  void set_const(const onnx::NodeProto& n, int k, Dims d, std::vector<int64_t> vals = {},
                 bool has_values = false) {
    Tensor t;
    t.is_const = true;
    t.dims = std::move(d);
    t.has_values = has_values && static_cast<int64_t>(vals.size()) == product(t.dims);
    if (t.has_values) t.ivals = std::move(vals);
    set_out(n, k, std::move(t));
  }

  // Appends a layer; returns its index. `inputs` are the activation tensors it reads.
  int emit(const onnx::NodeProto& n, Layer l, const std::vector<const Tensor*>& inputs,
           const Dims& out_dims, bool cf, int out_index = 0) {
    std::string base =
        n.name().empty() ? n.op_type() + "_" + std::to_string(m_net.layers.size()) : n.name();
    if (base == "input") base = "input_";
    std::string name = base;
    for (int k = 2; m_names.count(name); ++k) name = base + "_" + std::to_string(k);
    m_names.insert(name);
    l.name = name;
    l.op = n.op_type();
    // Every count must fit in 64 bits (sizes up to 2^30 per dim can overflow their products).
    int64_t weights = 0, macs = 0;
    if (product(out_dims) == INT64_MAX || l.element_ops == INT64_MAX ||
        product({l.rows, l.cols, l.groups}) == INT64_MAX ||
        product({l.rows, l.cols, l.groups, l.vectors}) == INT64_MAX ||
        __builtin_mul_overflow(l.rows * l.cols, int64_t{l.groups}, &weights) ||
        __builtin_mul_overflow(weights, l.vectors, &macs))
      fail(n, "expected sizes whose products fit in 64 bits (output " + dims_str(out_dims) + ")");
    for (const Tensor* t : inputs) l.inputs.push_back(t->producer);
    if (l.inputs.empty()) fail(n, "expected at least one activation input");
    l.in_shape = m_net.shape_of(l.inputs.front());
    if (l.out_shape.channels == 0) l.out_shape = shape_of(out_dims, cf);
    l.params += l.weights + l.biases;
    const int idx = static_cast<int>(m_net.layers.size());
    m_net.layers.push_back(std::move(l));
    Tensor t;
    t.dims = out_dims;
    t.producer = idx;
    t.direct = true;
    t.cf = cf;
    t.cf_lineage = cf;
    set_out(n, out_index, t);
    return idx;
  }
  // A view of an activation (reshape, transpose, ...): a no-hardware alias layer.
  void emit_view(const onnx::NodeProto& n, const Tensor& src, const Dims& out_dims, bool cf,
                 int out_index = 0, LayerType type = LayerType::Reshape) {
    Layer l;
    l.type = type;
    const int qbits = src.qbits;
    const bool lineage = src.cf || src.cf_lineage;
    cf = cf || (lineage && out_dims.size() == 4);
    const int idx = emit(n, l, {&src}, out_dims, cf, out_index);
    if (out_index < n.output_size() && !n.output(out_index).empty()) {
      m_tensors[n.output(out_index)].qbits = qbits;
      m_tensors[n.output(out_index)].cf_lineage = lineage;
    }
    m_net.layers[idx].activation_bits = qbits;
  }

  // --- ops ----------------------------------------------------------------------------------
  void node(const onnx::NodeProto& n) {
    if (!n.domain().empty() && n.domain() != "ai.onnx")
      fail(n, "op domain '" + n.domain() + "' is not supported (only the default ONNX domain); " +
                  supported_list());
    const std::string& op = n.op_type();
    if (op == "Constant") return constant(n);
    if (op == "Identity" || op == "Cast") {
      Tensor t = in(n, 0);
      t.direct = false;
      return set_out(n, 0, t);
    }
    if (op == "Shape") return shape_op(n);
    if (op == "ConstantOfShape") {
      const auto& d = ints_of(n, 0);
      const Dims dims(d.begin(), d.end());
      const auto* a = attr(n, "value");
      const Tensor value = a && a->has_t() ? from_proto(a->t()) : Tensor{};
      const int64_t count = product(dims);
      if (value.has_values && value.ivals.size() == 1 &&
          count <= static_cast<int64_t>(kMaxKeptValues))
        return set_const(n, 0, dims, std::vector<int64_t>(count, value.ivals[0]), true);
      return set_const(n, 0, dims);
    }
    if (op == "Relu" || op == "Sigmoid" || op == "Tanh" || op == "HardSigmoid" ||
        op == "HardSwish" || op == "Erf" || op == "Gelu" || op == "LeakyRelu" || op == "Sqrt" ||
        op == "Pow" || op == "Exp" || op == "Reciprocal" || op == "Clip")
      return unary(n);
    if (op == "Softmax") return per_element(n, LayerType::Softmax);
    if (op == "Dropout") {
      const Tensor& x = in(n, 0);
      if (x.is_const) return set_const(n, 0, x.dims);
      return emit_view(n, x, x.dims, x.cf, 0, LayerType::Dropout);
    }
    if (op == "BatchNormalization") return batchnorm(n);
    if (op == "LayerNormalization") return layernorm(n);
    if (op == "Conv" || op == "QLinearConv") return conv(n);
    if (op == "MaxPool" || op == "AveragePool") return pool(n);
    if (op == "GlobalAveragePool" || op == "GlobalMaxPool") return global_pool(n);
    if (op == "ReduceMean") return reduce_mean(n);
    if (op == "Gemm") return gemm(n);
    if (op == "MatMul" || op == "QLinearMatMul") return matmul(n);
    if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") return binary(n);
    if (op == "Concat") return concat(n);
    if (op == "Flatten") return flatten(n);
    if (op == "Reshape") return reshape(n);
    if (op == "Transpose") return transpose(n);
    if (op == "Squeeze" || op == "Unsqueeze") return squeeze(n);
    if (op == "Split") return split(n);
    if (op == "Slice") return slice(n);
    if (op == "Gather") return gather(n);
    if (op == "Expand") return expand(n);
    if (op == "LSTM" || op == "GRU") return recurrent(n);
    if (op == "Equal" || op == "Where") return const_select(n);
    if (op == "QuantizeLinear" || op == "DequantizeLinear") return quant(n);
    fail(n, "op type '" + op + "' is not supported; " + supported_list());
  }

  static std::string supported_list() {
    std::string s = "supported ops: ";
    for (size_t i = 0; i < supported().size(); ++i) s += (i ? ", " : "") + supported()[i];
    return s;
  }

  void constant(const onnx::NodeProto& n) {
    const auto* a = attr(n, "value");
    if (a && a->has_t()) return set_out(n, 0, from_proto(a->t()));
    if ((a = attr(n, "value_int"))) return set_const(n, 0, {}, {a->i()}, true);
    if ((a = attr(n, "value_ints")))
      return set_const(n, 0, {a->ints_size()}, {a->ints().begin(), a->ints().end()}, true);
    if ((a = attr(n, "value_float"))) {
      Tensor t;
      t.is_const = true;
      t.fvals = {a->f()};
      return set_out(n, 0, t);
    }
    if ((a = attr(n, "value_floats"))) return set_const(n, 0, {a->floats_size()});
    fail(n, "expected a 'value', 'value_int(s)' or 'value_float(s)' attribute");
  }

  void shape_op(const onnx::NodeProto& n) {
    const Dims& d = in(n, 0).dims;
    const int64_t r = static_cast<int64_t>(d.size());
    int64_t start = attr_int(n, "start", 0), end = attr_int(n, "end", r);
    if (start < 0) start += r;
    if (end < 0) end += r;
    start = std::clamp<int64_t>(start, 0, r);
    end = std::clamp<int64_t>(end, start, r);
    std::vector<int64_t> v(d.begin() + start, d.begin() + end);
    set_const(n, 0, {static_cast<int64_t>(v.size())}, v, true);
  }

  void unary(const onnx::NodeProto& n) {
    const std::string& op = n.op_type();
    const Tensor& x = in(n, 0);
    if (x.is_const) return set_const(n, 0, x.dims);
    Layer l;
    l.type = LayerType::Activation;
    static const std::map<std::string, ActivationFn> fns = {
        {"Relu", ActivationFn::Relu},
        {"Sigmoid", ActivationFn::Sigmoid},
        {"Tanh", ActivationFn::Tanh},
        {"HardSigmoid", ActivationFn::Hardsigmoid},
        {"HardSwish", ActivationFn::Hardswish},
        {"Erf", ActivationFn::Erf},
        {"Gelu", ActivationFn::Gelu},
        {"LeakyRelu", ActivationFn::LeakyRelu},
        {"Sqrt", ActivationFn::Sqrt},
        {"Pow", ActivationFn::Pow},
        {"Exp", ActivationFn::Exp},
        {"Reciprocal", ActivationFn::Reciprocal},
        {"Clip", ActivationFn::Clip}};
    l.activation = fns.at(op);
    if (op == "Pow" && !in(n, 1).is_const)
      fail(n, "expected a constant exponent (input 1); a tensor power is not supported");
    if (op == "Clip") {
      double lo = attr_float(n, "min", -3.4e38f), hi = attr_float(n, "max", 3.4e38f);
      auto bound = [&](int k, double& v) {
        if (!has_input(n, k)) return;
        const Tensor& t = in(n, k);
        if (!t.is_const || t.fvals.size() != 1)
          fail(n, "expected input " + std::to_string(k) + " to be a constant scalar bound");
        v = t.fvals[0];
      };
      bound(1, lo);
      bound(2, hi);
      if (lo == 0 && hi == 6)
        l.activation = ActivationFn::Relu6;
      else if (lo == 0 && hi > 3e38)
        l.activation = ActivationFn::Relu;
    }
    l.element_ops = product(x.dims);
    emit(n, l, {&x}, x.dims, x.cf);
  }

  void per_element(const onnx::NodeProto& n, LayerType type) {
    const Tensor& x = in(n, 0);
    if (x.is_const) return set_const(n, 0, x.dims);
    Layer l;
    l.type = type;
    l.element_ops = product(x.dims);
    emit(n, l, {&x}, x.dims, x.cf);
  }

  void batchnorm(const onnx::NodeProto& n) {
    const Tensor& x = act(n, 0);
    if (x.dims.size() < 2) fail(n, "expected an input of rank >= 2, got " + dims_str(x.dims));
    Layer l;
    l.type = LayerType::BatchNorm;
    l.params = 2 * x.dims[1];  // gamma and beta; folded into the previous layer
    emit(n, l, {&x}, x.dims, x.cf);
  }

  void layernorm(const onnx::NodeProto& n) {
    const Tensor& x = act(n, 0);
    const int64_t axis = axis_of(n, attr_int(n, "axis", -1), x.dims.size());
    if (axis != static_cast<int64_t>(x.dims.size()) - 1)
      fail(n, "expected normalisation over the last axis only (axis -1), got axis " +
                  std::to_string(axis) + " of " + dims_str(x.dims));
    Layer l;
    l.type = LayerType::LayerNorm;
    l.params = 2 * x.dims.back();
    l.element_ops = product(x.dims);
    emit(n, l, {&x}, x.dims, false);
  }

  // Window output size along one axis with explicit begin/end pads (ONNX formulas).
  int64_t window(const onnx::NodeProto& n, int64_t in, int64_t k, int64_t s, int64_t d, int64_t pb,
                 int64_t pe, bool ceil_mode) const {
    const int64_t extent = d * (k - 1) + 1;
    if (in + pb + pe < extent)
      fail(n, "expected the kernel (extent " + std::to_string(extent) +
                  ") to fit in the padded input (" + std::to_string(in + pb + pe) + ")");
    const int64_t span = in + pb + pe - extent;
    int64_t out = (ceil_mode ? (span + s - 1) / s : span / s) + 1;
    if (ceil_mode && (out - 1) * s >= in + pb) --out;  // last window starts inside the input
    return out;
  }

  // Fills kernel/stride/pad/dilation of `l` and returns {Hout, Wout}.
  std::pair<int64_t, int64_t> window_attrs(const onnx::NodeProto& n, const Dims& x,
                                           std::vector<int64_t> kernel, bool strides_default_one,
                                           Layer& l) {
    if (x.size() != 4)
      fail(n, "expected a 2-D window over a 4-D N×C×H×W input, got " + dims_str(x));
    if (kernel.size() != 2) fail(n, "expected a 2-D kernel_shape, got " + dims_str(kernel));
    std::vector<int64_t> strides = attr_ints(n, "strides");
    if (strides.empty()) strides = strides_default_one ? Dims{1, 1} : kernel;
    std::vector<int64_t> dil = attr_ints(n, "dilations");
    if (dil.empty()) dil = {1, 1};
    std::vector<int64_t> pads = attr_ints(n, "pads");
    if (pads.empty()) pads = {0, 0, 0, 0};
    if (strides.size() != 2 || dil.size() != 2 || pads.size() != 4)
      fail(n, "expected 2 strides, 2 dilations and 4 pads for a 2-D window");
    for (int64_t v : kernel)
      if (v < 1 || v > 65536) fail(n, "expected kernel sizes in [1, 65536]");
    for (size_t i = 0; i < 2; ++i)
      if (strides[i] < 1 || dil[i] < 1 || strides[i] > 65536 || dil[i] > 65536)
        fail(n, "expected strides and dilations in [1, 65536]");
    for (int64_t v : pads)
      if (v < 0 || v > 65536) fail(n, "expected pads in [0, 65536]");
    const std::string auto_pad = attr_str(n, "auto_pad", "NOTSET");
    const bool ceil_mode = attr_int(n, "ceil_mode", 0) != 0;
    int64_t out[2];
    for (int a = 0; a < 2; ++a) {
      const int64_t in = x[2 + a], k = kernel[a], s = strides[a], d = dil[a];
      if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
        out[a] = (in + s - 1) / s;
        const int64_t total = std::max<int64_t>(0, (out[a] - 1) * s + d * (k - 1) + 1 - in);
        pads[a] = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
        pads[a + 2] = total - pads[a];
      } else if (auto_pad == "VALID") {
        pads[a] = pads[a + 2] = 0;
        out[a] = window(n, in, k, s, d, 0, 0, ceil_mode);
      } else if (auto_pad == "NOTSET") {
        out[a] = window(n, in, k, s, d, pads[a], pads[a + 2], ceil_mode);
      } else {
        fail(n,
             "expected auto_pad NOTSET, SAME_UPPER, SAME_LOWER or VALID, got '" + auto_pad + "'");
      }
    }
    l.kernel_h = static_cast<int>(kernel[0]), l.kernel_w = static_cast<int>(kernel[1]);
    l.stride_h = static_cast<int>(strides[0]), l.stride_w = static_cast<int>(strides[1]);
    l.dilation_h = static_cast<int>(dil[0]), l.dilation_w = static_cast<int>(dil[1]);
    l.pad_h = static_cast<int>(pads[0]), l.pad_w = static_cast<int>(pads[1]);  // begin pads
    l.ceil_mode = ceil_mode;
    return {out[0], out[1]};
  }

  void conv(const onnx::NodeProto& n) {
    const bool q = n.op_type() == "QLinearConv";
    const Tensor& x = act(n, 0);
    const Tensor& w = weight(n, q ? 3 : 1);
    const bool has_bias = has_input(n, q ? 8 : 2);
    if (w.dims.size() != 4)
      fail(n, "expected a 4-D weight M×C/group×kH×kW (2-D convolution), got " + dims_str(w.dims));
    Layer l;
    l.type = LayerType::Conv2d;
    const int64_t groups = attr_int(n, "group", 1);
    std::vector<int64_t> kernel = attr_ints(n, "kernel_shape");
    if (kernel.empty()) kernel = {w.dims[2], w.dims[3]};
    const auto [ho, wo] = window_attrs(n, x.dims, kernel, true, l);
    const int64_t cin = x.dims[1], cout = w.dims[0];
    if (groups < 1 || cin % groups != 0 || cout % groups != 0 || w.dims[1] * groups != cin)
      fail(n, "expected group (" + std::to_string(groups) + ") to divide the input channels (" +
                  std::to_string(cin) + ") and the filters (" + std::to_string(cout) +
                  ") with weight dims " + dims_str(w.dims));
    l.groups = static_cast<int>(groups);
    l.bias = has_bias;
    l.rows = (cin / groups) * kernel[0] * kernel[1];
    l.cols = cout / groups;
    l.vectors = ho * wo;
    l.weights = l.rows * l.cols * groups;
    l.macs = l.weights * l.vectors;
    l.biases = has_bias ? cout : 0;
    l.weight_bits = w.qbits;
    l.activation_bits = x.qbits;
    l.weight_tensor = n.input(q ? 3 : 1);
    if (has_bias) l.bias_tensor = n.input(q ? 8 : 2);
    const int idx = emit(n, l, {&x}, {1, cout, ho, wo}, true);
    if (q) m_tensors[n.output(0)].qbits = bits_of_zero_point(n, 7);
    (void)idx;
  }

  int bits_of_zero_point(const onnx::NodeProto& n, int k) const {
    if (!has_input(n, k)) return 8;  // uint8 by default
    const Tensor& t = in(n, k);
    return t.qbits ? t.qbits : 8;
  }

  void pool(const onnx::NodeProto& n) {
    const Tensor& x = act(n, 0);
    Layer l;
    l.type = n.op_type() == "MaxPool" ? LayerType::MaxPool : LayerType::AvgPool;
    const auto [ho, wo] = window_attrs(n, x.dims, attr_ints(n, "kernel_shape"), true, l);
    const Dims out = {1, x.dims[1], ho, wo};
    l.element_ops = product(out) * l.kernel_h * l.kernel_w;
    emit(n, l, {&x}, out, true);
    if (n.output_size() > 1 && !n.output(1).empty())
      fail(n, "expected no Indices output (MaxPool with indices is not supported)");
  }

  void global_pool(const onnx::NodeProto& n) {
    const Tensor& x = act(n, 0);
    if (x.dims.size() != 4) fail(n, "expected a 4-D N×C×H×W input, got " + dims_str(x.dims));
    Layer l;
    if (n.op_type() == "GlobalAveragePool") {
      l.type = LayerType::GlobalAvgPool;
    } else {
      l.type = LayerType::MaxPool;
      l.kernel_h = l.stride_h = static_cast<int>(x.dims[2]);
      l.kernel_w = l.stride_w = static_cast<int>(x.dims[3]);
    }
    l.element_ops = product(x.dims);
    emit(n, l, {&x}, {1, x.dims[1], 1, 1}, true);
  }

  void reduce_mean(const onnx::NodeProto& n) {
    const Tensor& x = in(n, 0);
    std::vector<int64_t> axes = attr_ints(n, "axes");
    if (axes.empty() && has_input(n, 1)) axes = ints_of(n, 1);
    const bool keep = attr_int(n, "keepdims", 1) != 0;
    const size_t r = x.dims.size();
    if (axes.empty())
      for (size_t i = 0; i < r; ++i) axes.push_back(static_cast<int64_t>(i));
    for (int64_t& a : axes) a = axis_of(n, a, r);
    std::sort(axes.begin(), axes.end());
    Dims out;
    for (size_t i = 0; i < r; ++i) {
      const bool reduced = std::binary_search(axes.begin(), axes.end(), static_cast<int64_t>(i));
      if (!reduced)
        out.push_back(x.dims[i]);
      else if (keep)
        out.push_back(1);
    }
    if (x.is_const) return set_const(n, 0, out);
    Layer l;
    l.element_ops = product(x.dims);
    if (r == 4 && axes == std::vector<int64_t>{2, 3}) {
      l.type = LayerType::GlobalAvgPool;
      return (void)emit(n, l, {&x}, out, keep);
    }
    if (r >= 1 && axes == std::vector<int64_t>{static_cast<int64_t>(r) - 1}) {
      l.type = LayerType::Reduce;
      return (void)emit(n, l, {&x}, out, false);
    }
    fail(n,
         "expected ReduceMean over the spatial axes [2,3] of N×C×H×W or over the last axis, "
         "got axes " +
             dims_str(axes) + " of " + dims_str(x.dims));
  }

  // A matrix with stationary weights (rows K reduced, cols N outputs) applied to `vectors`
  // input vectors: linear for one vector, else a 1×1 convolution over the tokens (same cost).
  int weight_matmul(const onnx::NodeProto& n, const Tensor& x, const Tensor& w, int64_t k,
                    int64_t cols, int64_t vectors, bool has_bias, const Dims& out_dims,
                    Shape out_shape = {}) {
    Layer l;
    l.type = vectors == 1 ? LayerType::Linear : LayerType::Conv2d;
    l.rows = k;
    l.cols = cols;
    l.vectors = vectors;
    l.weights = k * cols;
    l.macs = l.weights * vectors;
    l.bias = has_bias;
    l.biases = has_bias ? cols : 0;
    l.weight_bits = w.qbits;
    l.activation_bits = x.qbits;
    l.out_shape = out_shape;
    return emit(n, l, {&x}, out_dims, false);
  }

  void gemm(const onnx::NodeProto& n) {
    const Tensor& a = in(n, 0);
    const Tensor& b = in(n, 1);
    if (a.dims.size() != 2 || b.dims.size() != 2)
      fail(n, "expected 2-D inputs, got " + dims_str(a.dims) + " and " + dims_str(b.dims));
    const bool ta = attr_int(n, "transA", 0) != 0, tb = attr_int(n, "transB", 0) != 0;
    const int64_t m = ta ? a.dims[1] : a.dims[0], k = ta ? a.dims[0] : a.dims[1];
    const int64_t kb = tb ? b.dims[1] : b.dims[0], nn = tb ? b.dims[0] : b.dims[1];
    if (k != kb)
      fail(n, "expected matching inner dimensions, got " + dims_str(a.dims) + " and " +
                  dims_str(b.dims) + (tb ? " (transB)" : ""));
    if (a.is_const && b.is_const) return set_const(n, 0, {m, nn});
    if (a.is_const || ta) fail(n, "expected the activation as input A without transA");
    if (!b.is_const) return (void)dynamic_matmul(n, a, b, {m, k}, {k, nn});
    Layer& l = m_net.layers[weight_matmul(n, a, b, k, nn, m, has_input(n, 2), {m, nn})];
    l.weight_tensor = n.input(1);
    l.weight_kn = !tb;
    if (has_input(n, 2)) l.bias_tensor = n.input(2);
  }

  void matmul(const onnx::NodeProto& n) {
    const bool q = n.op_type() == "QLinearMatMul";
    const Tensor& a = in(n, 0);
    const Tensor& b = in(n, q ? 3 : 1);
    Dims ad = a.dims, bd = b.dims;
    if (ad.empty() || bd.empty()) fail(n, "expected inputs of rank >= 1");
    const bool a_vec = ad.size() == 1, b_vec = bd.size() == 1;
    if (a_vec) ad.insert(ad.begin(), 1);
    if (b_vec) bd.push_back(1);
    const int64_t k = ad.back();
    if (bd[bd.size() - 2] != k)
      fail(n, "expected matching inner dimensions, got " + dims_str(a.dims) + " and " +
                  dims_str(b.dims));
    const Dims ab(ad.begin(), ad.end() - 2), bb(bd.begin(), bd.end() - 2);
    Dims out = broadcast(n, ab, bb);
    const int64_t m = ad[ad.size() - 2], nn = bd.back();
    if (!a_vec) out.push_back(m);
    if (!b_vec) out.push_back(nn);
    if (a.is_const && b.is_const) return set_const(n, 0, out);
    int idx = -1;
    if (b.is_const) {
      if (!bb.empty() && product(bb) != 1)
        fail(n, "expected a 2-D constant weight, got " + dims_str(b.dims));
      idx = weight_matmul(n, a, b, k, nn, product(ad, 0, ad.size() - 1), false, out);
      m_net.layers[idx].weight_tensor = n.input(q ? 3 : 1);
      m_net.layers[idx].weight_kn = true;
    } else if (a.is_const) {
      // W·X: every column of X is a vector of K.
      if (!ab.empty() && product(ab) != 1)
        fail(n, "expected a 2-D constant weight, got " + dims_str(a.dims));
      const int64_t vectors = product(bd) / k;
      idx = weight_matmul(n, b, a, k, m, vectors, false, out, Shape{m, vectors, 1});
      m_net.layers[idx].weight_tensor = n.input(0);  // M×K: outputs × rows
    } else {
      idx = dynamic_matmul(n, a, b, ad, bd, out);
    }
    if (q) {
      m_net.layers[idx].activation_bits = a.qbits;
      m_net.layers[idx].weight_bits = b.qbits;
      m_tensors[n.output(0)].qbits = bits_of_zero_point(n, 7);
    }
  }

  int dynamic_matmul(const onnx::NodeProto& n, const Tensor& a, const Tensor& b, const Dims& ad,
                     const Dims& bd, Dims out = {}) {
    if (out.empty()) out = {ad[0], bd[1]};
    Layer l;
    l.type = LayerType::MatMul;
    const int64_t m = ad[ad.size() - 2], k = ad.back(), nn = bd.back();
    const int64_t heads = product(out) / (m * nn);
    l.rows = k;
    l.cols = nn;
    l.groups = static_cast<int>(heads);
    l.vectors = m;
    l.macs = heads * m * k * nn;
    l.activation_bits = a.qbits;
    l.weight_bits = b.qbits;
    return emit(n, l, {&a, &b}, out, false);  // out_shape: N × (heads·M) × 1
  }

  void binary(const onnx::NodeProto& n) {
    const std::string& op = n.op_type();
    const Tensor& a = in(n, 0);
    const Tensor& b = in(n, 1);
    const Dims out = broadcast(n, a.dims, b.dims);
    if (a.is_const && b.is_const) {
      std::vector<int64_t> v;
      const int64_t count = product(out);
      const bool ok =
          a.has_values && b.has_values &&
          (a.ivals.size() == b.ivals.size() || a.ivals.size() == 1 || b.ivals.size() == 1) &&
          static_cast<size_t>(count) == std::max(a.ivals.size(), b.ivals.size());
      for (int64_t i = 0; ok && i < count; ++i) {
        const int64_t x = a.ivals[a.ivals.size() == 1 ? 0 : i];
        const int64_t y = b.ivals[b.ivals.size() == 1 ? 0 : i];
        v.push_back(op == "Add"   ? x + y
                    : op == "Sub" ? x - y
                    : op == "Mul" ? x * y
                    : y           ? x / y
                                  : 0);
      }
      return set_const(n, 0, out, v, ok);
    }
    const bool additive = op == "Add" || op == "Sub";
    if (a.is_const || b.is_const) {
      const Tensor& x = a.is_const ? b : a;
      const Tensor& c = a.is_const ? a : b;
      // A bias after a weight MatMul (PyTorch exports Linear on a sequence as MatMul + Add).
      if (op == "Add" && x.direct && x.producer >= 0 && m_uses[n.input(a.is_const ? 1 : 0)] == 1) {
        Layer& p = m_net.layers[x.producer];
        if (p.is_matrix() && !p.bias && p.op == "MatMul" && product(c.dims) == p.cols * p.groups &&
            out == x.dims) {
          p.bias = true;
          p.bias_tensor = n.input(a.is_const ? 0 : 1);
          p.biases = p.cols * p.groups;
          p.params += p.biases;
          Tensor t = x;
          return set_out(n, 0, t);
        }
      }
      Layer l;
      l.type = additive ? LayerType::Add : LayerType::Mul;
      l.element_ops = product(out);
      emit(n, l, {&x}, out, x.cf && out.size() == 4);
      return;
    }
    Layer l;
    l.type = additive ? LayerType::Add : LayerType::Mul;
    l.element_ops = product(out);
    emit(n, l, {&a, &b}, out, (a.cf || b.cf) && out.size() == 4);
  }

  // Equal and Where on constants (shape arithmetic such as Expand(x, Where(shape == -1, ...))).
  void const_select(const onnx::NodeProto& n) {
    std::vector<const Tensor*> ins;
    Dims out;
    for (int k = 0; k < n.input_size(); ++k) {
      ins.push_back(&in(n, k));
      if (!ins.back()->is_const)
        fail(n, "expected constant inputs: " + n.op_type() +
                    " folds at import in shape computations only (input '" + n.input(k) +
                    "' is an activation)");
      out = broadcast(n, out, ins.back()->dims);
    }
    const int64_t count = product(out);
    bool ok = true;
    for (const Tensor* t : ins)
      ok = ok && t->has_values &&
           (t->ivals.size() == 1 || static_cast<int64_t>(t->ivals.size()) == count);
    std::vector<int64_t> v;
    auto at = [&](int k, int64_t i) { return ins[k]->ivals[ins[k]->ivals.size() == 1 ? 0 : i]; };
    for (int64_t i = 0; ok && i < count; ++i)
      v.push_back(n.op_type() == "Equal" ? at(0, i) == at(1, i) : at(0, i) ? at(1, i) : at(2, i));
    set_const(n, 0, out, v, ok);
  }

  void concat(const onnx::NodeProto& n) {
    std::vector<const Tensor*> ins;
    ins.reserve(static_cast<size_t>(n.input_size()));
    for (int k = 0; k < n.input_size(); ++k) ins.push_back(&in(n, k));
    if (ins.empty()) fail(n, "expected at least one input");
    const size_t r = ins[0]->dims.size();
    const int64_t axis = axis_of(n, attr_int(n, "axis", 0), r);
    Dims out = ins[0]->dims;
    out[axis] = 0;
    bool all_const = true, values = true;
    std::vector<int64_t> v;
    std::vector<const Tensor*> acts;
    for (const Tensor* t : ins) {
      if (t->dims.size() != r)
        fail(n, "expected inputs of equal rank, got " + dims_str(ins[0]->dims) + " and " +
                    dims_str(t->dims));
      for (size_t i = 0; i < r; ++i)
        if (static_cast<int64_t>(i) != axis && t->dims[i] != out[i])
          fail(n, "expected inputs equal except along axis " + std::to_string(axis) + ", got " +
                      dims_str(ins[0]->dims) + " and " + dims_str(t->dims));
      out[axis] += t->dims[axis];
      all_const = all_const && t->is_const;
      values = values && t->has_values;
      if (t->has_values) v.insert(v.end(), t->ivals.begin(), t->ivals.end());
      if (!t->is_const) acts.push_back(t);
    }
    if (all_const) return set_const(n, 0, out, v, values && r == 1);
    Layer l;
    l.type = LayerType::Concat;
    const bool cf = r == 4 && axis == 1 && acts[0]->cf;
    emit(n, l, acts, out, cf);
  }

  void flatten(const onnx::NodeProto& n) {
    const Tensor& x = in(n, 0);
    const int64_t r = static_cast<int64_t>(x.dims.size());
    int64_t axis = attr_int(n, "axis", 1);
    if (axis < 0) axis += r;
    if (axis < 0 || axis > r) fail(n, "axis out of range");
    const Dims out = {product(x.dims, 0, axis), product(x.dims, axis)};
    if (x.is_const) return set_const(n, 0, out);
    emit_view(n, x, out, false, 0, LayerType::Flatten);
  }

  void reshape(const onnx::NodeProto& n) {
    const Tensor& x = in(n, 0);
    const std::vector<int64_t>& spec = ints_of(n, 1);
    const bool allowzero = attr_int(n, "allowzero", 0) != 0;
    Dims out;
    int infer = -1;
    for (size_t i = 0; i < spec.size(); ++i) {
      if (spec[i] == -1) {
        if (infer >= 0) fail(n, "expected at most one -1 in the shape " + dims_str(spec));
        infer = static_cast<int>(i);
        out.push_back(1);
      } else if (spec[i] == 0 && !allowzero) {
        if (i >= x.dims.size()) fail(n, "shape " + dims_str(spec) + ": 0 copies a missing dim");
        out.push_back(x.dims[i]);
      } else if (spec[i] < 0) {
        fail(n, "expected a shape of non-negative sizes, got " + dims_str(spec));
      } else {
        out.push_back(spec[i]);
      }
    }
    const int64_t total = product(x.dims), known = product(out);
    if (infer >= 0) {
      if (known == 0 || total % known != 0)
        fail(n, "cannot reshape " + dims_str(x.dims) + " to " + dims_str(spec));
      out[infer] = total / known;
    }
    if (product(out) != total)
      fail(n, "cannot reshape " + dims_str(x.dims) + " (" + std::to_string(total) +
                  " elements) to " + dims_str(out));
    if (x.is_const) return set_const(n, 0, out, x.ivals, x.has_values);
    emit_view(n, x, out, false);
  }

  void transpose(const onnx::NodeProto& n) {
    const Tensor& x = in(n, 0);
    std::vector<int64_t> perm = attr_ints(n, "perm");
    const size_t r = x.dims.size();
    if (perm.empty())
      for (size_t i = 0; i < r; ++i) perm.push_back(static_cast<int64_t>(r - 1 - i));
    if (perm.size() != r) fail(n, "expected perm of length " + std::to_string(r));
    Dims out;
    std::vector<bool> seen(r, false);
    for (int64_t p : perm) {
      if (p < 0 || p >= static_cast<int64_t>(r) || seen[p]) fail(n, "perm is not a permutation");
      seen[p] = true;
      out.push_back(x.dims[p]);
    }
    if (x.is_const) return set_const(n, 0, out);
    emit_view(n, x, out, false);
  }

  void squeeze(const onnx::NodeProto& n) {
    const Tensor& x = in(n, 0);
    const bool un = n.op_type() == "Unsqueeze";
    std::vector<int64_t> axes = attr_ints(n, "axes");
    if (axes.empty() && has_input(n, 1)) axes = ints_of(n, 1);
    Dims out;
    if (un) {
      const size_t r = x.dims.size() + axes.size();
      for (int64_t& a : axes) a = axis_of(n, a, r);
      std::sort(axes.begin(), axes.end());
      size_t src = 0;
      for (size_t i = 0; i < r; ++i) {
        if (std::binary_search(axes.begin(), axes.end(), static_cast<int64_t>(i)))
          out.push_back(1);
        else
          out.push_back(x.dims[src++]);
      }
    } else {
      for (int64_t& a : axes) a = axis_of(n, a, x.dims.size());
      for (size_t i = 0; i < x.dims.size(); ++i) {
        const bool listed =
            std::find(axes.begin(), axes.end(), static_cast<int64_t>(i)) != axes.end();
        if (listed && x.dims[i] != 1)
          fail(n, "cannot squeeze axis " + std::to_string(i) + " of " + dims_str(x.dims));
        if (axes.empty() ? x.dims[i] != 1 : !listed) out.push_back(x.dims[i]);
      }
    }
    if (x.is_const) return set_const(n, 0, out, x.ivals, x.has_values);
    // A pure dims change keeps the layout when it leaves a 4-D N×C×H×W tensor.
    emit_view(n, x, out, x.cf && out.size() == 4 && product(x.dims, 0, 2) == product(out, 0, 2));
  }

  void split(const onnx::NodeProto& n) {
    const Tensor& x = in(n, 0);
    const int64_t axis = axis_of(n, attr_int(n, "axis", 0), x.dims.size());
    std::vector<int64_t> sizes = attr_ints(n, "split");
    if (sizes.empty() && has_input(n, 1)) sizes = ints_of(n, 1);
    const int outs = n.output_size();
    if (sizes.empty()) {
      if (outs < 1 || x.dims[axis] % outs != 0)
        fail(n, "expected axis " + std::to_string(axis) + " of " + dims_str(x.dims) +
                    " to split evenly into " + std::to_string(outs) + " outputs");
      sizes.assign(outs, x.dims[axis] / outs);
    }
    if (static_cast<int>(sizes.size()) != outs ||
        std::accumulate(sizes.begin(), sizes.end(), int64_t{0}) != x.dims[axis])
      fail(n, "expected split sizes " + dims_str(sizes) + " to add up to " +
                  std::to_string(x.dims[axis]) + " over " + std::to_string(outs) + " outputs");
    for (int k = 0; k < outs; ++k) {
      Dims d = x.dims;
      d[axis] = sizes[k];
      if (x.is_const)
        set_const(n, k, d);
      else
        emit_view(n, x, d, x.cf && axis == 1, k);
    }
  }

  void slice(const onnx::NodeProto& n) {
    const Tensor& x = in(n, 0);
    std::vector<int64_t> starts, ends, axes, steps;
    if (has_input(n, 1)) {
      starts = ints_of(n, 1);
      ends = ints_of(n, 2);
      if (has_input(n, 3)) axes = ints_of(n, 3);
      if (has_input(n, 4)) steps = ints_of(n, 4);
    } else {
      starts = attr_ints(n, "starts");
      ends = attr_ints(n, "ends");
      axes = attr_ints(n, "axes");
    }
    if (axes.empty())
      for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
    if (steps.empty()) steps.assign(starts.size(), 1);
    if (ends.size() != starts.size() || axes.size() != starts.size() ||
        steps.size() != starts.size())
      fail(n, "expected starts, ends, axes and steps of equal length");
    Dims out = x.dims;
    std::vector<int64_t> first(x.dims.size(), 0), step(x.dims.size(), 1);
    for (size_t i = 0; i < starts.size(); ++i) {
      const int64_t a = axis_of(n, axes[i], x.dims.size());
      const int64_t dim = x.dims[a], s = steps[i];
      if (s == 0) fail(n, "expected non-zero steps");
      auto clampi = [&](int64_t v, int64_t lo, int64_t hi) {
        if (v < 0) v = v < -dim ? -1 : v + dim;  // INT64_MIN-safe
        return std::clamp(v, lo, hi);
      };
      int64_t b = 0, e = 0;
      if (s > 0) {
        b = clampi(starts[i], 0, dim);
        e = clampi(ends[i], 0, dim);
        out[a] = e > b ? (e - b + s - 1) / s : 0;
      } else {
        b = clampi(starts[i], -1, dim - 1);
        e = clampi(ends[i], -1, dim - 1);
        out[a] = b > e ? (b - e - s - 1) / -s : 0;
      }
      first[a] = b;
      step[a] = s;
    }
    if (x.is_const) {
      std::vector<int64_t> v;
      const bool ok = x.has_values && x.dims.size() == 1;
      for (int64_t i = 0; ok && i < out[0]; ++i) v.push_back(x.ivals[first[0] + i * step[0]]);
      return set_const(n, 0, out, v, ok);
    }
    emit_view(n, x, out, x.cf && out.size() == 4);
  }

  void gather(const onnx::NodeProto& n) {
    const Tensor& x = in(n, 0);
    const Tensor& idx = in(n, 1);
    const int64_t axis = axis_of(n, attr_int(n, "axis", 0), x.dims.size());
    Dims out(x.dims.begin(), x.dims.begin() + axis);
    out.insert(out.end(), idx.dims.begin(), idx.dims.end());
    out.insert(out.end(), x.dims.begin() + axis + 1, x.dims.end());
    if (!idx.is_const)
      fail(n,
           "expected constant indices (an embedding lookup of activations is not supported; "
           "export the model from its embeddings on)");
    if (x.is_const) {
      std::vector<int64_t> v;
      const bool ok = x.has_values && idx.has_values && x.dims.size() == 1;
      for (size_t i = 0; ok && i < idx.ivals.size(); ++i) {
        int64_t j = idx.ivals[i];
        if (j < 0) j += x.dims[0];
        if (j < 0 || j >= x.dims[0])
          fail(n, "index " + std::to_string(idx.ivals[i]) + " out of range");
        v.push_back(x.ivals[j]);
      }
      return set_const(n, 0, out, v, ok);
    }
    emit_view(n, x, out, false);
  }

  void expand(const onnx::NodeProto& n) {
    const Tensor& x = in(n, 0);
    const std::vector<int64_t>& shape = ints_of(n, 1);
    const Dims out = broadcast(n, x.dims, Dims(shape.begin(), shape.end()));
    if (x.is_const) return set_const(n, 0, out);
    emit_view(n, x, out, x.cf && out.size() == 4);
  }

  void recurrent(const onnx::NodeProto& n) {
    const bool lstm = n.op_type() == "LSTM";
    const Tensor& x = act(n, 0);
    const Tensor& w = weight(n, 1);
    weight(n, 2);
    if (x.dims.size() != 3)
      fail(n, "expected a 3-D input [seq, batch, input], got " + dims_str(x.dims));
    const std::string dir = attr_str(n, "direction", "forward");
    if (dir != "forward" && dir != "reverse")
      fail(n, "expected direction forward or reverse ('" + dir +
                  "' is not supported: export a bidirectional layer as two layers)");
    const bool batch_first = attr_int(n, "layout", 0) != 0;
    const int64_t seq = batch_first ? x.dims[1] : x.dims[0];
    const int64_t batch = batch_first ? x.dims[0] : x.dims[1];
    const int64_t input = x.dims[2];
    const int gates = lstm ? 4 : 3;
    if (w.dims.size() != 3) fail(n, "expected a 3-D weight W, got " + dims_str(w.dims));
    const int64_t hidden = attr_int(n, "hidden_size", w.dims[1] / gates);
    if (hidden < 1 || w.dims[1] != gates * hidden || w.dims[2] != input)
      fail(n, "expected W of dims [1," + std::to_string(gates) + "·hidden," +
                  std::to_string(input) + "], got " + dims_str(w.dims));
    if (lstm && has_input(n, 7)) fail(n, "peephole weights (input P) are not supported");
    Layer l;
    l.type = lstm ? LayerType::Lstm : LayerType::Gru;
    l.rows = input + hidden;
    l.cols = gates * hidden;
    l.vectors = seq * batch;  // a batch of sequences: batch vectors per time step
    l.weights = l.rows * l.cols;
    l.macs = l.weights * l.vectors;
    l.bias = has_input(n, 3);
    l.biases = l.bias ? int64_t{2} * gates * hidden : 0;
    // Per step and hidden element: the gate nonlinearities, tanh(c) and the gating products
    // (LSTM: 4 + 1 + 4; GRU: 3 + 4).
    l.element_ops = l.vectors * hidden * (lstm ? 9 : 7);
    l.weight_bits = w.qbits;
    l.activation_bits = x.qbits;
    const Dims y = batch_first ? Dims{batch, seq, 1, hidden} : Dims{seq, 1, batch, hidden};
    l.out_shape = {hidden, seq * batch, 1};
    const int idx = emit(n, l, {&x}, y, false);
    for (int k = 1; k < n.output_size() && k < 3; ++k) {
      Tensor t;
      t.dims = {1, batch, hidden};
      t.producer = idx;
      set_out(n, k, t);
    }
  }

  void quant(const onnx::NodeProto& n) {
    const bool q = n.op_type() == "QuantizeLinear";
    const Tensor& x = in(n, 0);
    const int bits = q ? bits_of_zero_point(n, 2) : x.qbits;
    if (x.is_const) {
      Tensor t = x;
      t.qbits = bits;
      return set_out(n, 0, t);
    }
    Tensor src = x;
    src.qbits = bits;
    emit_view(n, src, x.dims, x.cf);
  }

  std::string m_file;
  int64_t m_opset = 0;
  Network m_net;
  std::map<std::string, Tensor> m_tensors;
  std::map<std::string, int> m_uses;
  std::set<std::string> m_names;
  std::set<int> m_skip;          // nodes inside a fused pattern
  std::map<int, Fused> m_fused;  // pattern heads
};

}  // namespace

bool is_onnx_path(const std::string& path) {
  return path.size() >= 5 && path.compare(path.size() - 5, 5, ".onnx") == 0;
}

const std::vector<std::string>& onnx_supported_ops() { return supported(); }

Network parse_onnx(const std::string& bytes, const std::string& file_name) {
  return Reader(file_name).read(bytes);
}

std::map<std::string, WeightArray> read_onnx_weights(const std::string& path, const Network& net) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::InputError(path + ": expected a readable ONNX file (cannot open it)");
  onnx::ModelProto model;
  if (!model.ParseFromIstream(&in))
    throw core::InputError(path + ": expected an ONNX model (the file does not parse as protobuf)");
  std::map<std::string, const onnx::TensorProto*> inits;
  for (const auto& t : model.graph().initializer()) inits[t.name()] = &t;
  auto floats = [&](const Layer& l, const std::string& name) {
    auto it = inits.find(name);
    if (it == inits.end())
      throw core::InputError(path + ": layer " + l.name + ": weight tensor '" + name +
                             "' is not an initializer (computed weights are not read)");
    const onnx::TensorProto& t = *it->second;
    WeightArray a;
    a.shape.assign(t.dims().begin(), t.dims().end());
    int64_t count = 1;
    for (int64_t d : a.shape) count *= d;
    const std::string& raw = t.raw_data();
    if (t.data_type() == onnx::TensorProto::FLOAT) {
      if (raw.empty()) {
        a.values.assign(t.float_data().begin(), t.float_data().end());
      } else if (raw.size() == 4 * static_cast<size_t>(count)) {
        for (int64_t i = 0; i < count; ++i) {
          float v;
          std::memcpy(&v, raw.data() + 4 * i, 4);
          a.values.push_back(v);
        }
      }
    } else if (t.data_type() == onnx::TensorProto::DOUBLE) {
      if (raw.empty()) {
        a.values.assign(t.double_data().begin(), t.double_data().end());
      } else if (raw.size() == 8 * static_cast<size_t>(count)) {
        for (int64_t i = 0; i < count; ++i) {
          double v;
          std::memcpy(&v, raw.data() + 8 * i, 8);
          a.values.push_back(v);
        }
      }
    } else {
      throw core::InputError(path + ": layer " + l.name + ": weight tensor '" + name +
                             "' is not float (quantized ONNX weights are not read yet)");
    }
    if (static_cast<int64_t>(a.values.size()) != count)
      throw core::InputError(path + ": layer " + l.name + ": tensor '" + name + "' holds " +
                             std::to_string(a.values.size()) + " values, its dims say " +
                             std::to_string(count));
    for (double v : a.values)
      if (!std::isfinite(v))
        throw core::InputError(path + ": layer " + l.name + ": tensor '" + name +
                               "' holds NaN or infinite values");
    return a;
  };
  std::map<std::string, WeightArray> out;
  for (const Layer& l : net.layers) {
    if (!l.is_matrix() || l.weight_tensor.empty()) continue;
    WeightArray w = floats(l, l.weight_tensor);
    if (l.weight_kn && w.shape.size() == 2) {  // K×N → N×K
      const int64_t K = w.shape[0], N = w.shape[1];
      std::vector<double> t(w.values.size());
      for (int64_t k = 0; k < K; ++k)
        for (int64_t j = 0; j < N; ++j) t[j * K + k] = w.values[k * N + j];
      w.values = std::move(t);
      w.shape = {N, K};
    }
    out[l.name] = std::move(w);
    if (!l.bias_tensor.empty()) out[l.name + ".bias"] = floats(l, l.bias_tensor);
  }
  return out;
}

Network read_onnx(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::InputError(path + ": expected a readable ONNX file (cannot open it)");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_onnx(ss.str(), path);
}

}  // namespace cimsim::workload
