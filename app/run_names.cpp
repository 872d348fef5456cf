#include "app/run_names.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "app/files.h"
#include "sim/core/errors.h"
#include "sim/workload/workloads_dir.h"

namespace cimsim::app {

namespace fs = std::filesystem;

std::string find_configs_dir() {
  std::error_code ec;
  if (fs::is_directory("configs", ec)) return "configs";
  const std::string workloads = workload::find_workloads_dir();
  if (workloads.empty()) return "";
  const fs::path dir = fs::path(workloads).parent_path() / "configs";
  return fs::is_directory(dir, ec) ? dir.string() : "";
}

std::string resolve_config_name(const std::string& name) {
  if (name.empty() || is_file(name) || name.find('/') != std::string::npos) return name;
  const std::string dir = find_configs_dir();
  if (!dir.empty()) {
    for (const std::string& candidate : {name, name + ".yaml"})
      if (is_file(fs::path(dir) / candidate)) return (fs::path(dir) / candidate).string();
  }
  std::vector<std::string> bundled;
  std::error_code ec;
  if (!dir.empty())
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.path().extension() == ".yaml") bundled.push_back(e.path().stem().string());
  std::sort(bundled.begin(), bundled.end());
  std::string list;
  for (const std::string& b : bundled) list += (list.empty() ? "" : ", ") + b;
  throw core::InputError(
      "--config: no file '" + name + "' and no bundled config of that name" +
      (dir.empty() ? std::string(" (no configs/ folder found)") : " (" + dir + "/: " + list + ")"));
}

uint64_t fnv1a64(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string short_hash(const std::string& text, int digits) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(fnv1a64(text)));
  return std::string(buf, static_cast<size_t>(std::clamp(digits, 1, 16)));
}

std::string default_results_dir(const std::string& run_name,
                                const std::vector<std::string>& overrides) {
  if (overrides.empty()) return "results/" + run_name;
  std::string joined;
  for (const std::string& o : overrides) joined += o + '\n';
  return "results/" + run_name + "-" + short_hash(joined);
}

void guard_default_results_dir(const std::string& dir, const std::string& resolved_yaml,
                               bool force) {
  const fs::path old = fs::path(dir) / "config.resolved.yaml";
  if (force || !is_file(old)) return;
  if (slurp(old.string()) == resolved_yaml) return;
  throw core::InputError(dir + ": holds a run of a different resolved config (" + old.string() +
                         " differs); replace it with --force or choose a folder with --out");
}

}  // namespace cimsim::app
