#include "sim/chip/plan_estimate.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "sim/core/int_math.h"
#include "sim/noc/geometry.h"

namespace cimsim::chip {

using core::ceil_div;

namespace {

// Digital units of a tile, each a resource of its own (as in the run's TileUnit pool).
enum Unit : int { kAcc = 0, kAct, kPool, kAdd, kMatmul, kSpecial, kUnits };

int unit_index(DigitalUnit u) {
  switch (u) {
    case DigitalUnit::Activation:
      return kAct;
    case DigitalUnit::Pooling:
      return kPool;
    case DigitalUnit::ResidualAdd:
      return kAdd;
    case DigitalUnit::Matmul:
      return kMatmul;
    case DigitalUnit::Special:
      return kSpecial;
    case DigitalUnit::None:
      break;
  }
  return -1;
}

// Loads per image [chip cycles for units and ports, NoC flits for links] of one reload group.
struct Loads {
  std::vector<int64_t> unit;    // [tile * kUnits + unit]
  std::vector<int64_t> port;    // [tile] buffer port cycles
  std::vector<int64_t> link;    // [router * ports + port] flits (network and local ports)
  std::vector<int64_t> inject;  // [node] flits injected
};

// The network input: its bytes per image, and whether a group's stages read it.
int64_t input_bytes(const Plan& plan) {
  return plan.input_h * plan.input_w * plan.input_bytes_per_vector;
}
bool group_reads_input(const Plan& plan, int g) {
  for (const Stage& st : plan.stages)
    for (const InEdge& e : st.inputs)
      if (st.group == g && e.producer < 0) return true;
  return false;
}

// Bytes written at each group's start by the tensors crossing into it from earlier groups, as
// the run counts them (ChipContext::emit, GroupController): per crossing consumer edge the
// producer's vectors, and the network input again for a later group that reads it.
std::vector<int64_t> spill_bytes_into_groups(const Plan& plan, int64_t images) {
  std::vector<int64_t> into(static_cast<size_t>(plan.groups) + 1, 0);
  std::vector<int64_t> pending(static_cast<size_t>(plan.groups) + 1, 0);
  for (size_t s = 0; s < plan.stages.size(); ++s) {
    const Stage& st = plan.stages[s];
    for (int c : st.consumers) {
      const Stage& cs = plan.stages[static_cast<size_t>(c)];
      for (const InEdge& e : cs.inputs)
        if (e.producer == static_cast<int>(s) && cs.group != st.group)
          pending[static_cast<size_t>(st.group) + 1] += st.vectors() * st.out_bytes * images;
    }
  }
  for (int g = 1; g < plan.groups; ++g) {
    into[static_cast<size_t>(g)] = pending[static_cast<size_t>(g)] +
                                   (group_reads_input(plan, g) ? input_bytes(plan) * images : 0);
  }
  into.resize(static_cast<size_t>(plan.groups));
  return into;
}

}  // namespace

PlanEstimate estimate_plan(const Plan& plan, const mapper::Mapping& mapping, const ChipParams& chip,
                           const noc::NocParams& noc, double leakage_mW, int64_t images) {
  PlanEstimate est;
  images = std::max<int64_t>(1, images);
  est.images = images;
  const std::unique_ptr<noc::Geometry> geo = noc::make_geometry(noc);
  const int ports = geo->ports();
  const int64_t tiles = mapping.tiles;
  const double noc_to_chip = noc.cycle_ns() / chip.cycle_ns();  // chip cycles per NoC cycle
  const int hop_noc =
      noc.route_cycles + noc.va_cycles + noc.sa_cycles + noc.st_cycles + noc.link_latency_cycles;
  const int64_t hop_cycles = std::max<int64_t>(1, std::llround(std::ceil(hop_noc * noc_to_chip)));
  const int64_t gb_tile = mapping.tile_order.front();
  auto node_of = [&](int64_t tile) {
    return geo->node_at(static_cast<int>(tile % chip.tiles_x),
                        static_cast<int>(tile / chip.tiles_x));
  };
  auto flits_of = [&](int64_t bytes) {
    return std::max<int64_t>(1, ceil_div(bytes * 8, static_cast<int64_t>(noc.flit_bits)));
  };
  const size_t n = plan.stages.size();
  // Per stage: per-vector time of one replica, busy per image of the busiest replica, hops of
  // its longest output route (for the fill).
  std::vector<int64_t> t_vec(n, 0), busy(n, 0), out_hops(n, 0);
  std::vector<std::vector<int64_t>> stage_tiles(n);
  for (size_t s = 0; s < n; ++s)
    for (const auto& rt : plan.stages[s].replica_tiles)
      for (int64_t t : rt)
        if (std::find(stage_tiles[s].begin(), stage_tiles[s].end(), t) == stage_tiles[s].end())
          stage_tiles[s].push_back(t);

  double hop_flits = 0, router_flits = 0;
  int64_t interval_total = 0, worst_group = -1;
  // Reload groups run one after another, each over all images (sim/chip/group_controller_sc):
  // its weights come from DRAM, the tensors crossing into it are written and read back (global
  // buffer when they fit, else DRAM), then its pipeline fills and streams the images.
  const std::vector<int64_t> spill_into = spill_bytes_into_groups(plan, images);
  auto dram_cycles = [&](int64_t bytes) {  // B / (GB/s) = ns
    return std::llround(
        std::ceil(static_cast<double>(bytes) / chip.dram.bandwidth_GBps / chip.cycle_ns()));
  };
  int64_t run_cycles = 0;  // the whole run of `images` images (groups > 1)
  for (int g = 0; g < plan.groups; ++g) {
    if (plan.groups > 1) {
      int64_t bits = 0;
      for (const Stage& st : plan.stages)
        if (st.group == g) bits += st.weight_bits;
      run_cycles += dram_cycles(ceil_div(bits, 8));
      const int64_t spill = spill_into[static_cast<size_t>(g)];
      if (spill > 0)
        run_cycles +=
            static_cast<double>(spill) <= chip.global_buffer.size_kB * 1024.0
                ? 2 * ceil_div(spill * 8, static_cast<int64_t>(chip.global_buffer.width_bits))
                : 2 * dram_cycles(spill);
    }
    Loads L;
    L.unit.assign(static_cast<size_t>(tiles * kUnits), 0);
    L.port.assign(static_cast<size_t>(tiles), 0);
    L.link.assign(static_cast<size_t>(geo->routers() * ports), 0);
    L.inject.assign(static_cast<size_t>(geo->nodes()), 0);
    int64_t longest_route = 0;
    auto route = [&](int64_t src_tile, int64_t dst_tile, int64_t flits, int64_t& hops_out) {
      if (src_tile == dst_tile || flits == 0) return;  // the tile bus
      const int src = node_of(src_tile), dst = node_of(dst_tile);
      L.inject[static_cast<size_t>(src)] += flits;
      int r = geo->router_of(src);
      int hops = 0;
      for (int guard = 0; guard < 4 * geo->routers(); ++guard) {
        const int p = geo->route(r, dst);
        L.link[static_cast<size_t>(r * ports + p)] += flits;  // local port: ejection
        if (noc::Geometry::is_local(p)) break;
        r = geo->neighbor(r, p);
        ++hops;
      }
      hop_flits += static_cast<double>(flits) * hops;
      router_flits += static_cast<double>(flits) * (hops + 1);
      hops_out = std::max<int64_t>(hops_out, hops);
      longest_route = std::max<int64_t>(longest_route, hops);
    };
    auto busiest_replica = [&](const Stage& st) {
      const int64_t reps = static_cast<int64_t>(st.replica_tiles.size());
      return ceil_div(st.out_h, reps) * st.out_w;
    };
    std::vector<uint8_t> rows;
    for (size_t s = 0; s < n; ++s) {
      const Stage& st = plan.stages[s];
      if (st.group != g) continue;
      const int64_t reps = static_cast<int64_t>(st.replica_tiles.size());
      if (st.kind == mapper::StageKind::Matrix) {
        t_vec[s] = st.in_cycles + st.mvm_interval_cycles;
        busy[s] = busiest_replica(st) * t_vec[s];
        for (int64_t j = 0; j < reps; ++j) {
          const auto& rt = st.replica_tiles[static_cast<size_t>(j)];
          int64_t vecs = 0;
          for (int64_t y = j; y < st.out_h; y += reps) vecs += st.out_w;
          const int64_t home = rt.front();
          L.unit[static_cast<size_t>(home * kUnits + kAcc)] += vecs * st.reduce_cycles;
          L.unit[static_cast<size_t>(home * kUnits + kAct)] += vecs * st.fused_cycles;
          for (int64_t t : rt)
            L.port[static_cast<size_t>(t)] +=
                vecs * ceil_div(st.buffer_reads, chip.tile.buffer.ports);
          // Partial sums of the other tiles to the home tile, one packet per vector.
          for (size_t k = 1; k < rt.size(); ++k) {
            int64_t h = 0;
            route(rt[k], home, vecs * flits_of(st.psum_bytes[static_cast<size_t>(j)][k]), h);
          }
        }
      } else {
        const int64_t tile = st.replica_tiles.front().front();
        const int u = unit_index(st.unit);
        t_vec[s] = std::max<int64_t>(1, st.unit_cycles + st.fused_cycles);
        busy[s] = st.vectors() * t_vec[s];
        if (u >= 0) L.unit[static_cast<size_t>(tile * kUnits + u)] += st.vectors() * st.unit_cycles;
        L.unit[static_cast<size_t>(tile * kUnits + kAct)] += st.vectors() * st.fused_cycles;
        L.port[static_cast<size_t>(tile)] +=
            st.vectors() * ceil_div(st.buffer_reads, chip.tile.buffer.ports);
      }
      // Inputs: every vector a tile of this stage reads, from the replica that produced it.
      for (const InEdge& e : st.inputs) {
        const Stage* prod =
            e.producer >= 0 ? &plan.stages[static_cast<size_t>(e.producer)] : nullptr;
        if (prod && prod->group != g) continue;  // spilled to DRAM at the group boundary
        const int64_t bytes = prod ? prod->out_bytes : plan.input_bytes_per_vector;
        const int64_t preps = prod ? static_cast<int64_t>(prod->replica_tiles.size()) : 1;
        for (int64_t t : stage_tiles[s]) {
          rows.assign(static_cast<size_t>(e.prod_h), 0);
          for (int64_t j = 0; j < reps; ++j) {
            const auto& rt = st.replica_tiles[static_cast<size_t>(j)];
            if (std::find(rt.begin(), rt.end(), t) == rt.end()) continue;
            for (int64_t y = j; y < st.out_h; y += reps) rows_read(e, y, rows);
          }
          for (int64_t y = 0; y < e.prod_h; ++y) {
            if (!rows[static_cast<size_t>(y)]) continue;
            const int64_t src =
                prod ? prod->replica_tiles[static_cast<size_t>(y % preps)].front() : gb_tile;
            int64_t h = 0;
            route(src, t, e.prod_w * flits_of(bytes), h);
            if (e.producer >= 0)
              out_hops[static_cast<size_t>(e.producer)] =
                  std::max(out_hops[static_cast<size_t>(e.producer)], h);
          }
        }
      }
      if (static_cast<int>(s) == plan.output_stage) {
        for (int64_t j = 0; j < reps; ++j) {
          int64_t vecs = 0;
          for (int64_t y = j; y < st.out_h; y += reps) vecs += st.out_w;
          route(st.replica_tiles[static_cast<size_t>(j)].front(), gb_tile,
                vecs * flits_of(st.out_bytes), out_hops[s]);
        }
      }
    }
    // The group's interval: its busiest resource.
    int64_t worst = 0;
    std::string what;
    auto consider = [&](int64_t v, const std::string& name) {
      if (v > worst) worst = v, what = name;
    };
    for (size_t s = 0; s < n; ++s)
      if (plan.stages[s].group == g) consider(busy[s], plan.stages[s].name);
    static const char* const kUnitNames[kUnits] = {"accumulator",  "activation", "pooling",
                                                   "residual_add", "matmul",     "special"};
    for (int64_t t = 0; t < tiles; ++t) {
      for (int u = 0; u < kUnits; ++u)
        consider(L.unit[static_cast<size_t>(t * kUnits + u)],
                 "tile " + std::to_string(t) + " " + kUnitNames[u]);
      consider(L.port[static_cast<size_t>(t)], "tile " + std::to_string(t) + " buffer ports");
    }
    int64_t max_link = 0;
    for (int64_t f : L.link) max_link = std::max(max_link, f);
    for (int64_t f : L.inject) max_link = std::max(max_link, f);
    consider(std::llround(std::ceil(static_cast<double>(max_link) * noc_to_chip)), "NoC link");
    // The DRAM channel per image: the network input this group reads, the output it writes.
    int64_t dram_bytes = 0;
    if (group_reads_input(plan, g)) dram_bytes += input_bytes(plan);
    const Stage& out_st = plan.stages[static_cast<size_t>(plan.output_stage)];
    if (out_st.group == g) dram_bytes += out_st.vectors() * out_st.out_bytes;
    consider(dram_cycles(dram_bytes), "DRAM channel");
    interval_total += worst;
    if (worst > worst_group) worst_group = worst, est.bottleneck = what;

    // Fill of the first image (stages in topological order): a stage starts when its producers
    // have produced what its first vector needs, and ends no earlier than its producers' last
    // vector plus its own; a stage's pace is its busiest resource's, at least its own.
    std::vector<int64_t> start(n, 0), end(n, 0);
    for (size_t s = 0; s < n; ++s) {
      const Stage& st = plan.stages[s];
      if (st.group != g) continue;
      int64_t pace = busy[s];
      for (int64_t t : stage_tiles[s]) {
        for (int u = 0; u < kUnits; ++u)
          pace = std::max(pace, L.unit[static_cast<size_t>(t * kUnits + u)]);
        pace = std::max(pace, L.port[static_cast<size_t>(t)]);
      }
      int64_t st_start = 0, after_inputs = 0;
      for (const InEdge& e : st.inputs) {
        if (e.producer < 0 || plan.stages[static_cast<size_t>(e.producer)].group != g) continue;
        const size_t p = static_cast<size_t>(e.producer);
        const Stage& ps = plan.stages[p];
        const int64_t transfer = out_hops[p] * hop_cycles + flits_of(ps.out_bytes);
        const int64_t need = required_count(e, 0, 0);
        const int64_t span = end[p] - start[p];
        st_start = std::max(st_start,
                            start[p] + span * need / std::max<int64_t>(1, ps.vectors()) + transfer);
        after_inputs = std::max(after_inputs, end[p] + transfer);
      }
      start[s] = st_start;
      end[s] = std::max(st_start + pace, after_inputs + t_vec[s]);
    }
    const int out = plan.output_stage;
    if (plan.groups == 1) {
      est.latency_cycles =
          end[static_cast<size_t>(out)] + out_hops[static_cast<size_t>(out)] * hop_cycles;
      continue;
    }
    // The group's fill (its first image through its last stage), then the other images.
    int64_t fill = 0;
    for (size_t s = 0; s < n; ++s)
      if (plan.stages[s].group == g) fill = std::max(fill, end[s]);
    if (plan.stages[static_cast<size_t>(out)].group == g) {
      fill = end[static_cast<size_t>(out)] + out_hops[static_cast<size_t>(out)] * hop_cycles;
      est.latency_cycles = run_cycles + fill;  // the first image leaves the last group
    }
    run_cycles += fill + (images - 1) * worst;
  }
  // As the run reports it: one group, the steady state; several, the run time per image (at
  // least the busiest resources per image).
  est.interval_cycles =
      plan.groups == 1 ? interval_total : std::max(interval_total, ceil_div(run_cycles, images));
  est.latency_cycles = std::max(est.latency_cycles, est.interval_cycles);
  est.noc_energy_pJ =
      router_flits * noc.energy_per_flit_router_pJ + hop_flits * noc.energy_per_flit_link_pJ;
  // mW × ns = pJ.
  est.leakage_energy_pJ = leakage_mW * static_cast<double>(est.interval_cycles) * chip.cycle_ns();
  return est;
}

double objective_value(const PlanEstimate& e, MapObjective objective) {
  switch (objective) {
    case MapObjective::Throughput:
      return static_cast<double>(e.interval_cycles) + 1e-6 * static_cast<double>(e.latency_cycles);
    case MapObjective::Latency:
      return static_cast<double>(e.latency_cycles) + 1e-6 * static_cast<double>(e.interval_cycles);
    case MapObjective::Energy:
      return e.energy_pJ();
    case MapObjective::Edp:
      return e.energy_pJ() * static_cast<double>(e.latency_cycles);
  }
  return 0;
}

}  // namespace cimsim::chip
