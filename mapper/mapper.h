#pragma once
// The mapper interface: a mapping strategy turns a network and the hardware into a Mapping
// (which PEs hold which layer). One implementation per strategy, chosen by make_mapper from
// mapping.parallelism:
//   pipeline                      whole layers on PE ranges, replicated into spare PEs
//                                 (pipeline_mapper.cpp, mapper/mapping.h)
//   data | model | tensor | hybrid  the planner's binary partitions of the tiles
//                                 (partitioned_mapper.cpp, mapper/partition_mapping.h)
// Adding a strategy (docs/architecture.md): one file implementing Mapper, one line in
// make_mapper (mapper.cpp) and its name in mapping.parallelism's schema (sim/arch/chip_params.cpp).
#include <memory>
#include <string>

#include "mapper/mapping.h"
#include "mapper/parallel_plan.h"
#include "sim/arch/chip_params.h"
#include "sim/arch/pe_cost.h"
#include "sim/noc/noc_params.h"
#include "sim/workload/network.h"

namespace cimsim::mapper {

// The hardware a mapper places on.
struct MapperTarget {
  const chip::ChipParams& chip;
  const chip::PeCost& pe;
  const noc::NocParams& noc;
  const chip::MappingOptions& options;
};

struct MapperResult {
  Mapping mapping;
  int levels = 0;     // binary cuts of a partitioned mapping (0 for pipeline)
  ParallelPlan plan;  // the planner's plan (partitioned mappings only)
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

}  // namespace cimsim::mapper
