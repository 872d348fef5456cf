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
// With a column integrator or polarity-signed inputs (NeuRRAM) each conversion of the plan
// (crossbar::analog_conversions) reads the rows' signed levels of one phase and quantizes the
// integrated sum with that phase's quantizer (neuron_readout.cpp).
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

// The input steps and conversions of one MVM. Without an integrator every input step of dac_bits
// bits (least significant first) is converted at the ADC's full resolution. With one
// (chip.tile.pe.integrator) the bit-serial inputs are grouped into phases of bits_per_phase bits,
// most significant first; a phase is integrated (bit k of it 2^k times) and converted once, and a
// serial ADC resolves for a lower phase only the bits its shift keeps: B − (bits between its
// least significant bit and the top phase's).
struct AnalogConversions {
  int applied_bits = 0;          // input bits applied (magnitude bits with input_sign: polarity)
  int64_t steps = 0;             // input steps (DAC conversions per row): ceil(applied / dac.bits)
  std::vector<int> widths;       // input bits of each conversion, most significant first
  std::vector<int> lsb_bit;      // the input bit each conversion's least significant bit is
  std::vector<int> adc_bits;     // bits each conversion resolves
  double integration_steps = 0;  // Σ (2^width − 1) over the conversions (integrator only)
};
AnalogConversions analog_conversions(const ArrayParams& p, int dac_bits,
                                     const adc::IntegratorParams& integrator,
                                     const adc::AdcParams& adc);
// Signed inputs applied as pulse polarity (array.analog.input_sign: polarity).
bool polarity_inputs(const ArrayParams& p);

class CrossbarArray {
 public:
  // With an integrator (integrator.present()) or polarity-signed inputs the MVM takes the neuron
  // readout path (sim/crossbar/neuron_readout.cpp).
  CrossbarArray(const ArrayParams& p, int dac_bits, const adc::AdcParams& adc,
                const adc::IntegratorParams& integrator = adc::IntegratorParams{});

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
  // ±2^(t·dac_bits + k·cell_bits). Not for the neuron readout.
  double predicted_error_mean() const;
  double predicted_error_variance() const;

  // Effective conductance of a cell [µS] after variation, faults and IR drop (for tests).
  double g_eff_uS(int row, int col) const { return m_g(row, col); }

 private:
  // m_current_uA[0, cols_used) = Σ over the driven rows of level·G_row (µS·levels); levels may
  // be negative (polarity inputs) unless unit_levels, where every level is 1.
  void add_driven_rows(const int* rows, const int* levels, int driven, int cols_used,
                       bool unit_levels);
  // The outputs of one vector from the per-column accumulators m_acc: slices, sign groups and
  // the offsets of offset-signed weights (Σ inputs) and inputs (in_off · Σ weights).
  void combine_outputs(int64_t sum_u, int64_t in_off, Eigen::Ref<VectorI64> y) const;
  // Neuron readout (neuron_readout.cpp): one conversion per phase (or input step) of the plan,
  // each with its quantizer; neuron_levels fills the driven-row planes of one input vector with
  // each row's signed level per conversion (the phase's bits of |x|, the sign as polarity) and
  // returns Σ of the unsigned inputs (for offset-signed weights).
  void setup_neuron(int dac_bits, const adc::AdcParams& adc,
                    const adc::IntegratorParams& integrator);
  int64_t neuron_levels(const Eigen::Ref<const Eigen::VectorXi>& x, int64_t in_off);

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
  // Neuron readout: the conversion plan, one quantizer per conversion (a bipolar one converts the
  // magnitude with one bit less and keeps the sign).
  bool m_neuron = false;
  bool m_bipolar = false;
  AnalogConversions m_conv;
  std::vector<adc::AdcQuantizer> m_phase_quant;
};

}  // namespace cimsim::crossbar
