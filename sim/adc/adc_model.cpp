#include "sim/adc/adc_model.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cimsim::adc {

AdcQuantizer::AdcQuantizer(int bits, double max_column_sum, double input_range_fraction) {
  if (bits < 1 || bits > 30) throw std::logic_error("AdcQuantizer: bits out of range");
  m_max_code = (int64_t{1} << bits) - 1;
  const double full_scale = std::max(1.0, input_range_fraction * max_column_sum);
  m_lsb = 1;
  while (static_cast<double>(m_lsb) * static_cast<double>(m_max_code) < full_scale) m_lsb *= 2;
  m_clip_free = static_cast<double>(m_lsb) * static_cast<double>(m_max_code) >= max_column_sum;
  m_inv_lsb = 1.0 / static_cast<double>(m_lsb);
}

AdcQuantizer AdcQuantizer::with_lsb(int bits, int64_t lsb) {
  if (bits < 0 || bits > 30 || lsb < 1) throw std::logic_error("AdcQuantizer: bad bits or lsb");
  AdcQuantizer q;
  q.m_max_code = (int64_t{1} << bits) - 1;
  q.m_lsb = lsb;
  q.m_inv_lsb = 1.0 / static_cast<double>(lsb);
  q.m_clip_free = false;
  return q;
}

void schedule_conversions(const int64_t* ready, int n_cols, int cols_per_adc, int conv_cycles,
                          int64_t* adc_free, int64_t* start, int64_t* done) {
  for (int c = 0; c < n_cols; ++c) {
    int64_t& free_at = adc_free[c / cols_per_adc];
    const int64_t s = std::max(ready[c], free_at);
    if (start) start[c] = s;
    done[c] = s + conv_cycles;
    free_at = done[c];
  }
}

}  // namespace cimsim::adc
