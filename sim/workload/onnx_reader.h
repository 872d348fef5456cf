#pragma once
// ONNX import: an .onnx model (read with the ONNX protobuf definitions Debian's libonnx-dev
// ships) → Network with every shape inferred and every cost counted, as parse_network does for
// YAML (docs/workloads.md lists the supported ops and the limits).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/workload/network.h"

namespace cimsim::workload {

// True for a path naming an ONNX model (ends in .onnx).
bool is_onnx_path(const std::string& path);

// Reads the model in `path`. Throws core::InputError "path: ..." for a file that is not an ONNX
// model (not protobuf, truncated, no graph) and "path: node 'name' (Op): ..." for an unsupported
// op or attribute, naming the supported ops.
Network read_onnx(const std::string& path);

// Parses serialized ModelProto bytes; `file_name` is used in error messages.
Network parse_onnx(const std::string& bytes, const std::string& file_name);

// The float weights of an imported network's matrix layers, by layer name, as PyTorch lays them
// out (conv M×C/g×kH×kW, linear N×K; K×N tensors are transposed), and the biases as
// "<layer>.bias" (N). Throws core::InputError naming the layer and tensor when a weight is not a
// float initializer (a quantized or computed tensor).
struct WeightArray {
  std::vector<int64_t> shape;
  std::vector<double> values;  // C order
};
std::map<std::string, WeightArray> read_onnx_weights(const std::string& path, const Network& net);

// The ONNX op types read_onnx accepts, sorted.
const std::vector<std::string>& onnx_supported_ops();

}  // namespace cimsim::workload
