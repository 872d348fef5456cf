#include "sim/chip/digital_stage_sc.h"

namespace cimsim::chip {

DigitalStageModule::DigitalStageModule(sc_core::sc_module_name n, ChipContext& ctx, int stage)
    : sc_module(n), m_ctx(ctx), m_stage(stage), m_id(ctx.replica_base[static_cast<size_t>(stage)]) {
  SC_HAS_PROCESS(DigitalStageModule);
  SC_THREAD(run);
}

void DigitalStageModule::run() {
  const Stage& st = m_ctx.plan.stages[static_cast<size_t>(m_stage)];
  StageResult& r = m_ctx.out.stages[static_cast<size_t>(m_stage)];
  const std::vector<int64_t>& tiles = st.replica_tiles.front();
  const int64_t requester = RequesterId::replica(m_id);
  const TileUnit::Step steps[] = {{unit_kind(st.unit), st.unit_cycles},
                                  {UnitKind::Activation, st.fused_cycles}};
  const int64_t read_cycles =
      st.buffer_reads > 0 ? m_ctx.tile_ports.cycles_for(st.buffer_reads) : 0;
  TraceRecorder* const tr = m_ctx.opts.trace;
  m_ctx.wait_group(st.group);
  if (tr) tr->replica(m_stage, 0, TraceKind::None, ChipContext::now_ps());
  for (int64_t k = 0; k < st.vectors() * m_ctx.opts.images; ++k) {
    m_ctx.wait_inputs(m_stage, k, tiles, &m_input_wait_ps);
    if (tr) tr->replica(m_stage, 0, TraceKind::WaitInput, ChipContext::now_ps());
    if (k < st.vectors()) m_ctx.mark_start(r);
    m_ctx.spill_row(m_stage, k, requester, m_spill_write, m_spill_read, r);
    if (st.buffer_reads > 0) {  // its inputs, from the tile buffer
      m_ctx.tile_ports.reserve(ChipContext::now_ps(), requester, tiles.data(),
                               static_cast<int>(tiles.size()), st.buffer_reads, false, &m_read);
      wait_for(m_read);
    }
    if (st.unit_cycles + st.fused_cycles > 0) {
      m_ctx.units.reserve(ChipContext::now_ps(), requester, tiles.front(), steps, 2, &m_unit);
      wait_for(m_unit);
    }
    if (tr) tr->replica(m_stage, 0, TraceKind::Compute, ChipContext::now_ps());
    m_busy_ps += (read_cycles + st.unit_cycles + st.fused_cycles) * m_ctx.chip_ps;
    r.unit_ops += st.unit_ops;
    r.fused_ops += st.fused_ops;
    r.buffer_reads += st.buffer_reads * static_cast<int64_t>(tiles.size());
    m_ctx.emit(m_stage, 0, k, requester);
  }
}

}  // namespace cimsim::chip
