#include "sim/crossbar/dcim_gates.h"

#include <algorithm>
#include <cmath>

namespace cimsim::crossbar {

namespace {
int ceil_log2(int64_t n) {
  int b = 0;
  while ((int64_t{1} << b) < n) ++b;
  return b;
}
}  // namespace

DcimGateFigures dcim_gate_figures(const ArrayParams& a, const DigitalMacroParams& d,
                                  const tech::TechParams& t) {
  DcimGateFigures g;
  const double node = t.node_nm;
  const double va = tech::supply_V(t, tech::Domain::Array);
  const double vd = tech::supply_V(t, tech::Domain::Digital);
  const int n = d.compartments * d.rows_active_per_compartment;
  g.adder_tree_full_adders = std::max(0, n - ceil_log2(int64_t{n} + 1));
  g.accumulator_bits = a.weight_bits + a.input_bits + ceil_log2(a.rows);
  const double fa_area = tech::full_adder_area_um2(node);
  const double ff_area = tech::flip_flop_area_um2(node);
  const double nand_area = tech::nand2_area_um2(node);
  const double e_fa_d = tech::full_adder_energy_fJ(node, vd);
  const double e_fa_a = tech::full_adder_energy_fJ(node, va);
  const double e_ff_d = e_fa_d * ff_area / fa_area;
  const int outputs = a.cols / a.weight_bits;

  // Areas first: the driver's word line runs over the cells' pitch.
  const double cell_um2 = d.bitcell_F2 > 0 ? d.bitcell_F2 * tech::f2_um2(node) : d.bitcell_area_um2;
  g.area_um2 = {cell_um2, g.adder_tree_full_adders * fa_area,
                g.accumulator_bits * (fa_area + ff_area), std::max(4.0, a.cols / 8.0) * nand_area,
                d.control_area_um2};
  const double pitch_um = std::sqrt(cell_um2);
  const double wl_fF = a.cols * pitch_um * tech::kWireCapFemtofaradPerUm;
  g.energy_fJ = {d.activity * e_fa_a * nand_area / fa_area,
                 d.activity * g.adder_tree_full_adders * e_fa_d,
                 d.activity * g.accumulator_bits * (e_fa_d + e_ff_d),
                 d.activity * tech::switching_energy_fJ(wl_fF, va),
                 static_cast<double>(outputs) * g.accumulator_bits * e_ff_d / 4.0};
  return g;
}

}  // namespace cimsim::crossbar
