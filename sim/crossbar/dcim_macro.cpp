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

// Σ popcount(a[i] & b[i]): the POPCNT instruction where the processor has it (checked once at
// run time, so the binary still runs on an x86-64 without it), else the portable builtin.
int64_t and_popcount_portable(const uint64_t* a, const uint64_t* b, int n) {
  int64_t s = 0;
  for (int i = 0; i < n; ++i) s += __builtin_popcountll(a[i] & b[i]);
  return s;
}
#if defined(__x86_64__)
__attribute__((target("popcnt"))) int64_t and_popcount_hw(const uint64_t* a, const uint64_t* b,
                                                          int n) {
  int64_t s = 0;
  for (int i = 0; i < n; ++i) s += __builtin_popcountll(a[i] & b[i]);
  return s;
}
int64_t and_popcount(const uint64_t* a, const uint64_t* b, int n) {
  static const bool hw = __builtin_cpu_supports("popcnt");
  return hw ? and_popcount_hw(a, b, n) : and_popcount_portable(a, b, n);
}
#else
int64_t and_popcount(const uint64_t* a, const uint64_t* b, int n) {
  return and_popcount_portable(a, b, n);
}
#endif

}  // namespace

DcimMacro::DcimMacro(const ArrayParams& p) : m_p(p) {
  if (p.type != ArrayType::Digital) throw std::logic_error("DcimMacro needs a digital array");
  if (p.cols % p.weight_bits != 0 || p.rows % p.digital.compartments != 0 ||
      (p.rows / p.digital.compartments) % p.digital.rows_active_per_compartment != 0)
    throw std::logic_error("DcimMacro: inconsistent geometry (checked by read_array_params)");
  m_words = (p.rows + 63) / 64;
  m_bitlines.assign(static_cast<size_t>(p.cols) * m_words, 0);
  m_plane.assign(static_cast<size_t>(p.input_bits) * m_words, 0);
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
  std::fill(m_bitlines.begin(), m_bitlines.end(), 0);
  const int wb = m_p.weight_bits;
  for (int r = 0; r < m_rows_used; ++r)
    for (int o = 0; o < m_outputs_used; ++o) {
      check_range(w(r, o), wb, m_p.signed_weights, "weight");
      // Two's complement bits of the weight: the bit pattern of the low wb bits.
      const uint64_t pattern = static_cast<uint64_t>(static_cast<int64_t>(w(r, o)));
      const int prow = physical_row(r);
      for (int j = 0; j < wb; ++j) {
        const uint64_t bit = (pattern >> j) & 1u;
        m_bitlines[static_cast<size_t>(o * wb + j) * m_words + prow / 64] |= bit << (prow % 64);
      }
    }
}

void DcimMacro::mvm(const Eigen::VectorXi& x, VectorI64& y) const {
  if (x.size() != m_rows_used)
    throw std::invalid_argument("DcimMacro::mvm: input length != rows loaded");
  const int in_bits = m_p.input_bits, wb = m_p.weight_bits;
  for (int r = 0; r < m_rows_used; ++r) check_range(x(r), in_bits, m_p.signed_inputs, "input");
  y.setZero(m_outputs_used);
  // Input bit-planes over the physical rows.
  std::fill(m_plane.begin(), m_plane.end(), 0);
  for (int r = 0; r < m_rows_used; ++r) {
    const uint64_t xin = static_cast<uint64_t>(static_cast<int64_t>(x(r)));
    const int prow = physical_row(r);
    for (int b = 0; b < in_bits; ++b)
      m_plane[static_cast<size_t>(b) * m_words + prow / 64] |= ((xin >> b) & 1u) << (prow % 64);
  }
  for (int b = 0; b < in_bits; ++b) {  // one cycle per input bit, LSB first
    const uint64_t* plane = &m_plane[static_cast<size_t>(b) * m_words];
    // Shift-accumulate: weight-bit columns by 2^j, input cycle by 2^b; MSBs negative if signed.
    const int64_t in_weight =
        (m_p.signed_inputs && b == in_bits - 1) ? -(int64_t{1} << b) : (int64_t{1} << b);
    for (int o = 0; o < m_outputs_used; ++o) {
      int64_t partial = 0;
      for (int j = 0; j < wb; ++j) {
        const uint64_t* line = &m_bitlines[static_cast<size_t>(o * wb + j) * m_words];
        const int64_t colsum = and_popcount(plane, line, m_words);  // adder tree, every group
        const int64_t w_weight =
            (m_p.signed_weights && j == wb - 1) ? -(int64_t{1} << j) : (int64_t{1} << j);
        partial += w_weight * colsum;
      }
      y(o) += in_weight * partial;
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
