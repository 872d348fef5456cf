// The chip run in SystemC. Processes: per matrix-layer replica a compute thread (input read from
// the tile buffer, MVM of all its arrays in parallel) and a drain thread (partial sums over the
// NoC, accumulation, output to the consumers), double-buffered between them; one thread per
// digital stage; one input streamer (DRAM -> global buffer -> first layer); one output sink
// (last layer -> global buffer -> DRAM); one group controller (weight reloads); one NoC ticker
// that steps the interconnect cycle by cycle only while flits are in flight.
// Every duration is an integer number of cycles of the chip clock (or the NoC clock).
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>
#include <stdexcept>

#include "sim/chip/chip_sim.h"
#include "sim/chip/trace_recorder.h"
#include "sim/core/int_math.h"
#include "sim/noc/interconnect.h"

namespace cimsim::chip {

namespace {

using sc_core::sc_event;
using sc_core::SC_PS;
using sc_core::sc_time;

using core::ceil_div;

// Arrival bookkeeping of one producer->consumer edge at one tile (vectors of all images).
struct Inbox {
  int stage = 0;  // consumer stage
  int edge = 0;   // index in its inputs
  int64_t tile = 0;
  int64_t per_image = 0;
  int64_t width = 1;                // producer vectors per row
  std::vector<uint8_t> row_needed;  // producer rows the replicas on this tile read
  std::vector<uint8_t> arrived;
  int64_t prefix = 0;  // vectors [0, prefix) all arrived
  sc_event ev;
  void mark(int64_t k0, int64_t count) {
    for (int64_t k = k0; k < k0 + count; ++k) arrived[k] = 1;
    const int64_t before = prefix;
    while (prefix < static_cast<int64_t>(arrived.size()) && arrived[prefix]) ++prefix;
    if (prefix != before) ev.notify(sc_core::SC_ZERO_TIME);
  }
  void mark_all() { mark(0, static_cast<int64_t>(arrived.size())); }
  // Rows nobody here reads never arrive: count them as arrived from the start.
  void premark_unneeded() {
    for (int64_t k = 0; k < static_cast<int64_t>(arrived.size()); ++k)
      if (!row_needed[(k % per_image) / width]) arrived[k] = 1;
    while (prefix < static_cast<int64_t>(arrived.size()) && arrived[prefix]) ++prefix;
  }
};

// Rows of the producer that output row y of a consumer reads through edge e.
void rows_read(const InEdge& e, int64_t y, std::vector<uint8_t>& rows) {
  int64_t lo = 0, hi = e.prod_h - 1;
  if (e.dep == Dependency::Same) {
    lo = hi = std::min(y, e.prod_h - 1);
  } else if (e.dep == Dependency::Window) {
    lo = std::max<int64_t>(0, y * e.sh - e.ph);
    hi = std::min<int64_t>(e.prod_h - 1, y * e.sh - e.ph + (e.kh - 1) * e.dh);
  }
  for (int64_t r = lo; r <= hi; ++r) rows[r] = 1;
}

// Tags of NoC packets: kind (2 bits) | target (22 bits) | first vector (32 bits) | count (8 bits).
enum TagKind : uint64_t { kData = 0, kPsum = 1 };
uint64_t make_tag(uint64_t kind, uint64_t target, uint64_t k0, uint64_t count) {
  return kind << 62 | target << 40 | k0 << 8 | count;
}

// Every tile any replica of a stage uses, in first-use order.
std::vector<int64_t> distinct_tiles(const Stage& st) {
  std::vector<int64_t> tiles;
  for (const auto& rt : st.replica_tiles)
    for (int64_t t : rt)
      if (std::find(tiles.begin(), tiles.end(), t) == tiles.end()) tiles.push_back(t);
  return tiles;
}

// The vectors of one replica in the order it computes them: image by image, output rows
// y = replica, replica + replicas, ... (rows interleaved over replicas), each row left to right.
struct VectorWalk {
  const Stage& st;
  int64_t reps, first, images, img = 0, y, x = 0, k = 0;
  VectorWalk(const Stage& s, int64_t replica, int64_t n_images)
      : st(s),
        reps(static_cast<int64_t>(s.replica_tiles.size())),
        first(replica),
        images(n_images),
        y(replica) {
    if (first >= st.out_h) img = images;  // no rows for this replica (the mapper prevents it)
    k = index();
  }
  bool more() const { return img < images; }
  void next() {
    if (++x == st.out_w) {
      x = 0;
      y += reps;
      if (y >= st.out_h) y = first, ++img;
    }
    k = index();
  }

