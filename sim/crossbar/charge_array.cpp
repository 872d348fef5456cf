#include "sim/crossbar/charge_array.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace cimsim::crossbar {

ChargeArray::ChargeArray(const ArrayParams& p, int dac_bits, const adc::AdcParams& adc)
    : m_p(p),
      m_dac_bits(dac_bits),
      m_steps((p.input_bits + dac_bits - 1) / dac_bits),
      m_binary_caps(p.charge.per_weight()),
      m_quant(adc.bits,
              static_cast<double>(p.rows) * static_cast<double>(pow2(dac_bits) - 1) *
                  static_cast<double>(m_binary_caps ? pow2(p.weight_bits) - 1 : 1),
              adc.input_range_fraction) {
  if (p.type != ArrayType::Charge) throw std::logic_error("ChargeArray needs a charge array");
  if (p.cols % p.weight_bits != 0)
    throw std::logic_error("ChargeArray: cols must be a multiple of weight_bits");
}

void ChargeArray::program(const Eigen::MatrixXi& w) {
  if (w.rows() > m_p.rows || w.cols() > outputs())
    throw std::invalid_argument("ChargeArray::program: matrix larger than the array");
  m_rows_used = static_cast<int>(w.rows());
  m_outputs_used = static_cast<int>(w.cols());
  const int B = m_p.weight_bits;
  const auto [lo, hi] = value_range(B, m_p.signed_weights);
  const int64_t off = m_p.signed_weights ? pow2(B - 1) : 0;
  m_u.resize(m_rows_used, m_outputs_used);
  m_u_sums = VectorI64::Zero(m_outputs_used);
  for (int r = 0; r < m_rows_used; ++r)
    for (int o = 0; o < m_outputs_used; ++o) {
      const int64_t v = w(r, o);
      if (v < lo || v > hi)
        throw std::invalid_argument("weight " + std::to_string(v) + " outside [" +
                                    std::to_string(lo) + ", " + std::to_string(hi) + "]");
      m_u(r, o) = static_cast<int>(v + off);
      m_u_sums(o) += v + off;
    }
  m_level.assign(static_cast<size_t>(m_rows_used), 0);
}

void ChargeArray::mvm(const Eigen::VectorXi& x, VectorI64& y) {
  if (x.size() != m_rows_used)
    throw std::invalid_argument("ChargeArray::mvm: input size differs from the rows programmed");
  const int I = m_p.input_bits, B = m_p.weight_bits, d = m_dac_bits;
  const auto [in_lo, in_hi] = value_range(I, m_p.signed_inputs);
  const int64_t in_off = m_p.signed_inputs ? pow2(I - 1) : 0;
  const int64_t w_off = m_p.signed_weights ? pow2(B - 1) : 0;
  y = VectorI64::Zero(m_outputs_used);
  int64_t sum_xu = 0;  // Σ of the applied (unsigned) inputs
  for (int r = 0; r < m_rows_used; ++r) {
    const int64_t v = x(r);
    if (v < in_lo || v > in_hi)
      throw std::invalid_argument("input " + std::to_string(v) + " outside [" +
                                  std::to_string(in_lo) + ", " + std::to_string(in_hi) + "]");
    sum_xu += v + in_off;
  }
  const int64_t mask = pow2(d) - 1;
  for (int t = 0; t < m_steps; ++t) {
    for (int r = 0; r < m_rows_used; ++r)
      m_level[static_cast<size_t>(r)] = static_cast<int>(((x(r) + in_off) >> (t * d)) & mask);
    for (int o = 0; o < m_outputs_used; ++o) {
      if (m_binary_caps) {
        int64_t line = 0;
        for (int r = 0; r < m_rows_used; ++r)
          line += static_cast<int64_t>(m_level[static_cast<size_t>(r)]) * m_u(r, o);
        y(o) += m_quant.convert(static_cast<double>(line)) << (t * d);
      } else {
        for (int k = 0; k < B; ++k) {
          int64_t line = 0;
          for (int r = 0; r < m_rows_used; ++r)
            line += static_cast<int64_t>(m_level[static_cast<size_t>(r)]) * ((m_u(r, o) >> k) & 1);
          y(o) += m_quant.convert(static_cast<double>(line)) << (t * d + k);
        }
      }
    }
  }
  // Σ x·w = Σ x_u·u − w_off·Σ x_u − in_off·Σ u + in_off·w_off·rows.
  for (int o = 0; o < m_outputs_used; ++o)
    y(o) += -w_off * sum_xu - in_off * m_u_sums(o) + in_off * w_off * m_rows_used;
}

}  // namespace cimsim::crossbar
