#pragma once
// PE composition (plain C++): M arrays of one type (sim/pe/array_model.h: the array and its
// converters) + input/output registers. Gives what the SystemC PE module and the reports need,
// all precomputed in the constructor so the timing path only reads members (no allocation per
// MVM):
//   - cycles per MVM (latency and back-to-back interval) of one array and of one PE activation,
//   - event counts per MVM by component and the energy of one event (with its config key),
//   - peak ops/s, TOPS/W, area and leakage with breakdowns,
//   - what the mapper needs: rows per array, columns per weight, weights per array row.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/stats.h"
#include "sim/pe/array_model.h"
#include "sim/pe/pe_params.h"

namespace cimsim::pe {

class PeModel {
 public:
  explicit PeModel(const PeParams& p);

  const PeParams& params() const { return m_p; }
  // The array type behind its interface (shared: copies of a PeModel share one array model).
  const ArrayModel& array_model() const { return *m_array; }
  const std::shared_ptr<const ArrayModel>& array_model_ptr() const { return m_array; }

  // For the mapper.
  int rows_per_array() const { return m_p.array.rows; }
  int columns_per_weight() const { return m_array->columns_per_weight(); }
  int weights_per_array_row() const { return m_array->outputs(); }  // outputs of one array
  int arrays() const { return m_p.arrays; }

  // Timing [PE clock cycles].
  double period_ns() const { return 1000.0 / m_p.clock_MHz; }
  int64_t array_latency_cycles() const { return m_array_latency; }
  int64_t array_interval_cycles() const { return m_array_interval; }
  int64_t pe_latency_cycles() const { return m_pe_latency; }  // + what finishes the outputs
  int64_t pe_interval_cycles() const { return m_array_interval; }

  // Events of one full MVM of one array (array parts only), and of one PE activation (all
  // arrays, PE-scope array events and registers).
  const MvmEvents& array_events() const { return m_array_events; }
  const MvmEvents& pe_events() const { return m_pe_events; }
  // A partial activation: `arrays_used` arrays, each with rows_used rows and outputs_used
  // outputs. Arithmetic only.
  MvmEvents pe_events_for(int arrays_used, int rows_used, int outputs_used) const;
  // The same for data with statistics d (sim/pe/array_model.h: DataStats).
  MvmEvents pe_events_for(int arrays_used, int rows_used, int outputs_used,
                          const DataStats& d) const;

  double energy_pJ(const MvmEvents& e) const;                      // dynamic energy of those events
  std::vector<EnergyItem> energy_items(const MvmEvents& e) const;  // with sources (reports)

  double array_leakage_mW() const;
  double pe_leakage_mW() const;
  std::vector<AreaItem> array_area_items() const;
  std::vector<AreaItem> pe_area_items() const;
  double array_area_mm2() const;
  double pe_area_mm2() const;

  double ops_per_array_mvm() const {
    return 2.0 * m_p.array.rows * weights_per_array_row();  // 1 MAC = 2 ops
  }

 private:
  MvmEvents array_events_for(int rows_used, int outputs_used) const;

  PeParams m_p;
  std::shared_ptr<const ArrayModel> m_array;
  int64_t m_array_latency = 0, m_array_interval = 0, m_pe_latency = 0;
  double m_input_reg_bit_pJ = 0, m_output_reg_bit_pJ = 0;
  MvmEvents m_array_events, m_pe_events;
};

}  // namespace cimsim::pe
