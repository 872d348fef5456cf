#pragma once
// Analog ReRAM crossbar, functional model of the whole chain of one MVM:
//   inputs → DAC levels (dac_bits per step, bit-serial for 1) → row voltages
//   weights → per-slice conductance levels (cell_bits per cell, weight_bits sliced over columns,
//             signed by differential column pairs or an offset removed digitally)
//   column currents I = Σ V·G_eff → normalised to "unit products" → ADC (bits, range, clipping)
//   → digital shift-and-add over input steps and weight slices (and the sign/offset corrections).
// With ideal devices and an ADC whose LSB is 1 and that never clips, the result equals the exact
// integer MVM. Non-idealities (lognormal device variation, stuck-at faults, read noise, a
// first-order IR drop, conductance drift, ADC offset and gain error) are drawn from a seed when
// weights are programmed (read noise: per conversion of an input step that drives a row). Each kind
// has its own random stream, so turning one on leaves the draws of the others unchanged.
//
// Column layout of output o: o·columns_per_weight + group·slices + k, with group 0 positive and
// group 1 negative (differential only), and slice k holding bits [k·cell_bits, (k+1)·cell_bits).
#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "sim/adc/adc_model.h"
#include "sim/adc/converter_params.h"
#include "sim/crossbar/array_params.h"
#include "sim/crossbar/device_rng.h"

namespace cimsim::crossbar {

using VectorI64 = Eigen::Matrix<int64_t, Eigen::Dynamic, 1>;
using MatrixI64 = Eigen::Matrix<int64_t, Eigen::Dynamic, Eigen::Dynamic>;

// Weight slices and column groups of an analog array (used by the mapper and the PE model).
int analog_slices(const ArrayParams& p);                     // ceil(weight_bits / cell_bits)
int analog_columns_per_weight(const ArrayParams& p);         // slices × (2 if differential else 1)
int analog_input_steps(const ArrayParams& p, int dac_bits);  // ceil(input_bits / dac_bits)

class CrossbarArray {
 public:
  CrossbarArray(const ArrayParams& p, int dac_bits, const adc::AdcParams& adc);

  int slices() const { return m_slices; }
  int columns_per_weight() const { return m_cpw; }
  int outputs() const { return m_p.cols / m_cpw; }
  int steps() const { return m_steps; }
  const adc::AdcQuantizer& quantizer() const { return m_quant; }

  // Programs weights (rows_used × outputs_used); draws variation and faults from the seed.
  void program(const Eigen::MatrixXi& w);
  // One MVM through the analog chain. x has rows_used entries. Read noise advances the RNG.
  void mvm(const Eigen::VectorXi& x, VectorI64& y);
  // The MVMs of the columns of x (rows_used × n) in column order, y gets outputs_used × n: the
  // same as n calls of mvm. Each input step adds the conductance rows of the rows it drives (a
  // row at level 0 conducts nothing), so the work follows the input bits that are 1.
  void mvm_batch(const Eigen::Ref<const Eigen::MatrixXi>& x, MatrixI64& y);

  // ADC-rounding error of one output predicted by the quantization analysis, assuming uniform
  // remainders, no clipping and no flipped columns (flip_encoding negates a column's error): each
  // conversion errs by mean +1/2, variance (lsb²−1)/12, scaled by its shift-and-add weight
  // ±2^(t·dac_bits + k·cell_bits).
  double predicted_error_mean() const;
  double predicted_error_variance() const;

  // Effective conductance of a cell [µS] after variation, faults and IR drop (for tests).
  double g_eff_uS(int row, int col) const { return m_g(row, col); }

 private:
  // m_current_uA[0, cols_used) = Σ over the driven rows of level·G_row (µS·levels).
  void add_driven_rows(const int* rows, const int* levels, int driven, int cols_used);

  ArrayParams m_p;
  AnalogArrayParams m_a;
  int m_dac_bits;
  int m_slices, m_cpw, m_steps;
  int m_level_max_cell, m_level_max_dac;
  adc::AdcQuantizer m_quant;
  int m_rows_used = 0, m_outputs_used = 0;
  // Effective conductances, rows × cols [µS], row-major: an input step adds up the rows it drives.
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> m_g;
  VectorI64 m_weight_col_sums;     // Σ_r W(r,o): removes the input offset of signed inputs
  std::vector<uint8_t> m_flipped;  // per column: stored flipped (flip_encoding)
  int m_cols_per_adc = 1;
  std::vector<double> m_adc_gain;    // per ADC: 1 + gain error
  std::vector<double> m_adc_offset;  // per ADC: offset [unit products]
  bool m_adc_offsets = false;        // any nonzero offset: an undriven step still converts it
  double m_drift_compensation = 1;   // factor applied to every column current
  DeviceRng m_noise_rng;
  // Scratch of mvm_batch (no allocation per vector).
  std::vector<int> m_driven_row, m_driven_level;  // [step][k]: the k-th row a step drives
  std::vector<int> m_step_driven;                 // [step]: rows driven
  std::vector<int64_t> m_step_levels;             // [step]: Σ of their DAC levels
  Eigen::VectorXd m_current_uA;
  VectorI64 m_acc;
  MatrixI64 m_y1;
};

}  // namespace cimsim::crossbar
