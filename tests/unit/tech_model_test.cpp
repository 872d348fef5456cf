// Technology laws and the component library (issue 10): hand-derived values of each law and
// model, and the directions a designer sweeps (node, supply, ADC bits, input bits).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "sim/adc/converter_params.h"
#include "sim/core/cycles.h"
#include "sim/core/errors.h"
#include "sim/crossbar/dcim_gates.h"
#include "sim/pe/analog_crossbar.h"
#include "sim/pe/macro_report.h"
#include "sim/pe/pe_model.h"
#include "sim/tech/technology.h"
#include "tests/unit/pe_test_util.h"

using namespace cimsim;

TEST_CASE("whole cycles: within 1e-6 of a whole number is that number", "[tech][cycles]") {
  CHECK(core::whole_cycles(1.0) == 1);
  CHECK(core::whole_cycles(1.0 + 5e-7) == 1);  // 0.5 ppm over: one cycle, not two
  CHECK(core::whole_cycles(128.0 * (1 + 9e-7)) == 128);
  CHECK(core::whole_cycles(1.0 + 2e-6) == 2);  // beyond the tolerance: rounds up
  CHECK(core::whole_cycles(2.5) == 3);
  CHECK(core::whole_cycles(0.2) == 1);  // at least one cycle
  CHECK(core::whole_cycles(0.0, 0) == 0);
  // 3 ns at 333.333333 MHz (0.999999999 cycles) and 100 ns at 1280 MHz.
  CHECK(core::whole_cycles(3.0 * 333.333333 / 1000) == 1);
  CHECK(core::whole_cycles(100.0 * 1280 / 1000) == 128);
}

TEST_CASE("tech laws: C·V², full adder, nominal supply, alpha-power delay, leakage", "[tech]") {
  CHECK(tech::switching_energy_fJ(10, 0.8) == Approx(6.4));
  // Horowitz 45 nm, 0.9 V: 3.125 fJ per full-adder bit; at 28 nm, 0.8 V: × 28/45 × (0.8/0.9)².
  CHECK(tech::full_adder_energy_fJ(45, 0.9) == Approx(3.125));
  CHECK(tech::full_adder_energy_fJ(28, 0.8) == Approx(3.125 * 28 / 45 * 0.64 / 0.81));
  CHECK(tech::full_adder_area_um2(45) == Approx(4.256));
  CHECK(tech::full_adder_area_um2(22.5) == Approx(4.256 / 4));
  CHECK(tech::nominal_supply_V(45) == 1.0);
  CHECK(tech::nominal_supply_V(28) == 0.9);  // the listed node at or below: 32 nm's 0.9 V
  CHECK(tech::nominal_supply_V(130) == 1.3);
  CHECK(tech::nominal_supply_V(7) == 0.7);
  // Alpha-power law: t ∝ V/(V−Vt)^α; at V = V_ref 1; lower supply, slower.
  CHECK(tech::delay_scale(0.8, 0.8, 0.35, 1.3) == Approx(1.0));
  const double d = tech::delay_scale(0.6, 0.8, 0.35, 1.3);
  CHECK(d == Approx((0.6 / std::pow(0.25, 1.3)) / (0.8 / std::pow(0.45, 1.3))));
  CHECK(d > 1.5);
  CHECK(tech::leakage_scale(0.9, 0.9) == Approx(1.0));
  CHECK(tech::leakage_scale(1.0, 0.9) == Approx(1.0 / 0.9 * std::pow(10.0, 0.1)));
  tech::TechParams t;
  t.node_nm = 28;
  CHECK(tech::supply_V(t, tech::Domain::Array) == 0.9);
  CHECK(tech::supply_source(t, tech::Domain::Array) ==
        "chip.tile.pe.tech.array_V = nominal 0.9 V at 28 nm");
  t.digital_V = 0.7;
  t.clock_reference_V = 0.8;
  CHECK(tech::scaled_clock_MHz(t, 100) == Approx(100 / tech::delay_scale(0.7, 0.8, 0.35, 1.3)));
}

