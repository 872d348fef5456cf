#pragma once
// Digital SRAM CIM macro (ADC-less), e.g. ISSCC 2022 11.7: inputs are applied bit-serially, each
// cell ANDs its stored weight bit with the input bit, one adder tree per bitline sums the active
// rows, and a shift-accumulator per output combines bitlines (weight bits) and cycles (input
// bits). Two's complement is handled exactly: the weight MSB column and the input MSB cycle carry
// a negative weight.
//
// Schedule: the rows are split into `compartments`; each cycle evaluates
// `rows_active_per_compartment` wordlines in every compartment (a row group of
// compartments × rows_active rows). One pass = one row group over all input bits:
// input_bits + overhead_cycles_per_pass cycles. An MVM over n rows takes
// ceil(n / rows_per_group) passes (logical rows are spread over compartments first).
#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "sim/crossbar/array_params.h"

namespace cimsim::crossbar {

using VectorI64 = Eigen::Matrix<int64_t, Eigen::Dynamic, 1>;

// Event counts of one MVM of a digital macro (all per MVM, plain numbers).
struct DcimEvents {
  double bitcell_ops = 0;     // cell AND evaluations (used rows × used columns × input bits)
  double adder_tree_ops = 0;  // column adder-tree evaluations (used columns × cycles of compute)
  double shift_acc_ops = 0;   // output shift-accumulates (used outputs × input bits × passes)
  double driver_ops = 0;      // wordline/input driver activations (used rows × input bits)
  double cycles = 0;          // macro cycles (control / clock energy)
};

// Schedule and events as plain arithmetic (the PE model uses these without building a macro).
int dcim_passes(const ArrayParams& p, int rows_used);
int64_t dcim_cycles_per_mvm(const ArrayParams& p, int rows_used);
DcimEvents dcim_events(const ArrayParams& p, int rows_used, int outputs_used);

class DcimMacro {
 public:
  explicit DcimMacro(const ArrayParams& p);

  int rows() const { return m_p.rows; }
  int cols() const { return m_p.cols; }
  int outputs() const { return m_p.cols / m_p.weight_bits; }  // weights per row
  int rows_per_group() const {
    return m_p.digital.compartments * m_p.digital.rows_active_per_compartment;
  }
  int passes(int rows_used) const { return dcim_passes(m_p, rows_used); }
  // Cycles of one MVM using `rows_used` rows (macro clock).
  int64_t cycles_per_mvm(int rows_used) const { return dcim_cycles_per_mvm(m_p, rows_used); }
  DcimEvents events_per_mvm(int rows_used, int outputs_used) const {
    return dcim_events(m_p, rows_used, outputs_used);
  }

  // Stores weights (rows_used × outputs_used, rows_used ≤ rows, outputs_used ≤ outputs()) as
  // two's-complement bits on weight_bits adjacent bitlines. Values out of range throw
  // std::invalid_argument.
  void load_weights(const Eigen::MatrixXi& w);
  // y = Wᵀx computed the way the hardware does (bit-serial, AND, adder tree, shift-accumulate).
  // x has rows_used entries. The adder tree of input cycle b and bitline c counts the rows whose
  // input bit b and stored bit are both 1; summed over the row groups (passes) that is one
  // popcount of (input bit-plane AND bitline) over all rows, which is how it is computed here
  // (the same integers, regrouped: 64 rows per instruction).
  void mvm(const Eigen::VectorXi& x, VectorI64& y) const;

 private:
  int physical_row(int logical) const;  // spread logical rows over compartments first

  ArrayParams m_p;
  int m_rows_used = 0;
  int m_outputs_used = 0;
  std::vector<uint8_t> m_bits;            // [physical row][col] weight bits
  int m_words = 0;                        // 64-bit words per bitline (rows / 64, rounded up)
  std::vector<uint64_t> m_bitlines;       // [col][word]: each bitline's weight bits by row
  mutable std::vector<uint64_t> m_plane;  // [input bit][word]: scratch of mvm()
};

// Plain reference: y = Wᵀx in 64-bit integers.
VectorI64 reference_mvm(const Eigen::MatrixXi& w, const Eigen::VectorXi& x);

}  // namespace cimsim::crossbar
