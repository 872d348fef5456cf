#include "sim/chip/dram_streams_sc.h"

#include <algorithm>
#include <vector>

namespace cimsim::chip {

InputStreamer::InputStreamer(sc_core::sc_module_name n, ChipContext& ctx)
    : sc_module(n), m_ctx(ctx) {
  SC_HAS_PROCESS(InputStreamer);
  SC_THREAD(run);
}

void InputStreamer::run() {
  const Plan& plan = m_ctx.plan;
  const int64_t w = plan.input_w, h = plan.input_h;
  const int64_t row_bytes = w * plan.input_bytes_per_vector;
  const int64_t id = RequesterId::kInputStreamer;
  std::vector<int> boxes;
  for (size_t s = 0; s < plan.stages.size(); ++s)
    for (size_t e = 0; e < plan.stages[s].inputs.size(); ++e)
      if (plan.stages[s].inputs[e].producer < 0 && plan.stages[s].group == 0)
        for (int b : m_ctx.inbox_of[s][e]) boxes.push_back(b);
  const int64_t chunk = std::min<int64_t>(w, 255);  // vectors per packet (tag holds 8 bits)
  // Rows stream from DRAM back to back: the next row's read is under way while a row is written
  // into the global buffer and read out packet by packet (two row buffers).
  const int64_t rows = m_ctx.opts.images * h;
  m_ctx.dram.reserve(ChipContext::now_ps(), id, row_bytes, false, &m_dram[0]);
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t y = r % h;
    wait_for(m_dram[r % 2]);
    const Grant row = m_dram[r % 2].grant;
    if (TraceRecorder* tr = m_ctx.opts.trace) tr->dram(row.start_ps, row.busy_end_ps, false);
    if (r + 1 < rows)
      m_ctx.dram.reserve(ChipContext::now_ps(), id, row_bytes, false, &m_dram[(r + 1) % 2]);
    m_ctx.gb_port.reserve(ChipContext::now_ps(), id, 0, m_ctx.gb_accesses(row_bytes), true,
                          &m_grant);
    wait_for(m_grant);
    if (TraceRecorder* tr = m_ctx.opts.trace) tr->gb_input(row.start_ps, ChipContext::now_ps());
    for (int b : boxes) {
      const Inbox& box = *m_ctx.inboxes[static_cast<size_t>(b)];
      for (int64_t x0 = 0; x0 < w && box.row_needed[static_cast<size_t>(y)]; x0 += chunk) {
        const int64_t n = std::min(chunk, w - x0);
        const int64_t bytes = n * plan.input_bytes_per_vector;
        m_ctx.gb_port.reserve(ChipContext::now_ps(), id, 0, m_ctx.gb_accesses(bytes), false,
                              &m_grant);
        wait_for(m_grant);
        m_ctx.send(m_ctx.gb_tile, box.tile, bytes,
                   make_tag(kData, static_cast<uint64_t>(b), static_cast<uint64_t>(r * w + x0),
                            static_cast<uint64_t>(n)),
                   id, nullptr);
      }
    }
  }
}

OutputSink::OutputSink(sc_core::sc_module_name n, ChipContext& ctx) : sc_module(n), m_ctx(ctx) {
  SC_HAS_PROCESS(OutputSink);
  SC_THREAD(run);
}

void OutputSink::run() {
  const Stage& last = m_ctx.plan.stages[static_cast<size_t>(m_ctx.plan.output_stage)];
  Inbox& sink = *m_ctx.sink;
  const int64_t id = RequesterId::kOutputSink;
  for (int64_t img = 0; img < m_ctx.opts.images; ++img) {
    const int64_t need = (img + 1) * last.vectors();
    sink.wait_in(need);
    const int64_t t0 = ChipContext::now_ps();
    // Read out of the global buffer and streamed to DRAM (the two overlap).
    const int64_t bytes = last.vectors() * last.out_bytes;
    m_ctx.gb_port.reserve(ChipContext::now_ps(), id, 0, m_ctx.gb_accesses(bytes), false, &m_read);
    m_ctx.dram.reserve(ChipContext::now_ps(), id, bytes, true, &m_write);
    wait_for(m_read);
    const int64_t done_ps = std::max(m_read.grant.done_ps, m_write.grant.done_ps);
    if (done_ps > ChipContext::now_ps()) wait(ps_time(done_ps - ChipContext::now_ps()));
    if (TraceRecorder* tr = m_ctx.opts.trace) {
      tr->dram(m_write.grant.start_ps, m_write.grant.busy_end_ps, true);
      tr->gb_output(t0, ChipContext::now_ps());
    }
    m_ctx.out.image_done_ps[static_cast<size_t>(img)] = ChipContext::now_ps();
    ++m_ctx.images_done;
  }
  m_ctx.end = sc_core::sc_time_stamp();
  sc_core::sc_stop();
}

}  // namespace cimsim::chip
