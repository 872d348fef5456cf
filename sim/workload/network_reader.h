#pragma once
// The network-reader interface: one reader per file format, chosen by the file's extension
// (make_network_reader). load_network (network.h) resolves `--net NAME|PATH` to a path and asks
// the reader for that path.
//   .yaml, .yml (and any other extension)  YamlNetworkReader: the project's network format
//                                          (docs/workloads.md), parse_network
//   .onnx                                  not built in yet: refused with an error naming the file
// Adding a format (docs/architecture.md): its reader (a function or a NetworkReader in its own
// file, e.g. sim/workload/onnx_reader.*) and one line in make_network_reader.
#include <memory>
#include <string>

#include "sim/workload/network.h"

namespace cimsim::workload {

class NetworkReader {
 public:
  virtual ~NetworkReader() = default;
  virtual const char* format() const = 0;  // "yaml"
  // Reads the network in `path`; throws core::InputError naming the file on any problem.
  virtual Network read(const std::string& path) const = 0;
};

// The file formats a path may name, by extension (lower-cased): ".onnx" → Onnx, else Yaml.
enum class NetworkFormat { Yaml, Onnx };
NetworkFormat network_format_of(const std::string& path);

// The factory: the reader for `path`'s format. Throws core::InputError for a format this build
// cannot read.
std::unique_ptr<NetworkReader> make_network_reader(const std::string& path);

}  // namespace cimsim::workload
