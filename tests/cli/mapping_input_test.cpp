// A hand-edited mapping.yaml with absurd numbers is refused with one line naming the file, the
// line and the key path (exit 2); nothing overflows, allocates per group, or reaches the run.
#include <catch2/catch.hpp>

#include <string>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;
using cimsim::test::write_temp_file;

namespace {

// tiny_cnn on a 2x2-tile isscc28nm chip (4 tiles x 8 PEs = 32 PEs, 8 arrays per PE): line 7 is
// conv1, whose replicas the cases edit; `groups` is line 5.
std::string tiny_mapping(const std::string& conv1_replicas, const std::string& groups = "1",
                         const std::string& relu1_extra = "") {
  return "network: tiny_cnn\nchip: isscc28nm\ntiles: 4\npes_per_tile: 8\ngroups: " + groups +
         "\nlayers:\n"
         "  - {name: conv1, kind: matrix, group: 0" +
         conv1_replicas +
         "}\n"
         "  - {name: relu1, kind: digital, group: 0, tile: 0" +
         relu1_extra +
         "}\n"
         "  - {name: conv2, kind: matrix, group: 0, replicas: [[8, 1]]}\n"
         "  - {name: relu2, kind: digital, group: 0, tile: 1}\n"
         "  - {name: add, kind: digital, group: 0, tile: 1}\n"
         "  - {name: pool, kind: digital, group: 0, tile: 1}\n"
         "  - {name: flat, kind: alias}\n"
         "  - {name: fc, kind: matrix, group: 0, replicas: [[16, 1]]}\n";
}

cimsim::test::CliResult run_mapping(const std::string& name, const std::string& text) {
  const std::string path = write_temp_file(name, text);
  return run_cli(
      "map --config configs/isscc28nm.yaml --set chip.tiles_x=2 --set chip.tiles_y=2 "
      "--net tests/data/tiny_cnn.yaml --quiet --out " +
      cimsim::test::temp_dir() + "/map-" + name + " --mapping " + path);
}

void check_refused(const cimsim::test::CliResult& r, const std::string& expected) {
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(expected) != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

}  // namespace

TEST_CASE("a hand-written mapping within the chip runs", "[cli][mapping]") {
  auto r = run_mapping("ok.yaml", tiny_mapping(", replicas: [[0, 1], [1, 1]]"));
  INFO(r.err);
  CHECK(r.exit_code == 0);
}

TEST_CASE("mapping PE numbers near INT64_MAX are refused, not wrapped", "[cli][mapping]") {
  // first_pe + pes wraps to a negative number in 64 bits: the old range check passed it.
  check_refused(
      run_mapping("max_first.yaml", tiny_mapping(", replicas: [[9223372036854775806, 2]]")),
      "max_first.yaml:7: layers[0].replicas[0]: PEs 9223372036854775806 + 2 outside the "
      "chip (0..31)");
  // pes * arrays_per_pe wraps to 0: the arrays check passed it.
  check_refused(
      run_mapping("max_pes.yaml", tiny_mapping(", replicas: [[[0, 2305843009213693952, 2, 16]]]")),
      "max_pes.yaml:7: layers[0].replicas[0]: PEs 0 + 2305843009213693952 outside the chip");
  check_refused(run_mapping("neg.yaml", tiny_mapping(", replicas: [[-1, 1]]")),
                "neg.yaml:7: layers[0].replicas[0]: PEs -1 + 1 outside the chip");
  check_refused(run_mapping("cols.yaml", tiny_mapping(", replicas: [[[0, 1, 2, 17]]]")),
                "cols.yaml:7: layers[0].replicas[0]: 17 columns: the layer has only 16");
}

TEST_CASE("a mapping layer without replicas names the key", "[cli][mapping]") {
  check_refused(run_mapping("no_replicas.yaml", tiny_mapping("")),
                "no_replicas.yaml:7: layers[0].replicas: expected a list of replicas");
  check_refused(run_mapping("no_group.yaml",
                            "network: tiny_cnn\nchip: isscc28nm\ntiles: 4\npes_per_tile: 8\n"
                            "layers: []\n"),
                "no_group.yaml:1: groups: missing; expected an integer");
}

TEST_CASE("mapping groups are bounded: no allocation per absurd group", "[cli][mapping]") {
  check_refused(run_mapping("g1e9.yaml", tiny_mapping(", replicas: [[0, 1]]", "1e9")),
                "g1e9.yaml:5: groups: expected an integer, got '1e9'");
  check_refused(run_mapping("g_big.yaml", tiny_mapping(", replicas: [[0, 1]]", "1000000000")),
                "g_big.yaml:5: groups: expected at most 100000 groups, got 1000000000 (limit "
                "reload_groups; cimsim describe limits)");
  // 2^32 + 1 used to be cast to int: 1 group, silently.
  check_refused(run_mapping("g_wrap.yaml", tiny_mapping(", replicas: [[0, 1]]", "4294967297")),
                "limit reload_groups");
  check_refused(run_mapping("g_many.yaml", tiny_mapping(", replicas: [[0, 1]]", "9")),
                "g_many.yaml:5: groups: expected 1..8 (at most one group per layer of "
                "'tiny_cnn'), got 9");
}

TEST_CASE("mapping overlaps, duplicate and misplaced keys are refused", "[cli][mapping]") {
  check_refused(run_mapping("overlap.yaml", tiny_mapping(", replicas: [[0, 2], [1, 1]]")),
                "overlap.yaml:7: layers[0].replicas[1]: PE 1 already holds layer 'conv1' in group "
                "0 (layers[0].replicas[0])");
  // conv2 sits on PE 8; a conv1 replica there is reported at the later of the two (conv2).
  check_refused(run_mapping("overlap2.yaml", tiny_mapping(", replicas: [[7, 2]]")),
                "overlap2.yaml:9: layers[2].replicas[0]: PE 8 already holds layer 'conv1'");
  check_refused(run_mapping("dup.yaml", tiny_mapping(", replicas: [[0, 1]], replicas: [[1, 1]]")),
                "dup.yaml:7: layers[0].replicas: duplicate key");
  check_refused(
      run_mapping("misplaced.yaml", tiny_mapping(", replicas: [[0, 1]]", "1", ", replicas: 3")),
      "misplaced.yaml:8: layers[1].replicas: unknown key (expected name, kind, group, "
      "tile)");
}
