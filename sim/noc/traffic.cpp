#include "sim/noc/traffic.h"

#include <random>
#include <stdexcept>
#include <vector>

namespace cimsim::noc {

Pattern parse_pattern(const std::string& name) {
  if (name == "uniform") return Pattern::Uniform;
  if (name == "transpose") return Pattern::Transpose;
  if (name == "bitcomp") return Pattern::BitComp;
  if (name == "hotspot") return Pattern::Hotspot;
  throw std::invalid_argument("expected one of uniform, transpose, bitcomp, hotspot, got '" + name +
                              "'");
}

const char* to_string(Pattern p) {
  switch (p) {
    case Pattern::Uniform:
      return "uniform";
    case Pattern::Transpose:
      return "transpose";
    case Pattern::BitComp:
      return "bitcomp";
    case Pattern::Hotspot:
      return "hotspot";
  }
  return "?";
}

TrafficPattern::TrafficPattern(Pattern p, const Geometry& g, int hotspot_node,
                               double hotspot_fraction)
    : m_pattern(p),
      m_geo(g),
      m_nodes(g.nodes()),
      m_hot_node(hotspot_node),
      m_hot_fraction(hotspot_fraction) {
  if (p == Pattern::Transpose && g.grid_x() != g.grid_y())
    throw std::invalid_argument("transpose traffic needs a square grid of nodes, got " +
                                std::to_string(g.grid_x()) + "x" + std::to_string(g.grid_y()));
  if (m_hot_node < 0) m_hot_node = g.node_at(g.grid_x() / 2, g.grid_y() / 2);
  if (m_hot_node >= m_nodes)
    throw std::invalid_argument("hotspot node " + std::to_string(m_hot_node) + " is not a node");
  if (!(hotspot_fraction >= 0 && hotspot_fraction <= 1))
    throw std::invalid_argument("hotspot fraction must be in [0, 1]");
}

int TrafficPattern::fixed_destination(int src) const {
  const int x = m_geo.node_grid_x(src), y = m_geo.node_grid_y(src);
  if (m_pattern == Pattern::Transpose) return m_geo.node_at(y, x);
  return m_geo.node_at(m_geo.grid_x() - 1 - x, m_geo.grid_y() - 1 - y);  // BitComp
}

template <typename F>
double TrafficPattern::average_over_pairs(F f) const {
  double sum = 0;
  for (int s = 0; s < m_nodes; ++s) {
    double uniform = 0;
    if (m_pattern == Pattern::Uniform || m_pattern == Pattern::Hotspot) {
      for (int d = 0; d < m_nodes; ++d) uniform += f(s, d);
      uniform /= m_nodes;
    }
    switch (m_pattern) {
      case Pattern::Uniform:
        sum += uniform;
        break;
      case Pattern::Hotspot:
        sum += m_hot_fraction * f(s, m_hot_node) + (1 - m_hot_fraction) * uniform;
        break;
      default:
        sum += f(s, fixed_destination(s));
        break;
    }
  }
  return sum / m_nodes;
}

double TrafficPattern::zero_load_latency(const Interconnect& net, uint32_t flits) const {
  return average_over_pairs([&](int s, int d) {
    return static_cast<double>(net.zero_load_latency(m_geo.hops(s, d), flits));
  });
}

double TrafficPattern::average_hops() const {
  return average_over_pairs([&](int s, int d) { return static_cast<double>(m_geo.hops(s, d)); });
}

TrafficResult run_synthetic_traffic(Interconnect& net, const TrafficParams& t) {
  if (!(t.rate > 0 && t.rate <= 1))
    throw std::invalid_argument("rate must be in (0, 1] flits/node/cycle");
  if (t.packet_flits < 1) throw std::invalid_argument("packets have at least one flit");
  if (t.measure_cycles < 1)
    throw std::invalid_argument("the measurement window needs at least one cycle");
  const Geometry& geo = net.geometry();
  const TrafficPattern pattern(t.pattern, geo, t.hotspot_node, t.hotspot_fraction);
  const int nodes = geo.nodes();
  const double p_packet = t.rate / t.packet_flits;  // packets/node/cycle
  const uint64_t start = t.warmup_cycles, stop = t.warmup_cycles + t.measure_cycles;
  const uint64_t give_up = stop + t.drain_limit_cycles;
  std::mt19937_64 rng(t.seed);

  // Packets the Interconnect refused (bounded source queue): tag = creation cycle * 2 + measured.
  struct Waiting {
    uint64_t tag;
    int dst;
  };
  std::vector<Ring<Waiting>> backlog(static_cast<std::size_t>(nodes));

  TrafficResult r;
  r.zero_load_latency_cycles = pattern.zero_load_latency(net, t.packet_flits);
  double lat_sum = 0, net_lat_sum = 0, hops_sum = 0;
  uint64_t accepted_flits = 0, created_flits = 0;
  Delivery d;
  for (uint64_t c = net.cycle();; ++c) {
    const bool in_window = c >= start && c < stop;
    for (int n = 0; n < nodes; ++n) {
      auto& q = backlog[static_cast<std::size_t>(n)];
      if (TrafficPattern::unit(rng()) < p_packet) {
        const int dst = pattern.destination(n, rng);
        q.push_back(Waiting{c * 2 + (in_window ? 1 : 0), dst});
        if (in_window) {
          ++r.packets_measured;
          created_flits += t.packet_flits;
        }
      }
      while (!q.empty() && net.try_inject(n, q.front().dst, t.packet_flits, q.front().tag))
        q.pop_front();
    }
    net.step();
    for (int n : net.delivered_nodes()) {
      while (net.pop_delivery(n, d)) {
        if (d.deliver_cycle >= start && d.deliver_cycle < stop) accepted_flits += d.flits;
        if (d.tag & 1) {
          const uint64_t lat = d.deliver_cycle - (d.tag >> 1);
          ++r.packets_measured_delivered;
          lat_sum += static_cast<double>(lat);
          net_lat_sum += static_cast<double>(d.network_latency_cycles());
          hops_sum += d.hops;
          if (lat > r.max_packet_latency_cycles) r.max_packet_latency_cycles = lat;
        }
      }
    }
    if (c + 1 >= stop && r.packets_measured_delivered == r.packets_measured) {
      r.drained = true;
      break;
    }
    if (c + 1 >= give_up) break;
  }
  r.cycles = net.cycle();
  const double node_cycles = static_cast<double>(nodes) * static_cast<double>(t.measure_cycles);
  r.offered_flits_per_node_cycle = static_cast<double>(created_flits) / node_cycles;
  r.accepted_flits_per_node_cycle = static_cast<double>(accepted_flits) / node_cycles;
  if (r.packets_measured_delivered > 0) {
    const double k = static_cast<double>(r.packets_measured_delivered);
    r.avg_packet_latency_cycles = lat_sum / k;
    r.avg_network_latency_cycles = net_lat_sum / k;
    r.avg_hops = hops_sum / k;
  }
  r.saturated =
      !r.drained || r.avg_packet_latency_cycles > t.saturation_factor * r.zero_load_latency_cycles;
  return r;
}

}  // namespace cimsim::noc
