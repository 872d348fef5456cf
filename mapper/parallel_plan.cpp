#include "mapper/parallel_plan.h"

#include <algorithm>
#include <tuple>

#include "sim/core/errors.h"

namespace cimsim::mapper {

namespace {

int64_t half_up(int64_t x) { return (x + 1) / 2; }

LevelKind level_kind(PlanLayerKind k) {
  switch (k) {
    case PlanLayerKind::Matrix:
      return LevelKind::Matrix;
    case PlanLayerKind::Flatten:
      return LevelKind::Flatten;
    case PlanLayerKind::Elementwise:
      return LevelKind::Elementwise;
  }
  return LevelKind::Elementwise;
}

TypeMask strategy_mask(Strategy s) {
  switch (s) {
    case Strategy::Hybrid:
      return kAllTypes;
    case Strategy::Data:
      return type_bit(ParType::Data);
    case Strategy::Model:
      return type_bit(ParType::Model);
    case Strategy::Tensor:
      return type_bit(ParType::Tensor);
  }
  return kAllTypes;
}

// The layer as each half sees it after `c` (the larger half when a size is odd).
LevelLayer halve(const LevelLayer& l, const LevelChoice& c) {
  LevelLayer s = l;
  switch (c.type) {
    case ParType::Data:
      if (l.images >= 2) {
        s.images = half_up(l.images);
      } else {
        s.vectors = half_up(l.vectors);
        s.out_per_image = half_up(l.out_per_image);
        s.psum_per_image = half_up(l.psum_per_image);
      }
      break;
    case ParType::Model:
      if (l.kind == LevelKind::Matrix) {
        if (l.groups >= 2)
          s.groups = half_up(l.groups);
        else
          s.cols = half_up(l.cols);
      } else {
        s.halo_per_image = half_up(l.halo_per_image);  // half the channels
      }
      s.out_per_image = half_up(l.out_per_image);
      s.psum_per_image = half_up(l.psum_per_image);
      break;
    case ParType::Tensor:
      // Partial sums of the whole output stay until this cut reduces them; afterwards each
      // half keeps half of the reduced output.
      s.rows = half_up(l.rows);
      s.out_per_image = half_up(l.out_per_image);
      if (l.kind == LevelKind::Matrix)
        s.halo_per_image = half_up(l.halo_per_image);  // half the channels
      break;
  }
  return s;
}

void check_hw(const PlanHardware& hw) {
  auto min = [](int64_t v, int64_t m, const char* key) {
    if (v < m)
      core::fail_input({}, key,
                       "expected at least " + std::to_string(m) + ", got " + std::to_string(v));
  };
  min(hw.levels, 0, "planner.levels");
  if (hw.levels > 30) core::fail_input({}, "planner.levels", "expected at most 30");
  min(hw.arrays_per_group, 1, "planner.arrays_per_group");
  min(hw.array_rows, 1, "planner.array_rows");
  min(hw.array_cols, 1, "planner.array_cols");
  min(hw.cell_bits, 1, "planner.cell_bits");
  min(hw.arrays_per_pe, 1, "planner.arrays_per_pe");
  min(hw.mvm_cycles, 1, "planner.mvm_cycles");
  min(hw.link_bytes_per_cycle, 1, "planner.link_bytes_per_cycle");
  min(hw.hop_cycles, 0, "planner.hop_cycles");
  min(hw.psum_bytes, 1, "planner.psum_bytes");
  if (hw.cuts.size() != static_cast<size_t>(hw.levels))
    core::fail_input({}, "planner.cuts",
                     "expected one entry per level (" + std::to_string(hw.levels) + "), got " +
                         std::to_string(hw.cuts.size()));
  for (size_t i = 0; i < hw.cuts.size(); ++i) {
    const std::string at = "planner.cuts[" + std::to_string(i) + "]";
    min(hw.cuts[i].links, 1, (at + ".links").c_str());
    min(hw.cuts[i].hops, 0, (at + ".hops").c_str());
  }
}

}  // namespace

const char* strategy_name(Strategy s) {
  switch (s) {
    case Strategy::Hybrid:
      return "hybrid";
    case Strategy::Data:
      return "data";
    case Strategy::Model:
      return "model";
    case Strategy::Tensor:
      return "tensor";
  }
  return "?";
}

Strategy parse_strategy(const std::string& text, const std::string& key) {
  for (Strategy s : {Strategy::Hybrid, Strategy::Data, Strategy::Model, Strategy::Tensor})
    if (text == strategy_name(s)) return s;
  core::fail_input({}, key, "expected hybrid, data, model or tensor, got '" + text + "'");
}

int64_t window_halo_elements(int64_t kernel_h, int64_t stride_h, int64_t in_w, int64_t in_c) {
  if (kernel_h <= stride_h) return 0;
  return half_up(kernel_h - stride_h) * in_w * in_c;
}

LevelProblem top_level_problem(const PlanNetwork& net, const PlanHardware& hw, Strategy s) {
  if (net.batch < 1)
    core::fail_input({}, "planner.batch", "expected at least 1, got " + std::to_string(net.batch));
  LevelProblem p;
  p.costs.mvm_cycles = hw.mvm_cycles;
  p.costs.psum_bytes = hw.psum_bytes;
  p.costs.array_rows = hw.array_rows;
  p.costs.array_cols = hw.array_cols;
  p.costs.arrays_per_pe = hw.arrays_per_pe;
  p.costs.levels_below = hw.levels > 0 ? hw.levels - 1 : 0;
  p.costs.capacity_arrays = hw.arrays_per_group << hw.levels;
  if (!hw.cuts.empty()) {
    p.costs.cut_bytes_per_cycle = hw.cuts[0].links * hw.link_bytes_per_cycle;
    p.costs.latency_cycles = hw.cuts[0].hops * hw.hop_cycles;
  }
  for (size_t i = 0; i < net.layers.size(); ++i) {
    const PlanLayer& pl = net.layers[i];
    if (pl.kind == PlanLayerKind::Matrix && pl.weight_bits < 1)
      core::fail_input({}, "layers[" + std::to_string(i) + "] (" + pl.name + ").weight_bits",
                       "expected at least 1, got " + std::to_string(pl.weight_bits));
    LevelLayer l;
    l.name = pl.name;
    l.kind = level_kind(pl.kind);
    l.producers = pl.producers;
    l.images = net.batch;
    l.vectors = pl.vectors;
    l.out_per_image = pl.out_elements;
    l.pixel_reduce = pl.global_pool;
    l.psum_per_image = pl.kind == PlanLayerKind::Matrix || pl.global_pool ? pl.out_elements : 0;
    l.halo_per_image = pl.halo_elements;
    l.act_bytes = pl.act_bytes;
    l.rows = pl.rows;
    l.cols = pl.cols;
    l.groups = pl.groups;
    l.cols_per_weight = (pl.weight_bits + hw.cell_bits - 1) / hw.cell_bits;
    l.vector_cycles = pl.vector_cycles;
    p.layers.push_back(l);
  }
  p.allowed.assign(p.layers.size(), strategy_mask(s));
  return p;
}

namespace {

// The hierarchical DP (HyPar's scheme): solve the top cut, halve every layer as chosen, solve
// the next cut on the halves, and so on.
ParallelPlan plan_hierarchy(const PlanNetwork& net, const PlanHardware& hw, const PlanOptions& opt,
                            int64_t array_price) {
  LevelProblem prob = top_level_problem(net, hw, opt.strategy);
  validate_level(prob);
  const size_t n = prob.layers.size();
  const int levels = hw.levels;

  ParallelPlan plan;
  plan.network = net.name;
  plan.strategy = opt.strategy;
  plan.objective = opt.objective;
  plan.capacity_arrays = hw.arrays_per_group << levels;
  plan.array_price = array_price;
  plan.bytes_per_level.assign(static_cast<size_t>(levels), 0);
  plan.layers.resize(n);
  for (size_t v = 0; v < n; ++v) {
    plan.layers[v].name = net.layers[v].name;
    plan.layers[v].bytes_per_level.assign(static_cast<size_t>(levels), 0);
  }

  for (int k = 0; k < levels; ++k) {
    const CutLinks& cut = hw.cuts[static_cast<size_t>(k)];
    prob.costs.cut_bytes_per_cycle = cut.links * hw.link_bytes_per_cycle;
    prob.costs.latency_cycles = cut.hops * hw.hop_cycles;
    prob.costs.levels_below = levels - k - 1;
    prob.costs.capacity_arrays = hw.arrays_per_group << (levels - k);
    prob.costs.array_price = array_price;
    const LevelSolution sol = solve_level(prob, opt.objective);
    if (!sol.feasible) {
      int64_t need = 0;
      for (size_t v = 0; v < n; ++v) {
        int64_t mn = -1;
        for (const LevelChoice& c : layer_choices(prob, static_cast<int>(v))) {
          const int64_t a = footprint_arrays(prob, static_cast<int>(v), c);
          mn = mn < 0 ? a : std::min(mn, a);
        }
        need += mn;
      }
      core::fail_input({}, "planner",
                       std::string("network '") + net.name + "' does not fit with strategy " +
                           strategy_name(opt.strategy) + ": at level " + std::to_string(k) +
                           " its weights need at least " + std::to_string(need) + " arrays in " +
                           std::to_string(int64_t{1} << (levels - k)) +
                           " leaf groups, which hold " +
                           std::to_string(prob.costs.capacity_arrays));
    }
    const LevelEvaluation ev = evaluate_level(prob, sol.choices);
    // 2^k sibling pairs cut at this level, each moving the same bytes in both directions.
    const int64_t chip_factor = int64_t{2} << k;
    for (size_t v = 0; v < n; ++v) {
      LayerPlan& lp = plan.layers[v];
      const LayerLevelCost& lc = ev.layers[v];
      lp.types.push_back(sol.choices[v].type);
      lp.out_layouts.push_back(sol.choices[v].out);
      if (prob.layers[v].kind == LevelKind::Matrix && sol.choices[v].type == ParType::Data)
        lp.replication *= 2;
      const int64_t b = (lc.reduce_bytes + lc.send_bytes) * chip_factor;
      lp.bytes_per_level[static_cast<size_t>(k)] = b;
      plan.bytes_per_level[static_cast<size_t>(k)] += b;
      lp.comm_cycles += lc.reduce_cycles + lc.send_cycles;
    }
    for (size_t v = 0; v < n; ++v) prob.layers[v] = halve(prob.layers[v], sol.choices[v]);
  }

  // Leaf groups: what remains of each layer runs on one group's arrays.
  int64_t per_group = 0;
  for (size_t v = 0; v < n; ++v) {
    const LevelLayer& l = prob.layers[v];
    LayerPlan& lp = plan.layers[v];
    if (l.kind == LevelKind::Matrix) {
      lp.arrays_per_group = slice_arrays(l.rows, l.cols, l.groups, l.cols_per_weight, hw.array_rows,
                                         hw.array_cols, hw.arrays_per_pe);
      lp.arrays = lp.arrays_per_group << levels;
      lp.compute_cycles =
          l.images * l.vectors * (l.vector_cycles > 0 ? l.vector_cycles : hw.mvm_cycles);
    }
    lp.cycles = lp.compute_cycles + lp.comm_cycles;
    per_group += lp.arrays_per_group;
    plan.arrays += lp.arrays;
    plan.cycles += lp.cycles;
  }
  for (int64_t b : plan.bytes_per_level) plan.bytes += b;
  if (per_group > hw.arrays_per_group)
    core::fail_input({}, "planner",
                     std::string("network '") + net.name + "' needs " + std::to_string(per_group) +
                         " arrays per leaf group with strategy " + strategy_name(opt.strategy) +
                         ", a group holds " + std::to_string(hw.arrays_per_group));
  return plan;
}

bool plan_better(const ParallelPlan& a, const ParallelPlan& b, Objective obj) {
  if (obj == Objective::Cycles) return std::tie(a.cycles, a.bytes) < std::tie(b.cycles, b.bytes);
  return std::tie(a.bytes, a.cycles) < std::tie(b.bytes, b.cycles);
}

}  // namespace

ParallelPlan plan_parallelism(const PlanNetwork& net, const PlanHardware& hw,
                              const PlanOptions& opt) {
  check_hw(hw);
  if (opt.array_price < -1)
    core::fail_input({}, "planner.array_price",
                     "expected -1 (scan) or at least 0, got " + std::to_string(opt.array_price));
  ParallelPlan plan = plan_hierarchy(net, hw, opt, std::max<int64_t>(opt.array_price, 0));
  if (opt.strategy != Strategy::Hybrid || opt.array_price >= 0) return plan;
  // Cut by cut, the DP is exact, but the cuts are solved one after another: an upper cut may
  // spend on a copy the arrays that a lower cut would have used better (a copy of a big FC
  // layer at the top can starve the convs' copies below). Pricing arrays makes each cut weigh
  // that; the price that gives the best whole plan is kept (a geometric scan, from 1/1024 to
  // 2^20 cycles or bytes per array).
  for (int64_t price = 1; price <= (int64_t{1} << 30); price *= 4) {
    ParallelPlan priced;
    try {
      priced = plan_hierarchy(net, hw, opt, price);
    } catch (const core::InputError&) {
      continue;  // cannot happen for hybrid (feasibility carries down), kept for safety
    }
    if (plan_better(priced, plan, opt.objective)) plan = std::move(priced);
  }
  // The uniform assignments are part of the hybrid space: keep one if it still wins.
  for (Strategy s : {Strategy::Data, Strategy::Model, Strategy::Tensor}) {
    ParallelPlan pure;
    try {
      pure = plan_hierarchy(net, hw, {s, opt.objective}, 0);
    } catch (const core::InputError&) {
      continue;  // this uniform assignment does not fit
    }
    if (plan_better(pure, plan, opt.objective)) {
      plan = std::move(pure);
      plan.strategy = Strategy::Hybrid;
      plan.uniform_fallback = s;
    }
  }
  return plan;
}

}  // namespace cimsim::mapper
