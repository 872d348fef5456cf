// `--config NAME` lookup in configs/ and the default results folder's name and guard.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/cli/run_cli.h"

using cimsim::test::kSrc;
using cimsim::test::run_cli;
using cimsim::test::temp_dir;
using cimsim::test::write_temp_file;
namespace fs = std::filesystem;

namespace {
// Runs cimsim in `dir` (not the source folder); returns the exit code, stderr into `err`.
int run_in(const std::string& dir, const std::string& args, std::string* err = nullptr) {
  const std::string err_file = dir + "/stderr.txt";
  const std::string cmd = "cd '" + dir + "' && '" + CIMSIM_BINARY + "' " + args + " 2>'" +
                          err_file + "' >/dev/null </dev/null";
  const int status = std::system(cmd.c_str());
  if (err) {
    std::ifstream in(err_file);
    err->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
}  // namespace

TEST_CASE("a bare --config NAME finds a bundled config in configs/, with or without .yaml",
          "[cli][names]") {
  for (const std::string name : {"isscc28nm", "isscc28nm.yaml", "configs/isscc28nm.yaml"}) {
    auto r = run_cli("--config " + name +
                     " --net tests/data/tiny_cnn.yaml --images 1 --quiet "
                     "--out " +
                     temp_dir() + "/n-" + std::to_string(name.size()));
    INFO(name << ": " << r.err);
    CHECK(r.exit_code == 0);
  }
  // From another folder too: configs/ is found beside the workloads (through the binary).
  fs::create_directories(temp_dir() + "/elsewhere");
  CHECK(run_in(temp_dir() + "/elsewhere", "macro --config isaac32nm --quiet") == 0);
  auto bad = run_cli("--config isscc29nm --net vgg8");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--config: no file 'isscc29nm' and no bundled config of that name") !=
        std::string::npos);
  CHECK(bad.err.find("isaac32nm, isscc28nm") != std::string::npos);
}

TEST_CASE(
    "the default results folder names the overrides and never silently replaces another "
    "config's run",
    "[cli][names]") {
  const std::string dir = temp_dir() + "/names";
  fs::create_directories(dir);
  const std::string run = "--config " + kSrc + "/configs/isscc28nm.yaml --net " + kSrc +
                          "/tests/data/tiny_cnn.yaml --images 1 --quiet";
  REQUIRE(run_in(dir, run) == 0);
  CHECK(fs::exists(dir + "/results/isscc28nm-tiny_cnn/report.json"));
  REQUIRE(run_in(dir, run + " --set chip.clock_MHz=300") == 0);
  REQUIRE(run_in(dir, run + " --set chip.clock_MHz=250") == 0);
  size_t folders = 0;
  for (const auto& e : fs::directory_iterator(dir + "/results")) {
    const std::string n = e.path().filename().string();
    folders += n.rfind("isscc28nm-tiny_cnn", 0) == 0;
    if (n != "isscc28nm-tiny_cnn") CHECK(n.size() == std::string("isscc28nm-tiny_cnn-").size() + 8);
  }
  CHECK(folders == 3);  // one per resolved config
  // Same chip name, different config file: refused, then replaced with --force.
  const std::string other = write_temp_file(
      "names/other.yaml",
      "include: " + kSrc + "/configs/isscc28nm.yaml\nchip:\n  dram:\n    bandwidth_GBps: 256\n");
  const std::string run_other =
      "--config " + other + " --net " + kSrc + "/tests/data/tiny_cnn.yaml --images 1 --quiet";
  std::string err;
  CHECK(run_in(dir, run_other, &err) == 2);
  CHECK(err.find("results/isscc28nm-tiny_cnn: holds a run of a different resolved config") !=
        std::string::npos);
  CHECK(err.find("--force") != std::string::npos);
  CHECK(run_in(dir, run) == 0);  // the same config again is fine
  CHECK(run_in(dir, run_other + " --force") == 0);
}
