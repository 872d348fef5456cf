#pragma once
// Builds the planner's input (mapper/parallel_plan.h) from the loaded network and the chip's
// parameters, so that the planner itself stays free of both.
#include <cstdint>

#include "mapper/parallel_plan.h"
#include "sim/arch/chip_params.h"
#include "sim/arch/pe_cost.h"
#include "sim/noc/noc_params.h"
#include "sim/workload/network.h"

namespace cimsim::mapper {

// One PlanLayer per network layer, same order and indices. Activations take
// ceil(chip.activation_bits / 8) bytes, weights pe.weight_bits.
PlanNetwork plan_network_from(const workload::Network& net, const chip::ChipParams& chip,
                              const chip::PeCost& pe, int64_t batch);

// The largest number of binary cuts that splits the chip's tiles into equal groups (the power
// of two in tiles_x · tiles_y): 168 tiles → 3 cuts of groups of 21 tiles.
int max_plan_levels(const chip::ChipParams& chip);

// Arrays per group from tiles · PEs · arrays; geometry from the PE (array_weight_cols already
// counts bit slices, so one column per weight); mvm_cycles from the MVM interval in chip
// cycles (rounded up); links from the NoC's flit width and clock converted to chip cycles; the
// cuts from a bisection placement of the groups on the tile mesh. Throws core::InputError when
// `levels` does not divide the tiles evenly.
PlanHardware plan_hardware_from(const chip::ChipParams& chip, const chip::PeCost& pe,
                                const noc::NocParams& noc, int levels);

}  // namespace cimsim::mapper
