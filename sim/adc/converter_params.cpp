#include "sim/adc/converter_params.h"

#include <algorithm>
#include <cmath>

#include "sim/core/cycles.h"

namespace cimsim::adc {

using core::kInf;

double adc_steps(const AdcParams& p, int bits) {
  switch (p.type) {
    case AdcType::Ramp:
      return std::pow(2.0, bits);
    case AdcType::Serial:
    case AdcType::Sar:
      return bits;
    case AdcType::Flash:
      return std::pow(2.0, bits) - 1.0;
    case AdcType::SenseAmp:
      break;
  }
  return 1;
}

namespace {
// The factor the written energies (given, flash, per_step) take at the periphery supply.
double written_energy_scale(const AdcParams& p) {
  if (p.energy_reference_V <= 0) return 1.0;
  const double v = tech::supply_V(p.tech, tech::Domain::Periphery) / p.energy_reference_V;
  return v * v;
}
}  // namespace

double adc_energy_per_conversion_pJ(const AdcParams& p) {
  switch (p.energy_model) {
    case AdcEnergyModel::PerStep:
      return adc_steps(p, p.bits) * p.energy_per_step_pJ * written_energy_scale(p);
    case AdcEnergyModel::Given:
      return p.energy_per_conversion_pJ * written_energy_scale(p);
    case AdcEnergyModel::ZigZag: {
      // ZigZag-IMC: (k1·B + k2·4^B)·Vdd² with k1 = 100 fJ, k2 = 0.001 fJ.
      const double b = p.bits;
      return (100.0 * b + 0.001 * std::pow(4.0, b)) * p.supply_V * p.supply_V * 1e-3;
    }
    case AdcEnergyModel::Flash: {
      // Flash: 2^B − 1 comparators decide at once; ramp: one comparator decides 2^B times;
      // serial: once per bit.
      const double decisions = p.type == AdcType::Ramp     ? std::pow(2.0, p.bits)
                               : p.type == AdcType::Serial ? p.bits
                                                           : std::pow(2.0, p.bits) - 1.0;
      return decisions * p.comparator_energy_fJ * 1e-3 * written_energy_scale(p);
    }
    case AdcEnergyModel::Survey: {
      // B. Murmann, "ADC Performance Survey 1997-2024" (Stanford): the best converters sit on
      // the envelope of two figures of merit. Walden: E = FoM_W·2^B (conversion-step energy,
      // the bound at low and medium resolution); Schreier: FoM_S = SNDR + 10·log10(fs/2 / P),
      // i.e. E = P/fs = 1 / (2·10^((FoM_S − SNDR)/10)) with SNDR = 6.02·B + 1.76 dB (the
      // thermal-noise bound that dominates above ~12 bits). The survey's converters run at
      // their nominal supply; a lower periphery supply scales the switched-capacitor energy
      // by (V / V_nominal)² (C·V²).
      const double b = p.bits;
      const double walden_fJ = p.walden_fom_fJ * std::pow(2.0, b);
      const double sndr_dB = 6.02 * b + 1.76;
      const double schreier_fJ = 1e15 / (2.0 * std::pow(10.0, (p.schreier_fom_dB - sndr_dB) / 10));
      double v_scale = 1.0;
      if (p.tech.has_node()) {
        const double v = tech::supply_V(p.tech, tech::Domain::Periphery);
        const double vn = tech::nominal_supply_V(p.tech.node_nm);
        v_scale = (v / vn) * (v / vn);
      }
      return std::max(walden_fJ, schreier_fJ) * v_scale * 1e-3;
    }
  }
  return p.energy_per_conversion_pJ;
}

double adc_area_um2(const AdcParams& p) {
  if (p.area_model == AdcAreaModel::ZigZag)
    return std::pow(10.0, 1.206 - 0.0369 * p.bits) * std::pow(2.0, p.bits);
  return p.area_um2;
}

double dac_energy_per_conversion_pJ(const DacParams& p) {
  const double cv2_fJ = p.load_capacitance_fF * p.supply_V * p.supply_V;  // fF·V² = fJ
  switch (p.energy_model) {
    case DacParams::EnergyModel::Capacitive:
      return cv2_fJ * p.bits * 1e-3;
    case DacParams::EnergyModel::Temporal:
      return cv2_fJ * p.pulse_activity * (std::pow(2.0, p.bits) - 1.0) * 1e-3;
    case DacParams::EnergyModel::Given:
      break;
  }
  return p.energy_per_conversion_pJ;
}

double adc_energy_for_bits_pJ(const AdcParams& p, int bits) {
  if (bits >= p.bits) return adc_energy_per_conversion_pJ(p);
  if (bits <= 0) return 0;
  if (p.energy_model == AdcEnergyModel::PerStep)
    return adc_steps(p, bits) * p.energy_per_step_pJ * written_energy_scale(p);
  // A serial converter decides once per bit resolved: its energy per conversion scales with them.
  if (p.type == AdcType::Serial) return adc_energy_per_conversion_pJ(p) * bits / p.bits;
  return adc_energy_per_conversion_pJ(p);
}

int adc_conversion_cycles_for_bits(const AdcParams& p, double clock_MHz, int bits) {
  // The tolerance keeps 1280 MHz / 1280 MS/s at exactly one cycle despite rounding.
  const int64_t per_step = core::whole_cycles(clock_MHz / p.sample_rate_MHz);
  int64_t steps = 1;
  if (p.type == AdcType::Ramp) steps = int64_t{1} << p.bits;
  if (p.type == AdcType::Serial) steps = std::max(0, std::min(bits, p.bits));
  return static_cast<int>(per_step * steps);
}

int adc_conversion_cycles(const AdcParams& p, double clock_MHz) {
  return adc_conversion_cycles_for_bits(p, clock_MHz, p.bits);
}

const char* to_string(AdcType t) {
  switch (t) {
    case AdcType::Sar:
      return "sar";
    case AdcType::Flash:
      return "flash";
    case AdcType::SenseAmp:
      return "sense_amp";
    case AdcType::Ramp:
      return "ramp";
    case AdcType::Serial:
      return "serial";
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
           {{"sar", AdcType::Sar},
            {"flash", AdcType::Flash},
            {"sense_amp", AdcType::SenseAmp},
            {"ramp", AdcType::Ramp},
            {"serial", AdcType::Serial}},
           "converter architecture (sense_amp: 1-bit; ramp: single-slope/integrating, 2^bits "
           "steps per conversion; serial: one step per bit, a lower-significance input step "
           "resolving only the bits its shift keeps, as NeuRRAM's charge-decrement neuron)"),
       int_field(&P::bits, "bits", "bit", "8", 1, 16, "resolution"),
       real_field(&P::sample_rate_MHz, "sample_rate_MHz", "MHz", "1000", 1e-3, 1e6,
                  "conversions per µs of one ADC (MS/s); type ramp or serial: steps per µs"),
       int_field(&P::cols_per_adc, "cols_per_adc", "", "1", 1, 4096,
                 "array columns sharing one ADC through a mux"),
       choice_field(&P::energy_model, "energy_model", "given",
                    {{"given", AdcEnergyModel::Given},
                     {"zigzag", AdcEnergyModel::ZigZag},
                     {"flash", AdcEnergyModel::Flash},
                     {"survey", AdcEnergyModel::Survey},
                     {"per_step", AdcEnergyModel::PerStep}},
                    "given: energy_per_conversion_pJ; zigzag: (100·B+0.001·4^B)·Vdd² fJ; "
                    "flash: (2^B−1)·comparator_energy_fJ (ramp: 2^B steps); survey: "
                    "max(walden_fom_fJ·2^B, Schreier bound)·(V/V_nominal)^2; per_step: "
                    "energy_per_step_pJ x steps (ramp 2^B, serial and sar B, flash 2^B-1)"),
       real_field(&P::energy_per_conversion_pJ, "energy_per_conversion_pJ", "pJ", "1.0", 0, kInf,
                  "energy of one conversion (energy_model: given)")
           .when(model_is(AdcEnergyModel::Given)),
       real_field(&P::supply_V, "supply_V", "V", "1.0", 0.1, 5,
                  "supply voltage (energy_model: zigzag)")
           .when(model_is(AdcEnergyModel::ZigZag)),
       real_field(&P::comparator_energy_fJ, "comparator_energy_fJ", "fJ", "10", 0, kInf,
                  "energy of one comparator decision (energy_model: flash)")
           .when(model_is(AdcEnergyModel::Flash)),
       real_field(&P::walden_fom_fJ, "walden_fom_fJ", "fJ", "5", 0, kInf,
                  "Walden figure of merit: energy per conversion step (energy_model: survey)")
           .when(model_is(AdcEnergyModel::Survey)),
       real_field(&P::schreier_fom_dB, "schreier_fom_dB", "dB", "180", 100, 220,
                  "Schreier figure of merit, the thermal-noise bound (energy_model: survey)")
           .when(model_is(AdcEnergyModel::Survey)),
       real_field(&P::energy_per_step_pJ, "energy_per_step_pJ", "pJ", "0.1", 0, kInf,
                  "energy of one conversion step (energy_model: per_step)")
           .when(model_is(AdcEnergyModel::PerStep)),
       real_field(&P::energy_reference_V, "energy_reference_V", "V", "0", 0, 5,
                  "supply at which the written energy (given, flash, per_step) holds; above 0 "
                  "it follows tech.periphery_V as (V / energy_reference_V)^2; 0 = as written")
           .when([](const P& p) {
             return p.energy_model == AdcEnergyModel::Given ||
                    p.energy_model == AdcEnergyModel::Flash ||
                    p.energy_model == AdcEnergyModel::PerStep;
           }),
       choice_field(&P::area_model, "area_model", "given",
                    {{"given", AdcAreaModel::Given}, {"zigzag", AdcAreaModel::ZigZag}},
                    "given: area_um2; zigzag: 10^(1.206-0.0369·B)·2^B um2 (ZigZag-IMC)"),
       real_field(&P::area_um2, "area_um2", "um2", "0", 0, kInf,
                  "area of one ADC (area_model: given)")
           .when([](const P& p) { return p.area_model == AdcAreaModel::Given; }),
       real_field(&P::leakage_uW, "leakage_uW", "uW", "0", 0, kInf, "static power of one ADC"),
       real_field(
           &P::input_range_fraction, "input_range_fraction", "", "1.0", 1e-6, 1.0,
           "ADC full scale as a fraction of the largest possible column sum (above it: clipping)")},
      {}};
  return t;
}

