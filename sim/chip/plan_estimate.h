#pragma once
// A closed-form estimate of the chip run of a stage plan: the steady-state interval per image
// and the first image's latency, from the same per-vector cycles the run charges (the stage
// plan, built with mapper/layer_cost.h), the load on every shared resource (each replica's
// arrays, each tile's buffer ports and digital units, each NoC link on the topology's own
// routes) and a pipelined fill. Used to choose among mapping candidates (mapping.parallelism =
// hybrid, mapping.objective) and printed next to the simulated figures (cimsim map --run,
// docs/parallelism.md §10). It does not model queueing beyond the busiest resource; the DRAM
// channel is a resource (the network input and output per image at its bandwidth). With reload
// groups it estimates the run of `images` images as the run executes it: per group the weights
// at the DRAM's bandwidth, the tensors crossing into it written and read back, its fill and
// (images − 1) intervals; the interval is then the run time per image, as the report's.
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
  int64_t images = 2;            // images of the run estimated (matters with reload groups)
  double energy_pJ() const { return noc_energy_pJ + leakage_energy_pJ; }
};

// `leakage_mW`: the chip's static power (0: not counted); `images`: of the run (cimsim run's
// default 2).
PlanEstimate estimate_plan(const Plan& plan, const mapper::Mapping& mapping, const ChipParams& chip,
                           const noc::NocParams& noc, double leakage_mW, int64_t images = 2);

// The figure mapping.objective minimises (lower is better): the interval (throughput), the
// latency, the energy per image, or energy × latency (edp).
double objective_value(const PlanEstimate& e, MapObjective objective);

}  // namespace cimsim::chip
