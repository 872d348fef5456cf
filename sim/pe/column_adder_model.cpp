// ArrayModel of a column-adder SRAM array (sim/crossbar/column_adder_array.h; docs/arrays.md
// "Column-adder arrays"): no converters; the array's own shift-accumulators finish the outputs.
#include <string>
#include <vector>

#include "sim/crossbar/column_adder_array.h"
#include "sim/pe/array_model.h"

namespace cimsim::pe {

using core::EnergyCategory;
using crossbar::ColumnAdderParams;

namespace {

class ColumnAdderFunctional final : public FunctionalArray {
 public:
  explicit ColumnAdderFunctional(const PeParams& p) : m_a(p.array) {}
  void program(const Eigen::MatrixXi& w) override { m_a.program(w); }
  void mvm(const Eigen::VectorXi& x, VectorI64& y) override { m_a.mvm(x, y); }

 private:
  crossbar::ColumnAdderArray m_a;
};

class ColumnAdderModel final : public ArrayModel {
 public:
  explicit ColumnAdderModel(const PeParams& p)
      : m_p(p),
        m_width(crossbar::column_adder_columns_per_weight(p.array)),
        m_outputs(crossbar::column_adder_outputs(p.array)),
        m_interval(crossbar::column_adder_interval_cycles(p.array)),
        m_latency(crossbar::column_adder_latency_cycles(p.array)),
        m_f(crossbar::column_adder_figures(p.array)) {
    using core::source;
    const ColumnAdderParams& c = p.array.column_adder;
    const tech::TechParams& t = p.array.tech;
    const std::string at = " at " + t.path + ".node_nm (" + core::format_bound(t.node_nm) +
                           " nm), " + tech::supply_source(t, tech::Domain::Digital);
    using crossbar::kCaddCells, crossbar::kCaddWordlines, crossbar::kCaddRegisters,
        crossbar::kCaddShiftAcc;
    m_kinds = {
        {"cadd_cells", EnergyCategory::Compute, m_f.energy_fJ[kCaddCells] * 1e-3,
         "gate model: full adder + " + source(c, &ColumnAdderParams::cell_extra_nand2) + " NAND2" +
             at + ", x " + source(c, &ColumnAdderParams::cell_activity),
         false},
        {"cadd_wordlines", EnergyCategory::Compute, m_f.energy_fJ[kCaddWordlines] * 1e-3,
         "line model: cols x (cell pitch x 0.2 fF/um + one gate input + " +
             source(c, &ColumnAdderParams::line_load_fF) + ")" + at,
         false},
        {"cadd_registers", EnergyCategory::Buffer, m_f.energy_fJ[kCaddRegisters] * 1e-3,
         "gate model: flip-flop, clock + data" + at, false},
        {"cadd_shift_acc", EnergyCategory::Accumulation, m_f.energy_fJ[kCaddShiftAcc] * 1e-3,
         "gate model: shift-accumulator adder + flip-flops" + at, false},
    };
  }

  const char* name() const override { return "column-adder SRAM array"; }
  int columns_per_weight() const override { return m_width; }
  int outputs() const override { return m_outputs; }

  int64_t latency_cycles() const override { return m_latency; }
  int64_t interval_cycles() const override { return m_interval; }
  int64_t pe_latency_cycles() const override { return m_latency; }
  double critical_path_ns() const override {
    return crossbar::column_adder_critical_path_ns(m_p.array);
  }

  const std::vector<ArrayEventKind>& event_kinds() const override { return m_kinds; }
  // Per MVM: every row of a used weight's columns evaluates once per input bit (the partial sum
  // passes them all, used rows or not); half the used rows' word lines charge per bit (typical
  // data); every pipeline flip-flop clocks each cycle of the interval; each used weight's
  // shift-accumulator adds once per input bit.
  void add_array_events(int rows_used, int outputs_used, MvmEvents& e) const override {
    const auto& a = m_p.array;
    const double bits = a.input_bits;
    e.array[crossbar::kCaddCells] += static_cast<double>(a.rows) * m_width * outputs_used * bits;
    e.array[crossbar::kCaddWordlines] += 0.5 * rows_used * bits;
    e.array[crossbar::kCaddRegisters] +=
        static_cast<double>(a.column_adder.registers_per_column) * a.cols * m_interval;
    e.array[crossbar::kCaddShiftAcc] += static_cast<double>(outputs_used) * bits;
  }
  // A cell's logic switches with its product (input and weight bit both 1, p_in·p_w; 1/4 for
  // typical data); a word line charges when its input bit is 1 (p_in). Registers and
  // accumulators are charged as typical whatever the data.
  void scale_for_data(const DataStats& d, MvmEvents& e) const override {
    e.array[crossbar::kCaddCells] *= d.input_bit_density * d.weight_bit_density / 0.25;
    e.array[crossbar::kCaddWordlines] *= d.input_bit_density / 0.5;
  }

  double leakage_uW() const override { return m_p.array.leakage_uW; }
  std::string leakage_source() const override {
    return core::source(m_p.array, &crossbar::ArrayParams::leakage_uW);
  }
  std::vector<AreaItem> area_items() const override {
    const auto& a = m_p.array;
    const ColumnAdderParams& c = a.column_adder;
    using core::source;
    const std::string at = " standard cells at " + core::format_bound(a.tech.node_nm) + " nm";
    return {
        {"cadd_cells", static_cast<double>(a.rows) * a.cols, m_f.cell_um2,
         source(c, &ColumnAdderParams::sram_cell_F2) + " x F^2 + full adder + " +
             source(c, &ColumnAdderParams::cell_extra_nand2) + " NAND2," + at},
        {"cadd_wordline_drivers", static_cast<double>(a.rows), m_f.driver_um2,
         "gate model: max(4, cols/8) NAND2," + at},
        {"cadd_registers", static_cast<double>(c.registers_per_column) * a.cols, m_f.register_um2,
         "gate model: flip-flop," + at},
        {"cadd_shift_acc", static_cast<double>(m_outputs), m_f.shift_acc_um2,
         "gate model: acc_bits x (FA + FF)," + at},
        {"cadd_control", 1.0, c.control_area_um2, source(c, &ColumnAdderParams::control_area_um2)}};
  }

  std::unique_ptr<FunctionalArray> make_functional() const override {
    return std::make_unique<ColumnAdderFunctional>(m_p);
  }

 private:
  PeParams m_p;
  int m_width;
  int m_outputs;
  int64_t m_interval;
  int64_t m_latency;
  crossbar::ColumnAdderFigures m_f;
  std::vector<ArrayEventKind> m_kinds;
};

}  // namespace

std::unique_ptr<ArrayModel> make_column_adder_array(const PeParams& p) {
  return std::make_unique<ColumnAdderModel>(p);
}

}  // namespace cimsim::pe
