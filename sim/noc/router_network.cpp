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
    : Interconnect(p),
      m_ports(m_geo.ports()),
      m_vcs(p.vcs),
      m_depth(p.vc_depth_flits),
      m_pv(m_ports * m_vcs),
      m_vc_mask((uint64_t{1} << m_vcs) - 1),
      m_route(static_cast<uint64_t>(p.route_cycles)),
      m_va(static_cast<uint64_t>(p.va_cycles)),
      m_d_flit(static_cast<uint64_t>(p.sa_cycles + p.st_cycles + p.link_latency_cycles)),
      m_d_eject(static_cast<uint64_t>(p.sa_cycles + p.st_cycles + p.ejection_latency_cycles)),
      m_d_inject(static_cast<uint64_t>(1 + p.injection_latency_cycles)),
      m_d_link(static_cast<uint64_t>(p.link_latency_cycles)),
      m_d_inj_credit(static_cast<uint64_t>(p.injection_latency_cycles)),
      m_d_ej_credit(static_cast<uint64_t>(p.ejection_latency_cycles)) {
  const std::size_t routers = static_cast<std::size_t>(m_geo.routers());
  const std::size_t nodes = static_cast<std::size_t>(m_geo.nodes());
  const std::size_t pv = static_cast<std::size_t>(m_pv);
  const std::size_t rp = routers * static_cast<std::size_t>(m_ports);
  m_in.assign(routers * pv, InVc{});
  m_buf.assign(routers * pv * static_cast<std::size_t>(m_depth), Flit{});
  m_rs.assign(routers, RouterState{});
  m_out_owner.assign(routers * pv, -1);
  m_out_credits.assign(routers * pv, 0);
  m_out_link.assign(rp, OutLink{-1, -1});
  m_in_link.assign(rp, InLink{-1, -1});
  for (int r = 0; r < m_geo.routers(); ++r)
    for (int port = 0; port < m_ports; ++port) {
      const std::size_t rpi = static_cast<std::size_t>(r * m_ports + port);
      const int n = m_geo.neighbor(r, port);
      for (int vc = 0; vc < m_vcs; ++vc) {
        int32_t credits = 0;  // unconnected edge port: routes never use it
        if (Geometry::is_local(port))
          credits = p.ejection_buffer_flits;  // the destination's ejection buffer
        else if (n >= 0)
          credits = m_depth;
        m_out_credits[static_cast<std::size_t>(ivc_index(r, port, vc))] = credits;
      }
      if (Geometry::is_local(port)) {
        const int node = m_geo.node_at_port(r, port);
        m_out_link[rpi] = OutLink{node, -1};
        m_in_link[rpi] = InLink{node * m_vcs, node};
      } else if (n >= 0) {
        m_out_link[rpi] = OutLink{ivc_index(n, Geometry::opposite(port), 0), n};
        // The router across an input port is the one across the output port of that name.
        m_in_link[rpi] = InLink{ivc_index(n, Geometry::opposite(port), 0), n};
      }
    }
  for (int i = 0; i < m_pv && i < 64; ++i) m_bit_port[i] = static_cast<uint8_t>(i / m_vcs);
  if (routers * nodes <= kRouteTableMax) {
    m_route_table.resize(routers * nodes);
    for (int r = 0; r < m_geo.routers(); ++r)
      for (int n = 0; n < m_geo.nodes(); ++n)
        m_route_table[static_cast<std::size_t>(r) * nodes + static_cast<std::size_t>(n)] =
            static_cast<uint8_t>(m_geo.route(r, n));
  }
  m_va_in_ptr.assign(routers * pv, 0);
  m_va_out_ptr.assign(routers * pv, 0);
  m_sa_in_ptr.assign(rp, 0);
  m_sa_out_ptr.assign(rp, 0);
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
  // injection 1+injection; credits take link, ejection or injection.
  const uint64_t longest = std::max({m_d_flit, m_d_eject, m_d_inject});
  uint64_t size = 1;
  while (size <= longest) size <<= 1;
  m_wheel_mask = size - 1;
  // Per cycle at most one flit leaves each network output (4 per router) and each source, one
  // flit enters each node, and one credit goes back per router input and per ejection port.
  const std::size_t net_ports = routers * kFirstLocalPort;
  m_arrivals.init(size, net_ports + nodes);
  m_ejections.init(size, nodes);
  m_router_credits.init(size, net_ports + nodes);
  m_source_credits.init(size, nodes);
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
  const std::size_t slot = now & m_wheel_mask;
  if (m_arrivals.count[slot] | m_ejections.count[slot] | m_router_credits.count[slot] |
      m_source_credits.count[slot])
    return now;
  // The watchdog's cycle bounds the answer, so a locked network still gets its error.
  uint64_t next = m_last_move + static_cast<uint64_t>(m_params.watchdog_cycles);
  for (int r : m_active) {
    const uint64_t w = m_rs[static_cast<std::size_t>(r)].wake;
    if (w <= now) return now;
    next = std::min(next, w);
  }
  for (int n : m_active_sources) {
    const uint64_t w = m_src_wake[static_cast<std::size_t>(n)];
    if (w <= now) return now;
    next = std::min(next, w);
  }
  for (uint64_t c = now + 1; c <= now + m_wheel_mask && c < next; ++c) {
    const std::size_t k = c & m_wheel_mask;
    if (m_arrivals.count[k] | m_ejections.count[k] | m_router_credits.count[k] |
        m_source_credits.count[k])
      return c;
  }
  return std::max(next, now);
}

