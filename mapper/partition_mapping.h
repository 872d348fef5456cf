#pragma once
// A partitioned mapping (mapping.parallelism = data|model|tensor|hybrid): the planner
// (mapper/parallel_plan.h) chooses, per layer and per level of a binary split of the chip's
// tiles, whether the two halves hold copies of the layer (data), its column halves (model) or
// its row halves (tensor); this file turns that plan into PE ranges on the placed tile groups,
// which the chip run then simulates (docs/parallelism.md).
#include <cstdint>
#include <string>

#include "mapper/mapping.h"
#include "mapper/parallel_plan.h"
#include "sim/noc/noc_params.h"

namespace cimsim::mapper {

struct PartitionedMapping {
  Mapping mapping;
  ParallelPlan plan;
  int levels = 0;  // binary cuts actually used
};

// Plans with `strategy` at the most levels the chip's tiles allow, and at fewer when the slices
// do not fit their groups' PEs (a PE holds one slice); levels = 0 is the unsplit network, one
// copy of each layer. When not even that fits: one copy of each layer in reload groups (as
// pipeline, without replicas; the plan is then empty), or core::InputError when `on_overflow`
// is refuse.
PartitionedMapping map_partitioned(const workload::Network& net, const chip::ChipParams& chip,
                                   const chip::PeCost& pe, const noc::NocParams& noc,
                                   Strategy strategy, int64_t batch,
                                   chip::Overflow on_overflow = chip::Overflow::Reload);

// Plans with `strategy` at exactly `levels` cuts and realizes the plan; false (and *why, when
// given, says why) when the weights do not fit at that many cuts.
bool map_partitioned_at(const workload::Network& net, const chip::ChipParams& chip,
                        const chip::PeCost& pe, const noc::NocParams& noc, Strategy strategy,
                        int64_t batch, int levels, PartitionedMapping& out, std::string* why);

// Realizes a plan on `levels` cuts (exposed for tests); false when a group runs out of PEs.
bool realize_plan(const workload::Network& net, const chip::ChipParams& chip,
                  const chip::PeCost& pe, const ParallelPlan& plan, int levels, Mapping& out);

}  // namespace cimsim::mapper
