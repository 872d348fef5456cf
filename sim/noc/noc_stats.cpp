// Interconnect::export_stats, kept apart so the model links without the stats tree.
#include "sim/core/param_table.h"
#include "sim/core/stats.h"
#include "sim/noc/interconnect.h"

namespace cimsim::noc {

void Interconnect::export_stats(core::StatGroup& g, double elapsed_ns) const {
  const NocCounters& c = m_counters;
  const NocParams& p = m_params;
  if (elapsed_ns < 0) elapsed_ns = static_cast<double>(cycle()) * p.cycle_ns();
  const double delivered = static_cast<double>(c.packets_delivered);
  auto avg = [&](uint64_t sum) {
    return c.packets_delivered ? static_cast<double>(sum) / delivered : 0.0;
  };

  g.set("model", p.model == NocModel::Cycle ? 0 : 1, "",
        "0 = cycle-accurate routers, 1 = simple serializing links");
  g.set("routers", m_geo.routers(), "routers", "routers in the network");
  g.set("nodes", m_geo.nodes(), "nodes", "attachment points (tiles, buffers, DRAM controller)");
  g.set("cycles", static_cast<double>(cycle()), "cycles", "NoC cycles simulated");
  g.set("active_cycles", static_cast<double>(c.active_cycles), "cycles",
        "cycles with packets queued or in flight");
  g.set("packets_injected", static_cast<double>(c.packets_injected), "packets",
        "packets accepted by try_inject");
  g.set("packets_delivered", delivered, "packets", "packets whose tail reached the destination");
  g.set("flits_injected", static_cast<double>(c.flits_injected), "flits",
        "flits accepted by try_inject");
  g.set("flits_delivered", static_cast<double>(c.flits_delivered), "flits",
        "flits that reached their destination");
  g.set("router_traversals", static_cast<double>(c.router_traversals), "flits",
        "flit crossings of a router");
  g.set("link_traversals", static_cast<double>(c.link_traversals), "flits",
        "flit crossings of a router-to-router link");
  g.set("avg_packet_latency_cycles", avg(c.latency_sum_cycles), "cycles",
        "deliver - inject, mean over delivered packets");
  g.set("avg_network_latency_cycles", avg(c.network_latency_sum_cycles), "cycles",
        "deliver - head leaving the source queue, mean over delivered packets");
  g.set("max_packet_latency_cycles", static_cast<double>(c.max_latency_cycles), "cycles",
        "worst deliver - inject");
  g.set("avg_hops", avg(c.hops_sum), "hops", "router-to-router links per delivered packet");
  const LinkLoad hot = hottest_link();
  const double link_cycles =
      static_cast<double>(cycle()) * hot.links;  // a link moves <= 1 flit/cycle
  g.set("links", hot.links, "links", "router-to-router links");
  g.set("avg_link_utilization",
        link_cycles > 0 ? static_cast<double>(c.link_traversals) / link_cycles : 0.0, "",
        "flits per link per cycle, mean over links and cycles simulated");
  g.set("hottest_link_flits", static_cast<double>(hot.flits), "flits",
        "flits out of the busiest router port (link or ejection)");
  g.set("hottest_link_utilization",
        cycle() > 0 ? static_cast<double>(hot.flits) / static_cast<double>(cycle()) : 0.0, "",
        "flits per cycle out of the busiest router port (link or ejection)");
  g.set("area_mm2", p.router_area_mm2 * m_geo.routers(), "mm2",
        "routers x " + core::source(p, &NocParams::router_area_mm2));
  g.add_energy("router_traversals", core::EnergyCategory::Interconnect,
               static_cast<double>(c.router_traversals), p.energy_per_flit_router_pJ,
               core::source(p, &NocParams::energy_per_flit_router_pJ));
  g.add_energy("link_traversals", core::EnergyCategory::Interconnect,
               static_cast<double>(c.link_traversals), p.energy_per_flit_link_pJ,
               core::source(p, &NocParams::energy_per_flit_link_pJ));
  g.add_leakage("router_leakage", p.router_leakage_mW * m_geo.routers(), elapsed_ns,
                core::source(p, &NocParams::router_leakage_mW));
}

}  // namespace cimsim::noc