void RouterNetwork::start_head(int ivc, int r, uint64_t ready) {
  InVc& in = m_in[static_cast<std::size_t>(ivc)];
  const Packet& pk = m_packets[front_flit(ivc).pkt];
  const int port =
      m_route_table.empty()
          ? m_geo.route(r, pk.dst)
          : m_route_table[static_cast<std::size_t>(r) * static_cast<std::size_t>(m_geo.nodes()) +
                          static_cast<std::size_t>(pk.dst)];
  in.state = kWaitVc;
  in.ready = ready;
  const int local = ivc - r * m_pv;
  const uint64_t bit = uint64_t{1} << local;
  m_rs[static_cast<std::size_t>(r)].wait |= bit;
  m_rs[static_cast<std::size_t>(r)].send &= ~bit;
  in.out_port = static_cast<uint8_t>(port);
  // The topology's VC classes (a torus: dateline classes), unless a test switched them off.
  unsigned mask = (1u << m_vcs) - 1;
  if (!Geometry::is_local(port) && !m_no_datelines)
    mask = m_geo.allowed_vcs(r, local / m_vcs, local % m_vcs, port, pk.src, pk.dst, m_vcs);
  in.vc_mask = static_cast<uint8_t>(mask);
}

inline void RouterNetwork::land_flit(const FlitArrival& a) {
  InVc& in = m_in[static_cast<std::size_t>(a.ivc)];
  int slot = in.head + in.count;
  if (slot >= m_depth) slot -= m_depth;
  m_buf[static_cast<std::size_t>(a.ivc) * static_cast<std::size_t>(m_depth) +
        static_cast<std::size_t>(slot)] = a.flit;
  ++in.count;
  const std::size_t r = static_cast<std::size_t>(a.router);
  const uint64_t bit = uint64_t{1} << (a.ivc - a.router * m_pv);
  RouterState& rs = m_rs[r];
  if (in.state == kActive) rs.send |= bit;
  ++rs.flits;
  if (!rs.active) {
    rs.active = 1;
    m_active.push_back(a.router);
  }
  rs.wake = m_now;
  if (in.state == kIdle) {  // an idle VC is empty: this is the head of a new packet
    rs.busy |= bit;
    start_head(a.ivc, a.router, m_now + m_route);
  }
}

