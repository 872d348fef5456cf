#pragma once
// The analog array type: a ReRAM crossbar with its DACs, sample-and-holds, ADCs and the PE's
// shift-and-add units (sim/pe/analog_crossbar.cpp implements ArrayModel for it). Declares what
// tests and reports use of it besides the interface: its event kinds and its cycle schedule.
#include <cstdint>
#include <string>

#include "sim/crossbar/crossbar.h"
#include "sim/pe/array_model.h"
#include "sim/pe/pe_params.h"

namespace cimsim::pe {

// Index of each analog event in MvmEvents::array.
inline constexpr int kCellReads = 0;         // cells × input steps (a driven row's cells conduct)
inline constexpr int kDacConversions = 1;    // driven rows × input steps
inline constexpr int kShSamples = 2;         // converted columns × input steps
inline constexpr int kAdcConversions = 3;    // converted columns × input steps
inline constexpr int kShiftAddOps = 4;       // one per ADC result (PE scope only)
inline constexpr int kWordlineSwitches = 5;  // driven rows × input steps (line_energy: wires)
inline constexpr int kBitlineSwitches = 6;   // converted columns × input steps (wires)
inline constexpr int kIntegratorSteps = 7;   // converted columns × integration steps

// The PE's shift-and-add units (analog and charge-domain PEs): its one PE-scope area item.
AreaItem shift_add_area_item(const PeParams& p);

// The input steps and conversions of one MVM (crossbar::analog_conversions).
using crossbar::AnalogConversions;
AnalogConversions analog_conversions(const PeParams& p);

// Cycle schedule of one analog-array MVM in PE clock cycles (see docs/arrays.md):
// per input step the array settles (settle_cycles) and is sampled; each ADC converts its
// cols_per_adc columns one after another (conv_cycles each) while the next step settles; the
// sample-and-hold may be overwritten once its last column's conversion has started. With an
// integrator the neuron integrates and converts on one capacitor, so nothing overlaps: each
// phase takes width × settle + (2^width − 1) integration steps + phase_ns + its conversions, and
// latency = interval = their sum.
struct AnalogTiming {
  int64_t settle_cycles = 0;
  int64_t conv_cycles = 0;
  int64_t steps = 0;            // input steps: ceil(input_bits / dac_bits)
  int64_t period_cycles = 0;    // steady state per step: max(settle, cols_per_adc × conv)
  int64_t latency_cycles = 0;   // first step start → last conversion done
  int64_t interval_cycles = 0;  // back-to-back MVMs: steps × period
};
AnalogTiming analog_timing(const PeParams& p);
// The pipelined schedule of `steps` input steps of settle_cycles each, whose conversions keep one
// ADC busy adc_busy cycles per step while the next step settles (the analog and the charge-domain
// array without an integrator): period max(settle, adc_busy), latency (steps − 1) × period +
// settle + adc_busy, interval steps × period.
AnalogTiming pipelined_timing(int64_t settle_cycles, int64_t conv_cycles, int64_t adc_busy,
                              int64_t steps);
// The same schedule walked event by event with adc::schedule_conversions (slow; for tests):
// returns the cycle the last conversion of the MVM completes.
int64_t analog_schedule_last_done(const PeParams& p);

// Energy of one cell for one input step [pJ] (given, or derived as V² · (G_on+G_off)/2 · t
// with t = read_pulse_ns).
double analog_cell_read_pJ(const PeParams& p);

// Word-line and bit-line switching per input step [pJ] (0 with line_energy: none).
struct AnalogLineEnergy {
  double wordline_pJ = 0;  // one driven row for one step
  double bitline_pJ = 0;   // one column for one step
  std::string source;
};
AnalogLineEnergy analog_line_energy(const PeParams& p);

}  // namespace cimsim::pe
