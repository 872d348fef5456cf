#pragma once
// The network model: a graph of layers in topological order with every tensor shape inferred
// and every cost the hardware needs counted (docs/workloads.md is the reference).
//
// Tensors are C×H×W for one image (batch 1; the batch size is a run-time parameter elsewhere).
// A flat vector of N features is N×1×1.
// Conventions (why: they match what the arrays and the digital units execute):
//  - macs counts multiply-accumulates of conv2d and linear only, padded zeros included
//    (as the PyTorch/NeuroSim counters do): conv = Hout·Wout·Cout·(Cin/groups)·kh·kw.
//  - element_ops counts the digital units' work: one per output element for activations,
//    kh·kw per output element for pools, (inputs−1) per element for add.
//  - batchnorm is folded into the preceding layer: no MACs, no ops, nothing on the arrays
//    (its 2·C affine parameters are counted in params only, to match torchvision's counts).
#include <cstdint>
#include <string>
#include <vector>

namespace cimsim::workload {

struct Shape {
  int64_t channels = 0;
  int64_t height = 1;
  int64_t width = 1;

  int64_t elements() const { return channels * height * width; }
  bool is_flat() const { return height == 1 && width == 1; }
  std::string str() const;  // "64x56x56"
  bool operator==(const Shape& o) const {
    return channels == o.channels && height == o.height && width == o.width;
  }
  bool operator!=(const Shape& o) const { return !(*this == o); }
};

enum class LayerType {
  Conv2d,
  Linear,
  MaxPool,
  AvgPool,
  GlobalAvgPool,
  AdaptiveAvgPool,
  Activation,
  BatchNorm,
  Add,
  Concat,
  Flatten,
  Dropout,
  Softmax,
  // Transformer and recurrent layers (ONNX import and the YAML zoo's bert_base, vit_b_16, lstm).
  // A token sequence of T tokens with D features is the tensor D×T×1 (one vector per token).
  MatMul,     // activation × activation (attention's Q·Kᵀ and A·V): no stationary weights
  LayerNorm,  // normalises each vector over its channels (2·C affine parameters)
  Mul,        // element-wise product/quotient of two tensors, or a scale by a constant
  Reduce,     // mean over the channels of each vector (decomposed layer norm)
  Reshape,    // reshape/transpose/squeeze/unsqueeze/split/slice/gather/(de)quantize: no hardware
  Lstm,       // recurrent: time steps in order, gates 4H over [x_t, h_{t-1}]
  Gru,        // recurrent: gates 3H over [x_t, h_{t-1}]
};

// Element-wise nonlinearities; each is its own `type:` in YAML (relu, relu6, ...).
enum class ActivationFn {
  None,
  Relu,
  Relu6,
  LeakyRelu,
  Sigmoid,
  Tanh,
  Gelu,
  Silu,
  Hardswish,
  Hardsigmoid,
  Clip,  // a clip other than [0, 6]
  Erf,   // the pieces of a decomposed GELU / layer norm imported from ONNX
  Sqrt,
  Pow,
  Exp,
  Reciprocal
};

// Index that stands for the network input in Layer::inputs.
constexpr int kNetworkInput = -1;

// Operand statistics of a matrix layer, which data-dependent energy models read (issue 10) and
// which pruning specs, imported weights or a functional run fill in (issues 14 and 11). Each is a
// fraction in [0, 1]; a negative value means "not known": a model then uses its typical data.
struct OperandStats {
  double input_bit_density = -1;     // fraction of 1 bits among the input bits applied
  double weight_bit_density = -1;    // fraction of 1 bits among the stored weight bits
  double input_zero_fraction = -1;   // fraction of input values that are zero
  double weight_zero_fraction = -1;  // fraction of weight values that are zero
  bool known() const {
    return input_bit_density >= 0 || weight_bit_density >= 0 || input_zero_fraction >= 0 ||
           weight_zero_fraction >= 0;
  }
};

// What pruning left of a matrix layer's weights (issue 14; docs/codesign.md says what each means
// on the hardware). All zero: dense. Written by `cimsim prune` (the network file's `pruned:` map)
// or by a `sparsity:` spec applied when the network is read.
struct Pruning {
  std::string type;     // filter, channel, shape, pattern, kernel, bit, unstructured ("" dense)
  int64_t rows = 0;     // rows of the per-group weight matrix that remain (0: all)
  int64_t cols = 0;     // columns (filters) per group that remain (0: all)
  int bit_planes = 0;   // weight bit planes zero in the whole layer, not stored (BSQ)
  int patterns = 0;     // pattern pruning: distinct kernel patterns (index: log2 patterns bits)
  int64_t kernels = 0;  // pattern/kernel pruning: (input channel) row groups kept per group
  double ratio = 0;     // the spec's ratio (report)
  bool dense() const {
    return type.empty() && rows == 0 && cols == 0 && bit_planes == 0 && patterns == 0 &&
           kernels == 0;
  }
};

struct Layer {
  std::string name;
  LayerType type = LayerType::Activation;
  ActivationFn activation = ActivationFn::None;  // only for LayerType::Activation
  std::vector<int> inputs;                       // indices of earlier layers, or kNetworkInput
  int line = 0;  // 1-based YAML line of the layer's entry (0 when unknown)