void RouterNetwork::eject_flit(const FlitEjection& e) {
  ++m_counters.flits_delivered;
  m_moved = true;
  // The destination takes the flit out of its ejection buffer in this cycle: the credit goes
  // back to the router's local output VC over the ejection link.
  *m_router_credits.push(slot_of(m_d_ej_credit)) = Credit{e.ovc, e.router};
  if (!e.flit.tail()) return;
  const Packet& pk = m_packets[e.flit.pkt];
  Delivery d;
  d.tag = pk.tag;
  d.src = pk.src;
  d.dst = pk.dst;
  d.flits = pk.flits;
  d.hops = pk.hops;
  d.inject_cycle = pk.inject_cycle;
  d.network_cycle = pk.network_cycle;
  d.deliver_cycle = m_now;
  deliver(d);
  m_free_packets.push_back(e.flit.pkt);
  --m_in_flight;
}

void RouterNetwork::do_step() {
  if (m_in_flight == 0) return;
  const uint64_t now = cycle();
  m_now = now;
  m_moved = false;
  // (1) commit what lands this cycle.
  // The kinds touch disjoint state, and within a kind no two items touch the same buffer,
  // counter or node in one cycle, so the order of application does not matter.
  const std::size_t due = now & m_wheel_mask;
  {
    const FlitArrival* a = &m_arrivals.items[due * m_arrivals.capacity];
    for (uint32_t i = 0, n = m_arrivals.count[due]; i < n; ++i) land_flit(a[i]);
    m_arrivals.count[due] = 0;
  }
  {
    // Read the count first: eject_flit() pushes credits into a later slot only.
    const FlitEjection* e = &m_ejections.items[due * m_ejections.capacity];
    for (uint32_t i = 0, n = m_ejections.count[due]; i < n; ++i) eject_flit(e[i]);
    m_ejections.count[due] = 0;
  }
  {
    const Credit* c = &m_router_credits.items[due * m_router_credits.capacity];
    for (uint32_t i = 0, n = m_router_credits.count[due]; i < n; ++i) {
      const std::size_t idx = static_cast<std::size_t>(c[i].index);
      const std::size_t owner = static_cast<std::size_t>(c[i].owner);
      RouterState& rs = m_rs[owner];
      if (++m_out_credits[idx] == 1) {
        const int holder = m_out_owner[idx];
        if (holder >= 0) rs.credit_ok |= uint64_t{1} << holder;
      }
      rs.wake = now;
    }
    m_router_credits.count[due] = 0;
  }
  {
    const Credit* c = &m_source_credits.items[due * m_source_credits.capacity];
    for (uint32_t i = 0, n = m_source_credits.count[due]; i < n; ++i) {
      ++m_src_credits[static_cast<std::size_t>(c[i].index)];
      m_src_wake[static_cast<std::size_t>(c[i].owner)] = now;
    }
    m_source_credits.count[due] = 0;
  }

  // (2) evaluate; every effect on another router or source lands in a later cycle.
  const std::size_t ns = m_active_sources.size(), nr = m_active.size();
  for (std::size_t i = 0; i < ns; ++i) {
    const int n = m_active_sources[m_reverse ? ns - 1 - i : i];
    if (m_src_wake[static_cast<std::size_t>(n)] > now && !m_never_sleep) continue;
    // A source that cannot send waits for a credit (its VC is only ever held by itself).
    m_src_wake[static_cast<std::size_t>(n)] = eval_source(n) ? now + 1 : kNever;
  }
  for (std::size_t i = 0; i < nr; ++i) {
    const int r = m_active[m_reverse ? nr - 1 - i : i];
    if (m_rs[static_cast<std::size_t>(r)].wake <= now || m_never_sleep) eval_router(r);
  }

  // Drop sources with empty queues and routers without flits from the work lists.
  if (m_sources_drained) {
    m_sources_drained = false;
    std::size_t k = 0;
    for (int n : m_active_sources) {
      if (!m_src_queue[static_cast<std::size_t>(n)].empty())
        m_active_sources[k++] = n;
      else
        m_src_active[static_cast<std::size_t>(n)] = 0;
    }
    m_active_sources.resize(k);
  }
  if (m_routers_drained) {
    m_routers_drained = false;
    std::size_t k = 0;
    for (int r : m_active) {
      if (m_rs[static_cast<std::size_t>(r)].flits > 0)
        m_active[k++] = r;
      else
        m_rs[static_cast<std::size_t>(r)].active = 0;
    }
    m_active.resize(k);
  }

  if (m_moved) m_last_move = now;
  if (m_in_flight > 0 && now - m_last_move >= static_cast<uint64_t>(m_params.watchdog_cycles))
    report_deadlock();
}

