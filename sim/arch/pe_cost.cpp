#include "sim/arch/pe_cost.h"

namespace cimsim::chip {

const PeCost& PeCost::at(int64_t wbits, int64_t ibits) const {
  if (wbits <= 0) wbits = weight_bits;
  if (ibits <= 0) ibits = input_bits;
  if ((wbits == weight_bits && ibits == input_bits) || !precision || !precision->make) return *this;
  for (const auto& [w, i, pe] : precision->built)
    if (w == wbits && i == ibits) return *pe;
  auto pe = std::make_shared<const PeCost>(precision->make(wbits, ibits));
  precision->built.emplace_back(wbits, ibits, pe);
  return *pe;
}

std::vector<EventEnergy> PeCost::events_of(int64_t arrays, int64_t rows_used,
                                           int64_t outputs_used) const {
  if (events_for) return events_for(arrays, rows_used, outputs_used);
  std::vector<EventEnergy> v = mvm_events;
  for (EventEnergy& ev : v) ev.count_per_mvm *= static_cast<double>(arrays);
  return v;
}

}  // namespace cimsim::chip
