#include "sim/adc/converter_params.h"

#include <cmath>

namespace cimsim::adc {

using core::kInf;

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

using core::choice_field;
using core::int_field;
using core::real_field;

const core::ParamTable<AdcParams>& param_table(const AdcParams&) {
  using P = AdcParams;
  auto model_is = [](AdcEnergyModel m) { return [m](const P& p) { return p.energy_model == m; }; };
  static const core::ParamTable<P> t{
      "adc",
      "chip.tile.pe.adc",
      "column ADCs (or 1-bit sense amplifiers) of an analog array, shared by columns through a mux",
      {choice_field(
           &P::type, "type", "sar",
           {{"sar", AdcType::Sar}, {"flash", AdcType::Flash}, {"sense_amp", AdcType::SenseAmp}},
           "converter architecture (sense_amp: 1-bit, for ADC-less binary schemes)"),
       int_field(&P::bits, "bits", "bit", "8", 1, 16, "resolution"),
       real_field(&P::sample_rate_MHz, "sample_rate_MHz", "MHz", "1000", 1e-3, 1e6,
                  "conversions per µs of one ADC (MS/s)"),
       int_field(&P::cols_per_adc, "cols_per_adc", "", "1", 1, 4096,
                 "array columns sharing one ADC through a mux"),
       choice_field(&P::energy_model, "energy_model", "given",
                    {{"given", AdcEnergyModel::Given},
                     {"zigzag", AdcEnergyModel::ZigZag},
                     {"flash", AdcEnergyModel::Flash}},
                    "given: energy_per_conversion_pJ; zigzag: (100·B+0.001·4^B)·Vdd² fJ; "
                    "flash: (2^B−1)·comparator_energy_fJ"),
       real_field(&P::energy_per_conversion_pJ, "energy_per_conversion_pJ", "pJ", "1.0", 0, kInf,
                  "energy of one conversion (energy_model: given)")
           .when(model_is(AdcEnergyModel::Given)),
       real_field(&P::supply_V, "supply_V", "V", "1.0", 0.1, 5,
                  "supply voltage (energy_model: zigzag)")
           .when(model_is(AdcEnergyModel::ZigZag)),
       real_field(&P::comparator_energy_fJ, "comparator_energy_fJ", "fJ", "10", 0, kInf,
                  "energy of one comparator decision (energy_model: flash)")
           .when(model_is(AdcEnergyModel::Flash)),
       real_field(&P::area_um2, "area_um2", "um2", "0", 0, kInf, "area of one ADC"),
       real_field(&P::leakage_uW, "leakage_uW", "uW", "0", 0, kInf, "static power of one ADC"),
       real_field(
           &P::input_range_fraction, "input_range_fraction", "", "1.0", 1e-6, 1.0,
           "ADC full scale as a fraction of the largest possible column sum (above it: clipping)")},
      {}};
  return t;
}

const core::ParamTable<DacParams>& param_table(const DacParams&) {
  using P = DacParams;
  auto capacitive = [](const P& p) { return p.energy_model == P::EnergyModel::Capacitive; };
  auto given = [](const P& p) { return p.energy_model == P::EnergyModel::Given; };
  static const core::ParamTable<P> t{
      "dac",
      "chip.tile.pe.dac",
      "input DACs of an analog array, one per row (1 bit: bit-serial inputs)",
      {int_field(&P::bits, "bits", "bit", "1", 1, 8,
                 "input bits applied per step (1 = bit-serial)"),
       choice_field(&P::energy_model, "energy_model", "given",
                    {{"given", P::EnergyModel::Given}, {"capacitive", P::EnergyModel::Capacitive}},
                    "given: energy_per_conversion_pJ; capacitive: load_capacitance_fF·bits·Vdd²"),
       real_field(&P::energy_per_conversion_pJ, "energy_per_conversion_pJ", "pJ", "0.01", 0, kInf,
                  "energy of driving one row for one input step (energy_model: given)")
           .when(given),
       real_field(&P::load_capacitance_fF, "load_capacitance_fF", "fF", "50", 0, kInf,
                  "switched capacitance per bit (capacitive)")
           .when(capacitive),
       real_field(&P::supply_V, "supply_V", "V", "1.0", 0.1, 5, "supply voltage (capacitive)")
           .when(capacitive),
       real_field(&P::area_um2, "area_um2", "um2", "0", 0, kInf, "area of one DAC")},
      {}};
  return t;
}

const core::ParamTable<SampleHoldParams>& param_table(const SampleHoldParams&) {
  using P = SampleHoldParams;
  static const core::ParamTable<P> t{
      "sample_hold",
      "chip.tile.pe.sample_hold",
      "one sample-and-hold per array column",
      {real_field(&P::energy_per_sample_fJ, "energy_per_sample_fJ", "fJ", "1.0", 0, kInf,
                  "energy of sampling one column once"),
       real_field(&P::area_um2, "area_um2", "um2", "0", 0, kInf, "area of one sample-and-hold")},
      {}};
  return t;
}

const core::ComponentSchema& adc_schema() { return param_table(AdcParams{}).schema(); }
const core::ComponentSchema& dac_schema() { return param_table(DacParams{}).schema(); }
const core::ComponentSchema& sample_hold_schema() {
  return param_table(SampleHoldParams{}).schema();
}

AdcParams read_adc_params(const core::ConfigSection& s) {
  AdcParams p;
  p.path = s.path();
  param_table(p).read(s, p);
  if (p.type == AdcType::SenseAmp && p.bits != 1)
    s.fail("bits",
           "expected 1 for a sense amplifier (type: sense_amp), got " + std::to_string(p.bits));
  switch (p.energy_model) {
    case AdcEnergyModel::ZigZag:
      p.energy_source = core::source(p, &AdcParams::energy_model) + " (zigzag, " +
                        core::source(p, &AdcParams::supply_V) + ")";
      break;
    case AdcEnergyModel::Flash:
      p.energy_source = core::source(p, &AdcParams::comparator_energy_fJ) + " x (2^bits-1)";
      break;
    case AdcEnergyModel::Given:
      p.energy_source = core::source(p, &AdcParams::energy_per_conversion_pJ);
      break;
  }
  return p;
}

DacParams read_dac_params(const core::ConfigSection& s) {
  DacParams p;
  p.path = s.path();
  param_table(p).read(s, p);
  p.energy_source = p.energy_model == DacParams::EnergyModel::Capacitive
                        ? core::source(p, &DacParams::load_capacitance_fF) + " x bits x " +
                              core::source(p, &DacParams::supply_V) + "^2"
                        : core::source(p, &DacParams::energy_per_conversion_pJ);
  return p;
}

SampleHoldParams read_sample_hold_params(const core::ConfigSection& s) {
  SampleHoldParams p;
  p.path = s.path();
  param_table(p).read(s, p);
  return p;
}

}  // namespace cimsim::adc
