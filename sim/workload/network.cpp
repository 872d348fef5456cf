#include "sim/workload/network.h"

namespace cimsim::workload {

std::string Shape::str() const {
  return std::to_string(channels) + "x" + std::to_string(height) + "x" + std::to_string(width);
}

int64_t Network::total_macs() const {
  int64_t sum = 0;
  for (const auto& l : layers) sum += l.macs;
  return sum;
}

int64_t Network::total_weights() const {
  int64_t sum = 0;
  for (const auto& l : layers) sum += l.weights;
  return sum;
}

int64_t Network::total_params() const {
  int64_t sum = 0;
  for (const auto& l : layers) sum += l.params;
  return sum;
}

int64_t Network::total_element_ops() const {
  int64_t sum = 0;
  for (const auto& l : layers) sum += l.element_ops;
  return sum;
}

int64_t Network::stationary_macs() const {
  int64_t sum = 0;
  for (const auto& l : layers) sum += l.is_matrix() ? l.macs : 0;
  return sum;
}

int64_t Network::dynamic_macs() const {
  int64_t sum = 0;
  for (const auto& l : layers) sum += l.type == LayerType::MatMul ? l.macs : 0;
  return sum;
}

int Network::matrix_layer_count() const {
  int n = 0;
  for (const auto& l : layers) n += l.is_matrix() ? 1 : 0;
  return n;
}

int Network::find(const std::string& layer_name) const {
  for (size_t i = 0; i < layers.size(); ++i)
    if (layers[i].name == layer_name) return static_cast<int>(i);
  return -1;
}

std::string type_name(const Layer& layer) {
  switch (layer.type) {
    case LayerType::Conv2d:
      return "conv2d";
    case LayerType::Linear:
      return "linear";
    case LayerType::MaxPool:
      return "maxpool";
    case LayerType::AvgPool:
      return "avgpool";
    case LayerType::GlobalAvgPool:
      return "global_avgpool";
    case LayerType::AdaptiveAvgPool:
      return "adaptive_avgpool";
    case LayerType::BatchNorm:
      return "batchnorm";
    case LayerType::Add:
      return "add";
    case LayerType::Concat:
      return "concat";
    case LayerType::Flatten:
      return "flatten";
    case LayerType::Dropout:
      return "dropout";
    case LayerType::Softmax:
      return "softmax";
    case LayerType::MatMul:
      return "matmul";
    case LayerType::LayerNorm:
      return "layernorm";
    case LayerType::Mul:
      return "mul";
    case LayerType::Reduce:
      return "reduce_mean";
    case LayerType::Reshape:
      return "reshape";
    case LayerType::Lstm:
      return "lstm";
    case LayerType::Gru:
      return "gru";
    case LayerType::Activation:
      break;
  }
  switch (layer.activation) {
    case ActivationFn::Relu:
      return "relu";
    case ActivationFn::Relu6:
      return "relu6";
    case ActivationFn::LeakyRelu:
      return "leaky_relu";
    case ActivationFn::Sigmoid:
      return "sigmoid";
    case ActivationFn::Tanh:
      return "tanh";
    case ActivationFn::Gelu:
      return "gelu";
    case ActivationFn::Silu:
      return "silu";
    case ActivationFn::Hardswish:
      return "hardswish";
    case ActivationFn::Hardsigmoid:
      return "hardsigmoid";
    case ActivationFn::Clip:
      return "clip";
    case ActivationFn::Erf:
      return "erf";
    case ActivationFn::Sqrt:
      return "sqrt";
    case ActivationFn::Pow:
      return "pow";
    case ActivationFn::Exp:
      return "exp";
    case ActivationFn::Reciprocal:
      return "reciprocal";
    case ActivationFn::None:
      break;
  }
  return "activation";
}

}  // namespace cimsim::workload
