#pragma once
// Functional model of a charge-domain SRAM array (array type: charge; ChargeArrayParams): the
// integer MVM the way the array computes it, with ideal capacitors.
//   weights → unsigned codes u (signed: u = W + 2^(B−1), the offset removed digitally), one bit
//             per cell, bit k of output o in column o·B + k;
//   inputs  → unsigned codes (signed: x + 2^(I−1)), dac_bits per input step, least significant
//             step first, each step's level applied as pulses or a voltage on the row;
//   one step: with binary_caps (or a C-2C ladder per row, c2c) the B bit columns of a weight
//   charge-share over capacitors 1, 2,
//             4, ... so the converted line carries Σ_r level_r · u_ro; with per_column every bit
//             column converts Σ_r level_r · bit_k(u_ro) on its own;
//   the ADC (bits, full scale = input_range_fraction × the largest line sum over all rows)
//   quantizes each line; the shift-and-add weights step t by 2^(t·dac_bits) and bit column k by
//   2^k, then removes the offsets (Σ inputs and Σ weights are known digitally).
// With enough ADC bits (LSB 1, no clipping) the result is the exact integer MVM. No device
// variation or noise is modelled for this type (docs/arrays.md names the limit).
#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "sim/adc/adc_model.h"
#include "sim/adc/converter_params.h"
#include "sim/crossbar/array_params.h"

namespace cimsim::crossbar {

class ChargeArray {
 public:
  using VectorI64 = Eigen::Matrix<int64_t, Eigen::Dynamic, 1>;

  ChargeArray(const ArrayParams& p, int dac_bits, const adc::AdcParams& adc);

  int outputs() const { return m_p.cols / m_p.weight_bits; }
  int steps() const { return m_steps; }
  const adc::AdcQuantizer& quantizer() const { return m_quant; }

  // Weights rows_used × outputs_used, in the weight range of the array's signedness.
  void program(const Eigen::MatrixXi& w);
  // One MVM; x has rows_used entries in the input range, y gets outputs_used entries.
  void mvm(const Eigen::VectorXi& x, VectorI64& y);

 private:
  ArrayParams m_p;
  int m_dac_bits, m_steps;
  bool m_binary_caps;
  adc::AdcQuantizer m_quant;
  int m_rows_used = 0, m_outputs_used = 0;
  Eigen::MatrixXi m_u;       // unsigned weight codes, rows_used × outputs_used
  VectorI64 m_u_sums;        // Σ_r u(r, o)
  std::vector<int> m_level;  // scratch: each row's level of one step
};

}  // namespace cimsim::crossbar
