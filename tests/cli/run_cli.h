#pragma once
// Runs the built cimsim binary (CIMSIM_BINARY) with arguments and captures what it printed.
#include <string>

#include "app/files.h"

namespace cimsim::test {

struct CliResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// `args` is passed through /bin/sh, so quote as in a shell. Runs in CIMSIM_SOURCE_DIR.
CliResult run_cli(const std::string& args);

// A fresh, empty temporary directory (removed at process exit).
std::string temp_dir();

// The whole content of a file, "" when it cannot be read (app/files.h).
using app::slurp;

// The source tree and the cimsim binary under test.
inline const std::string kSrc = CIMSIM_SOURCE_DIR;
inline const std::string kBin = CIMSIM_BINARY;

// Writes `text` to a file under temp_dir() and returns its path.
std::string write_temp_file(const std::string& name, const std::string& text);

}  // namespace cimsim::test
