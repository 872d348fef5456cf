// load_network: `--net NAME|PATH` → a path → the reader for its format (network_reader.h).
#include <algorithm>
#include <filesystem>

#include "sim/core/errors.h"
#include "sim/workload/network.h"
#include "sim/workload/network_reader.h"

namespace cimsim::workload {
namespace fs = std::filesystem;

namespace {
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

std::vector<std::string> bundled_networks(const std::string& workloads_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  if (workloads_dir.empty() || !fs::is_directory(workloads_dir, ec)) return names;
  for (const auto& entry : fs::directory_iterator(workloads_dir, ec))
    if (entry.is_regular_file(ec) && entry.path().extension() == ".yaml")
      names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

Network load_network(const std::string& name_or_path, const std::string& workloads_dir) {
  if (name_or_path.empty())
    throw core::InputError("net: expected a network name or a path to a .yaml file");
  const bool is_path = name_or_path.find('/') != std::string::npos ||
                       ends_with(name_or_path, ".yaml") || ends_with(name_or_path, ".yml") ||
                       network_format_of(name_or_path) == NetworkFormat::Onnx;
  std::string path = name_or_path;
  if (!is_path) {
    path = (fs::path(workloads_dir) / (name_or_path + ".yaml")).string();
    std::error_code ec;
    if (workloads_dir.empty() || !fs::is_regular_file(path, ec)) {
      std::string known;
      for (const auto& n : bundled_networks(workloads_dir))
        known += (known.empty() ? "" : ", ") + n;
      if (workloads_dir.empty())
        throw core::InputError("net: unknown network '" + name_or_path +
                               "': no workloads directory found (set CIMSIM_WORKLOADS_DIR or give "
                               "a path to a .yaml file)");
      throw core::InputError("net: unknown network '" + name_or_path +
                             "'; expected one of the bundled networks (" + known + ") in " +
                             workloads_dir + ", or a path to a .yaml file");
    }
  }
  return make_network_reader(path)->read(path);
}

}  // namespace cimsim::workload
