#include "sim/crossbar/dcim_macro.h"

#include <stdexcept>
#include <string>

namespace cimsim::crossbar {

namespace {
void check_range(int64_t v, int bits, bool is_signed, const char* what) {
  const int64_t lo = is_signed ? -(int64_t{1} << (bits - 1)) : 0;
  const int64_t hi = is_signed ? (int64_t{1} << (bits - 1)) - 1 : (int64_t{1} << bits) - 1;
  if (v < lo || v > hi)
    throw std::invalid_argument(std::string(what) + " " + std::to_string(v) + " outside [" +
                                std::to_string(lo) + ", " + std::to_string(hi) + "]");
}
}  // namespace

DcimMacro::DcimMacro(const ArrayParams& p) : m_p(p) {
  if (p.type != ArrayType::Digital) throw std::logic_error("DcimMacro needs a digital array");
  if (p.cols % p.weight_bits != 0 || p.rows % p.digital.compartments != 0 ||
      (p.rows / p.digital.compartments) % p.digital.rows_active_per_compartment != 0)
    throw std::logic_error("DcimMacro: inconsistent geometry (checked by read_array_params)");
  m_bits.assign(static_cast<size_t>(p.rows) * p.cols, 0);
}

int dcim_passes(const ArrayParams& p, int rows_used) {
  const int per_group = p.digital.compartments * p.digital.rows_active_per_compartment;
  return (rows_used + per_group - 1) / per_group;
}

int64_t dcim_cycles_per_mvm(const ArrayParams& p, int rows_used) {
  return static_cast<int64_t>(dcim_passes(p, rows_used)) *
         (p.input_bits + p.digital.overhead_cycles_per_pass);
}

DcimEvents dcim_events(const ArrayParams& p, int rows_used, int outputs_used) {
  DcimEvents e;
  const double in_bits = p.input_bits;
  const double n_pass = dcim_passes(p, rows_used);
  const double cols_used = static_cast<double>(outputs_used) * p.weight_bits;
  e.bitcell_ops = static_cast<double>(rows_used) * cols_used * in_bits;
  e.adder_tree_ops = cols_used * in_bits * n_pass;
  e.shift_acc_ops = static_cast<double>(outputs_used) * in_bits * n_pass;
  e.driver_ops = static_cast<double>(rows_used) * in_bits;
  e.cycles = static_cast<double>(dcim_cycles_per_mvm(p, rows_used));
  return e;
}

int DcimMacro::physical_row(int logical) const {
  const int comps = m_p.digital.compartments;
  const int per = m_p.rows / comps;
  return (logical % comps) * per + logical / comps;
}

void DcimMacro::load_weights(const Eigen::MatrixXi& w) {
  if (w.rows() > m_p.rows || w.cols() > outputs())
    throw std::invalid_argument("DcimMacro::load_weights: matrix larger than the macro");
  m_rows_used = static_cast<int>(w.rows());
  m_outputs_used = static_cast<int>(w.cols());
  std::fill(m_bits.begin(), m_bits.end(), 0);
  const int wb = m_p.weight_bits;
  for (int r = 0; r < m_rows_used; ++r)
    for (int o = 0; o < m_outputs_used; ++o) {
      check_range(w(r, o), wb, m_p.signed_weights, "weight");
      // Two's complement bits of the weight: the bit pattern of the low wb bits.
      const uint64_t pattern = static_cast<uint64_t>(static_cast<int64_t>(w(r, o)));
      for (int j = 0; j < wb; ++j)
        m_bits[static_cast<size_t>(physical_row(r)) * m_p.cols + static_cast<size_t>(o) * wb + j] =
            static_cast<uint8_t>((pattern >> j) & 1u);
    }
}

void DcimMacro::mvm(const Eigen::VectorXi& x, VectorI64& y) const {
  if (x.size() != m_rows_used)
    throw std::invalid_argument("DcimMacro::mvm: input length != rows loaded");
  const int in_bits = m_p.input_bits, wb = m_p.weight_bits, cols_used = m_outputs_used * wb;
  for (int r = 0; r < m_rows_used; ++r) check_range(x(r), in_bits, m_p.signed_inputs, "input");
  y.setZero(m_outputs_used);
  const int comps = m_p.digital.compartments;
  const int active = m_p.digital.rows_active_per_compartment;
  const int per = m_p.rows / comps;
  std::vector<int> colsum(static_cast<size_t>(cols_used));
  std::vector<int> row_of_logical_input(static_cast<size_t>(m_p.rows), -1);
  for (int r = 0; r < m_rows_used; ++r) row_of_logical_input[physical_row(r)] = r;
  for (int group = 0; group < per / active; ++group) {
    for (int b = 0; b < in_bits; ++b) {  // one cycle per input bit, LSB first
      std::fill(colsum.begin(), colsum.end(), 0);
      for (int c = 0; c < comps; ++c)
        for (int a = 0; a < active; ++a) {
          const int prow = c * per + group * active + a;
          const int logical = row_of_logical_input[prow];
          if (logical < 0) continue;
          const uint64_t xin = static_cast<uint64_t>(static_cast<int64_t>(x(logical)));
          if (((xin >> b) & 1u) == 0) continue;  // input bit 0: every AND gives 0
          const uint8_t* bits = &m_bits[static_cast<size_t>(prow) * m_p.cols];
          for (int col = 0; col < cols_used; ++col) colsum[col] += bits[col];  // adder tree
        }
      // Shift-accumulate: weight-bit columns by 2^j, input cycle by 2^b; MSBs negative if signed.
      const int64_t in_weight =
          (m_p.signed_inputs && b == in_bits - 1) ? -(int64_t{1} << b) : (int64_t{1} << b);
      for (int o = 0; o < m_outputs_used; ++o) {
        int64_t partial = 0;
        for (int j = 0; j < wb; ++j) {
          const int64_t w_weight =
              (m_p.signed_weights && j == wb - 1) ? -(int64_t{1} << j) : (int64_t{1} << j);
          partial += w_weight * colsum[o * wb + j];
        }
        y(o) += in_weight * partial;
      }
    }
  }
}

VectorI64 reference_mvm(const Eigen::MatrixXi& w, const Eigen::VectorXi& x) {
  VectorI64 y = VectorI64::Zero(w.cols());
  for (int o = 0; o < w.cols(); ++o)
    for (int r = 0; r < w.rows(); ++r) y(o) += static_cast<int64_t>(w(r, o)) * x(r);
  return y;
}

}  // namespace cimsim::crossbar
