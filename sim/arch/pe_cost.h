#pragma once
// What the chip run and the mapper need to know of one PE, whatever its arrays are (analog
// crossbars or digital macros). Filled from the PE model (sim/pe) by pe_cost_from(); kept as a
// small plain struct so the mapper and the SystemC modules don't depend on array internals.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "sim/core/stats.h"

namespace cimsim::chip {

// Energy of one event, with its breakdown bucket and the config key the number came from.
struct EventEnergy {
  std::string name;  // e.g. "adc_conversions"
  core::EnergyCategory category;
  double count_per_mvm = 0;  // events of this kind per array MVM
  double pJ_each = 0;
  std::string source;  // config key
};

struct AreaItem {
  std::string name;
  double area_mm2 = 0;
};

struct PeCost;

// The same PE design at other precisions (issue 14: a layer's own weight and input bits), built
// on first use and kept: the mapper and the chip plan ask once per layer.
struct PrecisionVariants {
  std::function<PeCost(int64_t weight_bits, int64_t input_bits)> make;
  std::vector<std::tuple<int64_t, int64_t, std::shared_ptr<const PeCost>>> built;
};

struct PeCost {
  // Geometry used by the mapper.
  int64_t array_rows = 0;         // weight-matrix rows one array holds (inputs reduced at once)
  int64_t array_weight_cols = 0;  // weight-matrix columns (outputs) one array holds
  int64_t arrays_per_pe = 0;
  int64_t weight_bits = 8;
  int64_t input_bits = 8;

  // Timing of one MVM of one array: input vector in, all its outputs out [ns]. A PE runs its
  // arrays in parallel; latency_ns covers DAC/bit-serial steps, settling, ADC sharing, shift-add.
  double mvm_ns = 0;
  // Back-to-back MVMs of one array may overlap (pipelined conversions): a new one can start
  // this long after the previous one [ns]; <= mvm_ns. 0 means mvm_ns.
  double mvm_interval_ns = 0;
  // MVM time [ns] (latency = interval) of an array using only `rows_used` rows, for arrays whose
  // schedule depends on it (a digital macro walks its row groups in passes). Empty: mvm_ns.
  std::function<double(int64_t rows_used)> mvm_ns_for;

  // Energy per array MVM, by event kind (sum gives the energy of one array MVM).
  std::vector<EventEnergy> mvm_events;
  double mvm_energy_pJ() const {
    double e = 0;
    for (const EventEnergy& ev : mvm_events) e += ev.count_per_mvm * ev.pJ_each;
    return e;
  }

  // Events of one activation of `arrays` arrays, each using rows_used rows and outputs_used
  // outputs (partial arrays cost less). Empty: mvm_events x arrays.
  std::function<std::vector<EventEnergy>(int64_t arrays, int64_t rows_used, int64_t outputs_used)>
      events_for;
  // events_for when it is given, else mvm_events x arrays.
  std::vector<EventEnergy> events_of(int64_t arrays, int64_t rows_used, int64_t outputs_used) const;
  // The same for operand data whose input and weight bits are 1 with these densities (a layer's
  // workload::OperandStats; 0.5, 0.5 is typical data and gives events_for's counts). Empty: the
  // array ignores data.
  std::function<std::vector<EventEnergy>(int64_t arrays, int64_t rows_used, int64_t outputs_used,
                                         double input_bit_density, double weight_bit_density)>
      events_for_data;

  double leakage_mW = 0;       // one PE
  std::vector<AreaItem> area;  // one PE, by component
  double area_mm2() const {
    double a = 0;
    for (const AreaItem& i : area) a += i.area_mm2;
    return a;
  }
  std::string model_name;  // "digital SRAM CIM macro" / "analog ReRAM crossbar"

  // The PE at `weight_bits` stored per weight and `input_bits` applied per input (0: this PE's
  // own): geometry (weights per array row), MVM time (bit-serial input steps) and events follow
  // the array model at those bits. Returns *this when both match or when no variants are known
  // (a PeCost made by hand). Throws std::invalid_argument when the array cannot hold them.
  const PeCost& at(int64_t weight_bits, int64_t input_bits) const;
  std::shared_ptr<PrecisionVariants> precision;

  // The PEs of the chip's further tile kinds (chip.tile_kinds; sim/arch/tile_kinds.h): kind
  // k ≥ 1 is other_kinds[k - 1]. Set on the default PE (kind 0) by the run's set-up; empty on a
  // chip of one kind.
  std::vector<std::shared_ptr<const PeCost>> other_kinds;
  const PeCost& kind(int k) const { return k == 0 ? *this : *other_kinds.at(k - 1); }
};

}  // namespace cimsim::chip
