#include "sim/chip/replica_sc.h"

#include "sim/chip/vector_walk.h"

namespace cimsim::chip {

ReplicaModule::ReplicaModule(sc_core::sc_module_name n, ChipContext& ctx, int stage, int replica)
    : sc_module(n),
      m_ctx(ctx),
      m_stage(stage),
      m_replica(replica),
      m_id(ctx.replica_base[static_cast<size_t>(stage)] + replica) {
  SC_HAS_PROCESS(ReplicaModule);
  SC_THREAD(compute);
  SC_THREAD(drain);
}

void ReplicaModule::compute() {
  const Stage& st = m_ctx.plan.stages[static_cast<size_t>(m_stage)];
  StageResult& r = m_ctx.out.stages[static_cast<size_t>(m_stage)];
  const std::vector<int64_t>& tiles = st.replica_tiles[static_cast<size_t>(m_replica)];
  const int n_tiles = static_cast<int>(tiles.size());
  const int64_t requester = RequesterId::replica(m_id);
  const TileUnit::Step steps[] = {{UnitKind::Accumulator, st.reduce_cycles},
                                  {UnitKind::Activation, st.fused_cycles}};
  const bool units = st.reduce_cycles + st.fused_cycles > 0;
  // One wake-up per vector: at the end of the MVM interval after the read's grant.
  m_read.then_ps = st.mvm_interval_cycles * m_ctx.chip_ps;
  TraceRecorder* const tr = m_ctx.opts.trace;  // the trace hooks: one line each
  m_ctx.wait_group(st.group);
  if (tr) tr->replica(m_stage, m_replica, TraceKind::None, ChipContext::now_ps());
  for (VectorWalk w(st, m_replica, m_ctx.opts.images); w.more(); w.next()) {
    const int64_t k = w.k;
    m_ctx.wait_inputs(m_stage, k, tiles, &m_input_wait_ps);
    if (tr) tr->replica(m_stage, m_replica, TraceKind::WaitInput, ChipContext::now_ps());
    if (k < st.vectors()) m_ctx.mark_start(r);
    m_ctx.spill_row(m_stage, k, requester, m_spill_write, m_spill_read, r);
    // The input vector is read from each of the replica's tile buffers at once.
    m_ctx.tile_ports.reserve(ChipContext::now_ps(), requester, tiles.data(), n_tiles,
                             st.buffer_reads, false, &m_read);
    // The arrays take the next vector after the MVM interval; its outputs are ready after the
    // MVM latency (equal unless conversions are pipelined across MVMs).
    wait_for(m_read);
    const int64_t ready_ps = m_read.grant.done_ps + st.mvm_cycles * m_ctx.chip_ps;
    if (tr) tr->replica(m_stage, m_replica, TraceKind::Compute, ChipContext::now_ps());
    m_busy_ps += (st.in_cycles + st.mvm_interval_cycles) * m_ctx.chip_ps;
    r.array_mvms += st.arrays;
    r.macs += st.macs;
    r.buffer_reads += st.buffer_reads * n_tiles;
    r.bus_ops += st.buffer_reads * n_tiles;
    while (m_oreg.full()) {
      m_compute_waits = true;
      wait(m_space_ev);
      m_compute_waits = false;
    }
    if (tr) tr->replica(m_stage, m_replica, TraceKind::WaitDrain, ChipContext::now_ps());
    m_oreg.reserve(k, ready_ps);
    if (!m_drain_waits) continue;
    if (units && n_tiles == 1 && !m_units_asked && ready_ps == ChipContext::now_ps()) {
      // The idle drain would wake now and ask the home tile's units at once (same time, same
      // requester): ask for it and wake it when they are done, one wake-up instead of two.
      m_unit.target = &m_q_ev;
      m_units_asked = true;
      m_ctx.units.reserve(ready_ps, requester, tiles[0], steps, 2, &m_unit);
    } else {
      m_q_ev.notify(sc_core::SC_ZERO_TIME);
    }
  }
}

void ReplicaModule::drain() {
  const Stage& st = m_ctx.plan.stages[static_cast<size_t>(m_stage)];
  StageResult& r = m_ctx.out.stages[static_cast<size_t>(m_stage)];
  const std::vector<int64_t>& tiles = st.replica_tiles[static_cast<size_t>(m_replica)];
  const int64_t requester = RequesterId::replica(m_id);
  PsumBox& psum = *m_ctx.psums[static_cast<size_t>(m_id)];
  const TileUnit::Step steps[] = {{UnitKind::Accumulator, st.reduce_cycles},
                                  {UnitKind::Activation, st.fused_cycles}};
  for (VectorWalk w(st, m_replica, m_ctx.opts.images); w.more(); w.next()) {
    const int64_t k = w.k;
    while (m_oreg.empty()) {
      m_drain_waits = true;
      wait(m_q_ev);
      m_drain_waits = false;
    }
    if (m_units_asked) {  // compute() asked the units when the outputs were ready
      m_units_asked = false;
      m_unit.target = nullptr;
      // Woken at their done time, or earlier by a later vector (the grant is final by then).
      if (m_unit.grant.done_ps > ChipContext::now_ps())
        wait(ps_time(m_unit.grant.done_ps - ChipContext::now_ps()));
      if (TraceRecorder* tr = m_ctx.opts.trace) {
        tr->drain(m_stage, m_replica, TraceKind::None, m_oreg.front().second);
        tr->drain(m_stage, m_replica, TraceKind::Accumulate, ChipContext::now_ps());
      }
    } else {
      drain_one(k, r, tiles, requester, psum, steps);
    }
    r.acc_ops += st.acc_ops;
    r.fused_ops += st.fused_ops;
    m_oreg.pop();
    if (m_compute_waits) m_space_ev.notify(sc_core::SC_ZERO_TIME);
    m_ctx.emit(m_stage, m_replica, k, requester);
  }
}

// One vector's way from the output registers: its ready time, partial sums, the tile's units.
void ReplicaModule::drain_one(int64_t k, StageResult& r, const std::vector<int64_t>& tiles,
                              int64_t requester, PsumBox& psum, const TileUnit::Step* steps) {
  const Stage& st = m_ctx.plan.stages[static_cast<size_t>(m_stage)];
  TraceRecorder* const tr = m_ctx.opts.trace;
  {
    const int64_t ready_ps = m_oreg.front().second;
    if (ready_ps > ChipContext::now_ps()) wait(ps_time(ready_ps - ChipContext::now_ps()));
    if (tr) tr->drain(m_stage, m_replica, TraceKind::None, ChipContext::now_ps());
    if (tiles.size() > 1) {  // partial sums of the other tiles travel to the home tile
      const int64_t t0 = ChipContext::now_ps();
      psum.arrived = 0;
      psum.expected = static_cast<int64_t>(tiles.size()) - 1;
      for (size_t t = 1; t < tiles.size(); ++t)
        m_ctx.send(tiles[t], tiles[0], st.psum_bytes[static_cast<size_t>(m_replica)][t],
                   make_tag(kPsum, static_cast<uint64_t>(m_id), static_cast<uint64_t>(k), 1),
                   requester, &r);
      while (psum.arrived < psum.expected) wait(psum.ev);
      if (tr) tr->drain(m_stage, m_replica, TraceKind::WaitNoc, ChipContext::now_ps());
      r.psum_wait_ps += ChipContext::now_ps() - t0;
    }
    // Accumulation, then the fused activation, on the home tile's units (shared by every layer
    // and replica there).
    if (st.reduce_cycles + st.fused_cycles > 0) {
      m_ctx.units.reserve(ChipContext::now_ps(), requester, tiles[0], steps, 2, &m_unit);
      wait_for(m_unit);
    }
    if (tr) tr->drain(m_stage, m_replica, TraceKind::Accumulate, ChipContext::now_ps());
  }
}

}  // namespace cimsim::chip