TEST_CASE("ADC survey model: Walden and Schreier envelope, supply scaling", "[tech][adc]") {
  adc::AdcParams p;
  p.energy_model = adc::AdcEnergyModel::Survey;
  p.walden_fom_fJ = 5;
  p.schreier_fom_dB = 180;
  p.bits = 8;
  // Walden bound 5 fJ × 256 = 1.28 pJ; Schreier 1/(2·10^((180 − 49.92)/10)) J = 0.049 pJ.
  CHECK(adc::adc_energy_per_conversion_pJ(p) == Approx(1.28));
  p.bits = 14;  // Schreier: 1/(2·10^((180 − 86.04)/10)) = 0.2017 nJ... dominates 5 fJ × 16384
  CHECK(adc::adc_energy_per_conversion_pJ(p) ==
        Approx(1e12 / (2 * std::pow(10.0, (180 - (6.02 * 14 + 1.76)) / 10))));
  CHECK(adc::adc_energy_per_conversion_pJ(p) > 5e-3 * 16384);
  // Each bit doubles the energy on the Walden side.
  p.bits = 6;
  const double e6 = adc::adc_energy_per_conversion_pJ(p);
  p.bits = 7;
  CHECK(adc::adc_energy_per_conversion_pJ(p) == Approx(2 * e6));
  // At a node, a periphery supply below nominal scales by (V/V_nominal)².
  p.tech.node_nm = 32;
  p.tech.periphery_V = 0.45;
  CHECK(adc::adc_energy_per_conversion_pJ(p) == Approx(2 * e6 * 0.25));
  // ZigZag area fit, and ramp conversion time 2^B steps.
  p.area_model = adc::AdcAreaModel::ZigZag;
  p.bits = 8;
  CHECK(adc::adc_area_um2(p) == Approx(std::pow(10.0, 1.206 - 0.0369 * 8) * 256));
  p.type = adc::AdcType::Ramp;
  p.sample_rate_MHz = 500;  // ramp steps per µs
  CHECK(adc::adc_conversion_cycles(p, 1000) == 2 * 256);
  p.energy_model = adc::AdcEnergyModel::Flash;
  p.comparator_energy_fJ = 2;
  CHECK(adc::adc_energy_per_conversion_pJ(p) == Approx(256 * 2e-3));  // 2^B comparator steps
}

TEST_CASE("DAC models: capacitive C·bits·V², temporal pulses", "[tech][dac]") {
  adc::DacParams d;
  d.load_capacitance_fF = 20;
  d.supply_V = 1.0;
  d.bits = 4;
  d.energy_model = adc::DacParams::EnergyModel::Capacitive;
  CHECK(adc::dac_energy_per_conversion_pJ(d) == Approx(0.080));  // 20 fF × 4 × 1 V²
  d.energy_model = adc::DacParams::EnergyModel::Temporal;
  d.pulse_activity = 0.5;  // 7.5 pulses of 20 fJ on average
  CHECK(adc::dac_energy_per_conversion_pJ(d) == Approx(0.150));
  d.pulse_activity = 1.0;
  CHECK(adc::dac_energy_per_conversion_pJ(d) == Approx(0.300));
}

