#pragma once
// Column-adder SRAM array (array type: column_adder; Colonnade, Kim et al., JSSC 2021): a full
// adder in every cell, partial sums rippling down the columns. Geometry, timing, the gate-count
// figures and the functional model, as plain arithmetic on ArrayParams.
//
//   L         = ceil(log2(rows))                  guard columns: a column's sum of rows products
//   W         = weight_bits + L                   columns of one weight (a W-bit ripple adder per
//                                                 row and weight; the sum never overflows W bits)
//   outputs   = floor(cols / W)                   weights per array row
//   segment   = rows / registers_per_column       rows between two pipeline registers
//   t_crit    = (W + segment + 2) × t_FA          carry across a weight's columns, sum down a
//                                                 segment, the register (clock-to-q + setup ≈ 2
//                                                 adders), as CiMLoop's Colonnade model counts it
//   t_FA      = full_adder_delay_ps × delay_scale(tech.digital_V, tech.clock_reference_V)
//   interval  = input_bits cycles (bit_pipelined), else input_bits × registers_per_column
//   latency   = interval + registers_per_column − 1 (bit_pipelined): the last bit's segments
//
// Energies per event at the node and digital supply V (sim/tech; E_FA: Horowitz 45 nm full
// adder, C ∝ node, V²; E_NAND2, E_FF ∝ their Nangate areas):
//   cell      = cell_activity × (E_FA + cell_extra_nand2 × E_NAND2)   one cell, one input bit
//               (every row of a used weight evaluates: the partial sum passes all of them)
//   word line = cols × (√cell_area × 0.2 fF/µm + C_in(NAND2) + line_load_fF) × V²   one charge
//               (a row whose input bit is 1: half the rows and bits for typical data)
//   register  = E_FF / 2 per flip-flop and cycle (clock pin E_FF/4 always, data E_FF/2 half the
//               time); registers_per_column × cols flip-flops
//   shift-acc = ½ × acc_bits × (E_FA + E_FF) per weight and input bit, acc_bits = W + input_bits
// Areas: cell = sram_cell_F2 × F² + A_FA + cell_extra_nand2 × A_NAND2; register A_FF; word-line
// driver max(4, cols/8) × A_NAND2 per row; shift-acc acc_bits × (A_FA + A_FF); control as
// written.
#include <array>
#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "sim/crossbar/array_params.h"

namespace cimsim::crossbar {

int column_adder_guard_columns(const ArrayParams& p);       // L
int column_adder_columns_per_weight(const ArrayParams& p);  // W
int column_adder_outputs(const ArrayParams& p);
int column_adder_accumulator_bits(const ArrayParams& p);
// The critical path [ns] at the PE's digital supply, and the adders on it.
int column_adder_critical_adders(const ArrayParams& p);
double column_adder_critical_path_ns(const ArrayParams& p);
int64_t column_adder_interval_cycles(const ArrayParams& p);
int64_t column_adder_latency_cycles(const ArrayParams& p);

// Derived energies [fJ] in ColumnAdderEvent order, and areas [µm²] of one instance each.
enum ColumnAdderEvent { kCaddCells, kCaddWordlines, kCaddRegisters, kCaddShiftAcc, kCaddEvents };
struct ColumnAdderFigures {
  std::array<double, kCaddEvents> energy_fJ{};
  double cell_um2 = 0;       // one cell: SRAM, full adder, extra gates
  double driver_um2 = 0;     // one row's word-line driver
  double register_um2 = 0;   // one pipeline flip-flop
  double shift_acc_um2 = 0;  // one weight's shift-accumulator
  double wordline_fF = 0;
};
ColumnAdderFigures column_adder_figures(const ArrayParams& p);

// Functional model: the partial sums of each input bit plane ripple down the columns in W-bit
// two's complement (wrapping as the hardware would), the shift-accumulator weights the planes by
// 2^b (the MSB plane negative for signed inputs). Exact for every weight and input in range,
// which the W-bit width guarantees.
class ColumnAdderArray {
 public:
  explicit ColumnAdderArray(const ArrayParams& p);
  int outputs() const { return m_outputs; }
  // Weights rows_used × outputs_used; values out of range throw std::invalid_argument.
  void program(const Eigen::MatrixXi& w);
  void mvm(const Eigen::VectorXi& x, Eigen::Matrix<int64_t, Eigen::Dynamic, 1>& y) const;

 private:
  ArrayParams m_p;
  int m_width = 0;  // W
  int m_outputs = 0;
  Eigen::MatrixXi m_w;
};

}  // namespace cimsim::crossbar
