#pragma once
// Gate-count model of a digital SRAM CIM macro (chip.tile.pe.array.digital, energy_model or
// area_model: gates): each per-event energy and per-instance area the config does not write is
// derived from what the macro is built of, at the PE's node and supplies (sim/tech):
//   N         = compartments × rows_active_per_compartment   inputs of one column's adder tree
//   FA_tree   = N − ceil(log2(N + 1))                         full adders of an N-input popcount
//               (a carry-save counter tree; Swartzlander, "Parallel counters", IEEE TC 1973)
//   acc_bits  = weight_bits + input_bits + ceil(log2(rows))   bits of one shift-accumulator
//   E_FA(V)   = tech::full_adder_energy_fJ(node, V)           Horowitz 45 nm, C ∝ node, V²
//   bitcell   = activity × E_FA(V_array) × A_NAND2 / A_FA     the in-cell AND ≈ one NAND2 (energy
//                                                             ∝ switched capacitance ∝ cell area)
//   adder tree= activity × FA_tree × E_FA(V_digital)          per column and cycle
//   shift-acc = activity × acc_bits × (E_FA + E_FF)(V_digital) per output and cycle (adder + flops)
//   driver    = activity × cols × pitch × 0.2 fF/µm × V_array² per active row and cycle (word line)
//   control   = outputs × acc_bits × E_FF / 4 (V_digital)     per cycle: the accumulators' clock
//                                                             pins (clock toggles whatever the
//                                                             data: no activity factor)
// with E_FF = E_FA × A_FF / A_FA and the pitch √(cell area). Areas: bitcell = bitcell_F2 × F²,
// adder tree FA_tree × A_FA, shift-acc acc_bits × (A_FA + A_FF), driver max(4, cols/8) × A_NAND2
// (a buffer chain sized to its line), control as written. Standard-cell areas: Nangate 45 nm
// Open Cell Library scaled by node² (sim/tech/technology.h).
#include <array>
#include <string>

#include "sim/crossbar/array_params.h"
#include "sim/tech/technology.h"

namespace cimsim::crossbar {

// The derived energies [fJ] and areas [µm²] in DcimEvent order (bitcell, adder tree, shift-acc,
// driver, control; the control area is not derived and stays as written).
struct DcimGateFigures {
  std::array<double, 5> energy_fJ{};
  std::array<double, 5> area_um2{};
  int adder_tree_full_adders = 0;
  int accumulator_bits = 0;
};
DcimGateFigures dcim_gate_figures(const ArrayParams& a, const DigitalMacroParams& d,
                                  const tech::TechParams& t);

}  // namespace cimsim::crossbar