 private:
  int64_t index() const { return img * st.vectors() + y * st.out_w + x; }
};

class ChipSim : public sc_core::sc_module {
 public:
  ChipSim(sc_core::sc_module_name name, const Plan& plan, const mapper::Mapping& mapping,
          const ChipParams& chip, const noc::NocParams& nocp, const RunOptions& opts,
          RunResult& out)
      : sc_module(name), m_plan(plan), m_chip(chip), m_opts(opts), m_out(out) {
    m_net_ic = noc::make_interconnect(nocp);
    m_chip_ps = static_cast<int64_t>(std::llround(1e6 / chip.clock_MHz));
    m_noc_ps = static_cast<int64_t>(std::llround(1e6 / nocp.clock_MHz));
    m_gb_tile = mapping.tile_order.front();
    build_inboxes();
    m_port_free.assign(mapping.tiles, sc_core::SC_ZERO_TIME);
    m_group_start = std::make_unique<sc_event[]>(plan.groups);
    m_group_started.assign(plan.groups, false);
    m_group_stages_left.assign(plan.groups, 0);
    m_out.stages.resize(plan.stages.size());
    m_out.image_done_ps.assign(opts.images, 0);
    m_out.groups = plan.groups;
    for (size_t s = 0; s < plan.stages.size(); ++s) {
      const Stage& st = plan.stages[s];
      StageResult& r = m_out.stages[s];
      r.name = st.name;
      for (const std::string& f : st.fused) r.name += "+" + f;
      r.layer = st.layer;
      r.kind = st.kind;
      r.group = st.group;
      r.unit = st.unit;
      r.replicas = static_cast<int>(st.replica_tiles.size());
      r.tiles = static_cast<int64_t>(distinct_tiles(st).size());
      ++m_group_stages_left[st.group];
    }
    m_replica_base.resize(plan.stages.size());
    for (size_t s = 0; s < plan.stages.size(); ++s) {
      const Stage& st = plan.stages[s];
      m_replica_base[s] = static_cast<int>(m_replicas.size());
      for (size_t r = 0; r < st.replica_tiles.size(); ++r)
        m_replicas.push_back(std::make_unique<ReplicaState>());
      if (st.kind == mapper::StageKind::Matrix) {
        for (size_t r = 0; r < st.replica_tiles.size(); ++r) {
          sc_core::sc_spawn(
              [this, s, r] { compute_thread(static_cast<int>(s), static_cast<int>(r)); });
          sc_core::sc_spawn(
              [this, s, r] { drain_thread(static_cast<int>(s), static_cast<int>(r)); });
        }
      } else {
        sc_core::sc_spawn([this, s] { digital_thread(static_cast<int>(s)); });
      }
    }
    sc_core::sc_spawn([this] { input_thread(); });
    sc_core::sc_spawn([this] { sink_thread(); });
    sc_core::sc_spawn([this] { group_thread(); });
    sc_core::sc_spawn([this] { noc_thread(); });
  }

