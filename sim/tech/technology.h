#pragma once
// Technology and operating point of one PE (chip.tile.pe.tech): a CMOS node and one supply per
// voltage domain (array, periphery, digital), and the scaling laws the component models use to
// turn them into capacitance, dynamic energy, delay, leakage and area. Plain numbers, no YAML in
// the laws. Sources (docs/validation.md, "Technology"):
//   - dynamic energy E = C·V² per switched node (charge drawn from the supply; Rabaey,
//     Chandrakasan and Nikolic, "Digital Integrated Circuits", 2nd ed., §5.5);
//   - capacitance per device ∝ feature size (classical constant-field scaling, Dennard et al.,
//     JSSC 1974); area ∝ feature size²; the unit of logic energy is Horowitz's 45 nm full adder
//     (ISSCC 2014: 32-bit add 0.1 pJ at 0.9 V → 3.1 fJ per bit), scaled by C ∝ node and V²;
//   - gate delay by the alpha-power law, t ∝ C·V / (V − V_th)^α (Sakurai and Newton, JSSC 1990);
//   - subthreshold leakage power ∝ V · 10^(η·V / S) (drain-induced barrier lowering η with
//     subthreshold swing S; Roy, Mukhopadhyay and Mahmoodi-Meimand, Proc. IEEE 2003);
//   - nominal supply per node: the PTM/ITRS values Stillmaker and Baas tabulate (Integration
//     2017, Table 1).
// The classical laws overestimate the energy gain below ~22 nm (FinFET; Stillmaker and Baas
// show energy per op falling slower than the node): docs/validation.md names that limit.
#include <string>

#include "sim/core/config.h"
#include "sim/core/param_table.h"
#include "sim/core/params.h"

namespace cimsim::tech {

// What `tech` says. node_nm 0: no technology given (component models that need one fail at
// their key). A supply of 0 is the node's nominal supply (nominal_supply_V), named as such in
// every source string.
struct TechParams {
  double node_nm = 0;
  double array_V = 0;      // cells, word/bit lines, sense nodes
  double periphery_V = 0;  // ADCs, DACs, sample-and-hold
  double digital_V = 0;    // digital macro logic, shift-add, registers
  double vth_V = 0.35;     // threshold voltage of the alpha-power law
  double alpha = 1.3;      // velocity-saturation index of the alpha-power law
  // The PE clock_MHz holds at this digital supply; the clock follows the digital supply by the
  // alpha-power law. 0: the clock is as given whatever the supply.
  double clock_reference_V = 0;
  // The PE's written static powers (array, ADC, register and control leakage_uW) hold at this
  // supply; each then follows its domain's supply by leakage_scale. 0: as written.
  double leakage_reference_V = 0;
  std::string path = "chip.tile.pe.tech";

  bool has_node() const { return node_nm > 0; }
};

enum class Domain { Array, Periphery, Digital };

// Nominal supply of a node [V]: that of the nearest listed node at or above it (Stillmaker and
// Baas Table 1: 180 nm 1.8 V ... 32 nm 0.9 V, 22 nm 0.8 V ... 7 nm 0.7 V).
double nominal_supply_V(double node_nm);
// The supply of a domain [V]: as given, or the node's nominal supply.
double supply_V(const TechParams& t, Domain d);
// "chip.tile.pe.tech.array_V (0.8 V)" or "nominal 0.9 V at 28 nm": where a supply came from.
std::string supply_source(const TechParams& t, Domain d);

// Laws (pure functions).
inline double switching_energy_fJ(double C_fF, double V) { return C_fF * V * V; }  // fF·V² = fJ
// Energy of one full-adder bit evaluation at the node and supply [fJ] (Horowitz 45 nm, 0.9 V).
double full_adder_energy_fJ(double node_nm, double V);
// Standard-cell areas at the node [µm²], Nangate 45 nm Open Cell Library (FA_X1 4.256 µm²,
// DFF_X1 4.522 µm², NAND2_X1 0.798 µm²) scaled by node².
double full_adder_area_um2(double node_nm);
double flip_flop_area_um2(double node_nm);
double nand2_area_um2(double node_nm);
// Input capacitance of one minimum 2-input gate at the node [fF] (Nangate 45 nm NAND2_X1 input
// pin, 1.6 fF, ∝ node): the load a cell's logic puts on the line that drives it.
double gate_input_capacitance_fF(double node_nm);
// One F² [µm²].
inline double f2_um2(double node_nm) { return node_nm * node_nm * 1e-6; }
// Wire capacitance per µm of a minimum-pitch intermediate wire [fF/µm: the name spells the unit] (≈
// 0.2 fF/µm across nodes: ITRS interconnect tables; Rabaey §4.3).
inline constexpr double kWireCapFemtofaradPerUm = 0.2;
// Gate delay relative to the same gate at V_ref (alpha-power law), > 1 when V < V_ref.
double delay_scale(double V, double V_ref, double vth_V, double alpha);
// Leakage power relative to V_ref (DIBL: η = 0.1, S = 100 mV/decade).
double leakage_scale(double V, double V_ref);

// The PE clock [MHz] at the digital supply (clock_reference_V 0: clock_MHz unchanged).
double scaled_clock_MHz(const TechParams& t, double clock_MHz);

const core::ParamTable<TechParams>& param_table(const TechParams&);
const core::ComponentSchema& tech_schema();
TechParams read_tech_params(const core::ConfigSection& s);

}  // namespace cimsim::tech
