#include "mapper/partition_mapping.h"

#include <algorithm>
#include <stdexcept>

#include "mapper/layer_cost.h"
#include "mapper/placement.h"
#include "mapper/plan_adapter.h"
#include "sim/core/errors.h"
#include "sim/core/int_math.h"

namespace cimsim::mapper {

using core::ceil_div;

bool realize_plan(const workload::Network& net, const chip::ChipParams& chip,
                  const chip::PeCost& pe, const ParallelPlan& plan, int levels, Mapping& m) {
  m = Mapping{};
  m.network = net.name;
  m.chip = chip.name;
  m.tiles = chip.tiles();
  m.pes_per_tile = chip.tile.pes;
  m.tile_order = snake_order(chip.tiles_x, chip.tiles_y);
  std::vector<int64_t> pos_of_tile(m.tiles);
  for (size_t i = 0; i < m.tile_order.size(); ++i)
    pos_of_tile[m.tile_order[i]] = static_cast<int64_t>(i);

  // Free PEs of each leaf group, ascending (PE ids run along the snake order).
  const MeshPlacement place =
      place_groups(chip.tiles_x, chip.tiles_y, levels, PlacementPolicy::Bisection);
  const int64_t groups = static_cast<int64_t>(place.groups.size());
  std::vector<std::vector<int64_t>> free_pes(groups);
  std::vector<size_t> cursor(groups, 0);
  for (int64_t g = 0; g < groups; ++g) {
    for (const Tile& t : place.groups[g])
      for (int64_t k = 0; k < m.pes_per_tile; ++k)
        free_pes[g].push_back(pos_of_tile[t.y * chip.tiles_x + t.x] * m.pes_per_tile + k);
    std::sort(free_pes[g].begin(), free_pes[g].end());
  }

  for (size_t i = 0; i < net.layers.size(); ++i) {
    const workload::Layer& l = net.layers[i];
    LayerMap lm;
    lm.layer = static_cast<int>(i);
    lm.name = l.name;
    lm.kind = stage_kind_of(l);
    if (lm.kind == StageKind::Matrix) {
      const std::vector<ParType>& types = plan.layers[i].types;
      for (ParType t : types) lm.partition.push_back(par_type_name(t));
      const SliceBlocks whole = slice_blocks(l.rows, l.cols, l.groups, pe);
      lm.row_blocks = whole.row_blocks;
      lm.col_blocks = whole.col_blocks;
      lm.arrays_per_replica = whole.arrays;
      lm.pes_per_replica = whole.pes;
      int n_data = 0, n_model = 0, n_tensor = 0;
      for (ParType t : types)
        (t == ParType::Data ? n_data : t == ParType::Model ? n_model : n_tensor)++;
      // The slice the planner counted (mapper/layer_cost.h: the same halving and packing).
      const SliceShape sh = halve_slice(l.rows, l.cols, l.groups, n_tensor, n_model);
      const SliceBlocks sb = slice_blocks(sh.rows, sh.cols, sh.groups, pe);
      const int64_t sgroups = sh.groups, scols = sh.cols;
      const int64_t sarrays = sb.arrays, spes = sb.pes;
      lm.replicas.assign(int64_t{1} << n_data, Replica{});
      for (int64_t g = 0; g < groups; ++g) {
        int64_t replica = 0;  // the group's bits at the data levels
        for (int j = 0; j < levels; ++j)
          if (types[j] == ParType::Data) replica = replica * 2 + ((g >> (levels - 1 - j)) & 1);
        if (cursor[g] + static_cast<size_t>(spes) > free_pes[g].size()) return false;
        // Runs of consecutive PE ids become ranges; arrays fill PEs in order.
        int64_t arrays_left = sarrays;
        for (int64_t k = 0; k < spes;) {
          const int64_t first = free_pes[g][cursor[g] + k];
          int64_t run = 1;
          while (k + run < spes && free_pes[g][cursor[g] + k + run] == first + run) ++run;
          const int64_t arrays = std::min(arrays_left, run * pe.arrays_per_pe);
          arrays_left -= arrays;
          const int64_t cols = ceil_div(scols * sgroups * arrays, sarrays);
          lm.replicas[replica].ranges.push_back(PeRange{first, run, arrays, cols});
          k += run;
        }
        cursor[g] += static_cast<size_t>(spes);
      }
      // Home ranges (where partial sums meet and outputs leave, and where the digital layers
      // behind the layer run) rotate with the layer index, so the layers of a split network do
      // not all gather at the first group's first tile.
      for (Replica& r : lm.replicas)
        std::rotate(r.ranges.begin(),
                    r.ranges.begin() + static_cast<std::ptrdiff_t>(i % r.ranges.size()),
                    r.ranges.end());
    }
    m.layers.push_back(lm);
  }
  place_digital_layers(m, net);
  return true;
}

bool map_partitioned_at(const workload::Network& net, const chip::ChipParams& chip,
                        const chip::PeCost& pe, const noc::NocParams& noc, Strategy strategy,
                        int64_t batch, int levels, PartitionedMapping& out, std::string* why) {
  try {
    PlanOptions opts;
    opts.strategy = strategy;
    out.plan = plan_parallelism(plan_network_from(net, chip, pe, batch),
                                plan_hardware_from(chip, pe, noc, levels), opts);
  } catch (const core::InputError& e) {
    if (why) *why = e.what();
    return false;
  }
  // The planner counts slices in whole PEs with the realizer's packing (mapper/layer_cost.h),
  // so a plan that fits is always realized.
  if (!realize_plan(net, chip, pe, out.plan, levels, out.mapping))
    throw std::logic_error("partitioned mapping of '" + net.name + "': the planner's plan at " +
                           std::to_string(levels) + " cuts does not fit its tile groups");
  out.levels = levels;
  return true;
}

PartitionedMapping map_partitioned(const workload::Network& net, const chip::ChipParams& chip,
                                   const chip::PeCost& pe, const noc::NocParams& noc,
                                   Strategy strategy, int64_t batch, chip::Overflow on_overflow) {
  PartitionedMapping out;
  std::string why;
  for (int levels = max_plan_levels(chip); levels >= 0; --levels)
    if (map_partitioned_at(net, chip, pe, noc, strategy, batch, levels, out, &why)) return out;
  // Not even one copy of every layer fits the chip: one copy per layer in reload groups, as
  // pipeline does (without its replicas), so every strategy runs every network.
  if (on_overflow == chip::Overflow::Refuse)
    throw core::InputError("network '" + net.name + "' cannot be mapped with parallelism " +
                           strategy_name(strategy) + " on chip '" + chip.name + "': " + why +
                           " (mapping.on_overflow = refuse; set it to reload to run layer groups "
                           "in turn with weights reloaded from DRAM)");
  chip::MappingOptions opts;
  opts.replicate = false;
  opts.on_overflow = chip::Overflow::Reload;
  out.mapping = map_network(net, chip, pe, opts);
  out.plan = ParallelPlan{};
  out.levels = 0;
  return out;
}

}  // namespace cimsim::mapper