  void finish() {
    m_out.end_ps = static_cast<int64_t>(m_end.value());  // [ps]: SystemC's default time resolution
    const noc::NocCounters& c = m_net_ic->counters();
    m_out.noc_packets = static_cast<int64_t>(c.packets_delivered);
    m_out.noc_flits = static_cast<int64_t>(c.flits_delivered);
    m_out.noc_avg_latency_cycles =
        c.packets_delivered ? static_cast<double>(c.latency_sum_cycles) / c.packets_delivered : 0.0;
    m_out.noc_max_latency_cycles = static_cast<int64_t>(c.max_latency_cycles);
    const noc::Interconnect::LinkLoad hot = m_net_ic->hottest_link();
    const double cycles = static_cast<double>(std::max<uint64_t>(1, m_net_ic->cycle()));
    m_out.noc_link_flits = m_net_ic->link_flits();
    m_out.noc_cycles = static_cast<int64_t>(m_net_ic->cycle());
    if (hot.router >= 0) {
      const noc::Geometry& g = m_net_ic->geometry();
      m_out.noc_hottest_link = "router (" + std::to_string(g.router_x(hot.router)) + ", " +
                               std::to_string(g.router_y(hot.router)) + ") " +
                               noc::Geometry::port_name(hot.port);
      m_out.noc_hottest_link_utilization = static_cast<double>(hot.flits) / cycles;
      m_out.noc_hottest_link_flits = static_cast<int64_t>(hot.flits);
    }
    if (hot.links > 0)
      m_out.noc_avg_link_utilization =
          static_cast<double>(c.link_traversals) / (cycles * hot.links);
    m_net_ic->export_stats(m_out.stats.group("noc", "network-on-chip"),
                           static_cast<double>(m_out.end_ps) / 1000.0);
  }

  bool all_done() const { return m_images_done == m_opts.images; }

 private:
  struct ReplicaState {
    std::deque<std::pair<int64_t, sc_time>> drain_q;  // (vector, time its MVM outputs are ready)
    sc_event q_ev, space_ev;
    int64_t psum_arrived = 0;  // psum packets received for the vector being drained
    sc_event psum_ev;
  };

  // ---- set-up -------------------------------------------------------------------------------
  void build_inboxes() {
    m_inbox_of.resize(m_plan.stages.size());
    for (size_t s = 0; s < m_plan.stages.size(); ++s) {
      const Stage& st = m_plan.stages[s];
      m_inbox_of[s].resize(st.inputs.size());
      const std::vector<int64_t> tiles = distinct_tiles(st);
      const int64_t reps = static_cast<int64_t>(st.replica_tiles.size());
      for (size_t e = 0; e < st.inputs.size(); ++e) {
        const InEdge& edge = st.inputs[e];
        for (int64_t t : tiles) {
          auto box = std::make_unique<Inbox>();
          box->stage = static_cast<int>(s);
          box->edge = static_cast<int>(e);
          box->tile = t;
          box->per_image = edge.prod_h * edge.prod_w;
          box->width = edge.prod_w;
          box->row_needed.assign(edge.prod_h, 0);
          // Replica j computes output rows y = j, j + reps, ...: the rows its windows read.
          for (int64_t j = 0; j < reps; ++j) {
            const auto& rt = st.replica_tiles[j];
            if (std::find(rt.begin(), rt.end(), t) == rt.end()) continue;
            for (int64_t y = j; y < st.out_h; y += reps) rows_read(edge, y, box->row_needed);
          }
          box->arrived.assign(box->per_image * m_opts.images, 0);
          box->premark_unneeded();
          m_inbox_of[s][e].push_back(static_cast<int>(m_inboxes.size()));
          m_inboxes.push_back(std::move(box));
        }
      }
    }
    // The output sink: the last stage's vectors at the global buffer's tile.
    const Stage& last = m_plan.stages[m_plan.output_stage];
    m_sink = std::make_unique<Inbox>();
    m_sink->stage = -1;
    m_sink->tile = m_gb_tile;
    m_sink->per_image = last.vectors();
    m_sink->width = last.out_w;
    m_sink->row_needed.assign(last.out_h, 1);
    m_sink->arrived.assign(last.vectors() * m_opts.images, 0);
  }

  Inbox& inbox(int s, int e, int64_t tile) {
    for (int id : m_inbox_of[s][e])
      if (m_inboxes[id]->tile == tile) return *m_inboxes[id];
    throw std::logic_error("no inbox");
  }

