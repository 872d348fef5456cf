// ISAAC (ISCA 2016) Table I at tile and chip level, from the per-event energies of
// configs/isaac32nm.yaml: tile 330 mW and 0.372 mm2 within 5 %; chip peak 627.5 GOPS/W and
// 478.95 GOPS/s/mm2 within 10 %.
#include <catch2/catch.hpp>

#include "sim/chip/chip_config.h"
#include "sim/chip/peak_report.h"
#include "sim/pe/macro_report.h"

using namespace cimsim;

namespace {
chip::PeakReport peak_of(const std::string& config, const std::vector<std::string>& sets = {}) {
  const chip::ChipConfig cfg =
      chip::load_chip_config(std::string(CIMSIM_SOURCE_DIR) + "/configs/" + config, sets);
  return chip::peak_report(cfg, pe::evaluate_macro(cfg.pe));
}
double rel(double got, double want) { return std::abs(got - want) / want; }
}  // namespace

TEST_CASE("ISAAC tile: 330 mW and 0.372 mm2 within 5 %", "[chip][calibration]") {
  const chip::PeakReport r = peak_of("isaac32nm.yaml");
  CHECK(rel(r.tile.power_mW, 330.0) < 0.05);
  CHECK(rel(r.tile.area_mm2, 0.372) < 0.05);
  // Table I rows of the tile, each within 5 %.
  const std::pair<const char*, std::pair<double, double>> rows[] = {
      {"pes", {289.0, 0.157}},
      {"buffer", {20.7, 0.083}},
      {"bus", {7.0, 0.090}},
      {"activation", {0.52, 0.0006}},
      {"pooling", {0.4, 0.00024}},
      {"output_register", {1.68, 0.0032}},
      {"router_share", {42.0 / 4, 0.151 / 4}}};
  for (const auto& [name, want] : rows) {
    INFO(name);
    const chip::PeakItem* item = nullptr;
    for (const chip::PeakItem& i : r.tile.items)
      if (i.component == name) item = &i;
    REQUIRE(item);
    CHECK(rel(item->power_mW, want.first) < 0.05);
    CHECK(rel(item->area_mm2, want.second) < 0.05);
  }
}

TEST_CASE("ISAAC chip peak: 627.5 GOPS/W and 478.95 GOPS/s/mm2 within 10 %",
          "[chip][calibration]") {
  const chip::PeakReport r = peak_of("isaac32nm.yaml");
  CHECK(rel(r.chip.GOPS_per_W(), 627.5) < 0.10);
  CHECK(rel(r.chip.GOPS_per_mm2(), 478.95) < 0.10);
  CHECK(rel(r.chip.power_mW, 65.8e3) < 0.05);  // Table I: 65.8 W
  CHECK(rel(r.chip.area_mm2, 85.4) < 0.05);    // Table I: 85.4 mm2
}

TEST_CASE("peak power follows the rates: doubling the tile clock doubles unit power", "[chip]") {
  const chip::PeakReport base = peak_of("isaac32nm.yaml");
  const chip::PeakReport fast = peak_of("isaac32nm.yaml", {"chip.clock_MHz=2000"});
  auto item = [](const chip::PeakReport& r, const std::string& n) {
    for (const chip::PeakItem& i : r.tile.items)
      if (i.component == n) return i.power_mW;
    return -1.0;
  };
  CHECK(item(fast, "bus") == Approx(2 * item(base, "bus")));
  CHECK(item(fast, "buffer") == Approx(2 * item(base, "buffer")));
  CHECK(item(fast, "pes") == Approx(item(base, "pes")));  // the PE has its own clock
  CHECK(
      chip::router_peak_power_mW(
          chip::load_chip_config(std::string(CIMSIM_SOURCE_DIR) + "/configs/isaac32nm.yaml").noc) ==
      Approx(42.0));
}
