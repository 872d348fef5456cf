#pragma once
// The cycle-accurate NoC (chip.noc.model = cycle): input-queued virtual-channel routers with
// credit-based wormhole flow control on a (concentrated) 2D mesh with XY routing.
//
// (Or a torus.) Router microarchitecture (docs/noc.md has the pictures and the formulas):
//  - each input port has `vcs` VC buffers of vc_depth_flits flits; each VC holds a FIFO of
//    flits, possibly the tail of one packet followed by the head of the next;
//  - a head flit at the front of its VC computes its route (route_cycles), then competes in
//    separable input-first VC allocation (one round-robin arbiter per input VC picks a free
//    VC of its output port, one per output VC picks among the requests), then va_cycles later
//    its flits compete in separable input-first switch allocation (round-robin per input port
//    over its VCs holding a flit and a downstream credit, then per output port over inputs);
//  - a flit granted the switch in cycle s leaves its buffer (a credit goes upstream, usable
//    there link_latency_cycles later, or injection_latency_cycles later at a source) and
//    arrives in the downstream buffer in cycle s + sa + st + link (in the destination's
//    ejection buffer in s + sa + st + ejection_latency);
//  - the output VC is released when the tail flit is granted the switch.
//  Sources (network interfaces) send one flit per cycle into the router's local input port:
//  sent in cycle c, it crosses the injection link and lands in c + 1 + injection_latency, with
//  credits like any upstream router. Destinations have ejection_buffer_flits per VC of the
//  local output port; they take a flit in the cycle it lands and return its credit over the
//  ejection link.
//
// Each cycle: (1) commit: flits and credits due this cycle land in buffers and counters;
// (2) evaluate: every source with a queued packet and every router holding flits computes its
// allocations from its own state only and sends flits/credits that land in a later cycle. So
// the order of evaluation cannot change the result (a test reverses it). A router or source
// that granted nothing sleeps until its next stage timer or the next flit/credit it receives. A
// timing wheel holds what is on the wires; nothing is allocated per cycle once the queues have
// grown.
//
// XY routing on a mesh has no cyclic channel dependency and destinations drain their buffers
// every cycle, so the network is deadlock-free; on a torus the VCs of every port are split in two
// dateline classes (lower half before a packet crosses its ring's wrap-around link, upper half
// after), which breaks the cycle of each ring; a watchdog still throws NocDeadlock naming the
// oldest stuck flit if no flit moves for watchdog_cycles while packets are in flight.
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/noc/interconnect.h"

namespace cimsim::noc {

class NocDeadlock : public std::runtime_error {
 public:
  explicit NocDeadlock(const std::string& m) : std::runtime_error(m) {}
};

class RouterNetwork final : public Interconnect {
 public:
  explicit RouterNetwork(const NocParams& p);

  bool can_inject(int src) const override;
  bool try_inject(int src, int dst, uint32_t flits, uint64_t tag) override;
  std::size_t queued_packets(int src) const override;
  bool idle() const override { return m_in_flight == 0; }
  uint64_t next_activity_cycle() const override;

  int active_routers() const { return static_cast<int>(m_active.size()); }

  // Test hooks.
  // Evaluate routers and sources in the reverse of the usual order.
  void test_set_reverse_evaluation(bool on) { m_reverse = on; }
  // Take away every credit of output `port` of `router`: flits routed there stall for ever.
  void test_hold_credits(int router, int port);
  // Evaluate every active router and source every cycle (no sleeping): must not change results.
  void test_set_never_sleep(bool on) { m_never_sleep = on; }
  // Let torus packets take any VC (no dateline classes): rings can then deadlock.
  void test_disable_datelines(bool off) { m_no_datelines = off; }

