#include "sim/workload/workloads_dir.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace cimsim::workload {
namespace fs = std::filesystem;

namespace {
bool is_dir(const fs::path& p) {
  std::error_code ec;
  return !p.empty() && fs::is_directory(p, ec);
}

// CMAKE_HOME_DIRECTORY:INTERNAL=/path/to/source in a CMakeCache.txt, or "".
std::string source_dir_from_cache(const fs::path& cache) {
  std::ifstream in(cache);
  const std::string key = "CMAKE_HOME_DIRECTORY:INTERNAL=";
  for (std::string line; std::getline(in, line);)
    if (line.compare(0, key.size(), key) == 0) return line.substr(key.size());
  return "";
}
}  // namespace

std::string find_workloads_dir(const std::string& cwd, const std::string& exe_path,
                               const std::string& env_value) {
  if (!env_value.empty() && is_dir(env_value)) return env_value;
  if (is_dir(fs::path(cwd) / "workloads")) return (fs::path(cwd) / "workloads").string();
  if (!exe_path.empty()) {
    const fs::path exe_dir = fs::path(exe_path).parent_path();
    const fs::path beside = exe_dir.parent_path() / "workloads";
    if (is_dir(beside)) return beside.lexically_normal().string();
    const std::string src = source_dir_from_cache(exe_dir / "CMakeCache.txt");
    if (!src.empty() && is_dir(fs::path(src) / "workloads"))
      return (fs::path(src) / "workloads").string();
  }
  return "";
}

std::string find_workloads_dir() {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  const char* env = std::getenv("CIMSIM_WORKLOADS_DIR");
  return find_workloads_dir(cwd.string(), ec ? std::string() : exe.string(), env ? env : "");
}

}  // namespace cimsim::workload
