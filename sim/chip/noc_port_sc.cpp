#include "sim/chip/noc_port_sc.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/chip/sc_time_ps.h"
#include "sim/chip/trace_recorder.h"
#include "sim/core/int_math.h"

namespace cimsim::chip {

namespace {
int64_t time_ps() { return static_cast<int64_t>(sc_core::sc_time_stamp().value()); }
}  // namespace

NocPort::NocPort(sc_core::sc_module_name n, const noc::NocParams& p, DeliverySink& sink)
    : sc_module(n),
      m_net(noc::make_interconnect(p)),
      m_sink(sink),
      m_noc_ps(static_cast<int64_t>(std::llround(1e6 / p.clock_MHz))) {
  const noc::Geometry& g = m_net->geometry();
  m_routers.reserve(static_cast<size_t>(g.routers()));
  for (int r = 0; r < g.routers(); ++r) {
    const std::string name =
        "router_" + std::to_string(g.router_x(r)) + "_" + std::to_string(g.router_y(r));
    m_routers.push_back(std::make_unique<RouterModule>(name.c_str(), g.router_x(r), g.router_y(r)));
  }
  SC_HAS_PROCESS(NocPort);
  SC_THREAD(run);
}

void NocPort::send(int src, int dst, int64_t bytes, uint64_t tag, int64_t requester) {
  const int64_t now_ps = static_cast<int64_t>(sc_core::sc_time_stamp().value());
  const uint64_t cyc = static_cast<uint64_t>(core::ceil_div(now_ps, m_noc_ps));
  Pending p{cyc, requester, src, dst, flits_for_bytes(bytes), tag};
  auto pos = m_pending.end();
  while (pos != m_pending.begin() &&
         ((pos - 1)->cycle > cyc || ((pos - 1)->cycle == cyc && (pos - 1)->requester > requester)))
    --pos;
  m_pending.insert(pos, p);
  // Wake the thread only when it would sleep past this packet's cycle.
  const int64_t due_ps = static_cast<int64_t>(cyc + 1) * m_noc_ps;
  if (m_wake_ps < 0 || due_ps < m_wake_ps) m_kick.notify(sc_core::SC_ZERO_TIME);
}

void NocPort::run() {
  noc::Delivery d;
  while (true) {
    // The next cycle with something to do: flits in flight or a packet to inject.
    uint64_t c = noc::kNever;
    if (!m_net->idle()) c = std::max(m_net->next_activity_cycle(), m_net->cycle());
    if (!m_pending.empty()) c = std::min(c, std::max(m_pending.front().cycle, m_net->cycle()));
    if (c == noc::kNever) {
      m_wake_ps = -1;
      wait(m_kick);
      continue;
    }
    // Cycle c is simulated at its end: what it delivers lands then.
    const int64_t wake_ps = static_cast<int64_t>(c + 1) * m_noc_ps;
    const int64_t now_ps = static_cast<int64_t>(sc_core::sc_time_stamp().value());
    if (wake_ps > now_ps) {
      m_wake_ps = wake_ps;
      wait(ps_time(wake_ps - now_ps), m_kick);
      if (static_cast<int64_t>(sc_core::sc_time_stamp().value()) < wake_ps)
        continue;  // kicked: a new packet may need an earlier cycle
    }
    m_wake_ps = wake_ps;  // running now; a packet handed over meanwhile is seen below
    m_net->advance_to(c);
    while (!m_pending.empty() && m_pending.front().cycle <= c) {
      const Pending& p = m_pending.front();
      if (!m_net->try_inject(p.src, p.dst, p.flits, p.tag))
        throw std::logic_error("NoC source queue full (unbounded queues expected)");
      m_pending.pop_front();
    }
    // Cycle c, and those after it while no other process can run: one that runs at t_next or
    // later hands over packets for cycle ceil(t_next / period) or later, so every cycle before
    // that one (and before the first still pending) has all its packets. The result is that of
    // one cycle per wake-up; the thread wakes once per delivery instead of once per NoC cycle.
    const uint64_t next_ps =
        static_cast<uint64_t>(time_ps()) + sc_core::sc_time_to_pending_activity().value();
    const uint64_t period = static_cast<uint64_t>(m_noc_ps);
    uint64_t limit = std::max(c + 1, next_ps / period + (next_ps % period != 0 ? 1 : 0));
    if (!m_pending.empty()) limit = std::min(limit, m_pending.front().cycle);  // handed over
    if (!m_net->advance_until_delivery(limit)) continue;
    // The deliveries land at the end of their cycle, cycle() - 1.
    const int64_t land_ps = static_cast<int64_t>(m_net->cycle()) * m_noc_ps;
    if (land_ps > time_ps()) {
      m_wake_ps = land_ps;
      wait(ps_time(land_ps - time_ps()));
    }
    for (int node : m_net->delivered_nodes())
      while (m_net->pop_delivery(node, d)) {
        const int64_t zero =
            static_cast<int64_t>(m_net->zero_load_latency(static_cast<int>(d.hops), d.flits));
        m_sink.on_delivery(d.tag, static_cast<int64_t>(d.latency_cycles()) - zero);
        if (m_trace) m_trace->noc_packet(d.inject_cycle, d.deliver_cycle, d.flits);
      }
  }
}

}  // namespace cimsim::chip
