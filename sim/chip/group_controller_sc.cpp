#include "sim/chip/group_controller_sc.h"

#include "sim/core/int_math.h"

namespace cimsim::chip {

GroupController::GroupController(sc_core::sc_module_name n, ChipContext& ctx)
    : sc_module(n), m_ctx(ctx) {
  SC_HAS_PROCESS(GroupController);
  SC_THREAD(run);
}

void GroupController::run() {
  const Plan& plan = m_ctx.plan;
  const double gb_bytes = m_ctx.chip.global_buffer.size_kB * 1024.0;
  const int64_t id = RequesterId::kGroupController;
  for (int g = 0; g < plan.groups; ++g) {
    if (plan.groups > 1) {
      const int64_t t0 = ChipContext::now_ps();
      int64_t bits = 0;
      for (const Stage& st : plan.stages)
        if (st.group == g) bits += st.weight_bits;
      const int64_t bytes = core::ceil_div(bits, 8);
      m_ctx.out.weight_reload_bytes += bytes;
      m_ctx.dram.reserve(ChipContext::now_ps(), id, bytes, false, &m_first);
      wait_for(m_first);
      TraceRecorder* const tr = m_ctx.opts.trace;
      if (tr) tr->dram(m_first.grant.start_ps, m_first.grant.busy_end_ps, false);
      // A later group that reads the network input (the parts of an oversized first layer)
      // reads it again, as a tensor crossing the boundary.
      bool reads_input = false;
      for (const Stage& st : plan.stages)
        for (const InEdge& e : st.inputs) reads_input |= g > 0 && st.group == g && e.producer < 0;
      if (reads_input) {
        const int64_t input_bytes =
            plan.input_h * plan.input_w * plan.input_bytes_per_vector * m_ctx.opts.images;
        m_ctx.out.spill_bytes += input_bytes;
        m_ctx.spill_pending += input_bytes;
      }
      const int64_t spill = m_ctx.spill_pending;
      if (spill > 0) {
        // Tensors crossing the boundary, written and read back: through the global buffer when
        // they fit, else DRAM. The read follows the write on the same port (channel).
        if (static_cast<double>(spill) <= gb_bytes) {
          const int64_t a = m_ctx.gb_accesses(spill);
          m_ctx.gb_port.reserve(ChipContext::now_ps(), id, 0, a, true, &m_first);
          m_ctx.gb_port.reserve(ChipContext::now_ps(), id, 0, a, false, &m_second);
        } else {
          m_ctx.dram.reserve(ChipContext::now_ps(), id, spill, true, &m_first);
          m_ctx.dram.reserve(ChipContext::now_ps(), id, spill, false, &m_second);
        }
        wait_for(m_second);
        if (tr && static_cast<double>(spill) > gb_bytes) {
          tr->dram(m_first.grant.start_ps, m_first.grant.busy_end_ps, true);
          tr->dram(m_second.grant.start_ps, m_second.grant.busy_end_ps, false);
        }
        m_ctx.spill_pending = 0;
      }
      m_ctx.out.reload_ps += ChipContext::now_ps() - t0;
      if (tr) tr->reload(t0, ChipContext::now_ps());
    }
    for (size_t s = 0; s < plan.stages.size(); ++s) {
      const Stage& st = plan.stages[s];
      if (st.group != g) continue;
      for (size_t e = 0; e < st.inputs.size(); ++e) {
        const int p = st.inputs[e].producer;
        if (p >= 0 ? plan.stages[static_cast<size_t>(p)].group != g : g > 0)
          for (int b : m_ctx.inbox_of[s][e])
            m_ctx.inboxes[static_cast<size_t>(b)]->mark_all(ChipContext::now_ps());
      }
    }
    m_ctx.group_started[static_cast<size_t>(g)] = true;
    m_ctx.group_start[static_cast<size_t>(g)].notify(sc_core::SC_ZERO_TIME);
    while (m_ctx.group_stages_left[static_cast<size_t>(g)] > 0) wait(m_ctx.group_done);
  }
}

}  // namespace cimsim::chip
