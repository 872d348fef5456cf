// ArrayModel of a digital SRAM CIM macro (sim/crossbar/dcim_macro.h): no converters; the macro's
// own shift-accumulators finish the outputs.
#include <vector>

#include "sim/crossbar/dcim_macro.h"
#include "sim/pe/array_model.h"

namespace cimsim::pe {

using core::EnergyCategory;

namespace {

// Index of each digital event in MvmEvents::array.
constexpr int kBitcellOps = 0, kAdderTreeOps = 1, kShiftAccOps = 2, kDriverOps = 3, kCycles = 4;

class DigitalFunctional final : public FunctionalArray {
 public:
  explicit DigitalFunctional(const PeParams& p) : m_macro(p.array) {}
  void program(const Eigen::MatrixXi& w) override { m_macro.load_weights(w); }
  void mvm(const Eigen::VectorXi& x, VectorI64& y) override { m_macro.mvm(x, y); }

 private:
  crossbar::DcimMacro m_macro;
};

class DigitalMacro final : public ArrayModel {
 public:
  explicit DigitalMacro(const PeParams& p)
      : m_p(p),
        m_outputs(p.array.cols / p.array.weight_bits),
        m_latency(crossbar::dcim_cycles_per_mvm(p.array, p.array.rows)) {
    using D = crossbar::DigitalMacroParams;
    const D& d = p.array.digital;
    using core::source;
    // The reader names each figure's source (a key or the gate model); a struct built in code
    // has the keys.
    auto src = [&d](int i, double D::*m) {
      return d.energy_source[i].empty() ? source(d, m) : d.energy_source[i];
    };
    m_kinds = {
        {"dcim_bitcells", EnergyCategory::Compute, d.bitcell_energy_fJ * 1e-3,
         src(0, &D::bitcell_energy_fJ), false},
        {"dcim_adder_trees", EnergyCategory::Accumulation, d.adder_tree_energy_fJ * 1e-3,
         src(1, &D::adder_tree_energy_fJ), false},
        {"dcim_shift_acc", EnergyCategory::Accumulation, d.shift_acc_energy_fJ * 1e-3,
         src(2, &D::shift_acc_energy_fJ), false},
        {"dcim_drivers", EnergyCategory::Compute, d.driver_energy_fJ * 1e-3,
         src(3, &D::driver_energy_fJ), false},
        {"dcim_control", EnergyCategory::Compute, d.control_energy_fJ * 1e-3,
         src(4, &D::control_energy_fJ), false},
    };
  }

  const char* name() const override { return "digital SRAM CIM macro"; }
  int columns_per_weight() const override { return m_p.array.weight_bits; }
  int outputs() const override { return m_outputs; }

  // Passes do not overlap (their overhead is counted per pass), and the macro's
  // shift-accumulators finish the outputs: latency = interval = PE latency.
  int64_t latency_cycles() const override { return m_latency; }
  int64_t interval_cycles() const override { return m_latency; }
  int64_t pe_latency_cycles() const override { return m_latency; }
  // Fewer rows used, fewer passes over the row groups (crossbar::dcim_cycles_per_mvm).
  bool timing_depends_on_rows() const override { return true; }
  int64_t cycles_for_rows(int rows_used) const override {
    return crossbar::dcim_cycles_per_mvm(m_p.array, rows_used);
  }

  const std::vector<ArrayEventKind>& event_kinds() const override { return m_kinds; }
  void add_array_events(int rows_used, int outputs_used, MvmEvents& e) const override {
    const crossbar::DcimEvents d = crossbar::dcim_events(m_p.array, rows_used, outputs_used);
    e.array[kBitcellOps] += d.bitcell_ops;
    e.array[kAdderTreeOps] += d.adder_tree_ops;
    e.array[kShiftAccOps] += d.shift_acc_ops;
    e.array[kDriverOps] += d.driver_ops;
    e.array[kCycles] += d.cycles;
  }

  // A cell's AND node and its column's adder-tree inputs switch when input bit and weight bit
  // are both 1 (p_in·p_w, 1/4 for typical data); a word line when its input bit is 1 (p_in).
  // Shift-accumulators and control run every cycle whatever the data.
  void scale_for_data(const DataStats& d, MvmEvents& e) const override {
    const double both = d.input_bit_density * d.weight_bit_density / 0.25;
    e.array[kBitcellOps] *= both;
    e.array[kAdderTreeOps] *= both;
    e.array[kDriverOps] *= d.input_bit_density / 0.5;
  }

  double leakage_uW() const override { return m_p.array.leakage_uW; }
  std::string leakage_source() const override {
    return core::source(m_p.array, &crossbar::ArrayParams::leakage_uW);
  }
  std::vector<AreaItem> area_items() const override {
    using D = crossbar::DigitalMacroParams;
    const auto& a = m_p.array;
    const D& d = a.digital;
    auto src = [&d](int i, double D::*m) {
      return d.area_source[i].empty() ? core::source(d, m) : d.area_source[i];
    };
    return {{"dcim_bitcells", static_cast<double>(a.rows) * a.cols, d.bitcell_area_um2,
             src(0, &D::bitcell_area_um2)},
            {"dcim_adder_trees", static_cast<double>(a.cols), d.adder_tree_area_um2,
             src(1, &D::adder_tree_area_um2)},
            {"dcim_shift_acc", static_cast<double>(m_outputs), d.shift_acc_area_um2,
             src(2, &D::shift_acc_area_um2)},
            {"dcim_drivers", static_cast<double>(a.rows), d.driver_area_um2,
             src(3, &D::driver_area_um2)},
            {"dcim_control", 1.0, d.control_area_um2, src(4, &D::control_area_um2)}};
  }

  std::unique_ptr<FunctionalArray> make_functional() const override {
    return std::make_unique<DigitalFunctional>(m_p);
  }

 private:
  PeParams m_p;
  int m_outputs;
  int64_t m_latency;
  std::vector<ArrayEventKind> m_kinds;
};

}  // namespace

std::unique_ptr<ArrayModel> make_digital_macro(const PeParams& p) {
  return std::make_unique<DigitalMacro>(p);
}

}  // namespace cimsim::pe