 private:
  struct Flit {  // 8 bytes: flits are copied on every hop
    uint32_t pkt = 0;
    uint32_t seq_tail = 0;  // flit index (0 = head) << 1 | 1 on the last flit
    uint32_t seq() const { return seq_tail >> 1; }
    bool tail() const { return seq_tail & 1u; }
  };
  struct Packet {
    uint64_t tag;
    uint64_t inject_cycle;
    uint64_t network_cycle;
    int src, dst;
    uint32_t flits, hops;
  };
  enum : uint8_t { kIdle, kWaitVc, kActive };
  struct InVc {
    uint64_t ready = 0;  // first cycle of the next stage (VA when kWaitVc, SA when kActive)
    uint16_t head = 0;   // ring position of the front flit
    uint16_t count = 0;  // flits buffered
    uint8_t state = kIdle;
    uint8_t out_port = 0;
    uint8_t out_vc = 0;
    uint8_t vc_mask = 0;  // output VCs the packet may take (torus dateline class)
  };
  // What lands in a later cycle (the wires), one fixed-capacity list per kind and cycle slot:
  // per cycle at most one flit leaves each router output and each source, and one credit goes
  // back per router input and per ejection port, which bounds every list.
  struct FlitArrival {
    int32_t ivc;  // input VC of the downstream router
    int32_t router;
    Flit flit;
  };
  struct FlitEjection {
    int32_t ovc;  // the router's local output VC, which gets the credit back
    int32_t router;
    int32_t node;
    Flit flit;
  };
  struct Credit {
    int32_t index;  // output VC [router][port][vc], or source VC [node][vc]
    int32_t owner;  // router, or node
  };
  template <typename T>
  struct WireList {  // [slot][capacity] items, count per slot
    std::vector<T> items;
    std::vector<uint32_t> count;
    std::size_t capacity = 0;
    void init(std::size_t slots, std::size_t cap) {
      capacity = cap;
      items.assign(slots * cap, T{});
      count.assign(slots, 0);
    }
    T* push(std::size_t slot) { return &items[slot * capacity + count[slot]++]; }
  };
  // Per router output port: the downstream input VC 0 and router, or (local port) the node.
  struct OutLink {
    int32_t target;  // ivc_index(down, opposite port, 0), or the node
    int32_t router;  // down, or -1 for a local port
  };
  // Per router input port: where its credits go: upstream output VC 0 and router, or the
  // source's VC 0 (node * vcs) and node.
  struct InLink {
    int32_t credit_base;
    int32_t owner;
  };

  void do_step() override;
  std::size_t slot_of(uint64_t delay) const { return (m_now + delay) & m_wheel_mask; }
  void land_flit(const FlitArrival& a);
  void eject_flit(const FlitEjection& e);
  bool eval_source(int node);  // true when a flit was sent
  void eval_router(int r);
  void grant_switch(int r, int in_port, int vc, int out_port);
  void start_head(int ivc, int r, uint64_t ready);  // the front flit of ivc is a head
  [[noreturn]] void report_deadlock() const;

  int ivc_index(int r, int port, int vc) const { return (r * m_ports + port) * m_vcs + vc; }
  const Flit& front_flit(int ivc) const {
    return m_buf[static_cast<std::size_t>(ivc) * static_cast<std::size_t>(m_depth) +
                 m_in[static_cast<std::size_t>(ivc)].head];
  }

  int m_ports, m_vcs, m_depth;
  int m_pv;            // ports * vcs: input (output) VCs per router
  uint64_t m_vc_mask;  // the low `vcs` bits
  // Stage and wire delays [cycles], from the params.
  uint64_t m_route, m_va;
  uint64_t m_d_flit;               // sa + st + link: grant to the downstream buffer
  uint64_t m_d_eject;              // sa + st + ejection: grant to the destination
  uint64_t m_d_inject;             // 1 + injection: a source's send to the router's buffer
  uint64_t m_d_link;               // credit over a router-to-router link
  uint64_t m_d_inj_credit;         // credit over the injection link
  uint64_t m_d_ej_credit;          // credit over the ejection link
  uint64_t m_now = 0;              // the cycle do_step() simulates
  bool m_moved = false;            // a flit moved in this cycle (the watchdog)
  bool m_sources_drained = false;  // a source queue may have emptied in this cycle
  bool m_routers_drained = false;  // a router may have lost its last flit in this cycle

