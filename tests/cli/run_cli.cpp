#include "tests/cli/run_cli.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace cimsim::test {
namespace fs = std::filesystem;

namespace {

struct TempRoot {
  fs::path path;
  TempRoot() {
    std::string tmpl = (fs::temp_directory_path() / "cimsim-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~TempRoot() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};
TempRoot& root() {
  static TempRoot r;
  return r;
}
}  // namespace

std::string temp_dir() { return root().path.string(); }

std::string write_temp_file(const std::string& name, const std::string& text) {
  fs::path p = root().path / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

CliResult run_cli(const std::string& args) {
  static int n = 0;
  fs::path out = root().path / ("stdout." + std::to_string(n));
  fs::path err = root().path / ("stderr." + std::to_string(n++));
  std::string cmd = std::string("cd '") + CIMSIM_SOURCE_DIR +
                    "' && SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 '" + CIMSIM_BINARY + "' " + args +
                    " >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
  int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

}  // namespace cimsim::test
