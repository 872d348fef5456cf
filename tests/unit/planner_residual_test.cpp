// Residual blocks: a layer with two consumers sends the union of what they need (once), a layer
// with two producers pays the transition from each, and nothing before the fork is counted twice.
#include <catch2/catch.hpp>

#include "mapper/parallel_plan.h"
#include "planner_fixtures.h"

using namespace cimsim::mapper;
namespace t = cimsim::mapper::test;

namespace {

// a: 1×1 conv 8→16 on 8×8; b, c: 3×3 convs 16→16; add(c, a). All tensors 16·64 = 1024 elements.
PlanNetwork residual_block() {
  PlanNetwork net;
  net.name = "residual_block";
  net.layers.push_back(t::conv("a", {kPlanInput}, 8, 16, 1, 1, 8));
  net.layers.push_back(t::conv("b", {0}, 16, 16, 3, 1, 8));
  net.layers.push_back(t::conv("c", {1}, 16, 16, 3, 1, 8));
  net.layers.push_back(t::eltwise("add", {2, 0}, 16, 8));
  return net;
}

PlanHardware one_cut() {
  PlanHardware hw;
  hw.levels = 1;
  hw.arrays_per_group = 64;
  hw.array_rows = 64;
  hw.array_cols = 64;
  hw.cell_bits = 8;
  hw.mvm_cycles = 8;
  hw.link_bytes_per_cycle = 32;
  hw.hop_cycles = 3;
  hw.cuts = {{1, 1}};  // 32 B/cycle, 3 cycles latency per transfer
  return hw;
}

const LevelChoice kData{ParType::Data, Layout::Pixel};
const LevelChoice kModel{ParType::Model, Layout::Channel};

}  // namespace

TEST_CASE("planner residual block: hand-derived cost of a mixed assignment",
          "[planner][residual]") {
  const LevelProblem p = top_level_problem(residual_block(), one_cut(), Strategy::Hybrid);
  // a data (pixels), b model (needs all of a), c data, add model (channels).
  const LevelEvaluation ev = evaluate_level(p, {kData, kModel, kData, kModel});
  // a's output goes to b (the other half of it: 1024/2 = 512 B) and to add (its channels of the
  // other pixels: 1024/4 = 256 B). Those 256 B are inside the 512 B already sent: a sends 512 B,
  // not 768.
  CHECK(ev.layers[0].send_bytes == 512);
  // b (channel split) → c (pixel split with a one-row halo of 8·16 = 128 elements):
  // a quarter of b's output plus half the halo: 256 + 64.
  CHECK(ev.layers[1].send_bytes == 320);
  // c (pixels) → add (channels): a quarter, 256 B. add is the output: sends nothing.
  CHECK(ev.layers[2].send_bytes == 256);
  CHECK(ev.layers[3].send_bytes == 0);
  CHECK(ev.total.bytes == 512 + 320 + 256);
  // Cycles: compute a 32·8, b 64·8, c 32·8, add 0; transfers ceil(B/32) + 3.
  CHECK(ev.total.cycles == 256 + 512 + 256 + (16 + 3) + (10 + 3) + (8 + 3));
}

TEST_CASE("planner residual block: the optimum is counted once", "[planner][residual]") {
  const LevelProblem p = top_level_problem(residual_block(), one_cut(), Strategy::Hybrid);
  // All pixel-split: a sends one halo row to b (128 B; add needs nothing more of a), b one
  // row to c, c nothing to add. Compute 3·256 cycles, transfers 2·(4 + 3). Nothing is cheaper:
  // every other way for b or c to get its input moves at least a quarter (256 B) or reduces.
  for (Objective obj : {Objective::Cycles, Objective::Bytes}) {
    const LevelSolution dp = solve_level(p, obj);
    const LevelSolution bf = brute_force_level(p, obj);
    REQUIRE(dp.feasible);
    CHECK(dp.cost.bytes == 256);
    CHECK(dp.cost.cycles == 782);
    CHECK(bf.cost.bytes == 256);
    CHECK(bf.cost.cycles == 782);
    for (const LevelChoice& c : dp.choices) CHECK(c == kData);
  }
  const ParallelPlan plan = plan_parallelism(residual_block(), one_cut());
  CHECK(plan.bytes == int64_t{2} * 256);  // both directions
  CHECK(plan.cycles == 782);
  CHECK(plan.layers[0].bytes_per_level[0] == 256);
  CHECK(plan.layers[2].bytes_per_level[0] == 0);
}

TEST_CASE("planner residual block: forced branch types pay each edge once", "[planner][residual]") {
  // Force b to model and the add to channels through the masks: the DP must then find the
  // mixed assignment's cost (a's 512 B sent once), the same as the brute force.
  LevelProblem p = top_level_problem(residual_block(), one_cut(), Strategy::Hybrid);
  p.allowed[1] = type_bit(ParType::Model);
  p.layers[3].vectors = 1;  // one pixel per image: the add can only split channels
  p.layers[3].out_per_image = 1024;
  const LevelSolution dp = solve_level(p, Objective::Bytes);
  const LevelSolution bf = brute_force_level(p, Objective::Bytes);
  REQUIRE(dp.feasible);
  CHECK(dp.cost.bytes == bf.cost.bytes);
  CHECK(dp.cost.cycles == bf.cost.cycles);
  CHECK(dp.choices[1] == kModel);
  CHECK(dp.choices[3] == kModel);
  // a: data → b needs 512, add 256 (union 512); or a: model (channels) → b 512, add 0.
  // Either way a sends 512; c then goes where the add is cheapest.
  CHECK(evaluate_level(p, dp.choices).layers[0].send_bytes == 512);
}
