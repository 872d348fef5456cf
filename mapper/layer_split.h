#pragma once
// Splitting layers that are larger than the whole chip over time. A conv or linear layer whose
// one copy needs more PEs than the chip has is rewritten as K parts, each holding a column range
// (output channels) of its weights, followed by a concat that takes the layer's name, so its
// consumers are unchanged. The pipeline mapping then puts the parts in different reload groups:
// their weights are loaded from DRAM in turn (the memory wall, reported as weight reloads).
#include <cstdint>

#include "sim/arch/chip_params.h"
#include "sim/arch/pe_cost.h"
#include "sim/workload/network.h"

namespace cimsim::mapper {

// PEs one copy of a matrix layer needs with `cols` output columns.
int64_t pes_for(const workload::Layer& l, int64_t cols, const chip::PeCost& pe);

// `net` with every oversized matrix layer split as above (parts named "<layer>#k"); unchanged
// when every layer fits. Grouped convs are not split (core::InputError names the layer).
workload::Network split_oversized_layers(const workload::Network& net, const chip::ChipParams& chip,
                                         const chip::PeCost& pe);

}  // namespace cimsim::mapper
