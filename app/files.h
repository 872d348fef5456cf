#pragma once
// Small file helpers of the command-line verbs.
#include <string>

namespace cimsim::app {

// True when `path` names a regular file (never throws).
bool is_file(const std::string& path);

// The whole content of the file at `path`, bytes as stored; "" when it cannot be read.
std::string slurp(const std::string& path);

}  // namespace cimsim::app
