// mapping.parallelism = data | model | tensor | hybrid: the planner's binary partitions of the
// tiles (mapper/partition_mapping.h, docs/parallelism.md).
#include "mapper/layer_split.h"
#include "mapper/mapper.h"
#include "mapper/partition_mapping.h"

namespace cimsim::mapper {

namespace {

class PartitionedMapper final : public Mapper {
 public:
  explicit PartitionedMapper(Strategy s) : m_strategy(s) {}
  const char* name() const override { return strategy_name(m_strategy); }
  // Layers larger than the whole chip run in parts over time, as under pipeline (they only ever
  // map in reload groups, map_partitioned's last resort).
  workload::Network prepare(const workload::Network& net, const MapperTarget& t) const override {
    if (t.options.on_overflow != chip::Overflow::Reload) return net;
    return split_oversized_layers(net, t.chip, t.pe);
  }
  MapperResult map(const workload::Network& net, const MapperTarget& t) const override {
    PartitionedMapping pm =
        map_partitioned(net, t.chip, t.pe, t.noc, m_strategy, 1, t.options.on_overflow);
    MapperResult r;
    r.mapping = std::move(pm.mapping);
    r.levels = pm.levels;
    r.plan = std::move(pm.plan);
    return r;
  }

 private:
  Strategy m_strategy;
};

}  // namespace

std::unique_ptr<Mapper> make_partitioned_mapper(Strategy strategy) {
  return std::make_unique<PartitionedMapper>(strategy);
}

}  // namespace cimsim::mapper
