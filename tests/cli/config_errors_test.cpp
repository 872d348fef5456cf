// Every kind of config error reaches the user as one line with file, line and key path, and
// exit code 2 (here through `cimsim macro`, which reads the whole config like every verb).
#include <catch2/catch.hpp>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;
using cimsim::test::temp_dir;
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

// Bad-input hardening (issue 16): each of these once crashed, hung, read forever, exited 1 or
// was silently accepted; now each is one line with file, line and key path, and exit code 2.
TEST_CASE("config loader hardening: exit 2 and one line", "[cli][config]") {
  SECTION("a recursive alias (was: a crash)") {
    const auto f = write_temp_file("alias.yaml", "chip: &c\n  tile: *c\n");
    expect_error(f, ":2: chip.tile: recursive alias: the value contains itself");
  }
  SECTION("a key that is not a plain scalar (was: internal error, exit 1)") {
    const auto f = config_with("listkey.yaml", "? [a, b]\n: 1\n");
    expect_error(f, ":2: expected a plain key (a name), got a list as a key");
    const auto g = write_temp_file("nullkey.yaml", "? :");
    auto r = run_cli("macro --config " + g);
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind("cimsim: error: " + g + ":1: expected a plain key (a name), got ", 0) == 0);
  }
  SECTION("duplicate keys and a duplicate chip section (was: the last one won)") {
    const auto f = config_with("dup.yaml", "chip:\n  tiles_x: 2\n  tiles_x: 4\n");
    expect_error(f,
                 ":4: chip.tiles_x: duplicate key (first written at line 3): write each key once");
    const auto g = config_with("dupchip.yaml", "chip:\n  tiles_x: 2\nchip:\n  tiles_y: 2\n");
    expect_error(g, ":4: chip: duplicate key (first written at line 2): write each key once");
  }
  SECTION("an endless input: --config, include, --net and --mapping of /dev/zero") {
    auto r = run_cli("macro --config /dev/zero");
    CHECK(r.exit_code == 2);
    CHECK(r.err ==
          "cimsim: error: /dev/zero: larger than the input file limit (max_input_file_MiB = 16)\n");
    const auto g =
        write_temp_file("zero_inc.yaml", "include:\n  - " + std::string(CIMSIM_SOURCE_DIR) +
                                             "/configs/isscc28nm.yaml\n  - /dev/zero\n");
    expect_error(g,
                 ":3: include: included file /dev/zero: larger than the input file limit "
                 "(max_input_file_MiB = 16)");
    auto net = run_cli("run --config configs/isscc28nm.yaml --net /dev/zero --out " + temp_dir() +
                       "/zero-net");
    CHECK(net.exit_code == 2);
    CHECK(net.err ==
          "cimsim: error: /dev/zero: larger than the input file limit (max_input_file_MiB = 16)\n");
    auto map = run_cli("run --config configs/isscc28nm.yaml --net vgg8 --mapping /dev/zero --out " +
                       temp_dir() + "/zero-map");
    CHECK(map.exit_code == 2);
    CHECK(map.err ==
          "cimsim: error: /dev/zero: larger than the input file limit (max_input_file_MiB = 16)\n");
  }
  SECTION("a directory given as a config (was: read as empty)") {
    auto r = run_cli("macro --config " + temp_dir());
    CHECK(r.exit_code == 2);
    CHECK(r.err == "cimsim: error: " + temp_dir() + ": is a directory, expected a file\n");
  }
  SECTION("an include cycle names the including file and line") {
    const auto a = write_temp_file("cyc1.yaml", "description: x\ninclude: cyc2.yaml\n");
    const auto b = write_temp_file("cyc2.yaml", "include: cyc1.yaml\n");
    auto r = run_cli("macro --config " + a);
    CHECK(r.exit_code == 2);
    CHECK(r.err == "cimsim: error: " + b + ":1: include: include cycle: '" + a +
                       "' is already being read (it includes itself)\n");
  }
  SECTION("a --set that makes a new section names --set") {
    auto r = run_cli("macro --config configs/isscc28nm.yaml --set chip.tile.bogus.x=1");
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind("cimsim: error: --set: chip.tile.bogus: unknown key in 'tile'", 0) == 0);
  }
  SECTION("a negative --seed (was: recorded as 2^64-1)") {
    for (const char* verb :
         {"noc --mesh 2x2 --rate 0.1", "run --config configs/isscc28nm.yaml --net vgg8"}) {
      auto r = run_cli(std::string(verb) + " --seed -1");
      INFO(verb);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("--seed: expected a whole number from 0 to 18446744073709551615, got "
                       "'-1'") != std::string::npos);
    }
    CHECK(run_cli("noc --mesh 2x2 --rate 0.1 --seed 18446744073709551616").exit_code == 2);
    CHECK(run_cli("noc --mesh 2x2 --rate 0.1 --seed 0x10").exit_code == 2);
    CHECK(run_cli("noc --mesh 2x2 --rate 0.01 --warmup 100 --measure 200 --seed "
                  "18446744073709551615 --quiet")
              .exit_code == 0);
  }
}

// --unset (issue 9 item 5): switching a mode from the command line.
TEST_CASE("unset (--unset) removes a key so a mode can be switched", "[cli][config]") {
  const std::string base =
      "macro --config configs/isaac32nm.yaml --set "
      "chip.tile.pe.adc.energy_model=zigzag";
  auto refused = run_cli(base);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("chip.tile.pe.adc.energy_per_conversion_pJ: is not used by this "
                         "configuration") != std::string::npos);
  auto r = run_cli(base + " --unset chip.tile.pe.adc.energy_per_conversion_pJ");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  // ZigZag at 8 bits and 1 V: (100*8 + 0.001*4^8) fJ = 865.536 fJ = 0.865536 pJ per conversion.
  CHECK(r.out.find("0.865536") != std::string::npos);
  CHECK(r.out.find("chip.tile.pe.adc.energy_model (zigzag, chip.tile.pe.adc.supply_V)") !=
        std::string::npos);
  auto missing = run_cli("macro --config configs/isaac32nm.yaml --unset chip.tile.pe.adc.nope");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err ==
        "cimsim: error: --unset: chip.tile.pe.adc.nope: no such key in the config (nothing to "
        "remove)\n");
  // Every verb that takes --set takes --unset.
  for (const char* verb : {"run", "map", "noc", "macro"}) {
    auto h = run_cli(std::string(verb) + " --help");
    INFO(verb);
    CHECK(h.out.find("--unset KEY") != std::string::npos);
  }
}
