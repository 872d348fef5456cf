#pragma once
// Synthetic traffic for `cimsim noc` (BookSim style). Every node creates packets by a Bernoulli
// process: in each cycle, with probability rate / packet_flits, one packet of packet_flits
// flits, so the offered load is `rate` flits/node/cycle. Packets wait in an unbounded source
// queue (the Interconnect's, then the driver's own if that one is bounded).
//
// Phases: warm-up (warmup_cycles, not measured), measurement (measure_cycles: packets created
// in it are the measured ones), drain (injection goes on so the load stays the same, until
// every measured packet has arrived, at most drain_limit_cycles).
//   avg packet latency  = mean over measured packets of deliver - creation cycle
//   avg network latency = mean over measured packets of deliver - head leaving the source queue
//   accepted throughput = flits delivered during the measurement window / (nodes x cycles)
//   saturated           = the drain did not finish, or avg packet latency >
//                         saturation_factor x zero-load latency of the pattern
#include <cstdint>
#include <string>

#include "sim/noc/interconnect.h"

namespace cimsim::noc {

enum class Pattern {
  Uniform,    // any node, the source included (as BookSim)
  Transpose,  // tile (x, y) -> (y, x); needs a square node grid
  BitComp,    // tile (x, y) -> (X-1-x, Y-1-y): the bit complement on a 2^n x 2^n grid
  Hotspot,    // hotspot_node with probability hotspot_fraction, else uniform
};
Pattern parse_pattern(const std::string& name);  // std::invalid_argument listing the choices
const char* to_string(Pattern p);

struct TrafficParams {
  Pattern pattern = Pattern::Uniform;
  double rate = 0.1;  // offered load [flits/node/cycle], in (0, 1]
  uint32_t packet_flits = 1;
  uint64_t warmup_cycles = 1000;
  uint64_t measure_cycles = 10000;
  uint64_t drain_limit_cycles = 20000;
  uint64_t seed = 1;
  int hotspot_node = -1;  // -1 = the node nearest the grid centre
  double hotspot_fraction = 0.2;
  double saturation_factor = 10;
};

struct TrafficResult {
  double offered_flits_per_node_cycle = 0;  // measured: flits created in the window / (N x M)
  double accepted_flits_per_node_cycle = 0;
  double avg_packet_latency_cycles = 0;  // over measured packets that arrived
  double avg_network_latency_cycles = 0;
  double zero_load_latency_cycles = 0;  // average over the pattern, from the formula
  double avg_hops = 0;
  uint64_t max_packet_latency_cycles = 0;
  uint64_t packets_measured = 0;  // created in the measurement window
  uint64_t packets_measured_delivered = 0;
  uint64_t cycles = 0;  // simulated in all
  bool drained = false;
  bool saturated = false;
};

// Destination of a packet created at `src` (uses rng draws only for uniform/hotspot).
class TrafficPattern {
 public:
  TrafficPattern(Pattern p, const Geometry& g, int hotspot_node, double hotspot_fraction);
  template <typename Rng>
  int destination(int src, Rng& rng) const {
    switch (m_pattern) {
      case Pattern::Uniform:
        return static_cast<int>(rng() % static_cast<uint64_t>(m_nodes));
      case Pattern::Hotspot:
        if (unit(rng()) < m_hot_fraction) return m_hot_node;
        return static_cast<int>(rng() % static_cast<uint64_t>(m_nodes));
      default:
        return fixed_destination(src);
    }
  }
  // Zero-load latency averaged over sources and their destination distribution [cycles].
  double zero_load_latency(const Interconnect& net, uint32_t flits) const;
  double average_hops() const;
  // [0, 1) from 53 random bits: the same on every platform.
  static double unit(uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

 private:
  int fixed_destination(int src) const;
  template <typename F>
  double average_over_pairs(F f) const;
  Pattern m_pattern;
  const Geometry& m_geo;
  int m_nodes;
  int m_hot_node;
  double m_hot_fraction;
};

// Runs warm-up, measurement and drain on `net` (which should be fresh: cycle 0, idle).
// Throws std::invalid_argument for a rate outside (0, 1] or a pattern the grid cannot take.
TrafficResult run_synthetic_traffic(Interconnect& net, const TrafficParams& t);

}  // namespace cimsim::noc
