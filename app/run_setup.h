#pragma once
// What `run` and `map` share: loading the config and the network, the PE cost, the mapping
// (computed or read with --mapping) and the results folder name.
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "app/cli_common.h"
#include "mapper/mapper.h"
#include "mapper/mapping.h"
#include "mapper/parallel_plan.h"
#include "sim/arch/pe_cost.h"
#include "sim/chip/chip_config.h"
#include "sim/chip/plan_estimate.h"
#include "sim/chip/stage_plan.h"
#include "sim/workload/network.h"

namespace cimsim::app {

struct RunInputs {
  std::string net;          // --net NAME|FILE
  std::string mapping;      // --mapping FILE
  std::string parallelism;  // --parallelism pipeline|data|model|tensor|hybrid (overrides
                            // mapping.parallelism)
  std::string workloads;    // --workloads DIR
  int64_t images = 2;       // images of the run the estimate is for (cimsim run --images)
};

void add_run_input_options(boost::program_options::options_description& desc, RunInputs& in);

struct RunSetup {
  chip::ChipConfig cfg;
  workload::Network net;
  chip::PeCost pe;
  mapper::Mapping mapping;
  std::string mapping_yaml;
  chip::Plan plan;
  int levels = 0;                      // binary cuts of a partitioned mapping (0 for pipeline)
  mapper::ParallelPlan plan_estimate;  // the planner's plan (partitioned mappings only)
  // The closed-form estimate of the run of this mapping (sim/chip/plan_estimate.h), and for
  // hybrid the candidates it chose from.
  chip::PlanEstimate estimate;
  double leakage_mW = 0;  // the chip's static power the estimate charges
  std::vector<mapper::MapperCandidate> candidates;
  std::string chosen;
  std::string run_name;             // <chip>-<net>
  std::string out_dir;              // --out or results/<run_name> (one safe component)
  std::vector<std::string> inputs;  // files the run reads: --out must not hold them
};

RunSetup prepare_run(const CommonOptions& opts, const RunInputs& in);
// Per-layer precision from the config (`quantization`), skipped input planes
// (chip.sparsity.input_zero_skipping), and the checks that the PE can run each layer's precision
// (issue 14). Called by prepare_run after the network and the PE are known.
void apply_codesign(RunSetup& s);

}  // namespace cimsim::app