  int node_of(int64_t tile) const {
    return m_net_ic->geometry().node_at(static_cast<int>(tile % m_chip.tiles_x),
                                        static_cast<int>(tile / m_chip.tiles_x));
  }
  sc_time chip_cycles(int64_t n) const {
    return sc_time(static_cast<double>(n * m_chip_ps), SC_PS);
  }
  sc_time now() const { return sc_core::sc_time_stamp(); }
  int64_t now_ps() const { return static_cast<int64_t>(now().value()); }

  // ---- NoC ----------------------------------------------------------------------------------
  // Sends a packet; same-tile transfers skip the network (they use the tile bus).
  void send(int64_t src_tile, int64_t dst_tile, int64_t bytes, uint64_t tag, StageResult* from) {
    if (src_tile == dst_tile) {
      deliver(tag, -1);
      return;
    }
    // Bring the network to the cycle this send happens in (cycles with nothing to do are
    // skipped; deliveries it makes are picked up by the NoC thread).
    const uint64_t cyc = static_cast<uint64_t>(ceil_div(now_ps(), m_noc_ps));
    if (m_net_ic->cycle() < cyc) m_net_ic->advance_to(cyc);
    const uint32_t flits = m_net_ic->flits_for_bytes(static_cast<uint64_t>(bytes));
    if (!m_net_ic->try_inject(node_of(src_tile), node_of(dst_tile), flits, tag))
      throw std::logic_error("NoC source queue full (unbounded queues expected)");
    if (from) {
      ++from->packets_out;
      from->flits_out += flits;
    }
    m_noc_kick.notify(sc_core::SC_ZERO_TIME);
  }

  void deliver(uint64_t tag, int64_t extra_latency) {
    const uint64_t kind = tag >> 62;
    const uint64_t target = (tag >> 40) & ((1ULL << 22) - 1);
    const int64_t k0 = static_cast<int64_t>((tag >> 8) & 0xFFFFFFFFULL);
    const int64_t count = static_cast<int64_t>(tag & 0xFF);
    if (kind == kPsum) {
      ReplicaState& rs = *m_replicas[target];
      ++rs.psum_arrived;
      rs.psum_ev.notify(sc_core::SC_ZERO_TIME);
      return;
    }
    Inbox& box = target == (1u << 22) - 1 ? *m_sink : *m_inboxes[target];
    if (box.stage >= 0 && extra_latency >= 0) {  // (same-tile transfers pass -1: no NoC)
      m_out.stages[box.stage].noc_delay_cycles += extra_latency;
      ++m_out.stages[box.stage].noc_packets_in;
    }
    box.mark(k0, count);
  }

  void noc_thread() {
    noc::Delivery d;
    while (true) {
      // Deliveries first: a send() that brought the network up to its cycle may have made some.
      for (int node : m_net_ic->delivered_nodes())
        while (m_net_ic->pop_delivery(node, d)) {
          const int64_t zero = static_cast<int64_t>(m_net_ic->zero_load_latency(d.hops, d.flits));
          deliver(d.tag, static_cast<int64_t>(d.latency_cycles()) - zero);
          if (auto* tr = m_opts.trace) tr->noc_packet(d.inject_cycle, d.deliver_cycle, d.flits);
        }
      if (m_net_ic->idle()) {
        wait(m_noc_kick);
        continue;
      }
      const uint64_t c = std::max(m_net_ic->next_activity_cycle(), m_net_ic->cycle());
      const sc_time wake(static_cast<double>((c + 1) * m_noc_ps), SC_PS);
      if (wake > now()) {
        wait(wake - now(), m_noc_kick);
        if (now() < wake) continue;  // a new packet may need an earlier cycle
      }
      m_net_ic->advance_to(c);
      m_net_ic->step();
    }
  }