const core::ParamTable<DacParams>& param_table(const DacParams&) {
  using P = DacParams;
  auto capacitive = [](const P& p) { return p.energy_model != P::EnergyModel::Given; };
  auto temporal = [](const P& p) { return p.energy_model == P::EnergyModel::Temporal; };
  auto given = [](const P& p) { return p.energy_model == P::EnergyModel::Given; };
  static const core::ParamTable<P> t{
      "dac",
      "chip.tile.pe.dac",
      "input DACs of an analog array, one per row (1 bit: bit-serial inputs)",
      {int_field(&P::bits, "bits", "bit", "1", 1, 8,
                 "input bits applied per step (1 = bit-serial)"),
       choice_field(&P::energy_model, "energy_model", "given",
                    {{"given", P::EnergyModel::Given},
                     {"capacitive", P::EnergyModel::Capacitive},
                     {"temporal", P::EnergyModel::Temporal}},
                    "given: energy_per_conversion_pJ; capacitive (R-2R / C-DAC): "
                    "load_capacitance_fF·bits·Vdd²; temporal (pulse count): "
                    "load_capacitance_fF·Vdd²·pulse_activity·(2^bits-1)"),
       real_field(&P::energy_per_conversion_pJ, "energy_per_conversion_pJ", "pJ", "0.01", 0, kInf,
                  "energy of driving one row for one input step (energy_model: given)")
           .when(given),
       real_field(&P::load_capacitance_fF, "load_capacitance_fF", "fF", "50", 0, kInf,
                  "switched capacitance per bit (capacitive) or per pulse (temporal)")
           .when(capacitive),
       real_field(&P::supply_V, "supply_V", "V", "1.0", 0, 5,
                  "supply voltage (capacitive, temporal); 0 = the PE's tech periphery supply")
           .when(capacitive),
       real_field(&P::pulse_activity, "pulse_activity", "", "0.5", 0, 1,
                  "mean pulses per conversion as a fraction of 2^bits-1 (temporal; 0.5 = "
                  "uniform data)")
           .when(temporal),
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

const core::ParamTable<IntegratorParams>& param_table(const IntegratorParams&) {
  using P = IntegratorParams;
  auto present = [](const P& p) { return p.present(); };
  static const core::ParamTable<P> t{
      "integrator",
      "chip.tile.pe.integrator",
      "column integrators of a neuron-style readout (analog PE, bit-serial inputs): bit k of a "
      "phase integrated 2^k times, one conversion per phase (NeuRRAM)",
      {int_field(&P::bits_per_phase, "bits_per_phase", "bit", "0", 0, 16,
                 "input bits one conversion covers (inputs of more bits: several phases, the "
                 "most significant first); 0 = no integrator, each input step converted"),
       real_field(&P::step_ns, "step_ns", "ns", "0", 0, kInf, "one integration step").when(present),
       real_field(&P::phase_ns, "phase_ns", "ns", "0", 0, kInf,
                  "per phase: reset, precharge and sampling set-up")
           .when(present),
       real_field(&P::energy_per_step_fJ, "energy_per_step_fJ", "fJ", "0", 0, kInf,
                  "one column's integration step")
           .when(present),
       real_field(&P::area_um2, "area_um2", "um2", "0", 0, kInf, "area of one integrator")
           .when(present)},
      {}};
  return t;
}

const core::ComponentSchema& adc_schema() { return param_table(AdcParams{}).schema(); }
const core::ComponentSchema& integrator_schema() {
  return param_table(IntegratorParams{}).schema();
}
const core::ComponentSchema& dac_schema() { return param_table(DacParams{}).schema(); }
const core::ComponentSchema& sample_hold_schema() {
  return param_table(SampleHoldParams{}).schema();
}

AdcParams read_adc_params(const core::ConfigSection& s, const tech::TechParams& t) {
  AdcParams p;
  p.path = s.path();
  p.tech = t;
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
    case AdcEnergyModel::PerStep:
      p.energy_source = core::source(p, &AdcParams::energy_per_step_pJ) + " x steps";
      break;
    case AdcEnergyModel::Survey:
      p.energy_source =
          "survey model: max(" + core::source(p, &AdcParams::walden_fom_fJ) + " x 2^bits, " +
          core::source(p, &AdcParams::schreier_fom_dB) + " bound)" +
          (t.has_node() ? " at " + tech::supply_source(t, tech::Domain::Periphery) : std::string());
      break;
  }
  if (p.energy_reference_V > 0) {
    if (!t.has_node() && t.periphery_V <= 0)
      s.fail("energy_reference_V",
             "expected chip.tile.pe.tech.node_nm or tech.periphery_V (the supply it scales to)");
    p.energy_source += " x (" + tech::supply_source(t, tech::Domain::Periphery) + " / " +
                       core::source(p, &AdcParams::energy_reference_V) + ")^2";
  }
  p.area_source = p.area_model == AdcAreaModel::ZigZag
                      ? "zigzag area model: 10^(1.206-0.0369 x " +
                            core::source(p, &AdcParams::bits) + ") x 2^bits um2"
                      : core::source(p, &AdcParams::area_um2);
  return p;
}

DacParams read_dac_params(const core::ConfigSection& s, const tech::TechParams& t) {
  DacParams p;
  p.path = s.path();
  param_table(p).read(s, p);
  // supply_V 0: the PE's periphery supply (as given, or the node's nominal one).
  std::string supply = core::source(p, &DacParams::supply_V);
  if (p.energy_model != DacParams::EnergyModel::Given && p.supply_V <= 0) {
    if (!t.has_node() && t.periphery_V <= 0)
      s.fail("supply_V",
             "expected a supply above 0, or chip.tile.pe.tech.node_nm or "
             "tech.periphery_V for supply_V: 0 (the periphery supply)");
    p.supply_V = tech::supply_V(t, tech::Domain::Periphery);
    supply = tech::supply_source(t, tech::Domain::Periphery);
  }
  switch (p.energy_model) {
    case DacParams::EnergyModel::Capacitive:
      p.energy_source =
          core::source(p, &DacParams::load_capacitance_fF) + " x bits x " + supply + "^2";
      break;
    case DacParams::EnergyModel::Temporal:
      p.energy_source = core::source(p, &DacParams::load_capacitance_fF) + " x " + supply +
                        "^2 x " + core::source(p, &DacParams::pulse_activity) +
                        " x (2^bits-1) pulses";
      break;
    case DacParams::EnergyModel::Given:
      p.energy_source = core::source(p, &DacParams::energy_per_conversion_pJ);
      break;
  }
  return p;
}

IntegratorParams read_integrator_params(const core::ConfigSection& s) {
  IntegratorParams p;
  p.path = s.path();
  param_table(p).read(s, p);
  return p;
}

SampleHoldParams read_sample_hold_params(const core::ConfigSection& s) {
  SampleHoldParams p;
  p.path = s.path();
  param_table(p).read(s, p);
  return p;
}

}  // namespace cimsim::adc
