#pragma once
// The mapper interface: a mapping strategy turns a network and the hardware into a Mapping
// (which PEs hold which layer). One implementation per strategy, chosen by make_mapper from
// mapping.parallelism:
//   pipeline                      whole layers on PE ranges, replicated into spare PEs
//                                 (pipeline_mapper.cpp, mapper/mapping.h)
//   data | model | tensor         the planner's binary partitions of the tiles
//                                 (partitioned_mapper.cpp, mapper/partition_mapping.h)
//   hybrid                        the best, for mapping.objective, of the pipeline mapping and
//                                 the planner's partitions (hybrid_mapper.cpp)
// Adding a strategy (docs/architecture.md): one file implementing Mapper, one line in
// make_mapper (mapper.cpp) and its name in mapping.parallelism's schema (sim/arch/chip_params.cpp).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "mapper/mapping.h"
#include "mapper/parallel_plan.h"
#include "sim/arch/chip_params.h"
#include "sim/arch/pe_cost.h"
#include "sim/noc/noc_params.h"
#include "sim/workload/network.h"

namespace cimsim::mapper {

// Scores a candidate mapping of a network for mapping.objective (lower is better). The caller
// that can build the run's stage plan supplies it (app/run_setup.cpp, with
// sim/chip/plan_estimate.h), so the mapper stays free of the chip run.
using MappingScore = std::function<double(const workload::Network&, const Mapping&)>;

// The hardware a mapper places on.
struct MapperTarget {
  const chip::ChipParams& chip;
  const chip::PeCost& pe;
  const noc::NocParams& noc;
  const chip::MappingOptions& options;
  const MappingScore* score = nullptr;  // hybrid: without it, the planner's own hybrid plan
};

// One mapping hybrid considered, with its score (lower is better).
struct MapperCandidate {
  std::string name;  // "pipeline", "pipeline (no replicas)", "hybrid plan, 4 cuts", "data", ...
  int levels = 0;
  double score = 0;
};

struct MapperResult {
  Mapping mapping;
  int levels = 0;     // binary cuts of a partitioned mapping (0 for pipeline)
  ParallelPlan plan;  // the planner's plan (partitioned mappings only)
  // hybrid with a score: every candidate, and the one chosen (the first of the lowest score).
  std::vector<MapperCandidate> candidates;
  std::string chosen;
};

class Mapper {
 public:
  virtual ~Mapper() = default;
  virtual const char* name() const = 0;
  // The network this strategy maps, from the one read (e.g. the pipeline mapper splits layers
  // larger than the whole chip into parts run over time). Also applied before a saved mapping
  // (--mapping) is read, so it matches what the strategy would have mapped.
  virtual workload::Network prepare(const workload::Network& net, const MapperTarget& t) const {
    (void)t;
    return net;
  }
  // Maps the prepared network. Throws core::InputError when it cannot.
  virtual MapperResult map(const workload::Network& net, const MapperTarget& t) const = 0;
};

// The factory: `parallelism` is mapping.parallelism ("pipeline", "data", "model", "tensor",
// "hybrid"); an unknown name throws core::InputError naming `key`.
std::unique_ptr<Mapper> make_mapper(const std::string& parallelism, const std::string& key);

// The strategies (one file each).
std::unique_ptr<Mapper> make_pipeline_mapper();                      // pipeline_mapper.cpp
std::unique_ptr<Mapper> make_partitioned_mapper(Strategy strategy);  // partitioned_mapper.cpp
std::unique_ptr<Mapper> make_hybrid_mapper();                        // hybrid_mapper.cpp

}  // namespace cimsim::mapper