TEST_CASE("digital gate model: hand-derived counts and energies at 28 nm, 0.8 V", "[tech][dcim]") {
  crossbar::ArrayParams a;
  a.type = crossbar::ArrayType::Digital;
  a.rows = 512;
  a.cols = 64;
  a.weight_bits = 8;
  a.input_bits = 8;
  crossbar::DigitalMacroParams d;
  d.compartments = 32;
  d.rows_active_per_compartment = 1;
  d.activity = 0.5;
  d.bitcell_F2 = 800;
  tech::TechParams t;
  t.node_nm = 28;
  t.array_V = 0.8;
  t.digital_V = 0.8;
  const crossbar::DcimGateFigures g = crossbar::dcim_gate_figures(a, d, t);
  CHECK(g.adder_tree_full_adders == 32 - 6);  // 32-input popcount: 6 output bits
  CHECK(g.accumulator_bits == 8 + 8 + 9);
  const double fa = tech::full_adder_energy_fJ(28, 0.8);
  const double ff = fa * 4.522 / 4.256;
  CHECK(g.energy_fJ[0] == Approx(0.5 * fa * 0.798 / 4.256));
  CHECK(g.energy_fJ[1] == Approx(0.5 * 26 * fa));
  CHECK(g.energy_fJ[2] == Approx(0.5 * 25 * (fa + ff)));
  const double cell_um2 = 800 * 28e-3 * 28e-3;
  CHECK(g.area_um2[0] == Approx(cell_um2));
  CHECK(g.energy_fJ[3] == Approx(0.5 * 64 * std::sqrt(cell_um2) * 0.2 * 0.64));
  CHECK(g.energy_fJ[4] == Approx(8 * 25 * ff / 4));
  CHECK(g.area_um2[1] == Approx(26 * tech::full_adder_area_um2(28)));
}

namespace {

// The bundled ISSCC'22 macro written from its architecture (configs/validation/).
pe::MacroReport validation_macro(const std::string& file,
                                 const std::vector<std::string>& sets = {}) {
  return pe::evaluate_macro(cimsim::test::pe_params_from_config("validation/" + file, sets));
}

}  // namespace

TEST_CASE("sweep directions: node, supply, ADC bits, input bits", "[tech][sweep]") {
  const std::string dig = "isscc22_11_7.yaml";
  const pe::MacroReport base = validation_macro(dig);
  // A smaller node: less energy per op and less area.
  const pe::MacroReport n22 = validation_macro(dig, {"chip.tile.pe.tech.node_nm=22"});
  CHECK(n22.array.TOPS_per_W > base.array.TOPS_per_W);
  CHECK(n22.array.area_mm2 < base.array.area_mm2);
  // A lower supply: more TOPS/W (C·V²), slower clock (alpha-power law), same area.
  const pe::MacroReport v6 =
      validation_macro(dig, {"chip.tile.pe.tech.digital_V=0.6", "chip.tile.pe.tech.array_V=0.6"});
  CHECK(v6.array.TOPS_per_W > base.array.TOPS_per_W);
  CHECK(v6.array.peak_GOPS < base.array.peak_GOPS);
  CHECK(v6.array.area_mm2 == Approx(base.array.area_mm2));
  // Fewer input bits: fewer cycles per pass, more GOPS and TOPS/W.
  const pe::MacroReport i4 = validation_macro(dig, {"chip.tile.pe.array.input_bits=4"});
  CHECK(i4.array.peak_GOPS > base.array.peak_GOPS);
  CHECK(i4.array.TOPS_per_W > base.array.TOPS_per_W);

  // ADC bits on the analog validation config: more bits, more ADC energy and area.
  const std::string ana = "isaac_ima.yaml";
  const pe::MacroReport a8 = validation_macro(ana);
  const pe::MacroReport a6 = validation_macro(ana, {"chip.tile.pe.adc.bits=6"});
  CHECK(a6.array.TOPS_per_W > a8.array.TOPS_per_W);
  CHECK(a6.array.area_mm2 < a8.array.area_mm2);
  // Analog input bits: fewer steps, faster, less energy per op.
  const pe::MacroReport ai8 = validation_macro(ana, {"chip.tile.pe.array.input_bits=8"});
  CHECK(ai8.array.peak_GOPS == Approx(2 * a8.array.peak_GOPS));
  CHECK(ai8.array.TOPS_per_W == Approx(2 * a8.array.TOPS_per_W).epsilon(0.01));
  // A lower periphery supply lowers the survey ADC's energy.
  const pe::MacroReport av = validation_macro(ana, {"chip.tile.pe.tech.periphery_V=0.7"});
  CHECK(av.array.TOPS_per_W > a8.array.TOPS_per_W);
}

