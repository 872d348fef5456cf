#include "sim/adc/converter_params.h"

#include <cmath>

namespace cimsim::adc {

using core::choice_param;
using core::int_param;
using core::kInf;
using core::real_param;

double adc_energy_per_conversion_pJ(const AdcParams& p) {
  switch (p.energy_model) {
    case AdcEnergyModel::Given:
      return p.energy_per_conversion_pJ;
    case AdcEnergyModel::ZigZag: {
      // ZigZag-IMC: (k1·B + k2·4^B)·Vdd² with k1 = 100 fJ, k2 = 0.001 fJ.
      const double b = p.bits;
      return (100.0 * b + 0.001 * std::pow(4.0, b)) * p.supply_V * p.supply_V * 1e-3;
    }
    case AdcEnergyModel::Flash:
      return (std::pow(2.0, p.bits) - 1.0) * p.comparator_energy_fJ * 1e-3;
  }
  return p.energy_per_conversion_pJ;
}

double dac_energy_per_conversion_pJ(const DacParams& p) {
  if (p.energy_model == DacParams::EnergyModel::Capacitive)
    return p.load_capacitance_fF * p.bits * p.supply_V * p.supply_V * 1e-3;  // fF·V² = fJ
  return p.energy_per_conversion_pJ;
}

int adc_conversion_cycles(const AdcParams& p, double clock_MHz) {
  // A small tolerance keeps 1280 MHz / 1280 MS/s at exactly one cycle despite rounding.
  const double ratio = clock_MHz / p.sample_rate_MHz;
  const int cycles = static_cast<int>(std::ceil(ratio - 1e-9));
  return cycles < 1 ? 1 : cycles;
}

const char* to_string(AdcType t) {
  switch (t) {
    case AdcType::Sar:
      return "sar";
    case AdcType::Flash:
      return "flash";
    case AdcType::SenseAmp:
      return "sense_amp";
  }
  return "?";
}

const core::ComponentSchema& adc_schema() {
  static const core::ComponentSchema s{
      "adc",
      "chip.tile.pe.adc",
      "column ADCs (or 1-bit sense amplifiers) of an analog array, shared by columns through a mux",
      {choice_param("type", "sar", {"sar", "flash", "sense_amp"},
                    "converter architecture (sense_amp: 1-bit, for ADC-less binary schemes)"),
       int_param("bits", "bit", "8", 1, 16, "resolution"),
       real_param("sample_rate_MHz", "MHz", "1000", 1e-3, 1e6,
                  "conversions per µs of one ADC (MS/s)"),
       int_param("cols_per_adc", "", "1", 1, 4096, "array columns sharing one ADC through a mux"),
       choice_param("energy_model", "given", {"given", "zigzag", "flash"},
                    "given: energy_per_conversion_pJ; zigzag: (100·B+0.001·4^B)·Vdd² fJ; "
                    "flash: (2^B−1)·comparator_energy_fJ"),
       real_param("energy_per_conversion_pJ", "pJ", "1.0", 0, kInf,
                  "energy of one conversion (energy_model: given)"),
       real_param("supply_V", "V", "1.0", 0.1, 5, "supply voltage (energy_model: zigzag)"),
       real_param("comparator_energy_fJ", "fJ", "10", 0, kInf,
                  "energy of one comparator decision (energy_model: flash)"),
       real_param("area_um2", "um2", "0", 0, kInf, "area of one ADC"),
       real_param("leakage_uW", "uW", "0", 0, kInf, "static power of one ADC"),
       real_param(
           "input_range_fraction", "", "1.0", 1e-6, 1.0,
           "ADC full scale as a fraction of the largest possible column sum (above it: clipping)")},
      {}};
  return s;
}

const core::ComponentSchema& dac_schema() {
  static const core::ComponentSchema s{
      "dac",
      "chip.tile.pe.dac",
      "input DACs of an analog array, one per row (1 bit: bit-serial inputs)",
      {int_param("bits", "bit", "1", 1, 8, "input bits applied per step (1 = bit-serial)"),
       choice_param("energy_model", "given", {"given", "capacitive"},
                    "given: energy_per_conversion_pJ; capacitive: load_capacitance_fF·bits·Vdd²"),
       real_param("energy_per_conversion_pJ", "pJ", "0.01", 0, kInf,
                  "energy of driving one row for one input step (energy_model: given)"),
       real_param("load_capacitance_fF", "fF", "50", 0, kInf,
                  "switched capacitance per bit (capacitive)"),
       real_param("supply_V", "V", "1.0", 0.1, 5, "supply voltage (capacitive)"),
       real_param("area_um2", "um2", "0", 0, kInf, "area of one DAC")},
      {}};
  return s;
}

const core::ComponentSchema& sample_hold_schema() {
  static const core::ComponentSchema s{
      "sample_hold",
      "chip.tile.pe.sample_hold",
      "one sample-and-hold per array column",
      {real_param("energy_per_sample_fJ", "fJ", "1.0", 0, kInf,
                  "energy of sampling one column once"),
       real_param("area_um2", "um2", "0", 0, kInf, "area of one sample-and-hold")},
      {}};
  return s;
}

AdcParams read_adc_params(const core::ConfigSection& s) {
  AdcParams p;
  const std::string type = s.get_string("type");
  p.type = type == "flash"       ? AdcType::Flash
           : type == "sense_amp" ? AdcType::SenseAmp
                                 : AdcType::Sar;
  p.bits = static_cast<int>(s.get_int("bits"));
  if (p.type == AdcType::SenseAmp && p.bits != 1)
    s.fail("bits",
           "expected 1 for a sense amplifier (type: sense_amp), got " + std::to_string(p.bits));
  p.sample_rate_MHz = s.get_real("sample_rate_MHz");
  p.cols_per_adc = static_cast<int>(s.get_int("cols_per_adc"));
  const std::string model = s.get_string("energy_model");
  if (model == "zigzag") {
    p.energy_model = AdcEnergyModel::ZigZag;
    p.supply_V = s.get_real("supply_V");
    p.energy_source = s.key_path("energy_model") + " (zigzag, " + s.key_path("supply_V") + ")";
  } else if (model == "flash") {
    p.energy_model = AdcEnergyModel::Flash;
    p.comparator_energy_fJ = s.get_real("comparator_energy_fJ");
    p.energy_source = s.key_path("comparator_energy_fJ") + " x (2^bits-1)";
  } else {
    p.energy_model = AdcEnergyModel::Given;
    p.energy_per_conversion_pJ = s.get_real("energy_per_conversion_pJ");
    p.energy_source = s.key_path("energy_per_conversion_pJ");
  }
  p.area_um2 = s.get_real("area_um2");
  p.leakage_uW = s.get_real("leakage_uW");
  p.input_range_fraction = s.get_real("input_range_fraction");
  return p;
}

DacParams read_dac_params(const core::ConfigSection& s) {
  DacParams p;
  p.bits = static_cast<int>(s.get_int("bits"));
  if (s.get_string("energy_model") == "capacitive") {
    p.energy_model = DacParams::EnergyModel::Capacitive;
    p.load_capacitance_fF = s.get_real("load_capacitance_fF");
    p.supply_V = s.get_real("supply_V");
    p.energy_source =
        s.key_path("load_capacitance_fF") + " x bits x " + s.key_path("supply_V") + "^2";
  } else {
    p.energy_per_conversion_pJ = s.get_real("energy_per_conversion_pJ");
    p.energy_source = s.key_path("energy_per_conversion_pJ");
  }
  p.area_um2 = s.get_real("area_um2");
  return p;
}

SampleHoldParams read_sample_hold_params(const core::ConfigSection& s) {
  SampleHoldParams p;
  p.energy_per_sample_fJ = s.get_real("energy_per_sample_fJ");
  p.area_um2 = s.get_real("area_um2");
  return p;
}

}  // namespace cimsim::adc
