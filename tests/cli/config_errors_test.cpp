// Every kind of config error reaches the user as one line with file, line and key path, and
// exit code 2 (here through `cimsim macro`, which reads the whole config like every verb).
#include <catch2/catch.hpp>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;
using cimsim::test::write_temp_file;

namespace {
// A config that includes the real one and then adds `extra` (YAML text) on top.
std::string config_with(const std::string& name, const std::string& extra) {
  return write_temp_file(
      name, "include: " + std::string(CIMSIM_SOURCE_DIR) + "/configs/isscc28nm.yaml\n" + extra);
}
void expect_error(const std::string& config, const std::string& message) {
  auto r = run_cli("macro --config " + config);
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err == "cimsim: error: " + config + message + "\n");
}
}  // namespace

TEST_CASE("config errors: file, line, key path, exit code 2", "[cli][config]") {
  SECTION("unknown key") {
    const auto f = config_with("unknown.yaml", "chip:\n  tile:\n    buffer:\n      sise_kB: 3\n");
    expect_error(f,
                 ":5: chip.tile.buffer.sise_kB: unknown key in 'buffer' (did you mean 'size_kB'?)");
  }
  SECTION("a key nothing used") {
    const auto f = config_with(
        "unused.yaml",
        "chip:\n  tile:\n    pe:\n      array:\n        analog:\n          cell_bits: 2\n");
    auto r = run_cli("macro --config " + f);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(
              f + ":7: chip.tile.pe.array.analog.cell_bits: is not used by this configuration") !=
          std::string::npos);
  }
  SECTION("wrong type") {
    const auto f = config_with("type.yaml", "chip:\n  tiles_x: eight\n");
    expect_error(f, ":3: chip.tiles_x: expected an integer, got 'eight'");
  }
  SECTION("out of range") {
    const auto f = config_with("range.yaml", "chip:\n  dram:\n    bandwidth_GBps: -3\n");
    expect_error(f,
                 ":4: chip.dram.bandwidth_GBps: expected a value in [0.001, 100000] GB/s, got -3");
  }
  SECTION("missing required key") {
    const auto f = write_temp_file("required.yaml", "chip:\n  clock_MHz: 100\n  tiles_x: 2\n");
    expect_error(
        f,
        ":1: chip.tiles_y: missing required key (an integer in tiles: tiles along y of the mesh)");
  }
  SECTION("YAML syntax error") {
    const auto f = config_with("syntax.yaml", "chip:\n  tiles_x: [1, 2\n");
    auto r = run_cli("macro --config " + f);
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind("cimsim: error: " + f + ":4: YAML syntax error", 0) == 0);
  }
  SECTION("unreadable file") {
    auto r = run_cli("macro --config /nonexistent/chip.yaml");
    CHECK(r.exit_code == 2);
    CHECK(r.err == "cimsim: error: /nonexistent/chip.yaml: cannot read file\n");
  }
}
