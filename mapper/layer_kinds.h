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

// `rules`: "auto" — each conv2d/linear layer, in layer order, on the kind that is best for
// `objective` (layer_kind_cost) among the kinds that can hold its precision and still have PEs
// for one copy in the current reload group (the pipeline mapper's grouping; when none has, a
// new group starts; ties: the lower kind); or "PATTERN=KIND, ..." (layer name or glob, later
// rules win; KIND a chip.tile_kinds name or 'default'; unmatched layers on 'default'). A rule
// naming no kind or matching no layer is an InputError naming `origin`.
void assign_layer_kinds(workload::Network& net, const chip::ChipParams& chip,
                        const chip::PeCost& pe, const std::string& rules,
                        chip::MapObjective objective, const std::string& origin);

// What auto minimises for a layer on its kind (l.pe_kind), lower is better: throughput and
// latency the cycles one copy is busy per input vector (matrix_vector_cycles), then the energy;
// energy the array energy per input vector, then the cycles; edp their product.
double layer_kind_cost(const workload::Layer& l, const chip::ChipParams& chip,
                       const chip::PeCost& pe, chip::MapObjective objective);

// The energy [pJ] of the arrays of the layer's kind (l.pe_kind) on one input vector: every
// conv group and block of one copy, for typical data.
double layer_vector_energy_pJ(const workload::Layer& l, const chip::PeCost& pe);

}  // namespace cimsim::mapper
