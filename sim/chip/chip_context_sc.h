#pragma once
// What the chip run's modules share (sim/chip/*_sc.cpp): the plan, the contended resources
// (chip_resources.h, the NoC port), the inboxes where data lands in tile buffers, the group
// state and the run's result. The modules (replica_sc, digital_stage_sc, dram_streams_sc,
// group_controller_sc) hold the processes; chip_sim_sc.cpp builds them from plan and mapping.
#include <systemc>

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "sim/chip/chip_resources.h"
#include "sim/chip/chip_sim.h"
#include "sim/chip/noc_port_sc.h"
#include "sim/chip/sc_time_ps.h"
#include "sim/chip/trace_recorder.h"

namespace cimsim::chip {

// A grant a SystemC process waits for: wait(g.ev) returns `then_ps` after the grant's done
// time (0: at it), also when a same-time request of a lower id moved it (arbiter.h).
struct GrantEvent final : GrantListener {
  sc_core::sc_event ev;
  Grant grant;
  int64_t then_ps = 0;
  sc_core::sc_event* target = nullptr;  // notify this event instead of ev
  void granted(const Grant& g, int64_t now_ps) override {
    grant = g;
    sc_core::sc_event& e = target ? *target : ev;
    e.cancel();
    e.notify(ps_time(g.done_ps + then_ps - now_ps));
  }
};

// Returns then_ps after g's done time (at once when that has passed: its event fired already).
inline void wait_for(GrantEvent& g) {
  if (g.grant.done_ps + g.then_ps > static_cast<int64_t>(sc_core::sc_time_stamp().value()))
    sc_core::wait(g.ev);
}

// Arrivals of one producer->consumer edge at one tile (vectors of all images): which are in the
// tile buffer, and from when (the buffer write ends after the packet lands).
struct Inbox {
  int stage = 0;  // consumer stage (-1: the output sink at the global buffer)
  int edge = 0;   // index in its inputs
  int producer = -1;
  int64_t tile = 0;
  int64_t per_image = 0;
  int64_t width = 1;                // producer vectors per row
  int64_t bytes_per_vector = 0;     // as written into the buffer
  std::vector<uint8_t> row_needed;  // producer rows the replicas on this tile read
  // Per vector: when it is in the buffer [ps] (-1: not arrived), and over [0, prefix) the latest
  // of [0, k], so ready_upto(n) is when the first n are all in.
  std::vector<int64_t> ready, upto;
  int64_t prefix = 0;
  // Notified when the prefix grows or a write's grant moves, at the first changed ready time.
  sc_core::sc_event ev;
  int waiters = 0;  // processes waiting on ev (nobody waiting: no notification)
  void mark(int64_t k0, int64_t count, int64_t ready_ps, int64_t now_ps);
  // A same-time write of a lower id moved this one (arbiter.h): its vectors are in at ready_ps.
  void rewrite(int64_t k0, int64_t count, int64_t ready_ps, int64_t now_ps);
  void mark_all(int64_t now_ps) { mark(0, static_cast<int64_t>(ready.size()), now_ps, now_ps); }
  void premark_unneeded();  // rows nobody here reads never arrive: in from the start
  int64_t ready_upto(int64_t n) const { return n > 0 ? upto[static_cast<size_t>(n - 1)] : 0; }
  // Returns when the first n vectors are all in the buffer.
  void wait_in(int64_t n);
};

// The listener of one buffer write: the inbox learns when its grant moves (the first answer
// is the reservation's return value: box is set after it).
struct WriteGrant final : GrantListener {
  Inbox* box = nullptr;
  int64_t k0 = 0, count = 0;
  void granted(const Grant& g, int64_t now_ps) override {
    if (box) box->rewrite(k0, count, g.done_ps, now_ps);
  }
};

// Partial sums a replica's home tile waits for.
struct PsumBox {
  int64_t arrived = 0;
  int64_t expected = 0;  // the home tile waits until arrived == expected
  sc_core::sc_event ev;
};

// Tags of NoC packets: kind (2 bits) | target (22 bits) | first vector (32 bits) | count (8 bits).
enum TagKind : uint64_t { kData = 0, kPsum = 1 };
constexpr uint64_t kSinkTarget = (1u << 22) - 1;
inline uint64_t make_tag(uint64_t kind, uint64_t target, uint64_t k0, uint64_t count) {
  return kind << 62 | target << 40 | k0 << 8 | count;
}

class ChipContext final : public DeliverySink {
 public:
  ChipContext(const Plan& plan, const mapper::Mapping& mapping, const ChipParams& chip,
              const RunOptions& opts, RunResult& out);