bool RouterNetwork::eval_source(int n) {
  const std::size_t node = static_cast<std::size_t>(n);
  const uint32_t id = m_src_queue[node].front();
  Packet& pk = m_packets[id];
  const std::size_t vbase = node * static_cast<std::size_t>(m_vcs);
  if (m_src_vc[node] < 0) {  // pick a free VC of the router's local input port
    uint64_t free_vcs = 0;
    for (int v = 0; v < m_vcs; ++v)
      if (!m_src_vc_busy[vbase + static_cast<std::size_t>(v)]) free_vcs |= uint64_t{1} << v;
    if (!free_vcs) return false;
    const int v = rr_pick(free_vcs, m_src_ptr[node]);
    m_src_ptr[node] = static_cast<uint8_t>(v + 1);
    m_src_vc_busy[vbase + static_cast<std::size_t>(v)] = 1;
    m_src_vc[node] = v;
  }
  const int v = m_src_vc[node];
  int32_t& credits = m_src_credits[vbase + static_cast<std::size_t>(v)];
  if (credits <= 0) return false;
  --credits;
  const uint32_t seq = m_src_sent[node];
  const int r = m_geo.router_of(n);
  const bool tail = seq + 1 == pk.flits;
  *m_arrivals.push(slot_of(m_d_inject)) = FlitArrival{ivc_index(r, m_geo.local_port_of(n), v), r,
                                                      Flit{id, seq << 1 | (tail ? 1u : 0u)}};
  m_moved = true;
  if (seq == 0) pk.network_cycle = m_now;
  if (tail) {  // tail sent: the VC may carry the next packet behind it
    m_src_vc_busy[vbase + static_cast<std::size_t>(v)] = 0;
    m_src_vc[node] = -1;
    m_src_sent[node] = 0;
    m_src_queue[node].pop_front();
    if (m_src_queue[node].empty()) m_sources_drained = true;
  } else {
    m_src_sent[node] = seq + 1;
  }
  return true;
}

// Inlined into eval_router (its only caller): the call was a tenth of the per-flit work.
__attribute__((always_inline)) inline void RouterNetwork::grant_switch(int r, int in_port, int vc,
                                                                       int out_port) {
  const std::size_t ru = static_cast<std::size_t>(r);
  RouterState& rs = m_rs[ru];
  const int li = in_port * m_vcs + vc;
  const int ivc = r * m_pv + li;
  InVc& in = m_in[static_cast<std::size_t>(ivc)];
  const Flit f = m_buf[static_cast<std::size_t>(ivc) * static_cast<std::size_t>(m_depth) + in.head];
  in.head = static_cast<uint16_t>(in.head + 1 == m_depth ? 0 : in.head + 1);
  --in.count;
  const uint64_t bit = uint64_t{1} << li;
  if (in.count == 0) rs.send &= ~bit;
  if (--rs.flits == 0) m_routers_drained = true;
  const int lo = out_port * m_vcs + in.out_vc;
  const std::size_t ovc = static_cast<std::size_t>(r * m_pv + lo);
  if (--m_out_credits[ovc] == 0) rs.credit_ok &= ~bit;
  ++m_counters.router_traversals;
  m_moved = true;

  const std::size_t rpo =
      ru * static_cast<std::size_t>(m_ports) + static_cast<std::size_t>(out_port);
  ++m_link_flits[rpo];
  const OutLink& out = m_out_link[rpo];
  if (out.router < 0) {  // a local port: into the destination's ejection buffer
    *m_ejections.push(slot_of(m_d_eject)) =
        FlitEjection{static_cast<int32_t>(ovc), r, out.target, f};
  } else {
    *m_arrivals.push(slot_of(m_d_flit)) = FlitArrival{out.target + in.out_vc, out.router, f};
    ++m_counters.link_traversals;
  }
  // The freed slot goes back upstream as a credit.
  const InLink& up =
      m_in_link[ru * static_cast<std::size_t>(m_ports) + static_cast<std::size_t>(in_port)];
  if (Geometry::is_local(in_port))
    *m_source_credits.push(slot_of(m_d_inj_credit)) = Credit{up.credit_base + vc, up.owner};
  else
    *m_router_credits.push(slot_of(m_d_link)) = Credit{up.credit_base + vc, up.owner};

  if (f.tail()) {
    rs.held &= ~(uint64_t{1} << lo);
    m_out_owner[ovc] = -1;
    rs.credit_ok &= ~bit;
    if (in.count > 0) {
      start_head(ivc, r, m_now + 1 + m_route);
    } else {
      in.state = kIdle;
      rs.busy &= ~bit;
    }
  }
}

