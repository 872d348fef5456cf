// The chip run in SystemC: the builder. From the plan and the mapping it elaborates the hardware
// tree (hardware_tree_sc.h: chip -> tiles -> PEs -> arrays; the NoC port and its routers,
// noc_port_sc.h) and under each tile the modules that hold the run's processes: a ReplicaModule
// per matrix-layer replica (replica_sc.h), a DigitalStageModule per digital layer
// (digital_stage_sc.h), and at chip level the DRAM streams (dram_streams_sc.h) and the group
// controller (group_controller_sc.h). What they share — the contended resources, each with its
// arbitration policy (chip_resources.h) — is the ChipContext (chip_context_sc.h).
// Every duration is an integer number of cycles of the chip clock (or the NoC clock).
#include <systemc>

#include <algorithm>
#include <cctype>
#include <memory>
#include <stdexcept>

#include "sim/chip/chip_context_sc.h"
#include "sim/chip/chip_sim.h"
#include "sim/chip/digital_stage_sc.h"
#include "sim/chip/dram_streams_sc.h"
#include "sim/chip/group_controller_sc.h"
#include "sim/chip/hardware_tree_sc.h"
#include "sim/chip/noc_port_sc.h"
#include "sim/chip/replica_sc.h"

namespace cimsim::chip {

namespace {

// A module name from a layer name ("layer1.0.conv1" -> "layer1_0_conv1"): SystemC names may
// not hold '.' or spaces.
std::string module_name(const std::string& layer, int replica, bool matrix) {
  std::string n;
  for (char c : layer) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (n.empty() || std::isdigit(static_cast<unsigned char>(n.front()))) n = "L" + n;
  if (matrix) n += "_r" + std::to_string(replica);
  return n;
}

class ChipSim : public sc_core::sc_module {
 public:
  ChipSim(sc_core::sc_module_name name, const Plan& plan, const mapper::Mapping& mapping,
          const ChipParams& chip, const noc::NocParams& nocp, const RunOptions& opts,
          RunResult& out)
      : sc_module(name), m_ctx(plan, mapping, chip, opts, out) {
    out.stages.resize(plan.stages.size());
    out.image_done_ps.assign(static_cast<size_t>(opts.images), 0);
    out.groups = plan.groups;
    for (size_t s = 0; s < plan.stages.size(); ++s) {
      const Stage& st = plan.stages[s];
      StageResult& r = out.stages[s];
      r.name = st.name;
      for (const std::string& f : st.fused) r.name += "+" + f;
      r.layer = st.layer;
      r.kind = st.kind;
      r.group = st.group;
      r.unit = st.unit;
      r.replicas = static_cast<int>(st.replica_tiles.size());
      r.tiles = static_cast<int64_t>(distinct_tiles(st).size());
    }
    m_noc = std::make_unique<NocPort>("noc", nocp, m_ctx);
    m_ctx.noc = m_noc.get();
    m_noc->set_trace(opts.trace);
    // Each replica and digital stage lives under its home tile.
    const int64_t tiles = std::max<int64_t>(chip.tiles(), mapping.tiles);
    std::vector<std::vector<std::pair<int, int>>> homed(static_cast<size_t>(tiles));
    for (size_t s = 0; s < plan.stages.size(); ++s)
      for (size_t j = 0; j < plan.stages[s].replica_tiles.size(); ++j)
        homed[static_cast<size_t>(plan.stages[s].replica_tiles[j].front())].emplace_back(
            static_cast<int>(s), static_cast<int>(j));
    m_tiles.reserve(static_cast<size_t>(tiles));
    for (int64_t t = 0; t < tiles; ++t) {
      auto build_here = [&, t] {
        for (const auto& [s, j] : homed[static_cast<size_t>(t)]) {
          const Stage& st = plan.stages[static_cast<size_t>(s)];
          const bool matrix = st.kind == mapper::StageKind::Matrix;
          const std::string n = module_name(st.name, j, matrix);
          if (matrix)
            m_replicas.push_back(std::make_unique<ReplicaModule>(n.c_str(), m_ctx, s, j));
          else
            m_digital.push_back(std::make_unique<DigitalStageModule>(n.c_str(), m_ctx, s));
        }
      };
      const std::string n = "tile" + std::to_string(t);
      const Plan::TileHardware hw = static_cast<size_t>(t) < plan.tile_hardware.size()
                                        ? plan.tile_hardware[static_cast<size_t>(t)]
                                        : Plan::TileHardware{};
      m_tiles.push_back(std::make_unique<TileModule>(n.c_str(), chip.tile.pes, hw.arrays_per_pe,
                                                     array_module_kind(hw.array_model),
                                                     build_here));
    }
    m_input = std::make_unique<InputStreamer>("input_streamer", m_ctx);
    m_sink = std::make_unique<OutputSink>("output_sink", m_ctx);
    m_groups = std::make_unique<GroupController>("group_controller", m_ctx);
  }
  const char* kind() const override { return "chip"; }

