#pragma once
// The port the chip run uses to move data between tiles, the global buffer and the DRAM
// controller. Two implementations sit behind it (chip.noc.model): RouterNetwork ("cycle", VC
// routers cycle by cycle) and SimpleNetwork ("simple", serializing links reserved in time).
// A tile's code is the same for both.
//
// Nodes are numbered 0..num_nodes()-1 (see Geometry, the topology interface: node_at(x, y)
// for a tile's node; make_geometry() picks the topology chip.noc.topology names). Time is
// counted in NoC cycles:
//
//   cycle() = c is the cycle about to be simulated.
//   try_inject(src, dst, flits, tag) during cycle c puts a packet in src's source queue with
//     inject_cycle = c (false, and nothing queued, when that queue is full: back-pressure).
//   step() simulates cycle c (the head flit may leave the source queue in this very cycle),
//     then cycle() = c + 1. Packets whose tail flit reached their destination in cycle c are
//     then waiting in that destination's delivery queue with deliver_cycle = c, and
//     delivered_nodes() lists those destinations.
//   Latency of a packet = deliver_cycle - inject_cycle; with no other traffic it is exactly
//     zero_load_latency(hops, flits) (see below).
//
// Nothing is computed while the network is idle: idle() is true when no packet is queued or in
// flight; next_activity_cycle() tells when step() next has something to do, and advance_to()
// jumps over quiet cycles. A chip run would, per NoC clock domain:
//     net.advance_to(now_cycles); net.try_inject(...);            // when a tile sends
//     while (!net.idle()) { net.step(); for (int n : net.delivered_nodes()) wake(n); }
//   (or step only until the next event of the rest of the chip).
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "sim/noc/geometry.h"
#include "sim/noc/noc_params.h"
#include "sim/noc/ring.h"

namespace cimsim::core {
class StatGroup;
}

namespace cimsim::noc {

constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();

struct Delivery {
  uint64_t tag = 0;  // the caller's, untouched
  int src = 0;
  int dst = 0;
  uint32_t flits = 0;
  uint32_t hops = 0;           // router-to-router links crossed
  uint64_t inject_cycle = 0;   // try_inject accepted it
  uint64_t network_cycle = 0;  // its head flit left the source queue
  uint64_t deliver_cycle = 0;  // its tail flit reached the destination node
  uint64_t latency_cycles() const { return deliver_cycle - inject_cycle; }
  uint64_t network_latency_cycles() const { return deliver_cycle - network_cycle; }
};

// Event counts; the hot path only increments them.
struct NocCounters {
  uint64_t packets_injected = 0;
  uint64_t packets_delivered = 0;
  uint64_t flits_injected = 0;
  uint64_t flits_delivered = 0;
  uint64_t router_traversals = 0;  // flits through a router crossbar (incl. the last router)
  uint64_t link_traversals = 0;    // flits over router-to-router links
  uint64_t active_cycles = 0;      // cycles stepped while not idle
  uint64_t latency_sum_cycles = 0;
  uint64_t network_latency_sum_cycles = 0;
  uint64_t max_latency_cycles = 0;
  uint64_t hops_sum = 0;
};

class Interconnect {
 public:
  explicit Interconnect(const NocParams& p);
  virtual ~Interconnect() = default;
  Interconnect(const Interconnect&) = delete;
  Interconnect& operator=(const Interconnect&) = delete;

  const NocParams& params() const { return m_params; }
  const Geometry& geometry() const { return m_geo; }
  int num_nodes() const { return m_geo.nodes(); }
  // Flits of a payload: ceil(8 * bytes / flit_bits), at least 1 (a header-only packet).
  uint32_t flits_for_bytes(uint64_t bytes) const;

  // --- injection
  // False when src's source queue holds injection_queue_packets packets already (packets whose
  // head has not left; the one whose body is still streaming out does not count).
  virtual bool can_inject(int src) const = 0;
  // Queue a packet of `flits` flits (>= 1) from src to dst (src == dst allowed: it loops
  // through the router). Returns false, queuing nothing, when !can_inject(src).
  virtual bool try_inject(int src, int dst, uint32_t flits, uint64_t tag) = 0;
  bool try_inject_bytes(int src, int dst, uint64_t bytes, uint64_t tag) {
    return try_inject(src, dst, flits_for_bytes(bytes), tag);
  }
  // Packets in src's source queue whose head has not entered the network yet.
  virtual std::size_t queued_packets(int src) const = 0;

