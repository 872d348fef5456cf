// The neuron readout of an analog crossbar (NeuRRAM-style), part of CrossbarArray
// (sim/crossbar/crossbar.h): column integrators that accumulate bit-serial inputs in phases,
// polarity-signed inputs, and a serial ADC whose lower phases keep the top phase's LSB. The
// conversion loop itself is CrossbarArray::mvm_batch's; this file sets up the plan and the
// quantizers and lays out each input vector's signed levels per conversion.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "sim/crossbar/crossbar.h"

namespace cimsim::crossbar {

namespace {
int64_t pow2_of(int k) { return int64_t{1} << k; }
}  // namespace

void CrossbarArray::setup_neuron(int dac_bits, const adc::AdcParams& adc,
                                 const adc::IntegratorParams& integrator) {
  if (m_a.flip_encoding)
    throw std::logic_error(
        "CrossbarArray: flip_encoding with a neuron readout (the reader refuses)");
  m_conv = analog_conversions(m_p, dac_bits, integrator, adc);
  // Polarity inputs give signed column sums: the neuron decides the sign, then the magnitude.
  m_bipolar = polarity_inputs(m_p);
  const int sign_bit = m_bipolar ? 1 : 0;
  const bool keeps_top_lsb = integrator.present() && adc.type == adc::AdcType::Serial;
  m_phase_quant.clear();
  for (size_t k = 0; k < m_conv.widths.size(); ++k) {
    const int magnitude_bits = std::max(0, m_conv.adc_bits[k] - sign_bit);
    if (k > 0 && keeps_top_lsb) {
      // A lower phase converts at the top phase's absolute LSB: in its own units (its sum is
      // worth 2^lsb_bit) that LSB is 2^(shift) times the top phase's.
      const int shift = m_conv.lsb_bit[0] - m_conv.lsb_bit[k];
      m_phase_quant.push_back(
          adc::AdcQuantizer::with_lsb(magnitude_bits, m_phase_quant[0].lsb() << shift));
      continue;
    }
    // The largest |sum| of this conversion: every row at its top level on a top-level cell.
    const double max_sum = static_cast<double>(m_p.rows) *
                           static_cast<double>(pow2_of(m_conv.widths[k]) - 1) * m_level_max_cell;
    m_phase_quant.push_back(
        magnitude_bits < 1 ? adc::AdcQuantizer::with_lsb(0, 1)
                           : adc::AdcQuantizer(magnitude_bits, max_sum, adc.input_range_fraction));
  }
  m_quant = m_phase_quant[0];  // ADC offsets are drawn in the top conversion's LSB
}

int64_t CrossbarArray::neuron_levels(const Eigen::Ref<const Eigen::VectorXi>& x, int64_t in_off) {
  const size_t plane = static_cast<size_t>(m_rows_used);
  const int in_bits = m_p.input_bits;
  const int64_t top = pow2_of(m_conv.applied_bits) - 1;  // the largest magnitude applied
  const size_t n = m_conv.widths.size();
  int64_t sum_applied = 0;
  for (int r = 0; r < m_rows_used; ++r) {
    const int64_t xr = x(r);
    int sign = 1;
    int64_t magnitude = 0;
    if (m_bipolar) {
      if (xr < -pow2_of(in_bits - 1) || xr >= pow2_of(in_bits - 1))
        throw std::invalid_argument("input " + std::to_string(xr) + " out of range");
      sign = xr < 0 ? -1 : 1;
      magnitude = std::min<int64_t>(std::abs(xr), top);  // sign-magnitude: -2^(B-1) saturates
    } else {
      magnitude = xr + in_off;
      if (magnitude < 0 || magnitude >= pow2_of(in_bits))
        throw std::invalid_argument("input " + std::to_string(xr) + " out of range");
    }
    sum_applied += sign * magnitude;
    for (size_t k = 0; k < n; ++k) {
      const int level =
          static_cast<int>((magnitude >> m_conv.lsb_bit[k]) & (pow2_of(m_conv.widths[k]) - 1));
      if (level == 0) continue;
      const size_t at = k * plane + static_cast<size_t>(m_step_driven[k]++);
      m_driven_row[at] = r;
      m_driven_level[at] = sign * level;
      m_step_levels[k] += static_cast<int64_t>(sign) * level;
    }
  }
  return sum_applied;
}

}  // namespace cimsim::crossbar
