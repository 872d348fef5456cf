#pragma once
// The fast NoC (chip.noc.model = simple): XY routes over links that serialize packets. When a
// packet is injected its whole journey is scheduled at once: each channel on its route (the
// injection channel, every router output, the ejection channel) is reserved for `flits`
// consecutive cycles, in the first gap of that channel's calendar that fits, from the cycle the
// head could use it; buffers are unbounded, so there is no back-pressure between routers and
// no deadlock.
//
// Per hop, with a head reaching a router in cycle a:
//   start = first cycle >= a + route + va with [start, start + flits) free on the output
//   next router reached in start + sa + st + link  (the destination node: start + sa + st + 1,
//   and the tail flits - 1 cycles later)
// so with no other traffic the latency equals the cycle model's zero_load_latency(). Under load
// it is an approximation: packets are placed in injection order (one injected later cannot
// push back one already placed), there is no allocation or VC contention, buffers never fill.
#include <cstdint>
#include <queue>
#include <utility>
#include <vector>

#include "sim/noc/interconnect.h"

namespace cimsim::noc {

class SimpleNetwork final : public Interconnect {
 public:
  explicit SimpleNetwork(const NocParams& p);

  bool can_inject(int src) const override;
  bool try_inject(int src, int dst, uint32_t flits, uint64_t tag) override;
  std::size_t queued_packets(int src) const override;
  bool idle() const override { return m_pending.empty(); }
  uint64_t next_activity_cycle() const override;

 private:
  struct Pending {
    uint64_t deliver_cycle;
    uint64_t seq;  // injection order: ties delivered in that order
    Delivery d;
    bool operator>(const Pending& o) const {
      return deliver_cycle != o.deliver_cycle ? deliver_cycle > o.deliver_cycle : seq > o.seq;
    }
  };
  // Reserved cycles of one channel: sorted, disjoint [start, end) intervals.
  struct Calendar {
    std::vector<std::pair<uint64_t, uint64_t>> busy;
    std::size_t first_live = 0;  // intervals before it ended in the past
    uint64_t reserve(uint64_t earliest, uint64_t length, uint64_t now);
  };
  void do_step() override;

  std::vector<Calendar> m_out;           // [router][port] reservations of that output channel
  std::vector<uint64_t> m_inj_free;      // [node] first free cycle of the injection channel
  std::vector<Ring<uint64_t>> m_starts;  // [node] head departure cycles, for the queue bound
  std::priority_queue<Pending, std::vector<Pending>, std::greater<Pending>> m_pending;
  uint64_t m_seq = 0;
};

}  // namespace cimsim::noc
