#pragma once
// Peak figures of a tile and of the whole chip, on top of the PE's (`cimsim macro`): every PE
// at its peak MVM rate, every tile unit at its stated peak rate, every router port busy.
// Power = energy per event x events per second + leakage, never a typed-in power.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/chip/chip_config.h"
#include "sim/pe/macro_report.h"

namespace cimsim::chip {

struct PeakItem {
  std::string component;
  double power_mW = 0;
  double area_mm2 = 0;
  std::string source;  // config keys behind the number
};

struct PeakScope {
  std::string scope;  // "tile" or "chip"
  double peak_GOPS = 0;
  double power_mW = 0;
  double area_mm2 = 0;
  double GOPS_per_W() const { return power_mW > 0 ? peak_GOPS / (power_mW * 1e-3) : 0; }
  double GOPS_per_mm2() const { return area_mm2 > 0 ? peak_GOPS / area_mm2 : 0; }
  std::vector<PeakItem> items;
};

struct PeakReport {
  PeakScope tile, chip;
};

// Router power at peak: every port moves one flit per NoC cycle through the router and over a
// link: (router + link energy per flit) x ports x NoC clock + leakage.
double router_peak_power_mW(const noc::NocParams& noc);

PeakReport peak_report(const ChipConfig& cfg, const pe::MacroReport& pe);
std::string format_peak_table(const PeakReport& r);
nlohmann::ordered_json peak_json(const PeakReport& r);

}  // namespace cimsim::chip
