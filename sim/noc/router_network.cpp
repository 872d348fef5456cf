#include "sim/noc/router_network.h"

#include <algorithm>
#include <limits>
#include <sstream>

namespace cimsim::noc {

namespace {

// Round-robin pick among the set bits of `mask` (non-zero): the first at or after `ptr`
// (a pointer past the highest bit wraps to bit 0, so pointers are stored as last grant + 1).
inline int rr_pick(uint64_t mask, unsigned ptr) {
  const uint64_t upper = ptr < 64 ? mask & (~uint64_t{0} << ptr) : 0;
  return __builtin_ctzll(upper ? upper : mask);
}

}  // namespace

RouterNetwork::RouterNetwork(const NocParams& p)
    : Interconnect(p), m_ports(m_geo.ports()), m_vcs(p.vcs), m_depth(p.vc_depth_flits) {
  const std::size_t routers = static_cast<std::size_t>(m_geo.routers());
  const std::size_t nodes = static_cast<std::size_t>(m_geo.nodes());
  const std::size_t pv = static_cast<std::size_t>(m_ports * m_vcs);
  m_in.assign(routers * pv, InVc{});
  m_buf.assign(routers * pv * static_cast<std::size_t>(m_depth), Flit{});
  m_busy_ivcs.assign(routers, 0);
  m_wait_ivcs.assign(routers, 0);
  m_send_ivcs.assign(routers, 0);
  m_out_busy.assign(routers * pv, 0);
  m_out_owner.assign(routers * pv, -1);
  m_credit_ok.assign(routers, 0);
  m_out_credits.assign(routers * pv, 0);
  for (int r = 0; r < m_geo.routers(); ++r)
    for (int port = 0; port < m_ports; ++port)
      for (int vc = 0; vc < m_vcs; ++vc) {
        int32_t credits = 0;  // unconnected edge port: XY routing never uses it
        if (Geometry::is_local(port))
          credits = p.ejection_buffer_flits;  // the destination's ejection buffer
        else if (m_geo.neighbor(r, port) >= 0)
          credits = m_depth;
        m_out_credits[static_cast<std::size_t>(ivc_index(r, port, vc))] = credits;
      }
  m_va_in_ptr.assign(routers * pv, 0);
  m_va_out_ptr.assign(routers * pv, 0);
  m_sa_in_ptr.assign(routers * static_cast<std::size_t>(m_ports), 0);
  m_sa_out_ptr.assign(routers * static_cast<std::size_t>(m_ports), 0);
  m_router_flits.assign(routers, 0);
  m_router_active.assign(routers, 0);
  m_router_wake.assign(routers, 0);
  m_active.reserve(routers);
  m_va_req.assign(pv, 0);
  m_sa_req.assign(static_cast<std::size_t>(m_ports), 0);
  m_sa_choice.assign(static_cast<std::size_t>(m_ports), 0);

  m_src_queue.resize(nodes);
  m_src_vc.assign(nodes, -1);
  m_src_sent.assign(nodes, 0);
  m_src_credits.assign(nodes * static_cast<std::size_t>(m_vcs), m_depth);
  m_src_vc_busy.assign(nodes * static_cast<std::size_t>(m_vcs), 0);
  m_src_ptr.assign(nodes, 0);
  m_src_active.assign(nodes, 0);
  m_src_wake.assign(nodes, 0);
  m_active_sources.reserve(nodes);

  m_packets.reserve(1024);
  m_free_packets.reserve(1024);

  // The wheel must cover the longest wire: flit sa+st+link, ejection sa+st+ejection,
  // injection 1+injection, credits link, ejection or injection.
  const uint64_t longest = static_cast<uint64_t>(std::max(
      {p.sa_cycles + p.st_cycles + std::max(p.link_latency_cycles, p.ejection_latency_cycles),
       1 + p.injection_latency_cycles}));
  uint64_t size = 1;
  while (size <= longest) size <<= 1;
  m_wheel.resize(size);
  for (Slot& b : m_wheel) {
    b.arrivals.reserve(64);
    b.router_credits.reserve(64);
    b.ejections.reserve(16);
    b.source_credits.reserve(16);
  }
  m_wheel_mask = size - 1;
  m_neighbor.resize(routers * static_cast<std::size_t>(m_ports));
  for (int r = 0; r < m_geo.routers(); ++r)
    for (int port = 0; port < m_ports; ++port)
      m_neighbor[static_cast<std::size_t>(r * m_ports + port)] = m_geo.neighbor(r, port);
}

bool RouterNetwork::can_inject(int src) const {
  return m_params.injection_queue_packets == 0 ||
         queued_packets(src) < static_cast<std::size_t>(m_params.injection_queue_packets);
}

std::size_t RouterNetwork::queued_packets(int src) const {
  const std::size_t n = m_src_queue[static_cast<std::size_t>(src)].size();
  return n - (n > 0 && m_src_sent[static_cast<std::size_t>(src)] > 0 ? 1 : 0);
}

bool RouterNetwork::try_inject(int src, int dst, uint32_t flits, uint64_t tag) {
  check_inject_args(src, dst, flits);
  if (!can_inject(src)) return false;
  uint32_t id;
  if (!m_free_packets.empty()) {
    id = m_free_packets.back();
    m_free_packets.pop_back();
  } else {
    id = static_cast<uint32_t>(m_packets.size());
    m_packets.push_back(Packet{});
  }
  m_packets[id] =
      Packet{tag, cycle(), 0, src, dst, flits, static_cast<uint32_t>(m_geo.hops(src, dst))};
  m_src_queue[static_cast<std::size_t>(src)].push_back(id);
  if (!m_src_active[static_cast<std::size_t>(src)]) {
    m_src_active[static_cast<std::size_t>(src)] = 1;
    m_src_wake[static_cast<std::size_t>(src)] = cycle();
    m_active_sources.push_back(src);
  }
  if (m_in_flight == 0) m_last_move = cycle();  // the watchdog starts counting now
  ++m_in_flight;
  ++m_counters.packets_injected;
  m_counters.flits_injected += flits;
  return true;
}

uint64_t RouterNetwork::next_activity_cycle() const {
  if (m_in_flight == 0) return kNever;
  const uint64_t now = cycle();
  // The watchdog's cycle bounds the answer, so a locked network still gets its error.
  uint64_t next = m_last_move + static_cast<uint64_t>(m_params.watchdog_cycles);
  for (int r : m_active) next = std::min(next, m_router_wake[static_cast<std::size_t>(r)]);
  for (int n : m_active_sources) next = std::min(next, m_src_wake[static_cast<std::size_t>(n)]);
  for (uint64_t c = now; c <= now + m_wheel_mask && c < next; ++c)
    if (!m_wheel[c & m_wheel_mask].empty()) return c;
  return std::max(next, now);
}

void RouterNetwork::activate_router(int r) {
  if (!m_router_active[static_cast<std::size_t>(r)]) {
    m_router_active[static_cast<std::size_t>(r)] = 1;
    m_active.push_back(r);
  }
}

void RouterNetwork::start_head(int ivc, int r, uint64_t ready) {
  InVc& in = m_in[static_cast<std::size_t>(ivc)];
  const Flit& f =
      m_buf[static_cast<std::size_t>(ivc) * static_cast<std::size_t>(m_depth) + in.head];
  const Packet& pk = m_packets[f.pkt];
  const int port = m_geo.route(r, pk.dst);
  in.state = kWaitVc;
  in.ready = ready;
  const uint64_t bit = uint64_t{1} << (ivc - r * m_ports * m_vcs);
  m_wait_ivcs[static_cast<std::size_t>(r)] |= bit;
  m_send_ivcs[static_cast<std::size_t>(r)] &= ~bit;
  in.out_port = static_cast<uint8_t>(port);
  // The topology's VC classes (a torus: dateline classes), unless a test switched them off.
  unsigned mask = (1u << m_vcs) - 1;
  if (!Geometry::is_local(port) && !m_no_datelines) {
    const int in_port = (ivc / m_vcs) % m_ports, in_vc = ivc % m_vcs;
    mask = m_geo.allowed_vcs(r, in_port, in_vc, port, pk.src, pk.dst, m_vcs);
  }
  in.vc_mask = static_cast<uint8_t>(mask);
}

void RouterNetwork::land_flit(const FlitArrival& a) {
  InVc& in = m_in[static_cast<std::size_t>(a.ivc)];
  std::size_t slot = static_cast<std::size_t>(in.head) + in.count;
  if (slot >= static_cast<std::size_t>(m_depth)) slot -= static_cast<std::size_t>(m_depth);
  m_buf[static_cast<std::size_t>(a.ivc) * static_cast<std::size_t>(m_depth) + slot] = a.flit;
  ++in.count;
  if (in.state == kActive)
    m_send_ivcs[static_cast<std::size_t>(a.router)] |= uint64_t{1}
                                                       << (a.ivc - a.router * m_ports * m_vcs);
  ++m_router_flits[static_cast<std::size_t>(a.router)];
  activate_router(a.router);
  m_router_wake[static_cast<std::size_t>(a.router)] = cycle();
  if (in.state == kIdle) {  // an idle VC is empty: this is the head of a new packet
    m_busy_ivcs[static_cast<std::size_t>(a.router)] |= uint64_t{1}
                                                       << (a.ivc - a.router * m_ports * m_vcs);
    start_head(a.ivc, a.router, cycle() + static_cast<uint64_t>(m_params.route_cycles));
  }
}

void RouterNetwork::eject_flit(const FlitEjection& e) {
  ++m_counters.flits_delivered;
  m_last_move = cycle();
  // The destination takes the flit out of its ejection buffer in this cycle: the credit goes
  // back to the router's local output VC over the ejection link.
  slot_after(static_cast<uint64_t>(m_params.ejection_latency_cycles))
      .router_credits.push_back(Credit{e.ovc, e.router});
  if (!e.flit.tail) return;
  const Packet& pk = m_packets[e.flit.pkt];
  Delivery d;
  d.tag = pk.tag;
  d.src = pk.src;
  d.dst = pk.dst;
  d.flits = pk.flits;
  d.hops = pk.hops;
  d.inject_cycle = pk.inject_cycle;
  d.network_cycle = pk.network_cycle;
  d.deliver_cycle = cycle();
  deliver(d);
  m_free_packets.push_back(e.flit.pkt);
  --m_in_flight;
}

void RouterNetwork::do_step() {
  if (m_in_flight == 0) return;
  // (1) commit what lands this cycle.
  // The kinds touch disjoint state, and within a kind no two items touch the same buffer,
  // counter or node in one cycle, so the order of application does not matter.
  Slot& due = m_wheel[cycle() & m_wheel_mask];
  for (const FlitArrival& a : due.arrivals) land_flit(a);
  for (const FlitEjection& e : due.ejections) eject_flit(e);
  for (const Credit& c : due.router_credits) {
    if (++m_out_credits[static_cast<std::size_t>(c.index)] == 1) {
      const int holder = m_out_owner[static_cast<std::size_t>(c.index)];
      if (holder >= 0) m_credit_ok[static_cast<std::size_t>(c.owner)] |= uint64_t{1} << holder;
    }
    m_router_wake[static_cast<std::size_t>(c.owner)] = cycle();
  }
  for (const Credit& c : due.source_credits) {
    ++m_src_credits[static_cast<std::size_t>(c.index)];
    m_src_wake[static_cast<std::size_t>(c.owner)] = cycle();
  }
  due.arrivals.clear();
  due.ejections.clear();
  due.router_credits.clear();
  due.source_credits.clear();

  // (2) evaluate; every effect on another router or source lands in a later cycle.
  const uint64_t now = cycle();
  const std::size_t ns = m_active_sources.size(), nr = m_active.size();
  for (std::size_t i = 0; i < ns; ++i) {
    const int n = m_active_sources[m_reverse ? ns - 1 - i : i];
    if (m_src_wake[static_cast<std::size_t>(n)] > now && !m_never_sleep) continue;
    // A source that cannot send waits for a credit (its VC is only ever held by itself).
    m_src_wake[static_cast<std::size_t>(n)] = eval_source(n) ? now + 1 : kNever;
  }
  for (std::size_t i = 0; i < nr; ++i) {
    const int r = m_active[m_reverse ? nr - 1 - i : i];
    if (m_router_wake[static_cast<std::size_t>(r)] <= now || m_never_sleep) eval_router(r);
  }

  // Drop sources with empty queues and routers without flits from the work lists.
  std::size_t k = 0;
  for (int n : m_active_sources) {
    if (!m_src_queue[static_cast<std::size_t>(n)].empty())
      m_active_sources[k++] = n;
    else
      m_src_active[static_cast<std::size_t>(n)] = 0;
  }
  m_active_sources.resize(k);
  k = 0;
  for (int r : m_active) {
    if (m_router_flits[static_cast<std::size_t>(r)] > 0)
      m_active[k++] = r;
    else
      m_router_active[static_cast<std::size_t>(r)] = 0;
  }
  m_active.resize(k);

  if (m_in_flight > 0 && cycle() - m_last_move >= static_cast<uint64_t>(m_params.watchdog_cycles))
    report_deadlock();
}

bool RouterNetwork::eval_source(int n) {
  const std::size_t node = static_cast<std::size_t>(n);
  const uint32_t id = m_src_queue[node].front();
  Packet& pk = m_packets[id];
  if (m_src_vc[node] < 0) {  // pick a free VC of the router's local input port
    uint64_t free_vcs = 0;
    for (int v = 0; v < m_vcs; ++v)
      if (!m_src_vc_busy[node * static_cast<std::size_t>(m_vcs) + static_cast<std::size_t>(v)])
        free_vcs |= uint64_t{1} << v;
    if (!free_vcs) return false;
    const int v = rr_pick(free_vcs, m_src_ptr[node]);
    m_src_ptr[node] = static_cast<uint8_t>(v + 1);
    m_src_vc_busy[node * static_cast<std::size_t>(m_vcs) + static_cast<std::size_t>(v)] = 1;
    m_src_vc[node] = v;
  }
  const int v = m_src_vc[node];
  int32_t& credits =
      m_src_credits[node * static_cast<std::size_t>(m_vcs) + static_cast<std::size_t>(v)];
  if (credits <= 0) return false;
  --credits;
  const uint32_t seq = m_src_sent[node];
  const int r = m_geo.router_of(n);
  slot_after(1 + static_cast<uint64_t>(m_params.injection_latency_cycles))
      .arrivals.push_back(FlitArrival{ivc_index(r, m_geo.local_port_of(n), v), r,
                                      Flit{id, seq, seq == 0, seq + 1 == pk.flits}});
  m_last_move = cycle();
  if (seq == 0) pk.network_cycle = cycle();
  if (seq + 1 == pk.flits) {  // tail sent: the VC may carry the next packet behind it
    m_src_vc_busy[node * static_cast<std::size_t>(m_vcs) + static_cast<std::size_t>(v)] = 0;
    m_src_vc[node] = -1;
    m_src_sent[node] = 0;
    m_src_queue[node].pop_front();
  } else {
    m_src_sent[node] = seq + 1;
  }
  return true;
}

void RouterNetwork::eval_router(int r) {
  const uint64_t now = cycle();
  const int base = r * m_ports * m_vcs;

  uint64_t timer = kNever;  // earliest stage timer still running
  bool granted = false;

  // VC allocation, separable input-first.
  uint64_t outs_requested = 0;
  for (uint64_t m = m_wait_ivcs[static_cast<std::size_t>(r)]; m; m &= m - 1) {
    const int i = __builtin_ctzll(m);
    const InVc& in = m_in[static_cast<std::size_t>(base + i)];
    if (in.ready > now) {
      timer = std::min(timer, in.ready);
      continue;
    }
    const int obase = base + in.out_port * m_vcs;
    uint64_t free_vcs = 0;
    for (int v = 0; v < m_vcs; ++v)
      if (!m_out_busy[static_cast<std::size_t>(obase + v)]) free_vcs |= uint64_t{1} << v;
    free_vcs &= in.vc_mask;
    if (!free_vcs) continue;
    const int ov = rr_pick(free_vcs, m_va_in_ptr[static_cast<std::size_t>(base + i)]);
    const int k = in.out_port * m_vcs + ov;
    m_va_req[static_cast<std::size_t>(k)] |= uint64_t{1} << i;
    outs_requested |= uint64_t{1} << k;
  }
  for (uint64_t m = outs_requested; m; m &= m - 1) {
    const int k = __builtin_ctzll(m);
    const uint64_t reqs = m_va_req[static_cast<std::size_t>(k)];
    m_va_req[static_cast<std::size_t>(k)] = 0;
    const int i = rr_pick(reqs, m_va_out_ptr[static_cast<std::size_t>(base + k)]);
    m_va_out_ptr[static_cast<std::size_t>(base + k)] = static_cast<uint8_t>(i + 1);
    m_out_busy[static_cast<std::size_t>(base + k)] = 1;
    m_out_owner[static_cast<std::size_t>(base + k)] = static_cast<int8_t>(i);
    if (m_out_credits[static_cast<std::size_t>(base + k)] > 0)
      m_credit_ok[static_cast<std::size_t>(r)] |= uint64_t{1} << i;
    InVc& in = m_in[static_cast<std::size_t>(base + i)];
    const int ov = k - in.out_port * m_vcs;
    m_va_in_ptr[static_cast<std::size_t>(base + i)] = static_cast<uint8_t>(ov + 1);
    in.state = kActive;
    m_wait_ivcs[static_cast<std::size_t>(r)] &= ~(uint64_t{1} << i);
    m_send_ivcs[static_cast<std::size_t>(r)] |= uint64_t{1} << i;  // the head is in the buffer
    in.out_vc = static_cast<uint8_t>(ov);
    in.ready = now + static_cast<uint64_t>(m_params.va_cycles);
    granted = true;
  }

  // Switch allocation, separable input-first: one VC per input port, one input per output.
  uint64_t eligible = 0;  // input VCs with a flit ready to go and a downstream credit
  // (VCs without a credit wait for one: a credit arrival wakes the router.)
  for (uint64_t m =
           m_send_ivcs[static_cast<std::size_t>(r)] & m_credit_ok[static_cast<std::size_t>(r)];
       m; m &= m - 1) {
    const int i = __builtin_ctzll(m);
    const InVc& in = m_in[static_cast<std::size_t>(base + i)];
    if (in.ready > now) {
      timer = std::min(timer, in.ready);
      continue;
    }
    eligible |= uint64_t{1} << i;
  }
  uint32_t outs = 0;
  const uint64_t vc_mask = (uint64_t{1} << m_vcs) - 1;
  for (int ip = 0; eligible; ++ip, eligible >>= m_vcs) {
    const uint64_t cand = eligible & vc_mask;
    if (!cand) continue;
    const int v = rr_pick(cand, m_sa_in_ptr[static_cast<std::size_t>(r * m_ports + ip)]);
    m_sa_choice[static_cast<std::size_t>(ip)] = static_cast<uint8_t>(v);
    const int o = m_in[static_cast<std::size_t>(base + ip * m_vcs + v)].out_port;
    m_sa_req[static_cast<std::size_t>(o)] |= 1u << ip;
    outs |= 1u << o;
  }
  for (uint32_t m = outs; m; m &= m - 1) {
    const int o = __builtin_ctz(m);
    const uint32_t reqs = m_sa_req[static_cast<std::size_t>(o)];
    m_sa_req[static_cast<std::size_t>(o)] = 0;
    const int ip = rr_pick(reqs, m_sa_out_ptr[static_cast<std::size_t>(r * m_ports + o)]);
    m_sa_out_ptr[static_cast<std::size_t>(r * m_ports + o)] = static_cast<uint8_t>(ip + 1);
    const int v = m_sa_choice[static_cast<std::size_t>(ip)];
    m_sa_in_ptr[static_cast<std::size_t>(r * m_ports + ip)] = static_cast<uint8_t>(v + 1);
    grant_switch(r, ip, v, o);
    granted = true;
  }
  // Without a grant nothing changed: sleep until a timer runs out or a flit or credit arrives
  // (a VC freed for allocation only ever comes from this router's own grants).
  m_router_wake[static_cast<std::size_t>(r)] = granted ? now + 1 : timer;
}

void RouterNetwork::grant_switch(int r, int in_port, int vc, int out_port) {
  const int ivc = ivc_index(r, in_port, vc);
  InVc& in = m_in[static_cast<std::size_t>(ivc)];
  const Flit f = m_buf[static_cast<std::size_t>(ivc) * static_cast<std::size_t>(m_depth) + in.head];
  in.head = static_cast<uint16_t>(in.head + 1 == m_depth ? 0 : in.head + 1);
  --in.count;
  const uint64_t bit = uint64_t{1} << (in_port * m_vcs + vc);
  if (in.count == 0) m_send_ivcs[static_cast<std::size_t>(r)] &= ~bit;
  --m_router_flits[static_cast<std::size_t>(r)];
  const int ovc = ivc_index(r, out_port, in.out_vc);
  if (--m_out_credits[static_cast<std::size_t>(ovc)] == 0)
    m_credit_ok[static_cast<std::size_t>(r)] &= ~bit;
  ++m_counters.router_traversals;
  m_last_move = cycle();

  const uint64_t through = static_cast<uint64_t>(m_params.sa_cycles + m_params.st_cycles);
  const uint64_t link = static_cast<uint64_t>(m_params.link_latency_cycles);
  if (Geometry::is_local(out_port)) {
    slot_after(through + static_cast<uint64_t>(m_params.ejection_latency_cycles))
        .ejections.push_back(FlitEjection{ovc, r, m_geo.node_at_port(r, out_port), f});
    count_ejection(r, out_port, 1);
  } else {
    const int down = m_neighbor[static_cast<std::size_t>(r * m_ports + out_port)];
    slot_after(through + link)
        .arrivals.push_back(
            FlitArrival{ivc_index(down, Geometry::opposite(out_port), in.out_vc), down, f});
    count_link(r, out_port, 1);
  }
  // The freed slot goes back upstream as a credit.
  if (Geometry::is_local(in_port)) {
    const int node = m_geo.node_at_port(r, in_port);
    slot_after(static_cast<uint64_t>(m_params.injection_latency_cycles))
        .source_credits.push_back(Credit{node * m_vcs + vc, node});
  } else {
    const int up = m_neighbor[static_cast<std::size_t>(r * m_ports + in_port)];
    slot_after(link).router_credits.push_back(
        Credit{ivc_index(up, Geometry::opposite(in_port), vc), up});
  }

  if (f.tail) {
    m_out_busy[static_cast<std::size_t>(ovc)] = 0;
    m_out_owner[static_cast<std::size_t>(ovc)] = -1;
    m_credit_ok[static_cast<std::size_t>(r)] &= ~bit;
    if (in.count > 0) {
      start_head(ivc, r, cycle() + 1 + static_cast<uint64_t>(m_params.route_cycles));
    } else {
      in.state = kIdle;
      m_busy_ivcs[static_cast<std::size_t>(r)] &= ~bit;
    }
  }
}

void RouterNetwork::test_hold_credits(int router, int port) {
  for (int v = 0; v < m_vcs; ++v)
    m_out_credits[static_cast<std::size_t>(ivc_index(router, port, v))] =
        std::numeric_limits<int32_t>::min() / 2;
  m_credit_ok[static_cast<std::size_t>(router)] = 0;  // called before traffic: no VC is held yet
}

void RouterNetwork::report_deadlock() const {
  std::ostringstream os;
  os << "noc: watchdog: no flit moved for " << m_params.watchdog_cycles << " cycles (cycle "
     << cycle() << ") with " << m_in_flight << " packet(s) in flight; ";
  // The oldest packet's most advanced flit sitting at the front of a buffer.
  int best = -1;
  for (int r : m_active) {
    for (uint64_t m = m_busy_ivcs[static_cast<std::size_t>(r)]; m; m &= m - 1) {
      const int ivc = r * m_ports * m_vcs + __builtin_ctzll(m);
      const InVc& in = m_in[static_cast<std::size_t>(ivc)];
      if (in.count == 0) continue;
      if (best < 0) {
        best = ivc;
        continue;
      }
      const Flit& a =
          m_buf[static_cast<std::size_t>(ivc) * static_cast<std::size_t>(m_depth) + in.head];
      const InVc& bin = m_in[static_cast<std::size_t>(best)];
      const Flit& b =
          m_buf[static_cast<std::size_t>(best) * static_cast<std::size_t>(m_depth) + bin.head];
      const uint64_t ta = m_packets[a.pkt].inject_cycle, tb = m_packets[b.pkt].inject_cycle;
      if (ta < tb || (ta == tb && (a.pkt < b.pkt || (a.pkt == b.pkt && a.seq < b.seq)))) best = ivc;
    }
  }
  if (best >= 0) {
    const int r = best / (m_ports * m_vcs), port = (best / m_vcs) % m_ports, vc = best % m_vcs;
    const InVc& in = m_in[static_cast<std::size_t>(best)];
    const Flit& f =
        m_buf[static_cast<std::size_t>(best) * static_cast<std::size_t>(m_depth) + in.head];
    const Packet& pk = m_packets[f.pkt];
    os << "stuck: router " << r << " (x=" << m_geo.router_x(r) << ", y=" << m_geo.router_y(r)
       << ") input " << Geometry::port_name(port) << " vc " << vc << ", flit " << f.seq << " of "
       << pk.flits << " of packet tag " << pk.tag << " (node " << pk.src << " -> node " << pk.dst
       << "), ";
    if (in.state == kWaitVc) {
      os << "waiting for a free VC on output " << Geometry::port_name(in.out_port);
    } else if (m_out_credits[static_cast<std::size_t>(ivc_index(r, in.out_port, in.out_vc))] <= 0) {
      os << "waiting for a credit on output " << Geometry::port_name(in.out_port) << " vc "
         << int{in.out_vc};
    } else {
      os << "waiting for the switch to output " << Geometry::port_name(in.out_port);
    }
  } else {
    for (int n : m_active_sources) {
      os << "stuck: source queue of node " << n << " (router " << m_geo.router_of(n) << " input "
         << Geometry::port_name(m_geo.local_port_of(n)) << "), waiting for "
         << (m_src_vc[static_cast<std::size_t>(n)] < 0 ? "a free VC" : "a credit");
      break;
    }
  }
  throw NocDeadlock(os.str());
}

}  // namespace cimsim::noc