  Shape in_shape;  // shape of the first input (concat/add: see the inputs' out_shape)
  Shape out_shape;

  // Window parameters (conv2d and pools); 1/0 defaults when unused.
  int kernel_h = 1, kernel_w = 1;
  int stride_h = 1, stride_w = 1;
  int pad_h = 0, pad_w = 0;
  int dilation_h = 1, dilation_w = 1;
  int groups = 1;
  bool ceil_mode = false;  // pools
  bool bias = false;       // conv2d / linear
  std::string op;          // ONNX op type the layer came from ("" for YAML layers)
  // ONNX matrix layers: the tensors holding the weights and the bias (read_onnx_weights), and
  // whether the weight tensor is K×N (Gemm without transB, MatMul) rather than N×K / M×C×kH×kW.
  std::string weight_tensor, bias_tensor;
  bool weight_kn = false;
  // Precision carried by a quantized ONNX model (QuantizeLinear/QLinearConv/...); 0 = the chip's.
  int weight_bits = 0;
  int activation_bits = 0;
  OperandStats stats;  // data statistics (matrix layers); unknown unless something sets them
  Pruning pruned;      // structure removed by pruning (matrix layers); dense by default
  // All-zero bit-serial input planes the arrays skip (codesign.input_zero_skipping: the sign
  // plane of a non-negative input); set by the run, not by the network file.
  int skipped_input_planes = 0;
  // The tile kind whose PEs run this matrix layer (chip.tile_kinds, mapping.layer_kinds; 0:
  // chip.tile's PE); set by the run, not by the network file.
  int pe_kind = 0;

  // Costs (per image).
  int64_t macs = 0;         // conv2d / linear multiply-accumulates
  int64_t weights = 0;      // weight-matrix elements stored on the arrays (no bias)
  int64_t biases = 0;       // bias values (added digitally after the arrays)
  int64_t params = 0;       // weights + biases + batchnorm affine (2·C)
  int64_t element_ops = 0;  // digital-unit operations (see the header comment)

  // im2col weight-matrix view of a matrix layer (conv2d, linear), per group:
  // rows = (Cin/groups)·kh·kw inputs reduced per output, cols = Cout/groups outputs,
  // vectors = input vectors applied per image (Hout·Wout; 1 for linear).
  // macs == rows·cols·groups·vectors. All 0 for other layers, except:
  //  - matmul (activation × activation): rows = K reduced, cols = N, groups = heads, vectors = M
  //    query vectors; macs == rows·cols·groups·vectors, weights 0 (dynamic_macs()).
  //  - lstm/gru: rows = inputs + hidden, cols = gates·hidden, vectors = time steps.
  int64_t rows = 0;
  int64_t cols = 0;
  int64_t vectors = 0;

  bool is_matrix() const {
    return type == LayerType::Conv2d || type == LayerType::Linear || is_recurrent();
  }
  bool is_recurrent() const { return type == LayerType::Lstm || type == LayerType::Gru; }
  // The weight matrix the arrays hold after pruning (per group): rows/cols when dense.
  int64_t mapped_rows() const { return pruned.rows > 0 ? pruned.rows : rows; }
  int64_t mapped_cols() const { return pruned.cols > 0 ? pruned.cols : cols; }
  // Multiply-accumulates the arrays perform per image after pruning (macs when dense).
  int64_t effective_macs() const { return mapped_rows() * mapped_cols() * groups * vectors; }
};

struct Network {
  std::string name;
  std::string description;
  std::string source;  // where the layer list came from
  std::string file;    // the YAML file it was read from
  Shape input;
  std::vector<Layer> layers;  // topological order; the last one is the output

  int64_t total_macs() const;
  int64_t total_weights() const;
  int64_t total_params() const;
  int64_t total_element_ops() const;
  // MACs of layers with stationary weights (on the arrays) and of activation × activation
  // matmuls; total_macs() is their sum.
  int64_t stationary_macs() const;
  int64_t dynamic_macs() const;
  int matrix_layer_count() const;
  // Index of the layer called `name`, or -1.
  int find(const std::string& name) const;
  // Shape of the tensor produced by input index `i` (a layer index or kNetworkInput).
  const Shape& shape_of(int i) const { return i == kNetworkInput ? input : layers[i].out_shape; }
};

// YAML `type:` name of a layer ("conv2d", "relu", "maxpool", ...).
std::string type_name(const Layer& layer);

// Parses a network from YAML text; `file_name` is used in error messages.
// Throws core::InputError "file:line: layers[i] (name).key: expected ..." on any problem.
Network parse_network(const std::string& yaml_text, const std::string& file_name);

// `name_or_path` is either a bundled name (looked up as `<workloads_dir>/<name>.yaml`) or a path
// to a .yaml file (anything containing '/' or ending in .yaml/.yml). An unknown name lists the
// bundled networks.
Network load_network(const std::string& name_or_path, const std::string& workloads_dir);

// Names of the bundled networks in `workloads_dir` (the *.yaml stems), sorted.
std::vector<std::string> bundled_networks(const std::string& workloads_dir);

}  // namespace cimsim::workload
