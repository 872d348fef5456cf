#include "sim/workload/network_reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/core/errors.h"

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
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_network(ss.str(), path);
  }
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
      // The ONNX reader (sim/workload/onnx_reader.*) plugs in here.
      throw core::InputError(path +
                             ": expected a .yaml network file (ONNX import is not built in yet)");
  }
  throw core::InputError(path + ": unknown network file format");
}

}  // namespace cimsim::workload
