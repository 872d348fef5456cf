// The one cost model of mapper/layer_cost.h: one packing rule for the pipeline mapper, the
// planner and the realizer, and the per-vector cycles the run charges, balanced by replication.
#include <catch2/catch.hpp>

#include "mapper/layer_cost.h"
#include "mapper/mapper.h"
#include "mapper/partition_mapping.h"
#include "mapper/plan_adapter.h"
#include "mapper/plan_level.h"
#include "sim/chip/chip_config.h"
#include "sim/chip/stage_plan.h"
#include "sim/pe/pe_cost_from.h"
#include "sim/workload/network.h"

using namespace cimsim;

namespace {
chip::PeCost pe_128x32x8() {
  chip::PeCost pe;
  pe.array_rows = 128;
  pe.array_weight_cols = 32;
  pe.arrays_per_pe = 8;
  pe.mvm_ns = 10;
  return pe;
}
struct Bundled {
  chip::ChipConfig cfg;
  chip::PeCost pe;
  explicit Bundled(const char* name)
      : cfg(chip::load_chip_config(std::string(CIMSIM_SOURCE_DIR) + "/configs/" + name + ".yaml")),
        pe(pe::pe_cost_from(cfg.pe)) {}
};
workload::Network bundled_net(const char* name) {
  return workload::load_network(name, std::string(CIMSIM_SOURCE_DIR) + "/workloads");
}
}  // namespace

TEST_CASE("layer cost: one packing rule, hand-derived", "[mapper][cost]") {
  const chip::PeCost pe = pe_128x32x8();
  // 300 rows x 70 columns x 3 groups: ceil(300/128) = 3 row blocks of 100 rows, ceil(70/32) = 3
  // column blocks, 3 x 3 x 3 = 27 arrays on ceil(27/8) = 4 PEs.
  const mapper::SliceBlocks b = mapper::slice_blocks(300, 70, 3, pe);
  CHECK(b.row_blocks == 3);
  CHECK(b.col_blocks == 3);
  CHECK(b.arrays == 27);
  CHECK(b.pes == 4);
  CHECK(b.rows_used == 100);
  // Small groups are not packed diagonally: 32 groups of 9 x 1 weights take 32 arrays, 4 PEs.
  CHECK(mapper::slice_blocks(9, 1, 32, pe).arrays == 32);
  // The planner counts the same slice in whole PEs: 4 PEs x 8 arrays.
  CHECK(mapper::slice_arrays(300, 70, 3, 1, 128, 32, 8) == 32);
  CHECK(mapper::slice_arrays(9, 1, 32, 1, 128, 32, 1) == 32);
  // Two tensor halvings: 300 -> 150 -> 75 rows; three model halvings: groups 3 -> 2 -> 1, then
  // the columns of the last group 70 -> 35.
  const mapper::SliceShape s = mapper::halve_slice(300, 70, 3, 2, 3);
  CHECK(s.rows == 75);
  CHECK(s.groups == 1);
  CHECK(s.cols == 35);
}

TEST_CASE("layer cost: replication balances the cycles the run charges", "[mapper][cost]") {
  for (const char* chip_name : {"isscc28nm", "isaac32nm"}) {
    const Bundled b(chip_name);
    const workload::Network net = bundled_net("resnet18");
    const mapper::Mapping m = mapper::map_network(net, b.cfg.chip, b.pe, b.cfg.mapping);
    const chip::Plan plan = chip::build_plan(net, m, b.cfg.chip, b.pe);
    for (const chip::Stage& st : plan.stages) {
      if (st.kind != mapper::StageKind::Matrix) continue;
      INFO(chip_name << " " << st.name);
      CHECK(mapper::matrix_vector_cycles(net.layers[st.layer], b.cfg.chip, b.pe) ==
            st.in_cycles + st.mvm_interval_cycles);
    }
    if (std::string(chip_name) == "isscc28nm") {
      // conv1's 147 rows take 5 passes of the digital macro (55 cycles) plus a 6-cycle read,
      // not the full 512-row 176 cycles the replication used to balance.
      CHECK(mapper::matrix_vector_cycles(net.layers[net.find("conv1")], b.cfg.chip, b.pe) == 61);
    }
  }
}

TEST_CASE("layer cost: every plan the planner accepts is realized (no retry)", "[mapper][cost]") {
  // The planner's footprints and the realizer's PE ranges use the same slices and packing, so
  // map_partitioned_at never finds a plan that does not fit its groups (it would throw
  // std::logic_error).
  for (const char* chip_name : {"isscc28nm", "isaac32nm"}) {
    const Bundled b(chip_name);
    for (const char* net_name : {"resnet18", "vgg8", "mobilenet_v2"}) {
      const workload::Network net = bundled_net(net_name);
      int fitted = 0;
      for (mapper::Strategy s : {mapper::Strategy::Hybrid, mapper::Strategy::Data,
                                 mapper::Strategy::Model, mapper::Strategy::Tensor})
        for (int levels = 0; levels <= mapper::max_plan_levels(b.cfg.chip); ++levels) {
          INFO(chip_name << " " << net_name << " " << mapper::strategy_name(s) << " " << levels);
          mapper::PartitionedMapping pm;
          bool ok = false;
          REQUIRE_NOTHROW(ok = mapper::map_partitioned_at(net, b.cfg.chip, b.pe, b.cfg.noc, s, 1,
                                                          levels, pm, nullptr));
          if (!ok) continue;
          ++fitted;
          // Every leaf group's PEs hold at most its share.
          std::vector<int64_t> used(static_cast<size_t>(pm.mapping.total_pes()), 0);
          for (const mapper::LayerMap& lm : pm.mapping.layers)
            for (const mapper::Replica& r : lm.replicas)
              for (const mapper::PeRange& pr : r.ranges)
                for (int64_t p = pr.first_pe; p < pr.first_pe + pr.pes; ++p)
                  CHECK(++used[static_cast<size_t>(p)] == 1);
        }
      if (std::string(net_name) != "mobilenet_v2") CHECK(fitted > 0);
    }
  }
}