  // ---- memories -----------------------------------------------------------------------------
  // Reserves the DRAM channel for `bytes`; returns when the transfer ends.
  sc_time dram_transfer(int64_t bytes, bool write) {
    const double ns =
        m_chip.dram.latency_ns + static_cast<double>(bytes) / m_chip.dram.bandwidth_GBps;
    const sc_time start = std::max(now(), m_dram_free);
    // The channel is busy for the data; latency overlaps with other transfers.
    m_dram_free =
        start + sc_time(static_cast<double>(bytes) / m_chip.dram.bandwidth_GBps * 1000.0, SC_PS);
    if (auto* tr = m_opts.trace) tr->dram(start.value(), m_dram_free.value(), write);
    (write ? m_out.dram_write_bytes : m_out.dram_read_bytes) += bytes;
    return start + sc_time(ns * 1000.0, SC_PS);
  }
  void gb_access(int64_t bytes, bool write) {
    (write ? m_out.gb_writes : m_out.gb_reads) +=
        ceil_div(bytes * 8, m_chip.global_buffer.width_bits);
  }

  void wait_group(int g) {
    if (!m_group_started[g]) wait(m_group_start[g]);
  }

  // Waits until every inbox of vector k's inputs (at `tiles`) holds what the window needs.
  void wait_inputs(int s, int64_t k, const std::vector<int64_t>& tiles, StageResult& r,
                   bool account) {
    const Stage& st = m_plan.stages[s];
    const int64_t img = k / st.vectors(), v = k % st.vectors();
    const int64_t y = v / st.out_w, x = v % st.out_w;
    const sc_time t0 = now();
    for (size_t e = 0; e < st.inputs.size(); ++e) {
      const InEdge& edge = st.inputs[e];
      const int64_t need = img * edge.prod_h * edge.prod_w + required_count(edge, y, x);
      for (int64_t t : tiles) {
        Inbox& box = inbox(s, static_cast<int>(e), t);
        while (box.prefix < need) wait(box.ev);
      }
    }
    if (account) r.input_wait_ps += static_cast<int64_t>((now() - t0).value());
  }

  // Output of vector k of stage s, replica r: to every consumer tile (or the sink / a spill).
  void emit(int s, int replica, int64_t k) {
    const Stage& st = m_plan.stages[s];
    StageResult& res = m_out.stages[s];
    const int64_t src = st.replica_tiles[replica].front();
    const int64_t row = (k % st.vectors()) / st.out_w;
    for (int c : st.consumers) {
      const Stage& cs = m_plan.stages[c];
      for (size_t e = 0; e < cs.inputs.size(); ++e) {
        if (cs.inputs[e].producer != s) continue;
        if (cs.group != st.group) {  // crosses a reload boundary: stored, read at group start
          spill(st.out_bytes);
          continue;
        }
        for (int id : m_inbox_of[c][e]) {
          if (!m_inboxes[id]->row_needed[row]) continue;
          res.bus_ops += 1;
          send(src, m_inboxes[id]->tile, st.out_bytes, make_tag(kData, id, k, 1), &res);
          res.buffer_writes += ceil_div(st.out_bytes * 8, m_chip.tile.buffer.width_bits);
        }
      }
    }
    if (s == m_plan.output_stage) {
      send(src, m_gb_tile, st.out_bytes, make_tag(kData, (1u << 22) - 1, k, 1), &res);
    }
    ++res.vectors;
    const sc_time t = now();
    const int64_t img = k / st.vectors();
    if (img == 0)
      res.image0_end_ps = std::max<int64_t>(res.image0_end_ps, static_cast<int64_t>(t.value()));
    res.end_ps = std::max<int64_t>(res.end_ps, static_cast<int64_t>(t.value()));
    if (++m_emitted_of[s] == st.vectors() * m_opts.images) stage_finished(st.group);
  }

  void spill(int64_t bytes) {
    m_out.spill_bytes += bytes;
    m_spill_pending += bytes;
  }

  void stage_finished(int g) {
    if (--m_group_stages_left[g] == 0) m_group_done.notify(sc_core::SC_ZERO_TIME);
  }

  void mark_start(StageResult& r) {
    if (r.first_start_ps < 0) r.first_start_ps = now_ps();
  }

