#pragma once
// The integer network a functional run computes: weights quantized per layer, activations
// quantized per tensor with scales calibrated on data, and every layer's integer arithmetic.
// The matrix layers' multiply-accumulates are left to a MatrixEngine, so one QuantNet computes
// both the exact integer reference (ReferenceEngine) and the mapped chip (ChipEngine,
// sim/functional/chip_engine.h): both see the same quantized inputs, weights and scales, so
// their outputs differ only by what the arrays do to the MVMs.
//
// Quantization (docs/accuracy.md):
//  - weights: float arrays are quantized symmetric per layer to the arrays' weight_bits,
//    w_q = round(w / s_w), s_w = max|w| / (2^(B-1) - 1); integer arrays are taken as they are
//    (s_w from NAME.scale if the file has it, else 1).
//  - activations: each requantized tensor t has a scale s_t (real = q · s_t) set once by
//    calibration, s_t = max|real| / q_max over the calibration images; q = floor(real / s_t + ½)
//    clamped to the tensor's range. Ranges: activation_bits wide, signed when the arrays take
//    signed inputs; with unsigned-input arrays a non-negative tensor (after a ReLU, a pool of
//    one, the image) uses [0, 2^B - 1] and a tensor that can be negative must not feed a matrix
//    layer (refused with the layer's name).
//  - conv/linear: acc = Σ w_q x_q (int64), then real = acc · s_in · s_w (+ the layer's bias, from
//    NAME.bias, in real units: the digital bias add) and requantized; a ReLU
//    that the chip fuses behind the layer is applied there. Max pools, ReLU, ReLU6 and average
//    pools (floor(sum / count + ½), PyTorch's count_include_pad) stay in the input's scale;
//    add and concat requantize each input to the calibrated output scale; other activations are
//    evaluated on the real value and requantized; softmax is the identity (it keeps the top-1);
//    batchnorm, dropout and flatten pass the tensor on (batchnorm is taken as folded).
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "sim/functional/npz.h"
#include "sim/workload/network.h"

namespace cimsim::functional {

// One tensor of one image: q in C×H×W order, real value q · scale.
struct QTensor {
  workload::Shape shape;
  std::vector<int32_t> q;
  double scale = 1;
};

// A real-valued image (C×H×W order) and its label (-1 when unknown).
struct Image {
  std::vector<double> x;
  int64_t label = -1;
};

struct QuantOptions {
  int activation_bits = 8;
  int weight_bits = 8;
  bool signed_inputs = true;  // the arrays take two's-complement inputs
};

// The multiply-accumulates of one matrix layer: acc[(co · H + y) · W + x] for every output
// channel co and pixel, given the layer's quantized input.
class MatrixEngine {
 public:
  virtual ~MatrixEngine() = default;
  virtual void matrix(int layer, const QTensor& in, std::vector<int64_t>& acc) = 0;
};

class QuantNet {
 public:
  // `weights`: arrays by layer name (empty map: seeded random weights, drawn from `seed`).
  // `weights_file` names the file in errors.
  QuantNet(const workload::Network& net, const std::map<std::string, NpyArray>& weights,
           const std::string& weights_file, const QuantOptions& opt, uint64_t seed);

  // Sets every tensor's scale from the calibration images (exact reference arithmetic).
  void calibrate(const std::vector<Image>& images);

  // Runs one image; returns the last layer's output.
  QTensor forward(const Image& image, MatrixEngine& engine) const;

  const workload::Network& net() const { return m_net; }
  // Weights of matrix layer `l`, per output channel: w[co · rows + r] (rows = (Cin/g)·kh·kw).
  const std::vector<int32_t>& weights(int l) const { return m_layers[l].w; }
  bool fused_relu(int l) const { return m_layers[l].fused_relu; }
  // Largest |acc| of matrix layer `l` over the calibration images (0 before calibrate()).
  int64_t max_abs_acc(int l) const { return m_layers[l].max_abs_acc; }
  const QuantOptions& options() const { return m_opt; }

  // The im2col input vector of output pixel (y, x), group g, of matrix layer `l`: `rows` entries.
  void gather(int l, const QTensor& in, int64_t g, int64_t y, int64_t x, int32_t* col) const;

 private:
  struct LayerQ {
    std::vector<int32_t> w;
    double w_scale = 1;
    std::vector<double> bias;  // per output channel, real units (added after the MVM); or empty
    bool fused_relu = false;   // a ReLU right behind, applied before requantization
    int64_t max_abs_acc = 0;   // calibration: largest |acc| (matrix layers)
    int in_shift = 0;          // inputs requantized to activation_bits - in_shift bits
    bool alias = false;        // passes its input on (batchnorm, dropout, flatten, fused relu)
    bool requant = false;      // has a calibrated output scale
    double out_scale = 1;
    int32_t lo = 0, hi = 0;  // output range when requant
  };
  // Computes layer l from its input tensors. With `reals` (calibration), a requantizing layer
  // leaves its real values there instead of quantizing them (its scale is not known yet).
  QTensor compute(int l, const std::vector<const QTensor*>& in, MatrixEngine& engine,
                  std::vector<double>* reals) const;
  QTensor quantize_input(const Image& image) const;
  void set_ranges();

  workload::Network m_net;
  QuantOptions m_opt;
  std::vector<LayerQ> m_layers;
  std::vector<bool> m_nonneg;  // per layer output: never negative
  double m_in_scale = 1;
  bool m_in_nonneg = true;
  int32_t m_in_lo = 0, m_in_hi = 0;
  std::vector<int> m_last_use;  // per layer: the last layer reading it (tensor freed after)
};

// The exact integer MVMs (int64, no saturation).
class ReferenceEngine final : public MatrixEngine {
 public:
  explicit ReferenceEngine(const QuantNet& qn) : m_qn(qn) {}
  void matrix(int layer, const QTensor& in, std::vector<int64_t>& acc) override;
  // Largest |acc| seen per layer.
  std::vector<int64_t> max_abs;

 private:
  const QuantNet& m_qn;
  std::vector<int32_t> m_col;
};

// Index of the largest output (the first on ties): the top-1 class.
int64_t argmax(const QTensor& t);

// Images from a .npz with x (N, C, H, W) or (N, C·H·W) and optional labels y (N,), checked
// against the network's input shape; or "random:N" (N images uniform in [0, 1), seeded).
std::vector<Image> load_images(const std::string& spec, const workload::Shape& input, uint64_t seed,
                               int64_t limit = -1);

}  // namespace cimsim::functional
