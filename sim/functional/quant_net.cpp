#include "sim/functional/quant_net.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/core/errors.h"

namespace cimsim::functional {

using workload::ActivationFn;
using workload::Layer;
using workload::LayerType;
using workload::Shape;

namespace {

int32_t clamp_round(double v, int32_t lo, int32_t hi) {
  const double r = std::floor(v + 0.5);
  if (r < lo) return lo;
  if (r > hi) return hi;
  return static_cast<int32_t>(r);
}

double activation(ActivationFn f, double x) {
  switch (f) {
    case ActivationFn::LeakyRelu:
      return x >= 0 ? x : 0.01 * x;
    case ActivationFn::Sigmoid:
      return 1.0 / (1.0 + std::exp(-x));
    case ActivationFn::Tanh:
      return std::tanh(x);
    case ActivationFn::Gelu:
      return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
    case ActivationFn::Silu:
      return x / (1.0 + std::exp(-x));
    case ActivationFn::Hardswish:
      return x * std::min(std::max(x + 3.0, 0.0), 6.0) / 6.0;
    case ActivationFn::Hardsigmoid:
      return std::min(std::max(x / 6.0 + 0.5, 0.0), 1.0);
    default:
      return x;
  }
}

std::string expected_shape(const Layer& L, const Shape& in) {
  if (L.type == LayerType::Linear)
    return "(" + std::to_string(L.out_shape.channels) + ", " + std::to_string(in.elements()) + ")";
  return "(" + std::to_string(L.out_shape.channels) + ", " +
         std::to_string(in.channels / L.groups) + ", " + std::to_string(L.kernel_h) + ", " +
         std::to_string(L.kernel_w) + ")";
}

// Pool windows of output index o along one axis (PyTorch's formulas).
void window(int64_t o, int stride, int pad, int kernel, int dil, int64_t size, int64_t& lo,
            int64_t& hi) {
  lo = o * stride - pad;
  hi = lo + static_cast<int64_t>(kernel - 1) * dil;
  (void)size;
}

}  // namespace

QuantNet::QuantNet(const workload::Network& net, const std::map<std::string, NpyArray>& weights,
                   const std::string& weights_file, const QuantOptions& opt, uint64_t seed)
    : m_net(net), m_opt(opt), m_layers(net.layers.size()), m_last_use(net.layers.size(), -1) {
  const int n = static_cast<int>(net.layers.size());
  std::vector<int> consumers(n, 0);
  for (int l = 0; l < n; ++l)
    for (int i : net.layers[l].inputs)
      if (i >= 0) {
        ++consumers[i];
        m_last_use[i] = l;
      }
  std::mt19937_64 rng(seed);
  for (int l = 0; l < n; ++l) {
    const Layer& L = net.layers[l];
    LayerQ& q = m_layers[l];
    // The layer's own precision (issue 14): weights at its bits less the bit planes pruning
    // removed, inputs requantized to its activation bits. The arrays hold the chip's widths, so a
    // narrower value is exact on them; a wider one does not fit.
    const int wbits = (L.weight_bits > 0 ? L.weight_bits : opt.weight_bits) - L.pruned.bit_planes;
    const int abits = L.activation_bits > 0 ? L.activation_bits : opt.activation_bits;
    if (L.is_matrix() && (wbits > opt.weight_bits || abits > opt.activation_bits || wbits < 1))
      throw core::InputError("functional run: layer " + L.name + " wants " + std::to_string(wbits) +
                             "-bit weights and " + std::to_string(abits) +
                             "-bit inputs; the arrays hold " + std::to_string(opt.weight_bits) +
                             " and chip.activation_bits is " + std::to_string(opt.activation_bits));
    q.in_shift = opt.activation_bits - abits;
    const int32_t wmax = (1 << (wbits - 1)) - 1;
    switch (L.type) {
      case LayerType::BatchNorm:
      case LayerType::Dropout:
      case LayerType::Flatten:
      case LayerType::Softmax:
        q.alias = true;
        break;
      case LayerType::Activation:
        if (L.activation == ActivationFn::Relu && L.inputs.size() == 1 && L.inputs[0] >= 0 &&
            net.layers[L.inputs[0]].is_matrix() && consumers[L.inputs[0]] == 1) {
          m_layers[L.inputs[0]].fused_relu = true;
          q.alias = true;
        } else if (L.activation != ActivationFn::Relu && L.activation != ActivationFn::Relu6) {
          q.requant = true;
        }
        break;
      case LayerType::Add:
      case LayerType::Concat:
        q.requant = true;
        break;
      default:
        break;
    }
    if (!L.is_matrix()) continue;
    q.requant = true;
    const Shape& in = net.shape_of(L.inputs[0]);
    const int64_t count = L.rows * L.cols * L.groups;
    auto it = weights.find(L.name);
    if (weights.empty()) {
      // Seeded random weights, uniform over the signed range.
      std::uniform_int_distribution<int32_t> u(-wmax, wmax);
      q.w.resize(static_cast<size_t>(count));
      for (int32_t& w : q.w) w = u(rng);
      q.w_scale = 1.0 / wmax;
      continue;
    }
    if (it == weights.end())
      throw core::InputError(weights_file + ": no array for layer " + L.name + " (expected shape " +
                             expected_shape(L, in) + ")");
    const NpyArray& a = it->second;
    const bool conv = L.type == LayerType::Conv2d;
    const std::vector<int64_t> want =
        conv ? std::vector<int64_t>{L.out_shape.channels, in.channels / L.groups, L.kernel_h,
                                    L.kernel_w}
             : std::vector<int64_t>{L.out_shape.channels, in.elements()};
    if (a.shape != want)
      throw core::InputError(weights_file + ": " + L.name + ": expected shape " +
                             expected_shape(L, in) + ", got " + a.shape_str());
    q.w.resize(static_cast<size_t>(count));
    // Integer weights are taken as they are at the arrays' precision; a layer of fewer bits
    // requantizes them (their own scale times the new step).
    const bool narrower = wbits < opt.weight_bits;
    auto file_scale = weights.find(L.name + ".scale");
    const double s_file =
        a.integral && file_scale != weights.end() && file_scale->second.size() == 1
            ? file_scale->second.values[0]
            : 1.0;
    if (a.integral && !narrower) {
      for (int64_t i = 0; i < count; ++i) {
        const double v = a.values[static_cast<size_t>(i)];
        if (v < -wmax - 1 || v > wmax)
          throw core::InputError(weights_file + ": " + L.name + ": integer weight " +
                                 std::to_string(static_cast<int64_t>(v)) + " outside the " +
                                 std::to_string(wbits) + "-bit range of the layer");
        q.w[static_cast<size_t>(i)] = static_cast<int32_t>(v);
      }
      auto s = weights.find(L.name + ".scale");
      q.w_scale = s != weights.end() && s->second.size() == 1 ? s->second.values[0] : 1.0;
    } else {
      double m = 0;
      for (double v : a.values) m = std::max(m, std::fabs(v));
      const double step = m > 0 ? m / wmax : 1.0;
      q.w_scale = step * s_file;
      for (int64_t i = 0; i < count; ++i)
        q.w[static_cast<size_t>(i)] =
            clamp_round(a.values[static_cast<size_t>(i)] / step, -wmax, wmax);
    }
    auto b = weights.find(L.name + ".bias");
    if (b != weights.end()) {
      if (b->second.shape != std::vector<int64_t>{L.out_shape.channels})
        throw core::InputError(weights_file + ": " + L.name + ".bias: expected shape (" +
                               std::to_string(L.out_shape.channels) + ",), got " +
                               b->second.shape_str());
      q.bias = b->second.values;
    }
  }
  set_ranges();
}

void QuantNet::set_ranges() {
  const int n = static_cast<int>(m_net.layers.size());
  m_nonneg.assign(n, false);
  auto nonneg_of = [&](int i) { return i < 0 ? m_in_nonneg : bool(m_nonneg[i]); };
  const int b = m_opt.activation_bits;
  const int32_t s_lo = -(1 << (b - 1)), s_hi = (1 << (b - 1)) - 1;
  auto range = [&](bool nonneg, int32_t& lo, int32_t& hi) {
    if (!m_opt.signed_inputs && nonneg) {
      lo = 0;
      hi = static_cast<int32_t>((int64_t{1} << b) - 1);
    } else {
      lo = s_lo;
      hi = s_hi;
    }
  };
  range(m_in_nonneg, m_in_lo, m_in_hi);
  for (int l = 0; l < n; ++l) {
    const Layer& L = m_net.layers[l];
    bool nn = true;
    for (int i : L.inputs) nn = nn && nonneg_of(i);
    if (L.is_matrix()) {
      if (!m_opt.signed_inputs && !nn)
        throw core::InputError(
            "functional run: layer " + L.name +
            " reads a tensor that can be negative, but the arrays take unsigned inputs "
            "(array.signed_inputs: false)");
      nn = m_layers[l].fused_relu;
    } else if (L.type == LayerType::Activation) {
      switch (L.activation) {
        case ActivationFn::Relu:
        case ActivationFn::Relu6:
        case ActivationFn::Sigmoid:
        case ActivationFn::Hardsigmoid:
          nn = true;
          break;
        default:
          nn = false;
      }
    }
    m_nonneg[l] = nn;
    if (m_layers[l].requant) range(nn, m_layers[l].lo, m_layers[l].hi);
  }
}

void QuantNet::gather(int l, const QTensor& in, int64_t g, int64_t y, int64_t x,
                      int32_t* col) const {
  const Layer& L = m_net.layers[l];
  if (L.type == LayerType::Linear) {
    std::copy(in.q.begin(), in.q.end(), col);
    return;
  }
  const int64_t cin_g = in.shape.channels / L.groups, H = in.shape.height, W = in.shape.width;
  int64_t r = 0;
  for (int64_t ci = 0; ci < cin_g; ++ci) {
    const int32_t* plane = in.q.data() + (g * cin_g + ci) * H * W;
    for (int ky = 0; ky < L.kernel_h; ++ky) {
      const int64_t iy = y * L.stride_h - L.pad_h + static_cast<int64_t>(ky) * L.dilation_h;
      for (int kx = 0; kx < L.kernel_w; ++kx, ++r) {
        const int64_t ix = x * L.stride_w - L.pad_w + static_cast<int64_t>(kx) * L.dilation_w;
        col[r] = (iy >= 0 && iy < H && ix >= 0 && ix < W) ? plane[iy * W + ix] : 0;
      }
    }
  }
}

QTensor QuantNet::quantize_input(const Image& image) const {
  QTensor t;
  t.shape = m_net.input;
  t.scale = m_in_scale;
  t.q.resize(image.x.size());
  for (size_t i = 0; i < image.x.size(); ++i)
    t.q[i] = clamp_round(image.x[i] / m_in_scale, m_in_lo, m_in_hi);
  return t;
}

QTensor QuantNet::compute(int l, const std::vector<const QTensor*>& in, MatrixEngine& engine,
                          std::vector<double>* reals) const {
  const Layer& L = m_net.layers[l];
  const LayerQ& q = m_layers[l];
  QTensor out;
  out.shape = L.out_shape;
  const size_t n = static_cast<size_t>(L.out_shape.elements());
  if (q.alias) {
    out = *in[0];
    out.shape = L.out_shape;
    return out;
  }
  if (q.requant) {
    std::vector<double> real(n);
    if (L.is_matrix()) {
      std::vector<int64_t> acc;
      const QTensor* x = in[0];
      QTensor narrow;
      if (q.in_shift > 0) {  // inputs at the layer's activation bits: fewer LSBs, wider steps
        narrow = *x;
        const double step = static_cast<double>(int64_t{1} << q.in_shift);
        const int b = m_opt.activation_bits - q.in_shift;
        const bool nonneg = !m_opt.signed_inputs;
        const int32_t lo = nonneg ? 0 : -(1 << (b - 1));
        const int32_t hi = nonneg ? (1 << b) - 1 : (1 << (b - 1)) - 1;
        for (int32_t& v : narrow.q) v = clamp_round(v / step, lo, hi);
        narrow.scale = x->scale * step;
        x = &narrow;
      }
      engine.matrix(l, *x, acc);
      const double s = x->scale * q.w_scale;
      const size_t per_channel = n / static_cast<size_t>(L.out_shape.channels);
      for (size_t i = 0; i < n; ++i) {
        double r = static_cast<double>(acc[i]) * s;
        if (!q.bias.empty()) r += q.bias[i / per_channel];  // the digital bias add
        real[i] = q.fused_relu ? std::max(0.0, r) : r;
      }
    } else if (L.type == LayerType::Add) {
      for (const QTensor* t : in)
        for (size_t i = 0; i < n; ++i) real[i] += t->q[i] * t->scale;
    } else if (L.type == LayerType::Concat) {
      size_t off = 0;
      for (const QTensor* t : in) {
        for (size_t i = 0; i < t->q.size(); ++i) real[off + i] = t->q[i] * t->scale;
        off += t->q.size();
      }
    } else {  // other activations on the real value
      for (size_t i = 0; i < n; ++i) real[i] = activation(L.activation, in[0]->q[i] * in[0]->scale);
    }
    if (reals) {  // calibration: the caller sets the scale from these, then requantizes
      *reals = std::move(real);
      out.q.assign(n, 0);
      return out;
    }
    out.scale = q.out_scale;
    out.q.resize(n);
    for (size_t i = 0; i < n; ++i) out.q[i] = clamp_round(real[i] / q.out_scale, q.lo, q.hi);
    return out;
  }
  const QTensor& a = *in[0];
  out.scale = a.scale;
  out.q.resize(n);
  const int64_t C = L.out_shape.channels, OH = L.out_shape.height, OW = L.out_shape.width;
  const int64_t H = a.shape.height, W = a.shape.width;
  switch (L.type) {
    case LayerType::Activation: {
      int32_t hi = std::numeric_limits<int32_t>::max();
      if (L.activation == ActivationFn::Relu6)
        hi = static_cast<int32_t>(std::floor(6.0 / a.scale + 0.5));
      for (size_t i = 0; i < n; ++i) out.q[i] = std::min(std::max(a.q[i], 0), hi);
      break;
    }
    case LayerType::MaxPool:
    case LayerType::AvgPool:
    case LayerType::GlobalAvgPool:
    case LayerType::AdaptiveAvgPool: {
      for (int64_t c = 0; c < C; ++c)
        for (int64_t oy = 0; oy < OH; ++oy)
          for (int64_t ox = 0; ox < OW; ++ox) {
            int64_t y0, y1, x0, x1, count;
            if (L.type == LayerType::GlobalAvgPool) {
              y0 = 0, y1 = H - 1, x0 = 0, x1 = W - 1;
              count = H * W;
            } else if (L.type == LayerType::AdaptiveAvgPool) {
              y0 = oy * H / OH, y1 = ((oy + 1) * H + OH - 1) / OH - 1;
              x0 = ox * W / OW, x1 = ((ox + 1) * W + OW - 1) / OW - 1;
              count = (y1 - y0 + 1) * (x1 - x0 + 1);
            } else {
              window(oy, L.stride_h, L.pad_h, L.kernel_h, L.dilation_h, H, y0, y1);
              window(ox, L.stride_w, L.pad_w, L.kernel_w, L.dilation_w, W, x0, x1);
              count = static_cast<int64_t>(L.kernel_h) * L.kernel_w;
            }
            const int64_t step_y = L.type == LayerType::MaxPool ? L.dilation_h : 1;
            const int64_t step_x = L.type == LayerType::MaxPool ? L.dilation_w : 1;
            int64_t best = std::numeric_limits<int64_t>::min(), sum = 0;
            for (int64_t iy = y0; iy <= y1; iy += step_y)
              for (int64_t ix = x0; ix <= x1; ix += step_x) {
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                const int32_t v = a.q[(c * H + iy) * W + ix];
                best = std::max<int64_t>(best, v);
                sum += v;
              }
            const size_t o = static_cast<size_t>((c * OH + oy) * OW + ox);
            if (L.type == LayerType::MaxPool)
              out.q[o] = static_cast<int32_t>(best);
            else
              out.q[o] = static_cast<int32_t>(
                  std::floor(static_cast<double>(sum) / static_cast<double>(count) + 0.5));
          }
      break;
    }
    default:
      throw core::InputError("functional run: layer " + L.name + " (" + workload::type_name(L) +
                             ") has no functional model");
  }
  return out;
}

void QuantNet::calibrate(const std::vector<Image>& images) {
  if (images.empty()) throw core::InputError("functional run: no calibration images");
  double m = 0;
  m_in_nonneg = true;
  for (const Image& im : images)
    for (double v : im.x) {
      m = std::max(m, std::fabs(v));
      if (v < 0) m_in_nonneg = false;
    }
  set_ranges();
  m_in_scale = m > 0 ? m / m_in_hi : 1.0;
  const int n = static_cast<int>(m_net.layers.size());
  ReferenceEngine ref(*this);
  std::vector<std::vector<QTensor>> t(images.size(), std::vector<QTensor>(n));
  std::vector<QTensor> input(images.size());
  for (size_t k = 0; k < images.size(); ++k) input[k] = quantize_input(images[k]);
  std::vector<std::vector<double>> reals(images.size());
  for (int l = 0; l < n; ++l) {
    double track = 0;
    for (size_t k = 0; k < images.size(); ++k) {
      std::vector<const QTensor*> in;
      for (int i : m_net.layers[l].inputs) in.push_back(i < 0 ? &input[k] : &t[k][i]);
      reals[k].clear();
      t[k][l] = compute(l, in, ref, m_layers[l].requant ? &reals[k] : nullptr);
      for (double r : reals[k]) track = std::max(track, std::fabs(r));
    }
    LayerQ& q = m_layers[l];
    if (q.requant) {
      q.out_scale = track > 0 ? track / q.hi : 1.0;
      for (size_t k = 0; k < images.size(); ++k) {
        t[k][l].scale = q.out_scale;
        for (size_t i = 0; i < reals[k].size(); ++i)
          t[k][l].q[i] = clamp_round(reals[k][i] / q.out_scale, q.lo, q.hi);
      }
    }
    if (static_cast<size_t>(l) < ref.max_abs.size()) q.max_abs_acc = ref.max_abs[l];
    for (int i : m_net.layers[l].inputs)
      if (i >= 0 && m_last_use[i] == l)
        for (auto& per : t) per[i] = QTensor{};
  }
}

QTensor QuantNet::forward(const Image& image, MatrixEngine& engine) const {
  const int n = static_cast<int>(m_net.layers.size());
  std::vector<QTensor> t(n);
  const QTensor input = quantize_input(image);
  for (int l = 0; l < n; ++l) {
    std::vector<const QTensor*> in;
    for (int i : m_net.layers[l].inputs) in.push_back(i < 0 ? &input : &t[i]);
    t[l] = compute(l, in, engine, nullptr);
    for (int i : m_net.layers[l].inputs)
      if (i >= 0 && m_last_use[i] == l && i != n - 1) t[i] = QTensor{};
  }
  return t[n - 1];
}

void ReferenceEngine::matrix(int l, const QTensor& in, std::vector<int64_t>& acc) {
  const Layer& L = m_qn.net().layers[l];
  const std::vector<int32_t>& w = m_qn.weights(l);
  const int64_t OH = L.out_shape.height, OW = L.out_shape.width;
  acc.assign(static_cast<size_t>(L.out_shape.elements()), 0);
  m_col.resize(static_cast<size_t>(L.rows));
  for (int64_t g = 0; g < L.groups; ++g)
    for (int64_t y = 0; y < OH; ++y)
      for (int64_t x = 0; x < OW; ++x) {
        m_qn.gather(l, in, g, y, x, m_col.data());
        for (int64_t c = 0; c < L.cols; ++c) {
          const int64_t co = g * L.cols + c;
          const int32_t* wr = w.data() + co * L.rows;
          int64_t s = 0;
          for (int64_t r = 0; r < L.rows; ++r) s += static_cast<int64_t>(wr[r]) * m_col[r];
          acc[static_cast<size_t>((co * OH + y) * OW + x)] = s;
        }
      }
  if (max_abs.size() <= static_cast<size_t>(l)) max_abs.resize(static_cast<size_t>(l) + 1, 0);
  for (int64_t v : acc) max_abs[static_cast<size_t>(l)] = std::max(max_abs[l], v < 0 ? -v : v);
}

int64_t argmax(const QTensor& t) {
  int64_t best = 0;
  for (size_t i = 1; i < t.q.size(); ++i)
    if (t.q[i] > t.q[static_cast<size_t>(best)]) best = static_cast<int64_t>(i);
  return best;
}

std::vector<Image> load_images(const std::string& spec, const Shape& input, uint64_t seed,
                               int64_t limit) {
  std::vector<Image> out;
  const int64_t per = input.elements();
  if (spec.rfind("random:", 0) == 0) {
    const std::string num = spec.substr(7);
    int64_t n = 0;
    try {
      size_t used = 0;
      n = std::stoll(num, &used);
      if (used != num.size()) n = 0;
    } catch (const std::exception&) {
      n = 0;
    }
    if (n < 1 || n > 100000)
      throw core::InputError("--data " + spec + ": expected random:N with N in [1, 100000]");
    if (limit >= 0) n = std::min(n, limit);
    std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    out.resize(static_cast<size_t>(n));
    for (Image& im : out) {
      im.x.resize(static_cast<size_t>(per));
      for (double& v : im.x) v = u(rng);
    }
    return out;
  }
  const std::map<std::string, NpyArray> a = read_arrays(spec);
  auto x = a.find("x");
  if (x == a.end()) x = a.find("");
  if (x == a.end())
    throw core::InputError(spec + ": no array x (expected images of shape (N, " +
                           std::to_string(input.channels) + ", " + std::to_string(input.height) +
                           ", " + std::to_string(input.width) + "))");
  const NpyArray& xs = x->second;
  const int64_t n = xs.shape.empty() ? 0 : xs.shape[0];
  int64_t rest = 1;
  for (size_t i = 1; i < xs.shape.size(); ++i) rest *= xs.shape[i];
  const bool ok =
      n > 0 && rest == per &&
      (xs.shape.size() == 2 || (xs.shape.size() == 4 && xs.shape[1] == input.channels &&
                                xs.shape[2] == input.height && xs.shape[3] == input.width));
  if (!ok)
    throw core::InputError(spec + ": x: expected shape (N, " + std::to_string(input.channels) +
                           ", " + std::to_string(input.height) + ", " +
                           std::to_string(input.width) + "), got " + xs.shape_str());
  const NpyArray* ys = nullptr;
  if (auto y = a.find("y"); y != a.end()) {
    ys = &y->second;
    if (ys->shape != std::vector<int64_t>{n})
      throw core::InputError(spec + ": y: expected shape (" + std::to_string(n) + ",), got " +
                             ys->shape_str());
  }
  const int64_t take = limit >= 0 ? std::min(n, limit) : n;
  out.resize(static_cast<size_t>(take));
  for (int64_t k = 0; k < take; ++k) {
    out[k].x.assign(xs.values.begin() + k * per, xs.values.begin() + (k + 1) * per);
    if (ys) out[k].label = static_cast<int64_t>(ys->values[static_cast<size_t>(k)]);
  }
  return out;
}

}  // namespace cimsim::functional
