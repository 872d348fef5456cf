#pragma once
// The NoC port of the chip run: the only place that advances the interconnect (sim/noc). Tiles,
// the global buffer and the DRAM streams hand it packets; one thread steps the network cycle by
// cycle while flits are in flight (quiet cycles are jumped over) and hands every packet to the
// chip at the end of the NoC cycle its tail flit arrived in, (deliver_cycle + 1) x NoC period.
//
// Policy: a packet handed over at time t enters its source's queue in NoC cycle ceil(t / NoC
// period) (the first cycle that starts at or after t); the packets entering in one cycle are
// injected in ascending requester id (RequesterId, chip_resources.h), equal ids in hand-over
// order. Senders never step the network, so unequal chip and NoC clocks cannot deliver early.
#include <systemc>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "sim/noc/interconnect.h"

namespace cimsim::chip {

class TraceRecorder;

// Where the NoC port hands packets: at the end of their delivery cycle, with their latency
// beyond zero-load [NoC cycles].
class DeliverySink {
 public:
  virtual void on_delivery(uint64_t tag, int64_t extra_latency_cycles) = 0;

 protected:
  ~DeliverySink() = default;
};

// A router of the network, named in the design's hierarchy. No process of its own: the NoC
// port's thread steps every router at once (sim/noc/router_network.cpp).
class RouterModule : public sc_core::sc_module {
 public:
  RouterModule(sc_core::sc_module_name n, int x, int y) : sc_module(n), m_x(x), m_y(y) {}
  const char* kind() const override { return "router"; }
  int x() const { return m_x; }
  int y() const { return m_y; }

 private:
  int m_x, m_y;
};

class NocPort : public sc_core::sc_module {
 public:
  NocPort(sc_core::sc_module_name n, const noc::NocParams& p, DeliverySink& sink);
  const char* kind() const override { return "noc"; }

  // Hands a packet of `bytes` from node src to node dst over at the current time.
  void send(int src, int dst, int64_t bytes, uint64_t tag, int64_t requester);
  uint32_t flits_for_bytes(int64_t bytes) const {
    return m_net->flits_for_bytes(static_cast<uint64_t>(bytes));
  }
  const noc::Interconnect& interconnect() const { return *m_net; }
  int64_t cycle_ps() const { return m_noc_ps; }
  void set_trace(TraceRecorder* t) { m_trace = t; }  // records every packet (null: off)

 private:
  struct Pending {
    uint64_t cycle;
    int64_t requester;
    int src, dst;
    uint32_t flits;
    uint64_t tag;
  };
  void run();

  std::unique_ptr<noc::Interconnect> m_net;
  DeliverySink& m_sink;
  int64_t m_noc_ps;
  std::deque<Pending> m_pending;  // by (cycle, requester), then hand-over order
  sc_core::sc_event m_kick;
  int64_t m_wake_ps = -1;  // when the thread wakes by itself (-1: only when kicked)
  std::vector<std::unique_ptr<RouterModule>> m_routers;
  TraceRecorder* m_trace = nullptr;
};

}  // namespace cimsim::chip
