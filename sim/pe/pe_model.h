#pragma once
// PE composition (plain C++): arrays + DACs + S+H + ADCs + shift-and-add + input/output
// registers. Gives what the SystemC PE module and the reports need, all precomputed in the
// constructor so the timing path only reads members (no allocation per MVM):
//   - cycles per MVM (latency and back-to-back interval) of one array and of one PE activation,
//   - event counts per MVM by component and the energy of one event (with its config key),
//   - peak ops/s, TOPS/W, area and leakage with breakdowns,
//   - what the mapper needs: rows per array, columns per weight, weights per array row.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/stats.h"
#include "sim/pe/pe_params.h"

namespace cimsim::pe {

// Event counts of one MVM (of one array, or of a PE activation). Plain numbers.
struct MvmEvents {
  // analog crossbar chain
  double cell_reads = 0;       // cells × input steps (every cell of a driven row conducts)
  double dac_conversions = 0;  // driven rows × input steps
  double sh_samples = 0;       // converted columns × input steps
  double adc_conversions = 0;  // converted columns × input steps
  double shift_add_ops = 0;    // one per ADC result (PE scope only)
  // digital macro
  double dcim_bitcell_ops = 0;
  double dcim_adder_tree_ops = 0;
  double dcim_shift_acc_ops = 0;
  double dcim_driver_ops = 0;
  double dcim_cycles = 0;
  // registers (PE scope only), bits written + read
  double input_reg_bits = 0;
  double output_reg_bits = 0;

  MvmEvents& operator+=(const MvmEvents& o);
  MvmEvents scaled(double k) const;
};

// Energy of one event of each kind [pJ].
struct EventEnergies {
  double cell_read_pJ = 0, dac_pJ = 0, sh_pJ = 0, adc_pJ = 0, shift_add_pJ = 0;
  double dcim_bitcell_pJ = 0, dcim_adder_tree_pJ = 0, dcim_shift_acc_pJ = 0, dcim_driver_pJ = 0,
         dcim_cycle_pJ = 0;
  double input_reg_bit_pJ = 0, output_reg_bit_pJ = 0;
};

struct EnergyItem {
  std::string name;
  core::EnergyCategory category;
  double count = 0;  // events
  double pJ_each = 0;
  std::string source;  // config key of pJ_each
  double energy_pJ() const { return count * pJ_each; }
};

struct AreaItem {
  std::string name;
  double count = 0;  // instances
  double um2_each = 0;
  std::string source;  // config key of um2_each
  double mm2() const { return count * um2_each * 1e-6; }
};

// Cycle schedule of one analog-array MVM in PE clock cycles (see docs/arrays.md):
// per input step the array settles (settle_cycles) and is sampled; each ADC converts its
// cols_per_adc columns one after another (conv_cycles each) while the next step settles; the
// sample-and-hold may be overwritten once its last column's conversion has started.
struct AnalogTiming {
  int64_t settle_cycles = 0;
  int64_t conv_cycles = 0;
  int64_t steps = 0;            // input steps: ceil(input_bits / dac_bits)
  int64_t period_cycles = 0;    // steady state per step: max(settle, cols_per_adc × conv)
  int64_t latency_cycles = 0;   // first step start → last conversion done
  int64_t interval_cycles = 0;  // back-to-back MVMs: steps × period
};
AnalogTiming analog_timing(const PeParams& p);
// The same schedule walked event by event with adc::schedule_conversions (slow; for tests):
// returns the cycle the last conversion of the MVM completes.
int64_t analog_schedule_last_done(const PeParams& p);

class PeModel {
 public:
  explicit PeModel(const PeParams& p);

  const PeParams& params() const { return m_p; }
  bool analog() const { return m_p.array.type == crossbar::ArrayType::Analog; }

  // For the mapper.
  int rows_per_array() const { return m_p.array.rows; }
  int columns_per_weight() const { return m_cpw; }         // weight slices × sign columns
  int weights_per_array_row() const { return m_outputs; }  // outputs of one array
  int arrays() const { return m_p.arrays; }
  // ADCs of one analog array (cols_per_adc divides cols: checked by the reader).
  int adcs_per_array() const { return m_p.array.cols / m_p.adc.cols_per_adc; }

  // Timing [PE clock cycles].
  double period_ns() const { return 1000.0 / m_p.clock_MHz; }
  int64_t array_latency_cycles() const { return m_array_latency; }
  int64_t array_interval_cycles() const { return m_array_interval; }
  int64_t pe_latency_cycles() const { return m_pe_latency; }  // + final shift-add (analog)
  int64_t pe_interval_cycles() const { return m_array_interval; }

  // Events of one full MVM of one array (array parts only), and of one PE activation (all
  // arrays, shift-add and registers).
  const MvmEvents& array_events() const { return m_array_events; }
  const MvmEvents& pe_events() const { return m_pe_events; }
  // A partial activation: `arrays_used` arrays, each with rows_used rows and outputs_used
  // outputs. Arithmetic only.
  MvmEvents pe_events_for(int arrays_used, int rows_used, int outputs_used) const;

  const EventEnergies& energies() const { return m_energy; }
  double energy_pJ(const MvmEvents& e) const;                      // dynamic energy of those events
  std::vector<EnergyItem> energy_items(const MvmEvents& e) const;  // with sources (reports)

  double array_leakage_mW() const;
  double pe_leakage_mW() const;
  std::vector<AreaItem> array_area_items() const;
  std::vector<AreaItem> pe_area_items() const;
  double array_area_mm2() const;
  double pe_area_mm2() const;

  double ops_per_array_mvm() const { return 2.0 * m_p.array.rows * m_outputs; }  // 1 MAC = 2 ops

 private:
  MvmEvents array_events_for(int rows_used, int outputs_used) const;

  PeParams m_p;
  int m_cpw = 1, m_outputs = 1, m_steps = 1;
  int64_t m_array_latency = 0, m_array_interval = 0, m_pe_latency = 0;
  MvmEvents m_array_events, m_pe_events;
  EventEnergies m_energy;
};

}  // namespace cimsim::pe
