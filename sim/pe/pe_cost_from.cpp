#include "sim/pe/pe_cost_from.h"

#include <stdexcept>
#include <string>

#include "sim/pe/array_model.h"
#include "sim/pe/pe_model.h"

namespace cimsim::pe {

namespace {
std::vector<chip::EventEnergy> to_event_energies(const PeModel& m, const MvmEvents& e) {
  std::vector<chip::EventEnergy> v;
  for (const EnergyItem& it : m.energy_items(e))
    v.push_back({it.name, it.category, it.count, it.pJ_each, it.source});
  return v;
}
// The PE of `p` with other weight and input bits (a layer's own precision): the same arrays,
// a weight spread over fewer or more columns and inputs applied in fewer or more steps.
chip::PeCost at_precision(const PeParams& p, int64_t weight_bits, int64_t input_bits) {
  if (weight_bits < 1 || weight_bits > 16 || input_bits < 1 || input_bits > 16)
    throw std::invalid_argument("expected weight and input bits in 1..16, got " +
                                std::to_string(weight_bits) + " and " + std::to_string(input_bits));
  PeParams q = p;
  q.array.weight_bits = static_cast<int>(weight_bits);
  q.array.input_bits = static_cast<int>(input_bits);
  const int cpw = make_array_model(q)->columns_per_weight();
  if (cpw > q.array.cols)
    throw std::invalid_argument("a " + std::to_string(weight_bits) + "-bit weight needs " +
                                std::to_string(cpw) + " columns, the array has " +
                                std::to_string(q.array.cols));
  chip::PeCost c = pe_cost_from(PeModel(q));
  c.precision.reset();  // variants are made from the chip's PE only
  return c;
}

}  // namespace

chip::PeCost pe_cost_from(const PeParams& p) {
  chip::PeCost c = pe_cost_from(PeModel(p));
  c.precision = std::make_shared<chip::PrecisionVariants>();
  c.precision->make = [p](int64_t w, int64_t i) { return at_precision(p, w, i); };
  return c;
}

chip::PeCost pe_cost_from(const PeModel& m) {
  chip::PeCost c;
  const PeParams& p = m.params();
  c.array_rows = m.rows_per_array();
  c.array_weight_cols = m.weights_per_array_row();
  c.arrays_per_pe = p.arrays;
  c.weight_bits = p.array.weight_bits;
  c.input_bits = p.array.input_bits;
  c.mvm_ns = static_cast<double>(m.pe_latency_cycles()) * m.period_ns();
  c.mvm_interval_ns = static_cast<double>(m.pe_interval_cycles()) * m.period_ns();
  c.mvm_events =
      to_event_energies(m, m.pe_events_for(1, m.rows_per_array(), m.weights_per_array_row()));
  // Captured by value: the function outlives the caller's model.
  c.events_for = [model = m](int64_t arrays, int64_t rows_used, int64_t outputs_used) {
    return to_event_energies(
        model, model.pe_events_for(static_cast<int>(arrays), static_cast<int>(rows_used),
                                   static_cast<int>(outputs_used)));
  };

  c.events_for_data = [model = m](int64_t arrays, int64_t rows_used, int64_t outputs_used,
                                  double in_density, double w_density) {
    return to_event_energies(
        model,
        model.pe_events_for(static_cast<int>(arrays), static_cast<int>(rows_used),
                            static_cast<int>(outputs_used), DataStats{in_density, w_density}));
  };

  if (m.array_model().timing_depends_on_rows()) {
    // E.g. a digital macro's MVM is a walk over the row groups that hold weights: fewer rows
    // used, fewer passes. Shares the model's array (the function outlives the caller's model).
    c.mvm_ns_for = [array = m.array_model_ptr(), period = m.period_ns()](int64_t rows_used) {
      return static_cast<double>(array->cycles_for_rows(static_cast<int>(rows_used))) * period;
    };
  }
  c.leakage_mW = m.pe_leakage_mW();
  for (const AreaItem& it : m.pe_area_items()) c.area.push_back({it.name, it.mm2()});
  c.model_name = m.array_model().name();
  return c;
}

}  // namespace cimsim::pe