  // ---- processes ----------------------------------------------------------------------------
  void compute_thread(int s, int replica) {
    const Stage& st = m_plan.stages[s];
    StageResult& r = m_out.stages[s];
    ReplicaState& rs = *m_replicas[m_replica_base[s] + replica];
    const std::vector<int64_t>& tiles = st.replica_tiles[replica];
    wait_group(st.group);
    if (auto* tr = m_opts.trace) tr->replica(s, replica, TraceKind::None, now_ps());
    for (VectorWalk w(st, replica, m_opts.images); w.more(); w.next()) {
      const int64_t k = w.k;
      wait_inputs(s, k, tiles, r, replica == 0);
      if (auto* tr = m_opts.trace) tr->replica(s, replica, TraceKind::WaitInput, now_ps());
      // The input vector is read from each of the replica's tile buffers (ports are shared by
      // every layer on the tile: the first to ask in a cycle gets it).
      sc_time start = now();
      for (int64_t t : tiles) start = std::max(start, m_port_free[t]);
      const sc_time read_end = start + chip_cycles(st.in_cycles);
      for (int64_t t : tiles)
        m_port_free[t] = start + chip_cycles(st.in_cycles - m_chip.tile.buffer.latency_cycles);
      if (k < st.vectors()) mark_start(r);
      wait(read_end - now());
      // The arrays take the next vector after the MVM interval; its outputs are ready after the
      // MVM latency (equal unless conversions are pipelined across MVMs).
      const sc_time ready = now() + chip_cycles(st.mvm_cycles);
      wait(chip_cycles(st.mvm_interval_cycles));
      if (auto* tr = m_opts.trace) tr->replica(s, replica, TraceKind::Compute, now_ps());
      if (replica == 0)
        r.busy_ps += static_cast<int64_t>((st.in_cycles + st.mvm_interval_cycles) * m_chip_ps);
      r.array_mvms += st.arrays;
      r.macs += st.macs;
      r.buffer_reads += st.buffer_reads * static_cast<int64_t>(tiles.size());
      r.bus_ops += st.buffer_reads * static_cast<int64_t>(tiles.size());
      while (rs.drain_q.size() >= 2) wait(rs.space_ev);  // output registers: double-buffered
      if (auto* tr = m_opts.trace) tr->replica(s, replica, TraceKind::WaitDrain, now_ps());
      rs.drain_q.push_back({k, ready});
      rs.q_ev.notify(sc_core::SC_ZERO_TIME);
    }
  }

  void drain_thread(int s, int replica) {
    const Stage& st = m_plan.stages[s];
    StageResult& r = m_out.stages[s];
    const int id = m_replica_base[s] + replica;
    ReplicaState& rs = *m_replicas[id];
    const std::vector<int64_t>& tiles = st.replica_tiles[replica];
    for (VectorWalk w(st, replica, m_opts.images); w.more(); w.next()) {
      const int64_t k = w.k;
      while (rs.drain_q.empty()) wait(rs.q_ev);
      if (rs.drain_q.front().second > now()) wait(rs.drain_q.front().second - now());
      if (auto* tr = m_opts.trace) tr->drain(s, replica, TraceKind::None, now_ps());
      if (tiles.size() > 1) {  // partial sums of the other tiles travel to the home tile
        const sc_time t0 = now();
        rs.psum_arrived = 0;
        for (size_t t = 1; t < tiles.size(); ++t)
          send(tiles[t], tiles[0], st.psum_bytes[replica][t],
               make_tag(kPsum, static_cast<uint64_t>(id), k, 1), &r);
        while (rs.psum_arrived < static_cast<int64_t>(tiles.size()) - 1) wait(rs.psum_ev);
        if (auto* tr = m_opts.trace) tr->drain(s, replica, TraceKind::WaitNoc, now_ps());
        r.psum_wait_ps += static_cast<int64_t>((now() - t0).value());
      }
      if (st.reduce_cycles + st.fused_cycles > 0)
        wait(chip_cycles(st.reduce_cycles + st.fused_cycles));
      if (auto* tr = m_opts.trace) tr->drain(s, replica, TraceKind::Accumulate, now_ps());
      r.acc_ops += st.acc_ops;
      r.fused_ops += st.fused_ops;
      rs.drain_q.pop_front();
      rs.space_ev.notify(sc_core::SC_ZERO_TIME);
      emit(s, replica, k);
    }
  }

