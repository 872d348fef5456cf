// The cost model against hand calculations (docs/parallelism.md, "Cost model").
#include <catch2/catch.hpp>

#include "mapper/parallel_plan.h"
#include "planner_fixtures.h"
#include "sim/core/errors.h"

using namespace cimsim::mapper;
namespace t = cimsim::mapper::test;

namespace {

// Two 3×3 convs on an 8×8 image: c0 4→16 channels, c1 16→32 channels, 8-bit activations.
PlanNetwork two_convs() {
  PlanNetwork net;
  net.name = "two_convs";
  net.layers.push_back(t::conv("c0", {kPlanInput}, 4, 16, 3, 1, 8));
  net.layers.push_back(t::conv("c1", {0}, 16, 32, 3, 1, 8));
  return net;
}

// 64×64 arrays, one column per weight, 8 cycles per vector, cut of 2 links × 16 B/cycle and
// 3 hops at level 0, 1 link and 1 hop at level 1.
PlanHardware hardware(int levels) {
  PlanHardware hw;
  hw.levels = levels;
  hw.arrays_per_group = 100;
  hw.array_rows = 64;
  hw.array_cols = 64;
  hw.cell_bits = 8;
  hw.mvm_cycles = 8;
  hw.link_bytes_per_cycle = 16;
  hw.hop_cycles = 1;
  hw.psum_bytes = 4;
  hw.cuts = {{2, 3}, {1, 1}};
  hw.cuts.resize(static_cast<size_t>(levels));
  return hw;
}

LevelCost cost_of(const LevelProblem& p, LevelChoice a, LevelChoice b) {
  return evaluate_level(p, {a, b}).total;
}

const LevelChoice kData{ParType::Data, Layout::Pixel};
const LevelChoice kModel{ParType::Model, Layout::Channel};
const LevelChoice kTensorP{ParType::Tensor, Layout::Pixel};
const LevelChoice kTensorC{ParType::Tensor, Layout::Channel};

}  // namespace

TEST_CASE("planner shapes: rows, vectors, tensors and halo of the toy convs", "[planner][cost]") {
  const PlanNetwork net = two_convs();
  CHECK(net.layers[0].rows == 36);            // 4·3·3
  CHECK(net.layers[1].rows == 144);           // 16·3·3
  CHECK(net.layers[1].vectors == 64);         // 8·8 output pixels
  CHECK(net.layers[0].out_elements == 1024);  // 16·8·8
  CHECK(net.layers[1].halo_elements == 128);  // one row of 8 pixels × 16 channels
  CHECK(window_halo_elements(7, 2, 224, 3) == int64_t{3} * 224 * 3);
  CHECK(window_halo_elements(2, 2, 56, 64) == 0);
}

TEST_CASE("planner cost of one cut equals the hand calculation", "[planner][cost]") {
  LevelProblem p = top_level_problem(two_convs(), hardware(1), Strategy::Hybrid);
  p.costs.levels_below = 0;
  REQUIRE(p.costs.cut_bytes_per_cycle == 32);
  REQUIRE(p.costs.latency_cycles == 3);

  // data → data: each half computes 32 of 64 pixels (32·8 = 256 cycles per layer); c1 needs one
  // halo row of c0's output: 8·16 = 128 B each way, ceil(128/32) + 3 = 7 cycles.
  LevelCost c = cost_of(p, kData, kData);
  CHECK(c.bytes == 128);
  CHECK(c.cycles == 256 + 256 + 7);
  CHECK(c.arrays == 2 * 1 + 2 * 3);  // two copies of 1 and of ceil(144/64) = 3 arrays

  // data → model: c1 needs all of c0's output, half of it is on the other side: 512 B,
  // 16 + 3 cycles; c1 computes all 64 pixels: 512 cycles.
  c = cost_of(p, kData, kModel);
  CHECK(c.bytes == 512);
  CHECK(c.cycles == 256 + 512 + 19);
  CHECK(c.arrays == 2 + 2 * 3);  // c1's 16-column halves still need 3 row tiles each

  // model → data: c1 needs all channels of its pixels: a quarter of c0's output (256 B) plus
  // half the halo (64 B): 320 B, 10 + 3 cycles.
  c = cost_of(p, kModel, kData);
  CHECK(c.bytes == 320);
  CHECK(c.cycles == 512 + 256 + 13);

  // tensor(channel) → tensor: c0 reduce-scatters 1024 partial sums of 4 B: 2048 B each way
  // (64 + 3 cycles); c1 finds its channels in place (0 B) and reduces 2048·4/2 = 4096 B
  // (128 + 3 cycles). Nothing gets faster: 512 + 512 compute cycles.
  c = cost_of(p, kTensorC, kTensorC);
  CHECK(c.bytes == 2048 + 4096);
  CHECK(c.cycles == 1024 + 67 + 131);
  CHECK(c.arrays == 2 * 1 + 2 * 2);  // c1 halves of 72 rows: 2 arrays each

  // tensor(pixel) → model: reduce 2048 B, then half of the reduced output 512 B.
  c = cost_of(p, kTensorP, kModel);
  CHECK(c.bytes == 2048 + 512);
  CHECK(c.cycles == 1024 + 67 + 19);

  // The optimum for both objectives is data → data.
  for (Objective obj : {Objective::Cycles, Objective::Bytes}) {
    const LevelSolution s = solve_level(p, obj);
    REQUIRE(s.feasible);
    CHECK(s.choices[0] == kData);
    CHECK(s.choices[1] == kData);
    CHECK(s.cost.cycles == 519);
    CHECK(s.cost.bytes == 128);
  }
}

