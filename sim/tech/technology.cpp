#include "sim/tech/technology.h"

#include <cmath>

#include <fmt/format.h>

namespace cimsim::tech {

using core::kInf;
using core::real_field;

double nominal_supply_V(double node_nm) {
  // Stillmaker and Baas (Integration 2017) Table 1: nominal VDD of the PTM/ITRS models.
  struct Row {
    double node, V;
  };
  static constexpr Row kRows[] = {{7, 0.7},  {10, 0.75}, {14, 0.8}, {22, 0.8},  {32, 0.9},
                                  {45, 1.0}, {65, 1.1},  {90, 1.2}, {130, 1.3}, {180, 1.8}};
  for (const Row& r : kRows)
    if (node_nm <= r.node * 1.001) return r.V;  // the nearest listed node at or above
  return 1.8;
}

double supply_V(const TechParams& t, Domain d) {
  const double v = d == Domain::Array       ? t.array_V
                   : d == Domain::Periphery ? t.periphery_V
                                            : t.digital_V;
  return v > 0 ? v : nominal_supply_V(t.node_nm);
}

std::string supply_source(const TechParams& t, Domain d) {
  const double v = d == Domain::Array       ? t.array_V
                   : d == Domain::Periphery ? t.periphery_V
                                            : t.digital_V;
  const char* key = d == Domain::Array       ? "array_V"
                    : d == Domain::Periphery ? "periphery_V"
                                             : "digital_V";
  if (v > 0) return fmt::format("{}.{} ({:g} V)", t.path, key, v);
  return fmt::format("{}.{} = nominal {:g} V at {:g} nm", t.path, key, nominal_supply_V(t.node_nm),
                     t.node_nm);
}

double full_adder_energy_fJ(double node_nm, double V) {
  // Horowitz (ISSCC 2014) 45 nm, 0.9 V: 32-bit add 0.1 pJ → 3.125 fJ per bit; C ∝ node, E ∝ V².
  return 3.125 * (node_nm / 45.0) * (V / 0.9) * (V / 0.9);
}

double full_adder_area_um2(double node_nm) { return 4.256 * (node_nm / 45.0) * (node_nm / 45.0); }
double flip_flop_area_um2(double node_nm) { return 4.522 * (node_nm / 45.0) * (node_nm / 45.0); }
double nand2_area_um2(double node_nm) { return 0.798 * (node_nm / 45.0) * (node_nm / 45.0); }
double gate_input_capacitance_fF(double node_nm) { return 1.6 * node_nm / 45.0; }

double delay_scale(double V, double V_ref, double vth_V, double alpha) {
  auto t = [&](double v) { return v / std::pow(v - vth_V, alpha); };
  return t(V) / t(V_ref);
}

double leakage_scale(double V, double V_ref) {
  // I_off ∝ 10^(η·V/S), η = 0.1 (DIBL), S = 0.1 V/decade → 10^(V − V_ref); P = V·I_off.
  return (V / V_ref) * std::pow(10.0, V - V_ref);
}

double scaled_clock_MHz(const TechParams& t, double clock_MHz) {
  if (!(t.clock_reference_V > 0)) return clock_MHz;
  return clock_MHz /
         delay_scale(supply_V(t, Domain::Digital), t.clock_reference_V, t.vth_V, t.alpha);
}

const core::ParamTable<TechParams>& param_table(const TechParams&) {
  using P = TechParams;
  static const core::ParamTable<P> t{
      "tech",
      "chip.tile.pe.tech",
      "technology node and supplies of the PE (used by component models: energy_model "
      "survey/gates/conductance, ...)",
      {real_field(&P::node_nm, "node_nm", "nm", "0", 0, 1000,
                  "CMOS node; 0 = none given (models that need one fail)"),
       real_field(&P::array_V, "array_V", "V", "0", 0, 5,
                  "supply of cells, word and bit lines; 0 = the node's nominal supply"),
       real_field(&P::periphery_V, "periphery_V", "V", "0", 0, 5,
                  "supply of ADCs, DACs, sample-and-hold; 0 = nominal"),
       real_field(&P::digital_V, "digital_V", "V", "0", 0, 5,
                  "supply of digital logic (macro, shift-add, registers); 0 = nominal"),
       real_field(&P::vth_V, "vth_V", "V", "0.35", 0, 2,
                  "threshold voltage of the alpha-power delay law"),
       real_field(&P::alpha, "alpha", "", "1.3", 1, 2,
                  "velocity-saturation index of the alpha-power delay law"),
       real_field(&P::clock_reference_V, "clock_reference_V", "V", "0", 0, 5,
                  "digital supply at which clock_MHz holds; the clock then follows digital_V "
                  "(alpha-power law); 0 = clock as given"),
       real_field(&P::leakage_reference_V, "leakage_reference_V", "V", "0", 0, 5,
                  "supply at which the PE's written leakage_uW figures hold; each then follows "
                  "its domain's supply as V x 10^(V - V_ref) (DIBL); 0 = as written")},
      {}};
  return t;
}

const core::ComponentSchema& tech_schema() { return param_table(TechParams{}).schema(); }

TechParams read_tech_params(const core::ConfigSection& s) {
  TechParams p;
  p.path = s.path();
  param_table(p).read(s, p);
  const double vd = supply_V(p, Domain::Digital);
  if (p.clock_reference_V > 0) {
    if (!p.has_node()) s.fail("clock_reference_V", "expected node_nm with clock_reference_V");
    if (vd <= p.vth_V || p.clock_reference_V <= p.vth_V)
      s.fail("clock_reference_V", fmt::format("expected supplies above vth_V ({:g} V)", p.vth_V));
  }
  if (p.leakage_reference_V > 0 && !p.has_node() &&
      (p.array_V <= 0 || p.periphery_V <= 0 || p.digital_V <= 0))
    s.fail("leakage_reference_V",
           "expected node_nm, or array_V, periphery_V and digital_V, with leakage_reference_V");
  return p;
}

}  // namespace cimsim::tech
