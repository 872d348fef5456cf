// The per-cut dynamic programme is exact: on random chains and DAGs of up to 8 layers its cost
// equals the best of all assignments found by exhaustive search, with and without a binding
// array capacity, for both objectives, with slices counted in whole PEs and per-layer vector
// cycles (the cost model of mapper/layer_cost.h).
#include <catch2/catch.hpp>

#include "mapper/plan_level.h"
#include "planner_fixtures.h"

using namespace cimsim::mapper;
using cimsim::mapper::test::uniform;

namespace {

LevelProblem random_problem(std::mt19937_64& rng, int n, bool residual_only) {
  LevelProblem p;
  p.costs.mvm_cycles = uniform(rng, 1, 20);
  p.costs.cut_bytes_per_cycle = uniform(rng, 1, 64);
  p.costs.latency_cycles = uniform(rng, 0, 10);
  p.costs.psum_bytes = uniform(rng, 2, 4);
  p.costs.array_rows = 64;
  p.costs.array_cols = 64;
  p.costs.levels_below = uniform(rng, 0, 2);
  p.costs.array_price = uniform(rng, 0, 2) == 0 ? uniform(rng, 1, 50000) : 0;
  // Slices in whole PEs (mapper/layer_cost.h) and per-layer vector cycles, as the adapter sets.
  p.costs.arrays_per_pe = uniform(rng, 0, 1) ? uniform(rng, 2, 8) : 1;
  const int64_t images = uniform(rng, 0, 3) == 0 ? uniform(rng, 2, 3) : 1;
  for (int i = 0; i < n; ++i) {
    LevelLayer l;
    l.name = "l" + std::to_string(i);
    const int64_t r = uniform(rng, 0, 9);
    l.kind =
        r < 6 ? LevelKind::Matrix : (r < 9 || i == 0 ? LevelKind::Elementwise : LevelKind::Flatten);
    l.producers = {i - 1};
    if (i >= 2 && uniform(rng, 0, 2) == 0) {
      // A second producer: a residual add from an earlier layer (or, for a general DAG, the
      // network input or any earlier layer).
      const int j = residual_only ? static_cast<int>(uniform(rng, 0, i - 2))
                                  : static_cast<int>(uniform(rng, -1, i - 2));
      l.producers.push_back(j);
      l.kind = LevelKind::Elementwise;
    }
    l.images = images;
    l.vectors = uniform(rng, 1, 64);
    l.out_per_image = uniform(rng, 1, 5000);
    l.halo_per_image = uniform(rng, 0, 1) ? uniform(rng, 0, 300) : 0;
    l.act_bytes = uniform(rng, 1, 2);
    if (l.kind == LevelKind::Elementwise && l.producers.size() == 1 && uniform(rng, 0, 3) == 0) {
      l.pixel_reduce = true;  // a global pool
      l.psum_per_image = l.out_per_image;
    }
    if (l.kind == LevelKind::Matrix) {
      l.psum_per_image = l.out_per_image;
      l.rows = uniform(rng, 1, 600);
      l.cols = uniform(rng, 1, 600);
      l.groups = uniform(rng, 0, 3) == 0 ? 4 : 1;
      l.cols_per_weight = uniform(rng, 0, 1) ? 4 : 1;
      l.vector_cycles = uniform(rng, 0, 1) ? uniform(rng, 1, 40) : 0;
    }
    p.layers.push_back(l);
  }
  return p;
}

// Capacity between the fewest and the most arrays any assignment needs (often binding).
void random_capacity(std::mt19937_64& rng, LevelProblem& p) {
  int64_t lo = 0, hi = 0;
  for (size_t v = 0; v < p.layers.size(); ++v) {
    int64_t mn = -1, mx = 0;
    for (const LevelChoice& c : layer_choices(p, static_cast<int>(v))) {
      const int64_t a = footprint_arrays(p, static_cast<int>(v), c);
      mn = mn < 0 ? a : std::min(mn, a);
      mx = std::max(mx, a);
    }
    lo += mn;
    hi += mx;
  }
  p.costs.capacity_arrays = uniform(rng, lo, hi);
}

void check_exact(const LevelProblem& p, Objective obj) {
  const LevelSolution dp = solve_level(p, obj);
  const LevelSolution bf = brute_force_level(p, obj);
  REQUIRE(dp.feasible == bf.feasible);
  if (!dp.feasible) return;
  CHECK(dp.cost.cycles == bf.cost.cycles);
  CHECK(dp.cost.bytes == bf.cost.bytes);
  // The DP's assignment really costs what it says and fits.
  const LevelCost again = evaluate_level(p, dp.choices).total;
  CHECK(again.cycles == dp.cost.cycles);
  CHECK(again.bytes == dp.cost.bytes);
  if (p.costs.capacity_arrays >= 0) CHECK(again.arrays <= p.costs.capacity_arrays);
}

}  // namespace

TEST_CASE("planner DP equals brute force on random chains", "[planner][dp]") {
  std::mt19937_64 rng(20190216);
  for (int trial = 0; trial < 60; ++trial) {
    const int n = static_cast<int>(uniform(rng, 1, trial < 10 ? 8 : 6));
    LevelProblem p = random_problem(rng, n, true);
    for (auto& l : p.layers) l.producers.resize(1);  // keep it a chain
    if (trial % 2) random_capacity(rng, p);
    INFO("trial " << trial << " layers " << n);
    check_exact(p, Objective::Cycles);
    check_exact(p, Objective::Bytes);
  }
}

TEST_CASE("planner DP equals brute force on residual DAGs", "[planner][dp]") {
  std::mt19937_64 rng(20200222);
  for (int trial = 0; trial < 60; ++trial) {
    const int n = static_cast<int>(uniform(rng, 3, trial < 10 ? 8 : 6));
    LevelProblem p = random_problem(rng, n, true);
    if (trial % 2) random_capacity(rng, p);
    INFO("trial " << trial << " layers " << n);
    check_exact(p, Objective::Cycles);
    check_exact(p, Objective::Bytes);
  }
}

TEST_CASE("planner DP equals brute force on general DAGs with forks to the input",
          "[planner][dp]") {
  std::mt19937_64 rng(42);
  for (int trial = 0; trial < 40; ++trial) {
    const int n = static_cast<int>(uniform(rng, 3, 7));
    LevelProblem p = random_problem(rng, n, false);
    if (trial % 3 == 0) {
      // Restrict some matrix layers, as the pure strategies do.
      p.allowed.assign(p.layers.size(), kAllTypes);
      for (auto& m : p.allowed) m = static_cast<TypeMask>(uniform(rng, 1, 7));
    }
    if (trial % 2) random_capacity(rng, p);
    INFO("trial " << trial << " layers " << n);
    check_exact(p, Objective::Cycles);
    check_exact(p, Objective::Bytes);
  }
}

TEST_CASE("planner DP reports infeasible when nothing fits", "[planner][dp]") {
  std::mt19937_64 rng(7);
  LevelProblem p = random_problem(rng, 4, true);
  p.layers[0].kind = LevelKind::Matrix;
  p.layers[0].rows = 300;
  p.layers[0].cols = 300;
  p.layers[0].psum_per_image = p.layers[0].out_per_image;
  p.costs.capacity_arrays = 1;  // the 300x300 layer alone needs more than one 64x64 array
  CHECK_FALSE(solve_level(p, Objective::Cycles).feasible);
  CHECK_FALSE(brute_force_level(p, Objective::Cycles).feasible);
}
