#pragma once
// ONNX import: an .onnx model (read with the ONNX protobuf definitions Debian's libonnx-dev
// ships) → Network with every shape inferred and every cost counted, as parse_network does for
// YAML (docs/workloads.md lists the supported ops and the limits).
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

// The ONNX op types read_onnx accepts, sorted.
const std::vector<std::string>& onnx_supported_ops();

}  // namespace cimsim::workload
