#include "sim/noc/interconnect.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "sim/noc/router_network.h"
#include "sim/noc/simple_network.h"

namespace cimsim::noc {

namespace {
const NocParams& checked(const NocParams& p) {
  check_noc_params(p);
  return p;
}
}  // namespace

Interconnect::Interconnect(const NocParams& p)
    : m_params(checked(p)),
      m_topology(make_geometry(m_params)),
      m_geo(*m_topology),
      m_delivered(static_cast<std::size_t>(m_geo.nodes())),
      m_node_touched(static_cast<std::size_t>(m_geo.nodes()), 0) {
  m_delivered_nodes.reserve(static_cast<std::size_t>(m_geo.nodes()));
  m_link_flits.assign(static_cast<std::size_t>(m_geo.routers() * m_geo.ports()), 0);
}

Interconnect::LinkLoad Interconnect::hottest_link() const {
  LinkLoad best;
  for (int r = 0; r < m_geo.routers(); ++r)
    for (int port = 0; port < m_geo.ports(); ++port) {
      const bool local = Geometry::is_local(port);
      if (!local && m_geo.neighbor(r, port) < 0) continue;
      best.links += local ? 0 : 1;
      const uint64_t f = m_link_flits[static_cast<std::size_t>(r * m_geo.ports() + port)];
      if (f > best.flits) best.router = r, best.port = port, best.flits = f;
    }
  return best;
}

uint32_t Interconnect::flits_for_bytes(uint64_t bytes) const {
  const uint64_t bits = bytes * 8;
  const uint64_t flits = (bits + static_cast<uint64_t>(m_params.flit_bits) - 1) /
                         static_cast<uint64_t>(m_params.flit_bits);
  return static_cast<uint32_t>(std::max<uint64_t>(flits, 1));
}

void Interconnect::check_inject_args(int src, int dst, uint32_t flits) const {
  if (src < 0 || src >= num_nodes() || dst < 0 || dst >= num_nodes())
    throw std::out_of_range("noc: try_inject(" + std::to_string(src) + ", " + std::to_string(dst) +
                            "): nodes are 0.." + std::to_string(num_nodes() - 1));
  if (flits == 0) throw std::invalid_argument("noc: try_inject: a packet has at least one flit");
}

void Interconnect::begin_call() {
  // Nodes whose deliveries were not all popped stay listed, so a caller that only looks at the
  // list after some of its calls (say advance_to() then step()) still finds every delivery.
  std::size_t k = 0;
  for (int n : m_delivered_nodes) {
    if (!m_delivered[static_cast<std::size_t>(n)].empty())
      m_delivered_nodes[k++] = n;
    else
      m_node_touched[static_cast<std::size_t>(n)] = 0;
  }
  m_delivered_nodes.resize(k);
}

void Interconnect::simulate_one_cycle() {
  if (!idle()) ++m_counters.active_cycles;
  do_step();
  ++m_cycle;
}

void Interconnect::step() {
  begin_call();
  simulate_one_cycle();
  std::sort(m_delivered_nodes.begin(), m_delivered_nodes.end());
}

void Interconnect::advance_to(uint64_t target) {
  begin_call();
  while (m_cycle < target) {
    const uint64_t next = next_activity_cycle();
    if (next > m_cycle) {  // nothing happens until `next`: jump
      const uint64_t to = std::min(next, target);
      if (!idle()) m_counters.active_cycles += to - m_cycle;  // flits still on links
      m_cycle = to;
      continue;
    }
    simulate_one_cycle();
  }
  std::sort(m_delivered_nodes.begin(), m_delivered_nodes.end());
}

bool Interconnect::advance_until_delivery(uint64_t limit) {
  begin_call();
  bool delivered = false;
  while (m_cycle < limit && !delivered) {
    const uint64_t next = next_activity_cycle();
    if (next > m_cycle) {  // nothing happens until `next`: jump
      const uint64_t to = std::min(next, limit);
      if (!idle()) m_counters.active_cycles += to - m_cycle;
      m_cycle = to;
      continue;
    }
    const uint64_t before = m_counters.packets_delivered;
    simulate_one_cycle();
    delivered = m_counters.packets_delivered != before;
  }
  std::sort(m_delivered_nodes.begin(), m_delivered_nodes.end());
  return delivered;
}

bool Interconnect::pop_delivery(int dst, Delivery& out) {
  auto& q = m_delivered[static_cast<std::size_t>(dst)];
  if (q.empty()) return false;
  out = q.front();
  q.pop_front();
  return true;
}

void Interconnect::deliver(const Delivery& d) {
  m_delivered[static_cast<std::size_t>(d.dst)].push_back(d);
  if (!m_node_touched[static_cast<std::size_t>(d.dst)]) {
    m_node_touched[static_cast<std::size_t>(d.dst)] = 1;
    m_delivered_nodes.push_back(d.dst);
  }
  NocCounters& c = m_counters;
  ++c.packets_delivered;
  const uint64_t lat = d.latency_cycles();
  c.latency_sum_cycles += lat;
  c.network_latency_sum_cycles += d.network_latency_cycles();
  c.max_latency_cycles = std::max(c.max_latency_cycles, lat);
  c.hops_sum += d.hops;
}

uint64_t Interconnect::zero_load_latency(int hops, uint32_t flits) const {
  const NocParams& p = m_params;
  const uint64_t router =
      static_cast<uint64_t>(p.route_cycles + p.va_cycles + p.sa_cycles + p.st_cycles);
  const uint64_t h = static_cast<uint64_t>(hops);
  return 1 + static_cast<uint64_t>(p.injection_latency_cycles) + (h + 1) * router +
         h * static_cast<uint64_t>(p.link_latency_cycles) +
         static_cast<uint64_t>(p.ejection_latency_cycles) + (flits - 1);
}

std::unique_ptr<Interconnect> make_interconnect(const NocParams& p) {
  if (p.model == NocModel::Simple) return std::make_unique<SimpleNetwork>(p);
  return std::make_unique<RouterNetwork>(p);
}

}  // namespace cimsim::noc