// Inlined into do_step (its only caller).
__attribute__((always_inline)) inline void RouterNetwork::eval_router(int r) {
  const uint64_t now = m_now;
  const std::size_t ru = static_cast<std::size_t>(r);
  RouterState& rs = m_rs[ru];
  const int base = r * m_pv;
  const uint64_t vc_mask = m_vc_mask;

  uint64_t timer = kNever;  // earliest stage timer still running
  bool granted = false;

  // VC allocation, separable input-first.
  if (const uint64_t waiting = rs.wait) {
    uint64_t outs_requested = 0;
    const uint64_t held = rs.held;
    for (uint64_t m = waiting; m; m &= m - 1) {
      const int i = __builtin_ctzll(m);
      const InVc& in = m_in[static_cast<std::size_t>(base + i)];
      if (in.ready > now) {
        timer = std::min(timer, in.ready);
        continue;
      }
      const uint64_t free_vcs = ~(held >> (in.out_port * m_vcs)) & vc_mask & in.vc_mask;
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
      rs.held |= uint64_t{1} << k;
      m_out_owner[static_cast<std::size_t>(base + k)] = static_cast<int8_t>(i);
      if (m_out_credits[static_cast<std::size_t>(base + k)] > 0) rs.credit_ok |= uint64_t{1} << i;
      InVc& in = m_in[static_cast<std::size_t>(base + i)];
      const int ov = k - in.out_port * m_vcs;
      m_va_in_ptr[static_cast<std::size_t>(base + i)] = static_cast<uint8_t>(ov + 1);
      in.state = kActive;
      rs.wait &= ~(uint64_t{1} << i);
      rs.send |= uint64_t{1} << i;  // the head is in the buffer
      in.out_vc = static_cast<uint8_t>(ov);
      in.ready = now + m_va;
      granted = true;
    }
  }

  // Switch allocation, separable input-first: one VC per input port, one input per output.
  // (VCs without a credit wait for one: a credit arrival wakes the router.)
  uint64_t eligible = 0;  // input VCs with a flit ready to go and a downstream credit
  for (uint64_t m = rs.send & rs.credit_ok; m; m &= m - 1) {
    const int i = __builtin_ctzll(m);
    const uint64_t ready = m_in[static_cast<std::size_t>(base + i)].ready;
    if (ready > now) {
      timer = std::min(timer, ready);
      continue;
    }
    eligible |= uint64_t{1} << i;
  }
  if (eligible && !(eligible & (eligible - 1))) {
    // One candidate (the usual case: a single stream through the router): it wins both
    // arbiters, whose pointers move past it as in the general case below.
    const std::size_t rp = ru * static_cast<std::size_t>(m_ports);
    const int i = __builtin_ctzll(eligible);
    const int ip = m_bit_port[i], v = i - ip * m_vcs;
    const int o = m_in[static_cast<std::size_t>(base + i)].out_port;
    m_sa_out_ptr[rp + static_cast<std::size_t>(o)] = static_cast<uint8_t>(ip + 1);
    m_sa_in_ptr[rp + static_cast<std::size_t>(ip)] = static_cast<uint8_t>(v + 1);
    grant_switch(r, ip, v, o);
    granted = true;
  } else if (eligible) {
    const std::size_t rp = ru * static_cast<std::size_t>(m_ports);
    uint32_t outs = 0;
    while (eligible) {
      const int ip = m_bit_port[__builtin_ctzll(eligible)];
      const int shift = ip * m_vcs;
      const uint64_t cand = (eligible >> shift) & vc_mask;
      eligible &= ~(vc_mask << shift);
      const int v = cand & (cand - 1)
                        ? rr_pick(cand, m_sa_in_ptr[rp + static_cast<std::size_t>(ip)])
                        : __builtin_ctzll(cand);
      m_sa_choice[static_cast<std::size_t>(ip)] = static_cast<uint8_t>(v);
      const int o = m_in[static_cast<std::size_t>(base + shift + v)].out_port;
      m_sa_req[static_cast<std::size_t>(o)] |= 1u << ip;
      outs |= 1u << o;
    }
    for (uint32_t m = outs; m; m &= m - 1) {
      const int o = __builtin_ctz(m);
      const uint32_t reqs = m_sa_req[static_cast<std::size_t>(o)];
      m_sa_req[static_cast<std::size_t>(o)] = 0;
      uint8_t& out_ptr = m_sa_out_ptr[rp + static_cast<std::size_t>(o)];
      const int ip = reqs & (reqs - 1) ? rr_pick(reqs, out_ptr) : __builtin_ctz(reqs);
      out_ptr = static_cast<uint8_t>(ip + 1);
      const int v = m_sa_choice[static_cast<std::size_t>(ip)];
      m_sa_in_ptr[rp + static_cast<std::size_t>(ip)] = static_cast<uint8_t>(v + 1);
      grant_switch(r, ip, v, o);
    }
    granted = true;
  }
  // Without a grant nothing changed: sleep until a timer runs out or a flit or credit arrives
  // (a VC freed for allocation only ever comes from this router's own grants).
  rs.wake = granted ? now + 1 : timer;
}

