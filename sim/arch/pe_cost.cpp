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

}  // namespace cimsim::chip
