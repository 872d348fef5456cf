// mapping.parallelism = hybrid: a search over real mappings. The candidates are the pipeline
// mapping (whole layers, bottlenecks replicated: per layer the copies of data parallelism),
// the same with replication capped at 3/4, 1/2 and 1/4 of the PEs and without replicas, the
// planner's hybrid plan at every number of cuts that fits
// (per layer data / model / tensor at every cut), and the uniform data, model and tensor
// plans. Each is scored by the caller's estimate of the run (MapperTarget::score,
// mapping.objective) and the lowest wins, the pipeline mapping on ties: hybrid is never worse
// than any of them in the model (docs/parallelism.md §10).
#include <limits>

#include "mapper/layer_split.h"
#include "mapper/mapper.h"
#include "mapper/partition_mapping.h"
#include "mapper/plan_adapter.h"

namespace cimsim::mapper {

namespace {

class HybridMapper final : public Mapper {
 public:
  const char* name() const override { return "hybrid"; }
  workload::Network prepare(const workload::Network& net, const MapperTarget& t) const override {
    if (t.options.on_overflow != chip::Overflow::Reload) return net;
    return split_oversized_layers(net, t.chip, t.pe);
  }
  MapperResult map(const workload::Network& net, const MapperTarget& t) const override {
    if (!t.score) {  // no estimate of the run: the planner's own hybrid plan
      PartitionedMapping pm =
          map_partitioned(net, t.chip, t.pe, t.noc, Strategy::Hybrid, 1, t.options.on_overflow);
      MapperResult r;
      r.mapping = std::move(pm.mapping);
      r.levels = pm.levels;
      r.plan = std::move(pm.plan);
      r.chosen = "hybrid plan";
      return r;
    }
    MapperResult best;
    double best_score = std::numeric_limits<double>::infinity();
    std::vector<MapperCandidate> all;
    auto consider = [&](std::string name, Mapping m, int levels, ParallelPlan plan) {
      const double s = (*t.score)(net, m);
      all.push_back(MapperCandidate{name, levels, s});
      if (s < best_score) {
        best_score = s;
        best.mapping = std::move(m);
        best.levels = levels;
        best.plan = std::move(plan);
        best.chosen = std::move(name);
      }
    };
    // The pipeline mapping (the first: it wins ties), with and without replicas.
    consider("pipeline", map_network(net, t.chip, t.pe, t.options), 0, ParallelPlan{});
    if (t.options.replicate) {
      // Fewer replicas: less fan-out on the NoC and a shorter fill, at a longer interval.
      const int64_t pes = t.chip.tiles() * t.chip.tile.pes;
      for (int quarters = 3; quarters >= 1; --quarters)
        consider("pipeline, replicas on " + std::to_string(quarters) + "/4 of the PEs",
                 map_network(net, t.chip, t.pe, t.options, pes * quarters / 4), 0, ParallelPlan{});
      chip::MappingOptions plain = t.options;
      plain.replicate = false;
      consider("pipeline (no replicas)", map_network(net, t.chip, t.pe, plain), 0, ParallelPlan{});
    }
    // The planner's hybrid plan at every number of cuts that fits, then the uniform plans at
    // the most cuts that fit.
    PartitionedMapping pm;
    for (int levels = 1; levels <= max_plan_levels(t.chip); ++levels)
      if (map_partitioned_at(net, t.chip, t.pe, t.noc, Strategy::Hybrid, 1, levels, pm, nullptr))
        consider("hybrid plan, " + std::to_string(levels) + " cuts", std::move(pm.mapping), levels,
                 std::move(pm.plan));
    for (Strategy s : {Strategy::Data, Strategy::Model, Strategy::Tensor})
      for (int levels = max_plan_levels(t.chip); levels >= 1; --levels)
        if (map_partitioned_at(net, t.chip, t.pe, t.noc, s, 1, levels, pm, nullptr)) {
          consider(std::string(strategy_name(s)) + ", " + std::to_string(levels) + " cuts",
                   std::move(pm.mapping), levels, std::move(pm.plan));
          break;
        }
    best.candidates = std::move(all);
    return best;
  }
};

}  // namespace

std::unique_ptr<Mapper> make_hybrid_mapper() { return std::make_unique<HybridMapper>(); }

}  // namespace cimsim::mapper
