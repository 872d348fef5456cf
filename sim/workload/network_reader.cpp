#include "sim/workload/network_reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include "sim/core/errors.h"
#include "sim/core/input_file.h"
#include "sim/workload/onnx_reader.h"

namespace cimsim::workload {
namespace fs = std::filesystem;

namespace {

class YamlNetworkReader final : public NetworkReader {
 public:
  const char* format() const override { return "yaml"; }
  Network read(const std::string& path) const override {
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    if (!in || fs::is_directory(path, ec))
      throw core::InputError(path + ": expected a readable network file (cannot open it)");
    return parse_network(core::read_input_file(path), path);  // bounded (max_input_file_MiB)
  }
};

class OnnxNetworkReader final : public NetworkReader {
 public:
  const char* format() const override { return "onnx"; }
  Network read(const std::string& path) const override { return read_onnx(path); }
};

}  // namespace

NetworkFormat network_format_of(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".onnx" ? NetworkFormat::Onnx : NetworkFormat::Yaml;
}

std::unique_ptr<NetworkReader> make_network_reader(const std::string& path) {
  switch (network_format_of(path)) {
    case NetworkFormat::Yaml:
      return std::make_unique<YamlNetworkReader>();
    case NetworkFormat::Onnx:
      return std::make_unique<OnnxNetworkReader>();
  }
  throw core::InputError(path + ": unknown network file format");
}

}  // namespace cimsim::workload
