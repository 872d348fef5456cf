#include "sim/crossbar/column_adder_array.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/tech/technology.h"

namespace cimsim::crossbar {

int column_adder_guard_columns(const ArrayParams& p) {
  int b = 0;
  while (pow2(b) < p.rows) ++b;
  return b;
}

int column_adder_columns_per_weight(const ArrayParams& p) {
  return p.weight_bits + column_adder_guard_columns(p);
}

int column_adder_outputs(const ArrayParams& p) {
  return p.cols / column_adder_columns_per_weight(p);
}

int column_adder_accumulator_bits(const ArrayParams& p) {
  return column_adder_columns_per_weight(p) + p.input_bits;
}

int column_adder_critical_adders(const ArrayParams& p) {
  return column_adder_columns_per_weight(p) + p.rows / p.column_adder.registers_per_column + 2;
}

double column_adder_critical_path_ns(const ArrayParams& p) {
  const tech::TechParams& t = p.tech;
  const double scale = t.clock_reference_V > 0
                           ? tech::delay_scale(tech::supply_V(t, tech::Domain::Digital),
                                               t.clock_reference_V, t.vth_V, t.alpha)
                           : 1.0;
  return column_adder_critical_adders(p) * p.column_adder.full_adder_delay_ps * scale * 1e-3;
}

int64_t column_adder_interval_cycles(const ArrayParams& p) {
  const ColumnAdderParams& c = p.column_adder;
  return c.bit_pipelined ? p.input_bits
                         : static_cast<int64_t>(p.input_bits) * c.registers_per_column;
}

int64_t column_adder_latency_cycles(const ArrayParams& p) {
  const ColumnAdderParams& c = p.column_adder;
  return c.bit_pipelined ? p.input_bits + c.registers_per_column - 1
                         : column_adder_interval_cycles(p);
}

ColumnAdderFigures column_adder_figures(const ArrayParams& p) {
  const ColumnAdderParams& c = p.column_adder;
  const double node = p.tech.node_nm;
  const double v = tech::supply_V(p.tech, tech::Domain::Digital);
  const double a_fa = tech::full_adder_area_um2(node);
  const double a_ff = tech::flip_flop_area_um2(node);
  const double a_nand = tech::nand2_area_um2(node);
  const double e_fa = tech::full_adder_energy_fJ(node, v);
  const double e_nand = e_fa * a_nand / a_fa;
  const double e_ff = e_fa * a_ff / a_fa;
  const int acc = column_adder_accumulator_bits(p);
  ColumnAdderFigures f;
  f.cell_um2 = c.sram_cell_F2 * tech::f2_um2(node) + a_fa + c.cell_extra_nand2 * a_nand;
  f.wordline_fF = p.cols * (std::sqrt(f.cell_um2) * tech::kWireCapFemtofaradPerUm +
                            tech::gate_input_capacitance_fF(node) + c.line_load_fF);
  f.energy_fJ[kCaddCells] = c.cell_activity * (e_fa + c.cell_extra_nand2 * e_nand);
  f.energy_fJ[kCaddWordlines] = tech::switching_energy_fJ(f.wordline_fF, v);
  f.energy_fJ[kCaddRegisters] = e_ff / 2;
  f.energy_fJ[kCaddShiftAcc] = 0.5 * acc * (e_fa + e_ff);
  f.driver_um2 = std::max(4.0, p.cols / 8.0) * a_nand;
  f.register_um2 = a_ff;
  f.shift_acc_um2 = acc * (a_fa + a_ff);
  return f;
}

ColumnAdderArray::ColumnAdderArray(const ArrayParams& p)
    : m_p(p), m_width(column_adder_columns_per_weight(p)), m_outputs(column_adder_outputs(p)) {
  if (p.type != ArrayType::ColumnAdder)
    throw std::logic_error("ColumnAdderArray needs a column-adder array");
}

void ColumnAdderArray::program(const Eigen::MatrixXi& w) {
  if (w.rows() > m_p.rows || w.cols() > m_outputs)
    throw std::invalid_argument("ColumnAdderArray::program: matrix larger than the array");
  const IntRange r = value_range(m_p.weight_bits, m_p.signed_weights);
  if (w.size() > 0 && (w.minCoeff() < r.lo || w.maxCoeff() > r.hi))
    throw std::invalid_argument("ColumnAdderArray::program: weight out of the " +
                                std::to_string(m_p.weight_bits) + "-bit range");
  m_w = w;
}

void ColumnAdderArray::mvm(const Eigen::VectorXi& x,
                           Eigen::Matrix<int64_t, Eigen::Dynamic, 1>& y) const {
  if (x.size() != m_w.rows())
    throw std::invalid_argument("ColumnAdderArray::mvm: input length != rows programmed");
  const IntRange r = value_range(m_p.input_bits, m_p.signed_inputs);
  if (x.size() > 0 && (x.minCoeff() < r.lo || x.maxCoeff() > r.hi))
    throw std::invalid_argument("ColumnAdderArray::mvm: input out of the " +
                                std::to_string(m_p.input_bits) + "-bit range");
  const uint64_t mask = (uint64_t{1} << m_width) - 1;
  const uint64_t sign = uint64_t{1} << (m_width - 1);
  const int nb = m_p.input_bits;
  y.setZero(m_w.cols());
  for (Eigen::Index o = 0; o < m_w.cols(); ++o) {
    int64_t acc = 0;
    for (int b = 0; b < nb; ++b) {
      // The column's W-bit ripple: each row adds (input bit AND weight) to the sum from above.
      uint64_t sum = 0;
      for (Eigen::Index row = 0; row < m_w.rows(); ++row)
        if ((static_cast<uint64_t>(static_cast<uint32_t>(x(row))) >> b) & 1U)
          sum = (sum + static_cast<uint64_t>(static_cast<int64_t>(m_w(row, o)))) & mask;
      // The shift-accumulator reads the W bits as two's complement (signed weights) or plain.
      const int64_t plane = m_p.signed_weights && (sum & sign)
                                ? static_cast<int64_t>(sum) - static_cast<int64_t>(mask) - 1
                                : static_cast<int64_t>(sum);
      const int64_t place = (m_p.signed_inputs && b == nb - 1) ? -pow2(b) : pow2(b);
      acc += plane * place;
    }
    y(o) = acc;
  }
}

}  // namespace cimsim::crossbar