  // --- time
  uint64_t cycle() const { return m_cycle; }
  void step();                      // simulate cycle(), then cycle() + 1
  void advance_to(uint64_t cycle);  // step to `cycle`, jumping over cycles with nothing to do
  // Step (jumping over quiet cycles like advance_to) until the end of the first cycle in which a
  // packet reached its destination, or until cycle() == limit. True when it stopped for a
  // delivery: delivered_nodes() lists the destinations, every Delivery has deliver_cycle =
  // cycle() - 1. A NoC port that knows the next cycle in which the rest of the chip can act
  // (inject) passes it as `limit` and wakes once per delivery instead of once per NoC cycle;
  // the result is the same as stepping one cycle at a time.
  bool advance_until_delivery(uint64_t limit);
  virtual bool idle() const = 0;  // nothing queued or in flight
  // Earliest cycle >= cycle() in which step() changes anything; kNever when idle.
  virtual uint64_t next_activity_cycle() const = 0;

  // --- deliveries
  // Oldest undelivered-to-the-caller packet at dst (false when none).
  bool pop_delivery(int dst, Delivery& out);
  std::size_t deliveries_waiting(int dst) const { return m_delivered[dst].size(); }
  // Destinations that received packets during the last step() or advance_to() call, and those
  // still holding deliveries not popped since, ascending.
  const std::vector<int>& delivered_nodes() const { return m_delivered_nodes; }

  // --- statistics
  const NocCounters& counters() const { return m_counters; }
  // Flits that left each router output port, indexed router * geometry().ports() + port: the
  // router-to-router links and the local (ejection) ports into the nodes.
  const std::vector<uint64_t>& link_flits() const { return m_link_flits; }
  struct LinkLoad {
    int router = -1, port = -1;  // -1 when no flit crossed any link
    uint64_t flits = 0;
    int links = 0;  // router-to-router links in the network
  };
  // The busiest output port, link or ejection (first in index order on a tie), and the number of
  // router-to-router links.
  LinkLoad hottest_link() const;
  // Zero-load latency [cycles] of a packet of `flits` flits crossing `hops` links:
  //   cycle model:  1 (the source sends) + injection_latency + (hops + 1) * (route + va + sa + st)
  //                 + hops * link_latency + ejection_latency + (flits - 1)
  //   simple model: the same by construction.
  uint64_t zero_load_latency(int hops, uint32_t flits) const;
  // Counters, energy (router and link traversals: Interconnect; router leakage over
  // `elapsed_ns`, default the cycles simulated so far) and area into `g` (the chip.noc group).
  void export_stats(core::StatGroup& g, double elapsed_ns = -1) const;

 protected:
  virtual void do_step() = 0;  // simulate m_cycle (the base class advances it)
  // Implementations call this when a tail flit arrives in cycle m_cycle.
  void deliver(const Delivery& d);
  // Implementations call this for `flits` flits leaving router r through non-local port `port`.
  void count_link(int r, int port, uint64_t flits) {
    m_link_flits[static_cast<std::size_t>(r * m_geo.ports() + port)] += flits;
    m_counters.link_traversals += flits;
  }
  // ... and for flits ejected from router r into its local port `port`.
  void count_ejection(int r, int port, uint64_t flits) {
    m_link_flits[static_cast<std::size_t>(r * m_geo.ports() + port)] += flits;
  }
  void check_inject_args(int src, int dst, uint32_t flits) const;

  NocParams m_params;

 private:
  std::unique_ptr<const Geometry> m_topology;  // make_geometry(m_params)

 protected:
  const Geometry& m_geo;  // *m_topology
  NocCounters m_counters;
  std::vector<uint64_t> m_link_flits;

 private:
  void begin_call();  // forget the previous call's delivered_nodes
  void simulate_one_cycle();

  uint64_t m_cycle = 0;
  std::vector<Ring<Delivery>> m_delivered;
  std::vector<int> m_delivered_nodes;
  std::vector<uint8_t> m_node_touched;
};

// The implementation chosen by p.model.
std::unique_ptr<Interconnect> make_interconnect(const NocParams& p);

}  // namespace cimsim::noc
