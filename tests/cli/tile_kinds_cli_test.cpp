// A chip of two array types through the binary (configs/hetero28nm.yaml: isscc28nm with 16 of
// its 64 tiles holding ISAAC-style analog crossbar PEs): the layers' kinds in the report, the
// hardware tree, the area of both kinds, and the limits that are refused by name.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "sim/arch/tile_kinds.h"
#include "sim/chip/chip_config.h"
#include "sim/pe/pe_cost_from.h"
#include "tests/cli/run_cli.h"
#include "tests/cli/sweep_csv.h"

using cimsim::test::run_cli;
using cimsim::test::slurp;
using cimsim::test::temp_dir;
using json = nlohmann::json;

namespace {
json run_json(const std::string& args) {
  auto r = run_cli(args + " --format json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}
}  // namespace

TEST_CASE("hetero28nm: layers on both kinds, both in the area and the hardware tree",
          "[cli][kinds]") {
  // fc on the analog tiles by rule, everything else on the digital macros.
  const std::string dir = temp_dir() + "/hetero";
  const json j = run_json("run --config configs/hetero28nm.yaml --net resnet18 --images 1 --out " +
                          dir + " --set 'mapping.layer_kinds=fc=analog'");
  REQUIRE(j.contains("tile_kinds"));
  CHECK(j["tile_kinds"][0]["name"] == "analog");
  CHECK(j["tile_kinds"][0]["model"] == "analog ReRAM crossbar");
  int analog = 0, digital = 0;
  for (const json& L : j["layers"]) {
    if (L["tile_kind"] == "analog") {
      ++analog;
      CHECK(L["name"] == "fc");
    }
    if (L["tile_kind"] == "default") ++digital;
  }
  CHECK(analog == 1);
  CHECK(digital == 20);  // ResNet-18's 20 convolutions
  CHECK(slurp(dir + "/layers.csv").find(",tile_kind\n") != std::string::npos);
  const std::string html = slurp(dir + "/report.html");
  CHECK(html.find("<th class=\"l\">tile kind</th>") != std::string::npos);
  CHECK(html.find("<td class=\"l\">analog</td>") != std::string::npos);
  // cimsim map names each matrix layer's kind too.
  const json map = run_json("map --config configs/hetero28nm.yaml --net resnet18 --out " + dir +
                            "-map --set 'mapping.layer_kinds=fc=analog'");
  CHECK(map["layers"].back()["name"] == "fc");
  CHECK(map["layers"].back()["tile_kind"] == "analog");
  CHECK(map["layers"].front()["tile_kind"] == "default");
  // Area: 48 tiles x 8 digital PEs + 16 tiles x 8 analog PEs, each PE as its own model gives it.
  const cimsim::chip::ChipConfig cfg =
      cimsim::chip::load_chip_config(cimsim::test::kSrc + "/configs/hetero28nm.yaml");
  const double digital_pe = cimsim::pe::pe_cost_from(cfg.pe).area_mm2();
  const double analog_pe = cimsim::pe::pe_cost_from(cfg.kind_pes.at(0)).area_mm2();
  const double pes_mm2 = j["area_mm2"]["pes"].get<double>();
  CHECK(pes_mm2 == Approx(48 * 8 * digital_pe + 16 * 8 * analog_pe).epsilon(1e-12));
  CHECK(analog_pe != Approx(digital_pe));
  CHECK(j["summary"]["arrays_total"] == 48 * 8 * 8 + 16 * 8 * 8);

  // The elaborated design: 48 x 8 x 8 digital macros and 16 x 8 x 8 crossbars.
  auto h = run_cli("run --config configs/hetero28nm.yaml --net resnet18 --hierarchy");
  REQUIRE(h.exit_code == 0);
  CHECK(h.out.find("\n      digital_sram_macro       3072  chip.tile0.pe0.array0 ...") !=
        std::string::npos);
  CHECK(h.out.find("\n      analog_crossbar          1024  chip.tile48.pe0.array0 ...") !=
        std::string::npos);
}

TEST_CASE("hetero28nm: auto puts a layer on the analog tiles once the digital ones are full",
          "[cli][kinds]") {
  // ResNet-18 on isscc28nm's 48 digital tiles: the convolutions take them, the last layer (fc)
  // no longer fits and goes to the analog tiles instead of a second reload group.
  const json j = run_json("run --config configs/hetero28nm.yaml --net resnet18 --images 1 --out " +
                          temp_dir() + "/auto");
  CHECK(j["summary"]["reload_groups"] == 1);
  for (const json& L : j["layers"])
    if (L["name"] == "fc") CHECK(L["tile_kind"] == "analog");
}

TEST_CASE("hetero28nm: what a chip of several kinds does not do is refused by name",
          "[cli][kinds][errors]") {
  auto hybrid = run_cli("run --config configs/hetero28nm.yaml --net vgg8 --parallelism hybrid");
  CHECK(hybrid.exit_code == 2);
  CHECK(hybrid.err.find("a chip of several tile kinds (chip.tile_kinds) is mapped by the "
                        "pipeline mapping only") != std::string::npos);
  auto func = run_cli(
      "accuracy --config configs/hetero28nm.yaml --net digits_cnn "
      "--weights tests/data/digits/weights.npz --data tests/data/digits/test.npz");
  CHECK(func.exit_code == 2);
  CHECK(func.err.find("functional run: chip.tile_kinds") != std::string::npos);
  auto too_big = run_cli(
      "run --config configs/hetero28nm.yaml --net vgg8 --set 'mapping.layer_kinds=fc1=analog'");
  CHECK(too_big.exit_code == 2);
  CHECK(too_big.err.find("of tile kind 'analog'") != std::string::npos);
  // cimsim macro evaluates one kind's PE; a chip of several kinds has no single chip peak.
  const json m = run_json("macro --config configs/hetero28nm.yaml --kind analog");
  CHECK(m["array_type"] == "analog");
  CHECK(m["tile_kind"] == "analog");
  CHECK_FALSE(m.contains("chip"));
  auto nope = run_cli("macro --config configs/hetero28nm.yaml --kind photonic");
  CHECK(nope.exit_code == 2);
  CHECK(nope.err.find("--kind: no tile kind 'photonic'") != std::string::npos);
  // One-kind chips have no kind column, no tile_kinds key (their reports are unchanged).
  const json one = run_json("run --config configs/isscc28nm.yaml --net vgg8 --images 1 --out " +
                            temp_dir() + "/one");
  CHECK_FALSE(one.contains("tile_kinds"));
  CHECK_FALSE(one["layers"][0].contains("tile_kind"));
}

TEST_CASE("the bundled tile-kinds lab sweep: analog tiles trade energy for area",
          "[cli][kinds][sweep]") {
  // configs/sweeps/tile_kinds.yaml: 4, 16, 32, 48 and 63 of the 64 tiles analog. An ISAAC PE
  // at 8 bits takes less area and more energy per MAC than an isscc28nm PE, so each step down
  // the sweep shrinks the chip and raises the energy per image.
  auto r = run_cli("sweep configs/sweeps/tile_kinds.yaml -j 2 --quiet --out " + temp_dir() + "/tk");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto rows = cimsim::test::csv_rows(temp_dir() + "/tk/sweep.csv");
  REQUIRE(rows.size() == 5);
  for (size_t i = 1; i < rows.size(); ++i) {
    INFO("point " << i);
    CHECK(cimsim::test::num(rows[i], "summary.area_mm2") <
          cimsim::test::num(rows[i - 1], "summary.area_mm2"));
    CHECK(cimsim::test::num(rows[i], "summary.energy_per_image_uJ") >
          cimsim::test::num(rows[i - 1], "summary.energy_per_image_uJ"));
  }
}