void RouterNetwork::test_hold_credits(int router, int port) {
  for (int v = 0; v < m_vcs; ++v)
    m_out_credits[static_cast<std::size_t>(ivc_index(router, port, v))] =
        std::numeric_limits<int32_t>::min() / 2;
  m_rs[static_cast<std::size_t>(router)].credit_ok = 0;  // called before traffic: no VC is held yet
}

void RouterNetwork::report_deadlock() const {
  std::ostringstream os;
  os << "noc: watchdog: no flit moved for " << m_params.watchdog_cycles << " cycles (cycle "
     << cycle() << ") with " << m_in_flight << " packet(s) in flight; ";
  // The oldest packet's most advanced flit sitting at the front of a buffer.
  int best = -1;
  for (int r : m_active) {
    for (uint64_t m = m_rs[static_cast<std::size_t>(r)].busy; m; m &= m - 1) {
      const int ivc = r * m_ports * m_vcs + __builtin_ctzll(m);
      const InVc& in = m_in[static_cast<std::size_t>(ivc)];
      if (in.count == 0) continue;
      if (best < 0) {
        best = ivc;
        continue;
      }
      const Flit& a = front_flit(ivc);
      const Flit& b = front_flit(best);
      const uint64_t ta = m_packets[a.pkt].inject_cycle, tb = m_packets[b.pkt].inject_cycle;
      if (ta < tb || (ta == tb && (a.pkt < b.pkt || (a.pkt == b.pkt && a.seq() < b.seq()))))
        best = ivc;
    }
  }
  if (best >= 0) {
    const int r = best / (m_ports * m_vcs), port = (best / m_vcs) % m_ports, vc = best % m_vcs;
    const InVc& in = m_in[static_cast<std::size_t>(best)];
    const Flit& f = front_flit(best);
    const Packet& pk = m_packets[f.pkt];
    os << "stuck: router " << r << " (x=" << m_geo.router_x(r) << ", y=" << m_geo.router_y(r)
       << ") input " << Geometry::port_name(port) << " vc " << vc << ", flit " << f.seq() << " of "
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
