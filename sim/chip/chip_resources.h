#pragma once
// The contended hardware of the chip run, each a class that owns its counters and offers one
// reservation call. All but the NoC port (noc_port_sc.h) are plain C++ on integer picoseconds
// over an Arbiter (arbiter.h), whose policy they share: first come by request time, then the
// lower requester id (equal ids in request order). Requester ids (RequesterId) give the network
// interfaces' buffer writes priority, then the DRAM streams, then the stages' replicas in stage
// order.
#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "sim/arch/chip_params.h"
#include "sim/chip/arbiter.h"
#include "sim/chip/stage_plan.h"

namespace cimsim::chip {

// Who asks (lower first on a tie in time). Data landing in a buffer is written first, each
// packet with its own id (its destination and first vector), so that writes landing at once
// (from the NoC and from the tile bus) are served in the same order whatever order the
// simulation makes them in; then the DRAM streams; then the replicas in stage order.
struct RequesterId {
  static int64_t buffer_write(uint64_t target, uint64_t first_vector) {
    return static_cast<int64_t>(target << 32 | (first_vector & 0xFFFFFFFFULL));  // < 2^54
  }
  static constexpr int64_t kOthers = int64_t{1} << 62;
  static constexpr int64_t kGroupController = kOthers + 1;  // weight reloads, spills
  static constexpr int64_t kOutputSink = kOthers + 2;       // global buffer -> DRAM
  static constexpr int64_t kInputStreamer = kOthers + 3;    // DRAM -> global buffer -> tiles
  static int64_t replica(int global_replica) { return kOthers + 16 + global_replica; }
};

// The ports of a set of buffers of one kind (the tile buffers, one per tile, or the global
// buffer): reads AND writes. An access of `accesses` x width_bits keeps a buffer busy for
// ceil(accesses / ports) cycles; the data is read (written) latency_cycles after that.
// A request may take several buffers at once (a replica reading its input from each of its
// tiles): one common start, when every one is free.
class BufferPort {
 public:
  BufferPort(std::string name, const BufferParams& p, int64_t buffers, int64_t cycle_ps);
  Grant reserve(int64_t now_ps, int64_t requester, const int64_t* buffers, int n, int64_t accesses,
                bool write, GrantListener* listener);
  Grant reserve(int64_t now_ps, int64_t requester, int64_t buffer, int64_t accesses, bool write,
                GrantListener* listener) {
    return reserve(now_ps, requester, &buffer, 1, accesses, write, listener);
  }
  int64_t cycles_for(int64_t accesses) const;  // busy + latency [cycles]
  int64_t reads(int64_t b) const { return m_reads[static_cast<size_t>(b)]; }
  int64_t writes(int64_t b) const { return m_writes[static_cast<size_t>(b)]; }
  const Arbiter& arbiter() const { return m_arb; }

 private:
  BufferParams m_p;
  int64_t m_cycle_ps;
  Arbiter m_arb;
  std::vector<int64_t> m_reads, m_writes;  // accesses of width_bits, per buffer
  std::vector<Segment> m_segs;             // scratch
};

// The DRAM channel: a transfer of `bytes` keeps it busy for bytes / bandwidth; the data is in
// (out) latency_ns after that first byte (the latency overlaps other transfers).
class DramChannel {
 public:
  explicit DramChannel(const DramParams& p);
  Grant reserve(int64_t now_ps, int64_t requester, int64_t bytes, bool write,
                GrantListener* listener);
  int64_t read_bytes() const { return m_read_bytes; }
  int64_t write_bytes() const { return m_write_bytes; }
  const Arbiter& arbiter() const { return m_arb; }

 private:
  DramParams m_p;
  Arbiter m_arb;
  int64_t m_read_bytes = 0, m_write_bytes = 0;
};

// The digital units of every tile (accumulator, activation, pooling, residual add), shared by
// every layer and every replica on the tile. A request is a chain of steps on one tile's units,
// each starting when the previous ends (an accumulation, then the fused activation): one
// reservation, so a chain never waits between its steps.
enum class UnitKind { Accumulator = 0, Activation, Pooling, ResidualAdd };
constexpr int kUnitKinds = 4;
UnitKind unit_kind(DigitalUnit u);  // the unit a digital stage runs on
const char* unit_kind_name(UnitKind k);

class TileUnit {
 public:
  struct Step {
    UnitKind kind = UnitKind::Accumulator;
    int64_t cycles = 0;
  };
  TileUnit(int64_t tiles, int64_t cycle_ps);
  Grant reserve(int64_t now_ps, int64_t requester, int64_t tile, const Step* steps, int n,
                GrantListener* listener);
  int64_t busy_cycles(int64_t tile, UnitKind k) const;
  const Arbiter& arbiter() const { return m_arb; }

 private:
  int64_t m_cycle_ps;
  Arbiter m_arb;  // unit tile * kUnitKinds + kind
  std::vector<Segment> m_segs;
};

// A replica's output registers: `slots` MVM results (double-buffered: 2) between its arrays and
// its drain. One writer (the compute side) and one reader (the drain side): first in, first out.
// The compute side may start a vector only with a slot free (reserve() false: full).
class OutputRegister {
 public:
  explicit OutputRegister(int slots = 2) : m_slots(slots) {}
  bool reserve(int64_t vector, int64_t ready_ps);
  bool full() const { return static_cast<int>(m_q.size()) >= m_slots; }
  bool empty() const { return m_q.empty(); }
  const std::pair<int64_t, int64_t>& front() const { return m_q.front(); }  // (vector, ready)
  void pop() { m_q.pop_front(); }
  int64_t writes() const { return m_writes; }

 private:
  int m_slots;
  std::deque<std::pair<int64_t, int64_t>> m_q;
  int64_t m_writes = 0;
};

}  // namespace cimsim::chip