  std::vector<InVc> m_in;   // [router][port][vc]
  std::vector<Flit> m_buf;  // [router][port][vc][depth]
  // A router's own words, together (one cache line; the hot loop reaches them through one
  // reference). Bit port*vcs+vc of the masks is that input (busy, wait, send, credit_ok) or
  // output (held) VC.
  struct RouterState {
    uint64_t busy = 0;       // input VCs not idle
    uint64_t wait = 0;       // ... in route computation / VC allocation
    uint64_t send = 0;       // ... holding an output VC and a flit
    uint64_t credit_ok = 0;  // ... holding an output VC with downstream credits
    uint64_t held = 0;       // output VCs held by a packet
    // First cycle the router can do anything: after a cycle without a grant it sleeps until
    // its next stage timer or until a flit or credit reaches it (exact: arbiters only move on
    // grants, so skipped evaluations would have changed nothing). Sources keep m_src_wake.
    uint64_t wake = 0;
    int32_t flits = 0;   // flits buffered
    uint8_t active = 0;  // in m_active
  };
  std::vector<RouterState> m_rs;       // [router]
  std::vector<int8_t> m_out_owner;     // [router][port][vc] input VC (port*vcs+vc) holding it, -1
  std::vector<int32_t> m_out_credits;  // [router][port][vc] free downstream slots
  std::vector<uint8_t> m_va_in_ptr;    // [router][port][vc] round-robin over output VCs
  std::vector<uint8_t> m_va_out_ptr;   // [router][port][vc] round-robin over input VCs
  std::vector<uint8_t> m_sa_in_ptr;    // [router][port] round-robin over VCs
  std::vector<uint8_t> m_sa_out_ptr;   // [router][port] round-robin over input ports
  std::vector<int> m_active;           // routers holding flits
  std::vector<uint64_t> m_va_req;      // scratch [port*vcs]: requesting input VCs per output VC
  std::vector<uint32_t> m_sa_req;      // scratch [port]: requesting input ports per output
  std::vector<uint8_t> m_sa_choice;    // scratch [port]: VC chosen by each input port
  std::vector<OutLink> m_out_link;     // [router][port]
  std::vector<InLink> m_in_link;       // [router][port]
  uint8_t m_bit_port[64] = {};         // VC bit port*vcs+vc -> port
  // [router][node] the topology's route(router, node), cached while it is small (at most
  // kRouteTableMax entries; empty above: route() is asked each time).
  std::vector<uint8_t> m_route_table;
  static constexpr std::size_t kRouteTableMax = std::size_t{1} << 20;

  // Sources (network interfaces), per node.
  std::vector<Ring<uint32_t>> m_src_queue;  // packet ids
  std::vector<int> m_src_vc;                // VC of the packet being sent, -1 before VA
  std::vector<uint32_t> m_src_sent;         // flits of the front packet sent
  std::vector<int32_t> m_src_credits;       // [node][vc] free slots in the local input VC
  std::vector<uint8_t> m_src_vc_busy;       // [node][vc]
  std::vector<uint8_t> m_src_ptr;
  std::vector<uint8_t> m_src_active;
  std::vector<uint64_t> m_src_wake;
  std::vector<int> m_active_sources;

  std::vector<Packet> m_packets;
  std::vector<uint32_t> m_free_packets;

  // The wheel: [cycle & mask] what lands in that cycle.
  WireList<FlitArrival> m_arrivals;
  WireList<FlitEjection> m_ejections;
  WireList<Credit> m_router_credits;
  WireList<Credit> m_source_credits;
  uint64_t m_wheel_mask = 0;

  uint64_t m_in_flight = 0;  // packets injected and not delivered
  uint64_t m_last_move = 0;  // last cycle a flit moved (watchdog)
  bool m_reverse = false;
  bool m_no_datelines = false;
  bool m_never_sleep = false;
};

}  // namespace cimsim::noc
