#pragma once
// ADC behaviour: quantization of a column sum, and when each conversion completes when several
// columns share one ADC through a mux.
#include <cmath>
#include <cstdint>

#include "sim/adc/converter_params.h"

namespace cimsim::adc {

// Uniform quantizer working in "unit products": the column sum expressed as the integer it
// would be with ideal devices (Σ dac_level × cell_level). The LSB is a power of two so the
// digital shift-and-add stays an integer shift: lsb = smallest 2^k with lsb·(2^B − 1) ≥ full
// scale, where full scale = input_range_fraction × the largest possible column sum. With enough
// bits lsb = 1 and conversion is exact; otherwise each conversion rounds to the nearest multiple
// of lsb (error in [−lsb/2, lsb/2), mean +1/2 and variance (lsb²−1)/12 for integer inputs whose
// remainders are uniform) and clips above (2^B − 1)·lsb.
class AdcQuantizer {
 public:
  AdcQuantizer(int bits, double max_column_sum, double input_range_fraction);
  // A quantizer of `bits` bits (0: every value converts to 0) with a given power-of-two LSB: a
  // lower phase of a variable-precision ADC keeps the top phase's absolute LSB.
  static AdcQuantizer with_lsb(int bits, int64_t lsb);

  // Digital value (code × lsb) of an analog column sum `x` [unit products].
  int64_t convert(double x) const {
    // The 1e-9 LSB comparator offset makes exact ties (integer sums at k+1/2 LSB) round up
    // consistently instead of by the sign of a floating-point residue. Below zero (and NaN) the
    // code is 0; from zero up, floor is the truncating cast (no libm call without SSE4.1).
    const double code = x * m_inv_lsb + 0.5 + 1e-9;  // lsb = 2^k: exact as a division
    if (!(code >= 1.0)) return 0;
    if (code >= static_cast<double>(m_max_code)) return m_max_code * m_lsb;
    return static_cast<int64_t>(code) * m_lsb;
  }
  int64_t lsb() const { return m_lsb; }
  int64_t max_code() const { return m_max_code; }
  bool exact_for_integers() const { return m_lsb == 1 && m_clip_free; }

 private:
  AdcQuantizer() = default;
  int64_t m_lsb = 1;
  double m_inv_lsb = 1;
  int64_t m_max_code = 1;
  bool m_clip_free = true;
};

// Conversion schedule of one input step. Column c is wired to ADC c / cols_per_adc, and each ADC
// walks its mux in column order (a fixed hardware sequence): a conversion starts at
// max(ready[c], completion of the ADC's previous conversion) and completes conv_cycles later.
//   ready[c]    first cycle at which column c's sample is valid (its column has settled)
//   adc_free[a] in: first cycle ADC a is free; out: cycle its last conversion completed
//   start[c]    out (may be null): cycle conversion c started
//   done[c]     out: cycle conversion c completed (its result is usable from this cycle on)
// No allocation: the caller owns every array (n_cols entries; adc_free has
// ceil(n_cols / cols_per_adc)).
void schedule_conversions(const int64_t* ready, int n_cols, int cols_per_adc, int conv_cycles,
                          int64_t* adc_free, int64_t* start, int64_t* done);

}  // namespace cimsim::adc