TEST_CASE("validation: ISSCC'22 11.7 from its architecture figures", "[tech][validation]") {
  // docs/validation.md: paper 27.38 TOPS/W (10 %), 16.00 GOPS (5 %), 0.030 mm² (15 %).
  const pe::MacroReport r = validation_macro("isscc22_11_7.yaml");
  CHECK(std::abs(cimsim::test::rel_err(r.array.TOPS_per_W, 27.38)) < 0.10);
  CHECK(std::abs(cimsim::test::rel_err(r.array.peak_GOPS, 16.00)) < 0.05);
  CHECK(std::abs(cimsim::test::rel_err(r.array.area_mm2, 0.030)) < 0.15);
  // The published data range lies between the all-ones and all-zeros bounds.
  const pe::PeParams p = cimsim::test::pe_params_from_config("validation/isscc22_11_7.yaml");
  const pe::MacroReport worst = pe::evaluate_macro(p, {1.0, 1.0}, "worst");
  const pe::MacroReport best = pe::evaluate_macro(p, {0.0, 0.0}, "best");
  CHECK(worst.array.TOPS_per_W < 19.21);
  CHECK(best.array.TOPS_per_W > 35.55);
}

TEST_CASE("leakage written at tech.leakage_reference_V follows each domain's supply",
          "[tech][leakage]") {
  // Colonnade's config (65 nm) with 100 uW of array leakage written at 0.8 V, the array at
  // 0.7 V: 100 x (0.7 / 0.8) x 10^(0.7 - 0.8) uW (DIBL law, sim/tech/technology.h).
  const std::vector<std::string> sets = {
      "chip.tile.pe.array.leakage_uW=100", "chip.tile.pe.control_leakage_uW=10",
      "chip.tile.pe.tech.leakage_reference_V=0.8", "chip.tile.pe.tech.array_V=0.7"};
  const pe::PeParams p = test::pe_params_from_config("validation/kim_jssc21_colonnade.yaml", sets);
  CHECK(p.array.leakage_uW == Approx(100 * 0.875 * std::pow(10.0, -0.1)));
  CHECK(p.control_leakage_uW == Approx(10));  // the digital supply stays at 0.8 V
  // Without a reference the figures stay as written.
  const pe::PeParams as_written = test::pe_params_from_config(
      "validation/kim_jssc21_colonnade.yaml",
      {"chip.tile.pe.array.leakage_uW=100", "chip.tile.pe.tech.array_V=0.7"});
  CHECK(as_written.array.leakage_uW == 100);
  // Lower supply, less leakage, in the PE's leakage and the macro report's source.
  const pe::MacroReport r = pe::evaluate_macro(p);
  CHECK(r.pe.leakage_mW == Approx((p.array.leakage_uW + 10) * 1e-3));
  bool named = false;
  for (const pe::BreakdownRow& e : r.pe.energy)
    if (e.component == "leakage") named = e.source.find("leakage_reference_V") != std::string::npos;
  CHECK(named);
  // A reference needs the supplies it scales to: a node (nominal supplies) or all three.
  std::string err;
  try {
    (void)test::pe_params_from_config("validation/kim_jssc21_colonnade.yaml",
                                      {core::unset_override("chip.tile.pe.tech.node_nm"),
                                       core::unset_override("chip.tile.pe.tech.clock_reference_V"),
                                       core::unset_override("chip.tile.pe.tech.digital_V"),
                                       "chip.tile.pe.tech.leakage_reference_V=0.8"});
  } catch (const core::InputError& e) {
    err = e.what();
  }
  CHECK_THAT(err, Catch::Contains("chip.tile.pe.tech.leakage_reference_V: expected node_nm, or "
                                  "array_V, periphery_V and digital_V"));
}