  void finish() {
    RunResult& out = m_ctx.out;
    out.end_ps = static_cast<int64_t>(m_ctx.end.value());  // [ps]: SystemC's default resolution
    // Busy and input wait of a stage: its busiest replica's (on a tie, the one that waited most).
    for (const auto& r : m_replicas)
      take_busiest(out.stages[r->stage()], r->busy_ps(), r->input_wait_ps());
    for (const auto& d : m_digital)
      take_busiest(out.stages[d->stage()], d->busy_ps(), d->input_wait_ps());
    out.dram_read_bytes = m_ctx.dram.read_bytes();
    out.dram_write_bytes = m_ctx.dram.write_bytes();
    out.gb_reads = m_ctx.gb_port.reads(0);
    out.gb_writes = m_ctx.gb_port.writes(0);
    const noc::Interconnect& net = m_noc->interconnect();
    const noc::NocCounters& c = net.counters();
    out.noc_packets = static_cast<int64_t>(c.packets_delivered);
    out.noc_flits = static_cast<int64_t>(c.flits_delivered);
    out.noc_avg_latency_cycles =
        c.packets_delivered ? static_cast<double>(c.latency_sum_cycles) / c.packets_delivered : 0.0;
    out.noc_max_latency_cycles = static_cast<int64_t>(c.max_latency_cycles);
    const noc::Interconnect::LinkLoad hot = net.hottest_link();
    const double cycles = static_cast<double>(std::max<uint64_t>(1, net.cycle()));
    out.noc_link_flits = net.link_flits();
    out.noc_cycles = static_cast<int64_t>(net.cycle());
    if (hot.router >= 0) {
      const noc::Geometry& g = net.geometry();
      out.noc_hottest_link = "router (" + std::to_string(g.router_x(hot.router)) + ", " +
                             std::to_string(g.router_y(hot.router)) + ") " +
                             noc::Geometry::port_name(hot.port);
      out.noc_hottest_link_utilization = static_cast<double>(hot.flits) / cycles;
      out.noc_hottest_link_flits = static_cast<int64_t>(hot.flits);
    }
    if (hot.links > 0)
      out.noc_avg_link_utilization = static_cast<double>(c.link_traversals) / (cycles * hot.links);
    net.export_stats(out.stats.group("noc", "network-on-chip"),
                     static_cast<double>(out.end_ps) / 1000.0);
  }

  bool all_done() const { return m_ctx.images_done == m_ctx.opts.images; }

 private:
  static void take_busiest(StageResult& r, int64_t busy, int64_t wait) {
    if (busy > r.busy_ps || (busy == r.busy_ps && wait > r.input_wait_ps)) {
      r.busy_ps = busy;
      r.input_wait_ps = wait;
    }
  }

  ChipContext m_ctx;
  std::unique_ptr<NocPort> m_noc;
  std::vector<std::unique_ptr<TileModule>> m_tiles;
  std::vector<std::unique_ptr<ReplicaModule>> m_replicas;
  std::vector<std::unique_ptr<DigitalStageModule>> m_digital;
  std::unique_ptr<InputStreamer> m_input;
  std::unique_ptr<OutputSink> m_sink;
  std::unique_ptr<GroupController> m_groups;
};

}  // namespace

RunResult simulate(const Plan& plan, const mapper::Mapping& mapping, const ChipParams& chip,
                   const noc::NocParams& noc, const RunOptions& opts) {
  if (opts.images < 1) throw std::invalid_argument("images must be at least 1");
  RunResult out;
  out.images = opts.images;
  out.chip_cycle_ns = chip.cycle_ns();
  out.noc_cycle_ns = noc.cycle_ns();
  // The elaborated design stays until the process ends (SystemC elaborates once per process):
  // SystemC removes a module from its registry by a linear search, so tearing down isscc28nm's
  // ~4700 modules would cost about 2 % of the run.
  ChipSim& sim = *new ChipSim("chip", plan, mapping, chip, noc, opts, out);
  sc_core::sc_start();
  if (!sim.all_done())
    throw std::runtime_error(
        "the chip run stopped before every image was done (deadlock in the schedule)");
  sim.finish();
  return out;
}

std::string elaborated_hierarchy(const Plan& plan, const mapper::Mapping& mapping,
                                 const ChipParams& chip, const noc::NocParams& noc,
                                 const RunOptions& opts) {
  RunResult out;
  ChipSim sim("chip", plan, mapping, chip, noc, opts, out);
  return hierarchy_text(sim);
}

}  // namespace cimsim::chip