  void digital_thread(int s) {
    const Stage& st = m_plan.stages[s];
    StageResult& r = m_out.stages[s];
    const std::vector<int64_t>& tiles = st.replica_tiles.front();
    wait_group(st.group);
    if (auto* tr = m_opts.trace) tr->replica(s, 0, TraceKind::None, now_ps());
    for (int64_t k = 0; k < st.vectors() * m_opts.images; ++k) {
      wait_inputs(s, k, tiles, r, true);
      if (auto* tr = m_opts.trace) tr->replica(s, 0, TraceKind::WaitInput, now_ps());
      if (k < st.vectors()) mark_start(r);
      if (st.unit_cycles + st.fused_cycles > 0) wait(chip_cycles(st.unit_cycles + st.fused_cycles));
      if (auto* tr = m_opts.trace) tr->replica(s, 0, TraceKind::Compute, now_ps());
      r.busy_ps += (st.unit_cycles + st.fused_cycles) * m_chip_ps;
      r.unit_ops += st.unit_ops;
      r.fused_ops += st.fused_ops;
      r.buffer_reads += st.buffer_reads;
      emit(s, 0, k);
    }
  }

  // DRAM -> global buffer -> the first layers, one image row per packet.
  void input_thread() {
    const int64_t w = m_plan.input_w, h = m_plan.input_h;
    const int64_t row_bytes = w * m_plan.input_bytes_per_vector;
    std::vector<int> boxes;
    for (size_t s = 0; s < m_plan.stages.size(); ++s)
      for (size_t e = 0; e < m_plan.stages[s].inputs.size(); ++e)
        if (m_plan.stages[s].inputs[e].producer < 0 && m_plan.stages[s].group == 0)
          for (int id : m_inbox_of[s][e]) boxes.push_back(id);
    const int64_t chunk = std::min<int64_t>(w, 255);  // vectors per packet (tag holds 8 bits)
    for (int64_t img = 0; img < m_opts.images; ++img)
      for (int64_t y = 0; y < h; ++y) {
        const sc_time done = dram_transfer(row_bytes, false);
        gb_access(row_bytes, true);
        if (auto* tr = m_opts.trace) tr->gb_input(now_ps(), done.value());
        wait(done - now());
        for (int id : boxes)
          for (int64_t x0 = 0; x0 < w && m_inboxes[id]->row_needed[y]; x0 += chunk) {
            const int64_t n = std::min(chunk, w - x0);
            gb_access(n * m_plan.input_bytes_per_vector, false);
            send(m_gb_tile, m_inboxes[id]->tile, n * m_plan.input_bytes_per_vector,
                 make_tag(kData, static_cast<uint64_t>(id), (img * h + y) * w + x0,
                          static_cast<uint64_t>(n)),
                 nullptr);
          }
      }
  }

  // Global buffer -> DRAM: an image is done when its last output is written.
  void sink_thread() {
    const Stage& last = m_plan.stages[m_plan.output_stage];
    for (int64_t img = 0; img < m_opts.images; ++img) {
      while (m_sink->prefix < (img + 1) * last.vectors()) wait(m_sink->ev);
      const int64_t bytes = last.vectors() * last.out_bytes;
      gb_access(bytes, true);
      gb_access(bytes, false);
      const sc_time done = dram_transfer(bytes, true);
      if (auto* tr = m_opts.trace) tr->gb_output(now_ps(), done.value());
      wait(done - now());
      m_out.image_done_ps[img] = now_ps();
      ++m_images_done;
    }
    m_end = now();
    sc_core::sc_stop();
  }

