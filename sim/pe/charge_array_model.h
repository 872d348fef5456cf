#pragma once
// The charge-domain array type (sim/pe/charge_array_model.cpp implements ArrayModel for it): a
// charge-domain SRAM array with the PE's DACs, sample-and-holds, ADCs and shift-and-add units.
// Declares what tests and docs use of it besides the interface.
#include <string>

#include "sim/pe/pe_params.h"

namespace cimsim::pe {

// Index of each charge-domain event in MvmEvents::array.
inline constexpr int kChargeWordlines = 0;     // word-line charges: row pulses (or levels)
inline constexpr int kChargeComputeLines = 1;  // compute-line full-swing equivalents
inline constexpr int kChargeWeighting = 2;     // weighting-capacitor full-swing equivalents
inline constexpr int kChargeDac = 3;           // driven rows × input steps
inline constexpr int kChargeSamples = 4;       // converted lines × input steps
inline constexpr int kChargeConversions = 5;   // converted lines × input steps
inline constexpr int kChargeShiftAdd = 6;      // one per ADC result (PE scope only)

// Per-event energies of the lines [pJ] at the array supply, and where they came from.
struct ChargeLineEnergy {
  double wordline_pJ = 0;      // one word line charged once (cols cells)
  double compute_line_pJ = 0;  // one compute line swung fully (rows cells)
  double weighting_pJ = 0;     // one weighting (binary: 2^B units; C-2C: 3B) swung fully
  double weighting_units = 0;  // unit capacitors of one weighting set or ladder
  double cell_um2 = 0;
  std::string line_source, weighting_source;
};
ChargeLineEnergy charge_line_energy(const PeParams& p);
// Unit capacitors of one weighting: 2^B binary (termination included), 3B for a C-2C ladder (C
// and 2C per bit), 0 per column.
double charge_weighting_units(const PeParams& p);

// Word-line charges per row and input step for typical data: a pulse-count (temporal) or 1-bit
// input pulses (2^dac_bits − 1)/2 times on average; a voltage DAC charges its row once.
double charge_wordline_charges_per_step(const PeParams& p);

}  // namespace cimsim::pe
