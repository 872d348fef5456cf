#pragma once
// Which tile kind runs each matrix layer on a chip of several (chip.tile_kinds;
// mapping.layer_kinds, docs/parallelism.md "Several array types on one chip"). Sets
// workload::Layer::pe_kind, which layer_pe() (mapper/mapping.h) and the pipeline mapper's PE pools
// follow.
#include <string>

#include "sim/arch/chip_params.h"
#include "sim/arch/pe_cost.h"
#include "sim/workload/network.h"

namespace cimsim::mapper {

// `rules`: "auto" — each conv2d/linear layer on the kind whose arrays spend the least energy per
// input vector on it (layer_vector_energy_pJ), among the kinds that can hold its precision and
// have PEs enough for one copy (ties: the lower kind); or "PATTERN=KIND, ..." (layer name or glob,
// later rules win; KIND a chip.tile_kinds name or 'default'; unmatched layers on 'default').
// A rule naming no kind or matching no layer is an InputError naming `origin`.
void assign_layer_kinds(workload::Network& net, const chip::ChipParams& chip,
                        const chip::PeCost& pe, const std::string& rules,
                        const std::string& origin);

// The energy [pJ] of the arrays of the layer's kind (l.pe_kind) on one input vector: every
// conv group and block of one copy, for typical data.
double layer_vector_energy_pJ(const workload::Layer& l, const chip::PeCost& pe);

}  // namespace cimsim::mapper