  // Runs the reload groups in turn: weights of a group, then the tensors it reads from earlier
  // groups, come from DRAM (or the global buffer when they fit there).
  void group_thread() {
    const double gb_bytes = m_chip.global_buffer.size_kB * 1024.0;
    for (int g = 0; g < m_plan.groups; ++g) {
      if (m_plan.groups > 1) {
        const sc_time t0 = now();
        int64_t bits = 0;
        for (const Stage& st : m_plan.stages)
          if (st.group == g) bits += st.weight_bits;
        const int64_t bytes = ceil_div(bits, 8);
        m_out.weight_reload_bytes += bytes;
        wait(dram_transfer(bytes, false) - now());
        if (m_spill_pending > 0) {
          // Tensors crossing the boundary: through the global buffer when they fit, else DRAM.
          if (static_cast<double>(m_spill_pending) <= gb_bytes) {
            gb_access(m_spill_pending, true);
            gb_access(m_spill_pending, false);
            wait(chip_cycles(ceil_div(m_spill_pending * 8, m_chip.global_buffer.width_bits *
                                                               m_chip.global_buffer.ports)));
          } else {
            dram_transfer(m_spill_pending, true);
            wait(dram_transfer(m_spill_pending, false) - now());
          }
          m_spill_pending = 0;
        }
        m_out.reload_ps += static_cast<int64_t>((now() - t0).value());
        if (auto* tr = m_opts.trace) tr->reload(t0.value(), now_ps());
      }
      for (size_t s = 0; s < m_plan.stages.size(); ++s) {
        const Stage& st = m_plan.stages[s];
        if (st.group != g) continue;
        for (size_t e = 0; e < st.inputs.size(); ++e) {
          const int p = st.inputs[e].producer;
          if (p >= 0 && m_plan.stages[p].group != g)
            for (int id : m_inbox_of[s][e]) m_inboxes[id]->mark_all();
        }
      }
      m_group_started[g] = true;
      m_group_start[g].notify(sc_core::SC_ZERO_TIME);
      while (m_group_stages_left[g] > 0) wait(m_group_done);
    }
  }

  const Plan& m_plan;
  const ChipParams& m_chip;
  const RunOptions& m_opts;
  RunResult& m_out;

  std::unique_ptr<noc::Interconnect> m_net_ic;
  sc_event m_noc_kick;
  int64_t m_chip_ps = 0, m_noc_ps = 0;
  int64_t m_gb_tile = 0;
  std::vector<std::unique_ptr<Inbox>> m_inboxes;
  std::vector<std::vector<std::vector<int>>> m_inbox_of;  // [stage][edge] -> inbox ids
  std::unique_ptr<Inbox> m_sink;
  std::vector<std::unique_ptr<ReplicaState>> m_replicas;
  std::vector<int> m_replica_base;
  std::vector<sc_time> m_port_free;
  sc_time m_dram_free = sc_core::SC_ZERO_TIME;
  std::unique_ptr<sc_event[]> m_group_start;  // sc_event is not movable
  std::vector<bool> m_group_started;
  std::vector<int> m_group_stages_left;
  sc_event m_group_done;
  std::vector<int64_t> m_emitted_of = std::vector<int64_t>(m_plan.stages.size(), 0);
  int64_t m_spill_pending = 0;
  int64_t m_images_done = 0;
  sc_time m_end = sc_core::SC_ZERO_TIME;
};

}  // namespace

RunResult simulate(const Plan& plan, const mapper::Mapping& mapping, const ChipParams& chip,
                   const noc::NocParams& noc, const RunOptions& opts) {
  if (opts.images < 1) throw std::invalid_argument("images must be at least 1");
  RunResult out;
  out.images = opts.images;
  out.chip_cycle_ns = chip.cycle_ns();
  out.noc_cycle_ns = noc.cycle_ns();
  ChipSim sim("chip", plan, mapping, chip, noc, opts, out);
  sc_core::sc_start();
  if (!sim.all_done())
    throw std::runtime_error(
        "the chip run stopped before every image was done (deadlock in the schedule)");
  sim.finish();
  return out;
}

}  // namespace cimsim::chip
