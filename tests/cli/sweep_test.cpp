#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;
using cimsim::test::temp_dir;
using cimsim::test::write_temp_file;

namespace {
std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}
}  // namespace

TEST_CASE("sweep runs the product of parameter values, one process per point, into one CSV", "[cli][sweep]") {
  const std::string src = CIMSIM_SOURCE_DIR;
  std::string sweep = write_temp_file("s.yaml", "config: " + src + "/configs/isscc28nm.yaml\n"
                                                "net: " + src + "/tests/data/tiny_cnn.yaml\n"
                                                "images: 1\n"
                                                "parameters:\n"
                                                "  chip.tiles_x: [2, 3]\n"
                                                "  chip.tile.pe.arrays: [4, 8]\n"
                                                "metrics: [summary.macs_per_image, summary.reload_groups]\n");
  auto r = run_cli("sweep " + sweep + " -j 2 --quiet --out " + temp_dir() + "/sw");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto rows = lines_of(temp_dir() + "/sw/sweep.csv");
  REQUIRE(rows.size() == 5);
  CHECK(rows[0] == "point,net,chip.tiles_x,chip.tile.pe.arrays,status,summary.macs_per_image,summary.reload_groups");
  CHECK(rows[1] == "0," + src + "/tests/data/tiny_cnn.yaml,2,4,ok,177664,1");
  CHECK(rows[4] == "3," + src + "/tests/data/tiny_cnn.yaml,3,8,ok,177664,1");
}

TEST_CASE("a failing sweep point is reported in its row and the exit code", "[cli][sweep]") {
  const std::string src = CIMSIM_SOURCE_DIR;
  std::string sweep = write_temp_file("f.yaml", "config: " + src + "/configs/isscc28nm.yaml\n"
                                                "net: " + src + "/tests/data/tiny_cnn.yaml\n"
                                                "parameters: {chip.tiles_x: [2, 0]}\n");
  auto r = run_cli("sweep " + sweep + " --quiet --out " + temp_dir() + "/sf");
  CHECK(r.exit_code == 1);
  auto rows = lines_of(temp_dir() + "/sf/sweep.csv");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].find(",ok,") != std::string::npos);
  CHECK(rows[2].find("error: cimsim: error: --set: chip.tiles_x: expected an integer in [1, 256]") != std::string::npos);
  auto bad = run_cli("sweep " + write_temp_file("b.yaml", "config: x.yaml\nnet: vgg8\nparams: {}\n"));
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("b.yaml:3: params: unknown key") != std::string::npos);
}
