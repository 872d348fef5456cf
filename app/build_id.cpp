#include "app/build_id.h"

#include <fstream>
#include <sstream>

#include "app/run_names.h"

#ifndef CIMSIM_VERSION
#define CIMSIM_VERSION "unknown"
#endif
#ifndef CIMSIM_GIT_DESCRIBE
#define CIMSIM_GIT_DESCRIBE "unknown"
#endif

namespace cimsim::app {

const std::string& build_id() {
  static const std::string id = [] {
    std::string s = std::string(CIMSIM_VERSION) + " " + CIMSIM_GIT_DESCRIBE;
    std::ifstream exe("/proc/self/exe", std::ios::binary);
    std::stringstream bytes;
    bytes << exe.rdbuf();
    // Without /proc (not Linux), the configure-time id alone.
    if (exe && bytes.tellp() > 0) s += " exe " + short_hash(bytes.str(), 16);
    return s;
  }();
  return id;
}

}  // namespace cimsim::app
