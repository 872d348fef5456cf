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

TEST_CASE("sweep runs the product of parameter values, one process per point, into one CSV",
          "[cli][sweep]") {
  const std::string src = CIMSIM_SOURCE_DIR;
  std::string sweep =
      write_temp_file("s.yaml", "config: " + src +
                                    "/configs/isscc28nm.yaml\n"
                                    "net: " +
                                    src +
                                    "/tests/data/tiny_cnn.yaml\n"
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
  CHECK(rows[0] ==
        "point,net,chip.tiles_x,chip.tile.pe.arrays,status,summary.macs_per_image,summary.reload_"
        "groups");
  CHECK(rows[1] == "0," + src + "/tests/data/tiny_cnn.yaml,2,4,ok,177664,1");
  CHECK(rows[4] == "3," + src + "/tests/data/tiny_cnn.yaml,3,8,ok,177664,1");
}

TEST_CASE("a failing sweep point is reported in its row and the exit code", "[cli][sweep]") {
  const std::string src = CIMSIM_SOURCE_DIR;
  std::string sweep = write_temp_file("f.yaml", "config: " + src +
                                                    "/configs/isscc28nm.yaml\n"
                                                    "net: " +
                                                    src +
                                                    "/tests/data/tiny_cnn.yaml\n"
                                                    "parameters: {chip.tiles_x: [2, 0]}\n");
  auto r = run_cli("sweep " + sweep + " --quiet --out " + temp_dir() + "/sf");
  CHECK(r.exit_code == 1);
  auto rows = lines_of(temp_dir() + "/sf/sweep.csv");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].find(",ok,") != std::string::npos);
  CHECK(
      rows[2].find("error: cimsim: error: --set: chip.tiles_x: expected an integer in [1, 256]") !=
      std::string::npos);
  auto bad =
      run_cli("sweep " + write_temp_file("b.yaml", "config: x.yaml\nnet: vgg8\nparams: {}\n"));
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("b.yaml:3: params: unknown key") != std::string::npos);
}

TEST_CASE("the bundled memory-wall lab sweep runs and shows the wall", "[cli][sweep]") {
  auto r =
      run_cli("sweep configs/sweeps/memory_wall.yaml -j 2 --quiet --out " + temp_dir() + "/mw");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto rows = lines_of(temp_dir() + "/mw/sweep.csv");
  REQUIRE(rows.size() == 13);  // 2 chips x 6 bandwidths + header
  // Latency column (the 7th): on the small chip it falls as DRAM gets faster.
  auto latency = [&](size_t row) {
    std::vector<std::string> f;
    std::stringstream ss(rows[row]);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    return std::stod(f[6]);
  };
  for (size_t i = 2; i <= 6; ++i) CHECK(latency(i) < latency(i - 1));
  CHECK(latency(7) < latency(6) / 1.5);  // the chip that holds the network beats even 102 GB/s
}
