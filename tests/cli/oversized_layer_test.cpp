// A layer larger than the whole chip runs in parts over time, whether it is the first layer
// (the parts in later reload groups read the network input again) or comes after another.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;
using json = nlohmann::json;

namespace {

json run_net(const std::string& name, const std::string& layers) {
  const std::string net = cimsim::test::write_temp_file(
      name + ".yaml",
      "name: " + name + "\ninput: {channels: 2048, height: 1, width: 1}\nlayers:\n" + layers);
  const std::string out = cimsim::test::temp_dir() + "/" + name;
  auto r = run_cli(
      "run --config configs/isscc28nm.yaml --set chip.tiles_x=2 --set chip.tiles_y=2 --net " + net +
      " --quiet --out " + out);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::ifstream in(out + "/report.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

}  // namespace

TEST_CASE("a first layer larger than the chip runs (it stopped with a deadlock)",
          "[cli][oversized]") {
  // 2048x2048 linear: 4 row blocks x 256 column blocks = 1024 arrays = 128 PEs; the 2x2-tile
  // chip has 32, so the layer runs as 4 parts of 512 columns in 4 reload groups, the concat
  // joining them in the last.
  const json first = run_net("first", "  - {name: fc, type: linear, out_features: 2048}\n");
  CHECK(first["summary"]["reload_groups"] == 4);
  // Spilled per image (8-bit activations): the 2048-byte input, read again by each of the
  // groups 1..3, and the 512-byte outputs of parts 0..2 for the concat in group 3; 2 images.
  CHECK(first["memory"]["spill_bytes"] == (3 * 2048 + 3 * 512) * 2);
  CHECK(first["summary"]["macs_per_image"] == 2048 * 2048);
  // The same layer after a relu (which the chip run always handled) moves the same data.
  const json after = run_net("after_relu",
                             "  - {name: r, type: relu}\n"
                             "  - {name: fc, type: linear, out_features: 2048}\n");
  CHECK(after["memory"]["spill_bytes"] == first["memory"]["spill_bytes"]);
  CHECK(after["memory"]["weight_reload_bytes"] == first["memory"]["weight_reload_bytes"]);
  CHECK(first["summary"]["latency_cycles"].get<int64_t>() <=
        after["summary"]["latency_cycles"].get<int64_t>());
}
