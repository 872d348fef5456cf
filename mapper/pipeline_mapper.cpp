// mapping.parallelism = pipeline: whole layers on PE ranges in layer order, bottleneck layers
// replicated into spare PEs, weights reloaded in groups when the network exceeds the chip
// (mapper/mapping.h, docs/mapping.md).
#include "mapper/layer_split.h"
#include "mapper/mapper.h"

namespace cimsim::mapper {

namespace {

class PipelineMapper final : public Mapper {
 public:
  const char* name() const override { return "pipeline"; }
  // Layers larger than the whole chip run in parts over time (with reloads).
  workload::Network prepare(const workload::Network& net, const MapperTarget& t) const override {
    if (t.options.on_overflow != chip::Overflow::Reload) return net;
    return split_oversized_layers(net, t.chip, t.pe);
  }
  MapperResult map(const workload::Network& net, const MapperTarget& t) const override {
    MapperResult r;
    r.mapping = map_network(net, t.chip, t.pe, t.options);
    return r;
  }
};

}  // namespace

std::unique_ptr<Mapper> make_pipeline_mapper() { return std::make_unique<PipelineMapper>(); }

}  // namespace cimsim::mapper