  const Plan& plan;
  const ChipParams& chip;
  const RunOptions& opts;
  RunResult& out;
  int64_t chip_ps = 0;
  int64_t gb_tile = 0;
  BufferPort tile_ports;  // one per tile
  BufferPort gb_port;     // the global buffer (unit 0)
  DramChannel dram;
  TileUnit units;
  NocPort* noc = nullptr;  // set by the builder

  std::vector<std::unique_ptr<Inbox>> inboxes;
  std::vector<std::vector<std::vector<int>>> inbox_of;  // [stage][edge] -> inbox ids
  std::unique_ptr<Inbox> sink;
  std::vector<std::unique_ptr<PsumBox>> psums;  // per replica (global index)
  std::vector<int> replica_base;                // stage -> global index of its replica 0

  // Reload groups.
  std::unique_ptr<sc_core::sc_event[]> group_start;  // sc_event is not movable
  std::vector<bool> group_started;
  std::vector<int> group_stages_left;
  sc_core::sc_event group_done;
  int64_t spill_pending = 0;
  int64_t images_done = 0;
  sc_core::sc_time end;

  // Helpers for the modules' threads.
  sc_core::sc_time chip_cycles(int64_t n) const { return ps_time(n * chip_ps); }
  static int64_t now_ps() { return static_cast<int64_t>(sc_core::sc_time_stamp().value()); }
  Inbox& inbox(int s, int e, int64_t tile);
  void wait_group(int g);
  // Waits until every inbox of vector k's inputs (at `tiles`) holds what its window needs, in
  // the buffer; adds the time waited to *wait_ps.
  void wait_inputs(int s, int64_t k, const std::vector<int64_t>& tiles, int64_t* wait_ps);
  // Before vector k of stage s when it starts an output row: the overflow of the stage's line
  // buffers written out to the global buffer (or DRAM) and read back (buffer_plan.h), counted
  // in r; returns after the read (adds the time to r.spill_wait_ps).
  void spill_row(int s, int64_t k, int64_t requester, GrantEvent& write, GrantEvent& read,
                 StageResult& r);
  // Vector k of stage s, replica r, to every consumer tile (or the sink / a spill).
  void emit(int s, int replica, int64_t k, int64_t requester);
  // A packet between tiles: over the NoC, or the tile bus when src == dst.
  void send(int64_t src_tile, int64_t dst_tile, int64_t bytes, uint64_t tag, int64_t requester,
            StageResult* from);
  void on_delivery(uint64_t tag, int64_t extra_latency_cycles) override;
  void mark_start(StageResult& r) const {
    if (r.first_start_ps < 0) r.first_start_ps = now_ps();
  }
  int64_t gb_accesses(int64_t bytes) const {
    return core_ceil(bytes * 8, chip.global_buffer.width_bits);
  }
  int64_t tile_accesses(int64_t bytes) const {
    return core_ceil(bytes * 8, chip.tile.buffer.width_bits);
  }

 private:
  static int64_t core_ceil(int64_t a, int64_t b) { return (a + b - 1) / b; }
  void build_inboxes();
  int node_of(int64_t tile) const;
  std::vector<int64_t> m_emitted_of;
  // Listeners of the buffer writes of the current time (a grant moves only at its own time).
  std::deque<WriteGrant> m_writes;
  size_t m_writes_used = 0;
  int64_t m_writes_ps = -1;
};

// Every tile any replica of a stage uses, in first-use order.
std::vector<int64_t> distinct_tiles(const Stage& st);

}  // namespace cimsim::chip