TEST_CASE("planner plan over two cuts equals the hand calculation", "[planner][cost]") {
  const ParallelPlan plan = plan_parallelism(two_convs(), hardware(2));
  REQUIRE(plan.layers.size() == 2);
  for (const LayerPlan& l : plan.layers) {
    CHECK(l.types == std::vector<ParType>{ParType::Data, ParType::Data});
    CHECK(l.replication == 4);
  }
  // Level 0: one pair, 128 B each way. Level 1: each half (32 pixels per layer) cut again:
  // the same 128 B halo each way (ceil(128/16) + 1 = 9 cycles), in 2 pairs.
  CHECK(plan.layers[0].bytes_per_level == std::vector<int64_t>{256, 512});
  CHECK(plan.layers[1].bytes_per_level == std::vector<int64_t>{0, 0});
  CHECK(plan.bytes == 768);
  // Leaf groups compute 16 pixels: 16·8 = 128 cycles per layer.
  CHECK(plan.layers[0].compute_cycles == 128);
  CHECK(plan.layers[0].comm_cycles == 7 + 9);
  CHECK(plan.layers[1].cycles == 128);
  CHECK(plan.cycles == 128 + 16 + 128);
  CHECK(plan.layers[0].arrays_per_group == 1);
  CHECK(plan.layers[1].arrays_per_group == 3);
  CHECK(plan.arrays == 4 * 1 + 4 * 3);
  CHECK(plan.capacity_arrays == 400);
}

TEST_CASE("planner batch N: data splits images, with no halo", "[planner][cost]") {
  PlanNetwork net = two_convs();
  net.batch = 4;
  LevelProblem p = top_level_problem(net, hardware(1), Strategy::Hybrid);
  p.costs.levels_below = 0;
  const LevelCost c = evaluate_level(p, {kData, kData}).total;
  CHECK(c.bytes == 0);
  CHECK(c.cycles == int64_t{2} * (2 * 64 * 8));  // two images of 64 pixels per half and layer
  // model → model moves half of c0's output of four images: 4·1024/2 = 2048 B.
  CHECK(evaluate_level(p, {kModel, kModel}).total.bytes == 2048);
}

TEST_CASE("planner global pooling reduces partial sums instead of moving its input",
          "[planner][cost]") {
  // c0 (16×8×8 output, pixel-split) → global average pool → 16 values.
  PlanNetwork net;
  net.layers.push_back(t::conv("c0", {kPlanInput}, 4, 16, 3, 1, 8));
  PlanLayer gap = t::eltwise("gap", {0}, 16, 1);
  gap.in_elements = 1024;
  gap.global_pool = true;
  net.layers.push_back(gap);
  LevelProblem p = top_level_problem(net, hardware(1), Strategy::Hybrid);
  p.costs.levels_below = 0;
  // Channel split: a quarter of c0's output, 256 B. Pixel split of the pool: each half sums its
  // own 32 pixels and the halves reduce-scatter 16 sums of 4 B: 32 B.
  CHECK(evaluate_level(p, {kData, kModel}).total.bytes == 256);
  CHECK(evaluate_level(p, {kData, kTensorC}).total.bytes == 32);
  // Cycles: c0 pixel-split (256 cycles) + the pool's 32 B (1 + 3 cycles) beats a channel-split
  // c0 (512 cycles) feeding a channel-split pool for free. Bytes alone prefer the latter (0 B).
  const LevelSolution s = solve_level(p, Objective::Cycles);
  CHECK(s.choices[0] == kData);
  CHECK(s.choices[1] == kTensorC);
  CHECK(s.cost.bytes == 32);
  CHECK(s.cost.cycles == 256 + 4);
  CHECK(solve_level(p, Objective::Bytes).cost.bytes == 0);
  // With a batch the pool simply splits the images.
  net.batch = 2;
  p = top_level_problem(net, hardware(1), Strategy::Hybrid);
  CHECK(solve_level(p, Objective::Bytes).cost.bytes == 0);
}

TEST_CASE("planner rejects malformed input with the layer's name", "[planner][cost]") {
  PlanNetwork net = two_convs();
  net.layers[1].producers = {1};
  CHECK_THROWS_WITH(
      plan_parallelism(net, hardware(1)),
      "layers[1] (c1).producers: expected an earlier layer or -1 (network input), got 1");
  PlanHardware hw = hardware(2);
  hw.cuts.resize(1);
  CHECK_THROWS_WITH(plan_parallelism(two_convs(), hw),
                    "planner.cuts: expected one entry per level (2), got 1");
  CHECK_THROWS_WITH(parse_strategy("pipeline", "mapper.strategy"),
                    "mapper.strategy: expected hybrid, data, model or tensor, got 'pipeline'");
  CHECK(parse_strategy("tensor", "k") == Strategy::Tensor);
}
