#include "sim/noc/simple_network.h"

#include <algorithm>

namespace cimsim::noc {

SimpleNetwork::SimpleNetwork(const NocParams& p) : Interconnect(p) {
  m_out.resize(static_cast<std::size_t>(m_geo.routers() * m_geo.ports()));
  m_inj_free.assign(static_cast<std::size_t>(m_geo.nodes()), 0);
  m_starts.resize(static_cast<std::size_t>(m_geo.nodes()));
  std::vector<Pending> storage;
  storage.reserve(1024);
  m_pending = decltype(m_pending)(std::greater<Pending>(), std::move(storage));
}

std::size_t SimpleNetwork::queued_packets(int src) const {
  // Departures are increasing per node: count those not simulated yet (cycle() included).
  const Ring<uint64_t>& q = m_starts[static_cast<std::size_t>(src)];
  std::size_t n = 0;
  for (std::size_t i = q.size(); i > 0 && q.at(i - 1) >= cycle(); --i) ++n;
  return n;
}

bool SimpleNetwork::can_inject(int src) const {
  return m_params.injection_queue_packets == 0 ||
         queued_packets(src) < static_cast<std::size_t>(m_params.injection_queue_packets);
}

bool SimpleNetwork::try_inject(int src, int dst, uint32_t flits, uint64_t tag) {
  check_inject_args(src, dst, flits);
  if (!can_inject(src)) return false;
  const NocParams& p = m_params;
  const uint64_t now = cycle();
  const uint64_t F = flits;
  const uint64_t before_sa = static_cast<uint64_t>(p.route_cycles + p.va_cycles);
  const uint64_t through = static_cast<uint64_t>(p.sa_cycles + p.st_cycles);
  const uint64_t link = static_cast<uint64_t>(p.link_latency_cycles);

  Delivery d;
  d.tag = tag;
  d.src = src;
  d.dst = dst;
  d.flits = flits;
  d.hops = static_cast<uint32_t>(m_geo.hops(src, dst));
  d.inject_cycle = now;
  uint64_t& inj = m_inj_free[static_cast<std::size_t>(src)];
  const uint64_t depart = std::max(now, inj);
  inj = depart + F;
  d.network_cycle = depart;
  Ring<uint64_t>& q = m_starts[static_cast<std::size_t>(src)];
  while (!q.empty() && q.front() < now) q.pop_front();
  q.push_back(depart);

  // Head in the first router's input buffer: the cycle the source sends, then the link.
  uint64_t arrive = depart + 1 + static_cast<uint64_t>(p.injection_latency_cycles);
  int r = m_geo.router_of(src);
  for (;;) {
    const int o = m_geo.route(r, dst);
    const uint64_t start =
        m_out[static_cast<std::size_t>(r * m_geo.ports() + o)].reserve(arrive + before_sa, F, now);
    m_counters.router_traversals += F;
    if (Geometry::is_local(o)) {
      count_ejection(r, o, F);
      d.deliver_cycle =
          start + through + static_cast<uint64_t>(p.ejection_latency_cycles) + (F - 1);
      break;
    }
    count_link(r, o, F);
    arrive = start + through + link;
    r = m_geo.neighbor(r, o);
  }
  m_pending.push(Pending{d.deliver_cycle, m_seq++, d});
  ++m_counters.packets_injected;
  m_counters.flits_injected += F;
  return true;
}

uint64_t SimpleNetwork::Calendar::reserve(uint64_t earliest, uint64_t length, uint64_t now) {
  // Forget intervals that ended before now (compacting once they are half the storage).
  while (first_live < busy.size() && busy[first_live].second <= now) ++first_live;
  if (first_live > 32 && first_live * 2 > busy.size()) {
    busy.erase(busy.begin(), busy.begin() + static_cast<std::ptrdiff_t>(first_live));
    first_live = 0;
  }
  uint64_t start = earliest;
  std::size_t i = first_live;
  for (; i < busy.size(); ++i) {
    if (busy[i].second <= start) continue;       // ends before we would start
    if (busy[i].first >= start + length) break;  // we fit in the gap before it
    start = busy[i].second;                      // overlaps: try right after it
  }
  busy.insert(busy.begin() + static_cast<std::ptrdiff_t>(i), {start, start + length});
  return start;
}

uint64_t SimpleNetwork::next_activity_cycle() const {
  return m_pending.empty() ? kNever : std::max(cycle(), m_pending.top().deliver_cycle);
}

void SimpleNetwork::do_step() {
  while (!m_pending.empty() && m_pending.top().deliver_cycle == cycle()) {
    const Delivery& d = m_pending.top().d;
    m_counters.flits_delivered += d.flits;
    deliver(d);
    m_pending.pop();
  }
}

}  // namespace cimsim::noc
