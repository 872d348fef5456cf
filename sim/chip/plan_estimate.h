#pragma once
// A closed-form estimate of the chip run of a stage plan: the steady-state interval per image
// and the first image's latency, from the same per-vector cycles the run charges (the stage
// plan, built with mapper/layer_cost.h), the load on every shared resource (each replica's
// arrays, each tile's buffer ports and digital units, each NoC link on the topology's own
// routes) and a pipelined fill. Used to choose among mapping candidates (mapping.parallelism =
// hybrid, mapping.objective) and printed next to the simulated figures (cimsim map --run,
// docs/parallelism.md §10). It does not model queueing beyond the busiest resource, nor DRAM
// bandwidth; weight reloads are charged at the DRAM's bandwidth.
#include <cstdint>
#include <string>

#include "mapper/mapping.h"
#include "sim/arch/chip_params.h"
#include "sim/chip/stage_plan.h"
#include "sim/noc/noc_params.h"

namespace cimsim::chip {

struct PlanEstimate {
  int64_t interval_cycles = 0;   // [chip cycles] per image in the steady state
  int64_t latency_cycles = 0;    // [chip cycles] the first image, start to last output
  double noc_energy_pJ = 0;      // [pJ] per image: flits over routers and links
  double leakage_energy_pJ = 0;  // [pJ] per image: the chip's leakage over one interval
  std::string bottleneck;        // the resource that sets the interval
  double energy_pJ() const { return noc_energy_pJ + leakage_energy_pJ; }
};

// `leakage_mW`: the chip's static power (0: not counted).
PlanEstimate estimate_plan(const Plan& plan, const mapper::Mapping& mapping, const ChipParams& chip,
                           const noc::NocParams& noc, double leakage_mW);

// The figure mapping.objective minimises (lower is better): the interval (throughput), the
// latency, the energy per image, or energy × latency (edp).
double objective_value(const PlanEstimate& e, MapObjective objective);

}  // namespace cimsim::chip
