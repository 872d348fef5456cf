#pragma once
// Where the bundled network files (workloads/*.yaml) are, for `--net NAME`.
#include <string>

namespace cimsim::workload {

// The first existing directory of:
//   1. $CIMSIM_WORKLOADS_DIR
//   2. ./workloads                               (running from the source tree)
//   3. <dir of the executable>/../workloads      (build dir inside the source tree, e.g. build/)
//   4. <source dir>/workloads, where <source dir> is CMAKE_HOME_DIRECTORY read from
//      <dir of the executable>/CMakeCache.txt    (out-of-tree build dir; the binary sits there)
// The executable is /proc/self/exe. Returns "" when none exists.
std::string find_workloads_dir();

// The same search with its inputs given (for tests): `env_value` may be empty, `exe_path` is
// the executable's absolute path.
std::string find_workloads_dir(const std::string& cwd, const std::string& exe_path,
                               const std::string& env_value);

}  // namespace cimsim::workload
