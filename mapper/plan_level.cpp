#include "mapper/plan_level.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "mapper/layer_cost.h"
#include "sim/core/errors.h"
#include "sim/core/int_math.h"

namespace cimsim::mapper {

namespace {

// Shares of an odd quantity: the larger part is modelled (the slowest / fullest half).
int64_t half_up(int64_t x) { return (x + 1) / 2; }
int64_t quarter_up(int64_t x) { return (x + 3) / 4; }

int64_t out_bytes(const LevelLayer& l) { return l.images * l.out_per_image * l.act_bytes; }

// [bytes] input a half needs from its sibling's pixels when both split by pixel (batch share 1).
int64_t halo_bytes(const LevelLayer& l) {
  return l.images >= 2 ? 0 : l.halo_per_image * l.act_bytes;
}

int64_t work_items(const LevelLayer& l) { return l.images * l.vectors; }

Need need_of(const LevelLayer& l, const LevelChoice& c) {
  if (l.kind == LevelKind::Flatten && l.images < 2) return Need::Any;
  switch (c.type) {
    case ParType::Data:
      return Need::Pixel;
    case ParType::Tensor:
      return l.kind == LevelKind::Matrix ? Need::Channel : Need::Pixel;
    case ParType::Model:
      // A grouped conv split by groups needs only its groups' input channels.
      if (l.kind == LevelKind::Matrix && l.groups < 2) return Need::Full;
      return Need::Channel;
  }
  return Need::Full;
}

// [bytes] each half receives so that consumer `v` finds its share of producer `p`'s output.
int64_t edge_bytes(const LevelLayer& p, Layout p_out, const LevelLayer& v, Need need) {
  switch (need) {
    case Need::Any:
      return 0;
    case Need::Full:
      return half_up(out_bytes(p));
    case Need::Channel:
      return p_out == Layout::Channel ? 0 : quarter_up(out_bytes(p));
    case Need::Pixel:
      // From a pixel split only the halo rows cross; from a channel split the other half's
      // channels of my pixels (a quarter) plus their part of the halo.
      return p_out == Layout::Pixel ? halo_bytes(v)
                                    : quarter_up(out_bytes(p)) + half_up(halo_bytes(v));
  }
  return 0;
}

int64_t xfer_cycles(const LevelCosts& c, int64_t bytes) {
  return bytes == 0 ? 0 : core::ceil_div(bytes, c.cut_bytes_per_cycle) + c.latency_cycles;
}

int64_t compute_cycles(const LevelProblem& p, const LevelLayer& l, const LevelChoice& c) {
  if (l.kind != LevelKind::Matrix) return 0;
  // Weight-stationary: all arrays of a layer work at once, so one vector costs mvm_cycles
  // whatever the slice; only splitting the work items (data) shortens the layer.
  int64_t work = work_items(l);
  if (c.type == ParType::Data)
    work = l.images >= 2 ? half_up(l.images) * l.vectors : l.images * half_up(l.vectors);
  return work * (l.vector_cycles > 0 ? l.vector_cycles : p.costs.mvm_cycles);
}

int64_t reduce_bytes(const LevelProblem& p, const LevelLayer& l, const LevelChoice& c) {
  if (c.type != ParType::Tensor) return 0;
  // Reduce-scatter: each half sends the half of its partial sums that the other half keeps.
  return half_up(l.images * l.psum_per_image * p.costs.psum_bytes);
}

// Fewest arrays a rows×cols×groups slice needs once cut `levels` more times without replication.
int64_t min_split_arrays(int64_t rows, int64_t cols, int64_t groups, int64_t levels,
                         const LevelLayer& l, const LevelCosts& c) {
  int64_t best = -1;
  for (int64_t r = 0; r <= levels; ++r) {
    int64_t rr = rows, cc = cols, gg = groups;
    for (int64_t i = 0; i < r; ++i) rr = half_up(rr);
    for (int64_t i = r; i < levels; ++i) {
      if (gg >= 2)
        gg = half_up(gg);
      else
        cc = half_up(cc);
    }
    const int64_t a =
        (int64_t{1} << levels) *
        slice_arrays(rr, cc, gg, l.cols_per_weight, c.array_rows, c.array_cols, c.arrays_per_pe);
    if (best < 0 || a < best) best = a;
  }
  return best;
}

void check_min(int64_t v, int64_t min, const std::string& path) {
  if (v < min)
    core::fail_input({}, path,
                     "expected at least " + std::to_string(min) + ", got " + std::to_string(v));
}

}  // namespace

const char* par_type_name(ParType t) {
  switch (t) {
    case ParType::Data:
      return "data";
    case ParType::Model:
      return "model";
    case ParType::Tensor:
      return "tensor";
  }
  return "?";
}

const char* layout_name(Layout l) { return l == Layout::Pixel ? "pixel" : "channel"; }

bool LevelCost::better_than(const LevelCost& o, Objective obj) const {
  if (obj == Objective::Cycles)
    return std::make_pair(cycles * 1024 + priced, bytes) <
           std::make_pair(o.cycles * 1024 + o.priced, o.bytes);
  return std::make_pair(bytes * 1024 + priced, cycles) <
         std::make_pair(o.bytes * 1024 + o.priced, o.cycles);
}

int64_t slice_arrays(int64_t rows, int64_t cols, int64_t groups, int64_t cols_per_weight,
                     int64_t array_rows, int64_t array_cols, int64_t arrays_per_pe) {
  return slice_blocks(rows, cols * cols_per_weight, groups,
                      ArrayGeometry{array_rows, array_cols, arrays_per_pe})
             .pes *
         arrays_per_pe;
}

int64_t footprint_arrays(const LevelProblem& p, int layer, const LevelChoice& c) {
  const LevelLayer& l = p.layers[static_cast<size_t>(layer)];
  if (l.kind != LevelKind::Matrix) return 0;
  int64_t rows = l.rows, cols = l.cols, groups = l.groups;
  if (c.type == ParType::Tensor) rows = half_up(rows);
  if (c.type == ParType::Model) {
    if (groups >= 2)
      groups = half_up(groups);
    else
      cols = half_up(cols);
  }
  // Two halves: two copies (data) or two slices (model, tensor).
  return 2 * min_split_arrays(rows, cols, groups, p.costs.levels_below, l, p.costs);
}

std::vector<LevelChoice> layer_choices(const LevelProblem& p, int layer) {
  const LevelLayer& l = p.layers[static_cast<size_t>(layer)];
  const TypeMask mask = p.allowed.empty() ? kAllTypes : p.allowed[static_cast<size_t>(layer)];
  const bool can_data = work_items(l) >= 2;
  std::vector<LevelChoice> out;
  if (l.kind == LevelKind::Flatten && l.images < 2) {
    // One image flattened: any split of the input is a split of the features.
    out.push_back({ParType::Model, Layout::Channel});
    return out;
  }
  if (l.kind != LevelKind::Matrix) {
    if (can_data) out.push_back({ParType::Data, Layout::Pixel});
    out.push_back({ParType::Model, Layout::Channel});
    // Global pooling of one image: each half pools its own pixels, the partial sums are reduced.
    if (l.pixel_reduce && l.images < 2) out.push_back({ParType::Tensor, Layout::Channel});
    return out;
  }
  const bool can_model = l.cols >= 2 || l.groups >= 2;
  const bool can_tensor = l.rows >= 2;
  if ((mask & type_bit(ParType::Data)) && can_data) out.push_back({ParType::Data, Layout::Pixel});
  if ((mask & type_bit(ParType::Model)) && can_model)
    out.push_back({ParType::Model, Layout::Channel});
  if ((mask & type_bit(ParType::Tensor)) && can_tensor) {
    out.push_back({ParType::Tensor, Layout::Pixel});
    out.push_back({ParType::Tensor, Layout::Channel});
  }
  if (out.empty()) {
    // The allowed type cannot split this layer (e.g. data with one work item): fall back.
    // A layer no split can halve (1×1 weights, one work item) is modelled as model: the
    // larger half holds all of it.
    if (can_tensor && !can_model)
      out.push_back({ParType::Tensor, Layout::Channel});
    else if (can_data && !can_model)
      out.push_back({ParType::Data, Layout::Pixel});
    else
      out.push_back({ParType::Model, Layout::Channel});
  }
  return out;
}

void validate_level(const LevelProblem& p) {
  const LevelCosts& c = p.costs;
  check_min(c.mvm_cycles, 1, "planner.mvm_cycles");
  check_min(c.cut_bytes_per_cycle, 1, "planner.cut_bytes_per_cycle");
  check_min(c.latency_cycles, 0, "planner.latency_cycles");
  check_min(c.psum_bytes, 1, "planner.psum_bytes");
  check_min(c.array_rows, 1, "planner.array_rows");
  check_min(c.array_cols, 1, "planner.array_cols");
  check_min(c.arrays_per_pe, 1, "planner.arrays_per_pe");
  check_min(c.levels_below, 0, "planner.levels_below");
  check_min(c.array_price, 0, "planner.array_price");
  if (!p.allowed.empty() && p.allowed.size() != p.layers.size())
    core::fail_input({}, "planner.allowed", "expected one mask per layer");
  for (size_t i = 0; i < p.layers.size(); ++i) {
    const LevelLayer& l = p.layers[i];
    const std::string at = "layers[" + std::to_string(i) + "] (" + l.name + ")";
    for (int prod : l.producers)
      if (prod < kPlanInput || prod >= static_cast<int>(i))
        core::fail_input(
            {}, at + ".producers",
            "expected an earlier layer or -1 (network input), got " + std::to_string(prod));
    if (l.producers.empty())
      core::fail_input({}, at + ".producers", "expected at least one producer");
    check_min(l.images, 1, at + ".images");
    check_min(l.vectors, 1, at + ".vectors");
    check_min(l.out_per_image, 1, at + ".out_elements");
    check_min(l.halo_per_image, 0, at + ".halo_elements");
    check_min(l.act_bytes, 1, at + ".act_bytes");
    if (l.pixel_reduce && l.kind != LevelKind::Elementwise)
      core::fail_input({}, at + ".global_pool", "expected only on an element-wise layer");
    if (l.pixel_reduce) check_min(l.psum_per_image, 1, at + ".psum_elements");
    if (l.kind == LevelKind::Matrix) {
      check_min(l.rows, 1, at + ".rows");
      check_min(l.cols, 1, at + ".cols");
      check_min(l.groups, 1, at + ".groups");
      check_min(l.cols_per_weight, 1, at + ".cols_per_weight");
      check_min(l.psum_per_image, 1, at + ".psum_elements");
    }
  }
}

LevelEvaluation evaluate_level(const LevelProblem& p, const std::vector<LevelChoice>& choices) {
  const size_t n = p.layers.size();
  LevelEvaluation ev;
  ev.layers.resize(n);
  std::vector<int64_t> send(n, 0);
  for (size_t v = 0; v < n; ++v) {
    const LevelLayer& l = p.layers[v];
    const LevelChoice& c = choices[v];
    LayerLevelCost& lc = ev.layers[v];
    lc.compute_cycles = compute_cycles(p, l, c);
    lc.reduce_bytes = reduce_bytes(p, l, c);
    lc.reduce_cycles = xfer_cycles(p.costs, lc.reduce_bytes);
    lc.arrays = footprint_arrays(p, static_cast<int>(v), c);
    const Need need = need_of(l, c);
    for (int prod : l.producers) {
      if (prod < 0) continue;
      const auto pi = static_cast<size_t>(prod);
      // Union over consumers: what one consumer needs is nested in what a hungrier one needs.
      send[pi] = std::max(send[pi], edge_bytes(p.layers[pi], choices[pi].out, l, need));
    }
  }
  for (size_t v = 0; v < n; ++v) {
    LayerLevelCost& lc = ev.layers[v];
    lc.send_bytes = send[v];
    lc.send_cycles = xfer_cycles(p.costs, send[v]);
    ev.total.cycles += lc.compute_cycles + lc.reduce_cycles + lc.send_cycles;
    ev.total.bytes += lc.reduce_bytes + lc.send_bytes;
    ev.total.arrays += lc.arrays;
    ev.total.priced += lc.arrays * p.costs.array_price;
  }
  return ev;
}

namespace {

// One partial assignment of the DP: its cost so far and how to get back to its predecessor.
struct Entry {
  LevelCost cost;
  int prev = -1;       // index in the previous step's entries
  uint8_t choice = 0;  // index in layer_choices() of this step's layer
};

// Frontier key: for each live layer (produced, a consumer still to come) in index order, the
// triple (layer, choice index, bytes already charged for sending its output).
using Key = std::vector<int64_t>;

bool dominates(const LevelCost& a, const LevelCost& b, Objective obj) {
  return a.arrays <= b.arrays && !b.better_than(a, obj);
}

// Keeps the Pareto set (fewer arrays, lower cost); the earlier entry wins ties (determinism).
void insert_pareto(std::vector<Entry>& set, const Entry& e, Objective obj) {
  for (const Entry& s : set)
    if (dominates(s.cost, e.cost, obj)) return;
  set.erase(std::remove_if(set.begin(), set.end(),
                           [&](const Entry& s) { return dominates(e.cost, s.cost, obj); }),
            set.end());
  set.push_back(e);
}

}  // namespace

LevelSolution solve_level(const LevelProblem& p, Objective obj) {
  validate_level(p);
  const int n = static_cast<int>(p.layers.size());
  LevelSolution sol;
  if (n == 0) {
    sol.feasible = true;
    return sol;
  }
  std::vector<std::vector<LevelChoice>> choices(static_cast<size_t>(n));
  std::vector<int> last_consumer(static_cast<size_t>(n), -1);
  for (int v = 0; v < n; ++v) {
    choices[static_cast<size_t>(v)] = layer_choices(p, v);
    for (int prod : p.layers[static_cast<size_t>(v)].producers)
      if (prod >= 0) last_consumer[static_cast<size_t>(prod)] = v;
  }
  // Arrays: when even the largest choice of every layer fits, capacity plays no part and the
  // Pareto sets collapse to one entry per frontier.
  std::vector<int64_t> min_rest(static_cast<size_t>(n) + 1, 0);
  int64_t max_total = 0;
  std::vector<std::vector<int64_t>> arrays(static_cast<size_t>(n));
  for (int v = n - 1; v >= 0; --v) {
    int64_t mn = -1, mx = 0;
    for (const LevelChoice& c : choices[static_cast<size_t>(v)]) {
      const int64_t a = footprint_arrays(p, v, c);
      arrays[static_cast<size_t>(v)].push_back(a);
      mn = mn < 0 ? a : std::min(mn, a);
      mx = std::max(mx, a);
    }
    min_rest[static_cast<size_t>(v)] = min_rest[static_cast<size_t>(v) + 1] + mn;
    max_total += mx;
  }
  const int64_t cap = p.costs.capacity_arrays;
  const bool track_arrays = cap >= 0 && max_total > cap;
  if (cap >= 0 && min_rest[0] > cap) return sol;  // does not fit even without replication

  std::vector<std::vector<Entry>> steps(static_cast<size_t>(n));
  std::map<Key, std::vector<int>> frontier;  // key -> indices into the previous step
  std::vector<Entry> start(1);
  frontier[Key{}] = {0};
  const std::vector<Entry>* prev_entries = &start;

  for (int v = 0; v < n; ++v) {
    const LevelLayer& l = p.layers[static_cast<size_t>(v)];
    std::vector<int> prods;
    for (int prod : l.producers)
      if (prod >= 0 && std::find(prods.begin(), prods.end(), prod) == prods.end())
        prods.push_back(prod);
    std::map<Key, std::vector<Entry>> next;
    for (const auto& [key, ids] : frontier) {
      for (size_t ci = 0; ci < choices[static_cast<size_t>(v)].size(); ++ci) {
        const LevelChoice& c = choices[static_cast<size_t>(v)][ci];
        const Need need = need_of(l, c);
        LevelCost delta;
        delta.cycles = compute_cycles(p, l, c);
        const int64_t rb = reduce_bytes(p, l, c);
        delta.bytes = rb;
        delta.cycles += xfer_cycles(p.costs, rb);
        delta.arrays = track_arrays ? arrays[static_cast<size_t>(v)][ci] : 0;
        delta.priced = arrays[static_cast<size_t>(v)][ci] * p.costs.array_price;
        Key nk;
        nk.reserve(key.size() + 3);
        for (size_t k = 0; k < key.size(); k += 3) {
          const int node = static_cast<int>(key[k]);
          const auto& pc = choices[static_cast<size_t>(node)][static_cast<size_t>(key[k + 1])];
          int64_t charged = key[k + 2];
          if (std::find(prods.begin(), prods.end(), node) != prods.end()) {
            const int64_t e = edge_bytes(p.layers[static_cast<size_t>(node)], pc.out, l, need);
            if (e > charged) {
              // Charge only what this consumer needs beyond what earlier consumers got.
              delta.bytes += e - charged;
              delta.cycles += xfer_cycles(p.costs, e) - xfer_cycles(p.costs, charged);
              charged = e;
            }
          }
          if (last_consumer[static_cast<size_t>(node)] == v) continue;  // dead from here on
          nk.push_back(node);
          nk.push_back(key[k + 1]);
          nk.push_back(charged);
        }
        if (last_consumer[static_cast<size_t>(v)] > v) {
          nk.push_back(v);
          nk.push_back(static_cast<int64_t>(ci));
          nk.push_back(0);
        }
        std::vector<Entry>& set = next[nk];
        for (int id : ids) {
          const Entry& pe = (*prev_entries)[static_cast<size_t>(id)];
          Entry e;
          e.cost.cycles = pe.cost.cycles + delta.cycles;
          e.cost.bytes = pe.cost.bytes + delta.bytes;
          e.cost.arrays = pe.cost.arrays + delta.arrays;
          e.cost.priced = pe.cost.priced + delta.priced;
          if (track_arrays && e.cost.arrays + min_rest[static_cast<size_t>(v) + 1] > cap) continue;
          e.prev = id;
          e.choice = static_cast<uint8_t>(ci);
          insert_pareto(set, e, obj);
        }
      }
    }
    std::vector<Entry>& here = steps[static_cast<size_t>(v)];
    frontier.clear();
    for (auto& [key, set] : next) {
      if (set.empty()) continue;
      std::vector<int>& ids = frontier[key];
      for (const Entry& e : set) {
        ids.push_back(static_cast<int>(here.size()));
        here.push_back(e);
      }
    }
    prev_entries = &here;
    if (here.empty()) return sol;
  }
  // Every layer is dead after the last one: pick the best finished assignment.
  const std::vector<Entry>& last = steps[static_cast<size_t>(n) - 1];
  int best = -1;
  for (size_t i = 0; i < last.size(); ++i) {
    if (best < 0 || last[i].cost.better_than(last[static_cast<size_t>(best)].cost, obj) ||
        (!last[static_cast<size_t>(best)].cost.better_than(last[i].cost, obj) &&
         last[i].cost.arrays < last[static_cast<size_t>(best)].cost.arrays))
      best = static_cast<int>(i);
  }
  sol.choices.resize(static_cast<size_t>(n));
  int id = best;
  for (int v = n - 1; v >= 0; --v) {
    const Entry& e = steps[static_cast<size_t>(v)][static_cast<size_t>(id)];
    sol.choices[static_cast<size_t>(v)] = choices[static_cast<size_t>(v)][e.choice];
    id = e.prev;
  }
  sol.feasible = true;
  // The DP's own sums (tests compare them with evaluate_level); arrays were not summed when
  // the capacity could not bind.
  sol.cost = last[static_cast<size_t>(best)].cost;
  if (!track_arrays) sol.cost.arrays = evaluate_level(p, sol.choices).total.arrays;
  return sol;
}

LevelSolution brute_force_level(const LevelProblem& p, Objective obj) {
  validate_level(p);
  const size_t n = p.layers.size();
  std::vector<std::vector<LevelChoice>> choices(n);
  for (size_t v = 0; v < n; ++v) choices[v] = layer_choices(p, static_cast<int>(v));
  std::vector<size_t> idx(n, 0);
  std::vector<LevelChoice> cur(n);
  LevelSolution best;
  const int64_t cap = p.costs.capacity_arrays;
  while (true) {
    for (size_t v = 0; v < n; ++v) cur[v] = choices[v][idx[v]];
    const LevelCost c = evaluate_level(p, cur).total;
    if (cap < 0 || c.arrays <= cap) {
      if (!best.feasible || c.better_than(best.cost, obj) ||
          (!best.cost.better_than(c, obj) && c.arrays < best.cost.arrays)) {
        best.feasible = true;
        best.cost = c;
        best.choices = cur;
      }
    }
    size_t v = 0;  // odometer over all assignments
    while (v < n && ++idx[v] == choices[v].size()) idx[v++] = 0;
    if (v == n) break;
  }
  return best;
}

}  // namespace cimsim::mapper
