#include "sim/chip/chip_context_sc.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/core/int_math.h"

namespace cimsim::chip {

using core::ceil_div;

std::vector<int64_t> distinct_tiles(const Stage& st) {
  std::vector<int64_t> tiles;
  for (const auto& rt : st.replica_tiles)
    for (int64_t t : rt)
      if (std::find(tiles.begin(), tiles.end(), t) == tiles.end()) tiles.push_back(t);
  return tiles;
}

void Inbox::mark(int64_t k0, int64_t count, int64_t ready_ps, int64_t now_ps) {
  for (int64_t k = std::max(k0, prefix); k < k0 + count; ++k)
    ready[static_cast<size_t>(k)] = ready_ps;
  const int64_t before = prefix, n = static_cast<int64_t>(ready.size());
  int64_t latest = prefix > 0 ? upto[static_cast<size_t>(prefix - 1)] : 0;
  while (prefix < n && ready[static_cast<size_t>(prefix)] >= 0) {
    latest = std::max(latest, ready[static_cast<size_t>(prefix)]);
    upto[static_cast<size_t>(prefix++)] = latest;
  }
  if (prefix != before && waiters > 0) {
    const int64_t first = upto[static_cast<size_t>(before)];
    ev.notify(ps_time(std::max<int64_t>(0, first - now_ps)));
  }
}

void Inbox::rewrite(int64_t k0, int64_t count, int64_t ready_ps, int64_t now_ps) {
  for (int64_t k = k0; k < k0 + count; ++k) ready[static_cast<size_t>(k)] = ready_ps;
  if (k0 >= prefix) return;  // not in the prefix yet: mark() follows
  int64_t latest = k0 > 0 ? upto[static_cast<size_t>(k0 - 1)] : 0;
  for (int64_t k = k0; k < prefix; ++k) {
    latest = std::max(latest, ready[static_cast<size_t>(k)]);
    upto[static_cast<size_t>(k)] = latest;
  }
  if (waiters > 0) {
    const int64_t first = upto[static_cast<size_t>(k0)];
    ev.notify(ps_time(std::max<int64_t>(0, first - now_ps)));
  }
}

void Inbox::wait_in(int64_t n) {
  while (prefix < n) {
    ++waiters;
    sc_core::wait(ev);
    --waiters;
  }
  // In the buffer once its write is done; a write's grant may still move at the time it was
  // asked for (wait on ev too: it may come earlier).
  int64_t in_ps;
  while ((in_ps = ready_upto(n)) > ChipContext::now_ps()) {
    ++waiters;
    sc_core::wait(ps_time(in_ps - ChipContext::now_ps()), ev);
    --waiters;
  }
}

void Inbox::premark_unneeded() {
  for (int64_t k = 0; k < static_cast<int64_t>(ready.size()); ++k)
    if (!row_needed[static_cast<size_t>((k % per_image) / width)])
      ready[static_cast<size_t>(k)] = 0;
  while (prefix < static_cast<int64_t>(ready.size()) && ready[static_cast<size_t>(prefix)] >= 0)
    upto[static_cast<size_t>(prefix++)] = 0;
}

ChipContext::ChipContext(const Plan& p, const mapper::Mapping& mapping, const ChipParams& c,
                         const RunOptions& o, RunResult& r)
    : plan(p),
      chip(c),
      opts(o),
      out(r),
      chip_ps(static_cast<int64_t>(std::llround(1e6 / c.clock_MHz))),
      gb_tile(mapping.tile_order.front()),
      tile_ports("tile buffer ports", c.tile.buffer, mapping.tiles, chip_ps),
      gb_port("global buffer port", c.global_buffer, 1, chip_ps),
      dram(c.dram),
      units(mapping.tiles, chip_ps),
      m_emitted_of(p.stages.size(), 0) {
  build_inboxes();
  group_start = std::make_unique<sc_core::sc_event[]>(static_cast<size_t>(plan.groups));
  group_started.assign(static_cast<size_t>(plan.groups), false);
  group_stages_left.assign(static_cast<size_t>(plan.groups), 0);
  for (const Stage& st : plan.stages) ++group_stages_left[static_cast<size_t>(st.group)];
  replica_base.resize(plan.stages.size());
  for (size_t s = 0; s < plan.stages.size(); ++s) {
    replica_base[s] = static_cast<int>(psums.size());
    for (size_t j = 0; j < plan.stages[s].replica_tiles.size(); ++j)
      psums.push_back(std::make_unique<PsumBox>());
  }
}

void ChipContext::build_inboxes() {
  inbox_of.resize(plan.stages.size());
  for (size_t s = 0; s < plan.stages.size(); ++s) {
    const Stage& st = plan.stages[s];
    inbox_of[s].resize(st.inputs.size());
    const std::vector<int64_t> tiles = distinct_tiles(st);
    const int64_t reps = static_cast<int64_t>(st.replica_tiles.size());
    for (size_t e = 0; e < st.inputs.size(); ++e) {
      const InEdge& edge = st.inputs[e];
      for (int64_t t : tiles) {
        auto box = std::make_unique<Inbox>();
        box->stage = static_cast<int>(s);
        box->edge = static_cast<int>(e);
        box->producer = edge.producer;
        box->tile = t;
        box->per_image = edge.prod_h * edge.prod_w;
        box->width = edge.prod_w;
        box->bytes_per_vector = edge.producer < 0
                                    ? plan.input_bytes_per_vector
                                    : plan.stages[static_cast<size_t>(edge.producer)].out_bytes;
        box->row_needed.assign(static_cast<size_t>(edge.prod_h), 0);
        // Replica j computes output rows y = j, j + reps, ...: the rows its windows read.
        for (int64_t j = 0; j < reps; ++j) {
          const auto& rt = st.replica_tiles[static_cast<size_t>(j)];
          if (std::find(rt.begin(), rt.end(), t) == rt.end()) continue;
          for (int64_t y = j; y < st.out_h; y += reps) rows_read(edge, y, box->row_needed);
        }
        box->ready.assign(static_cast<size_t>(box->per_image * opts.images), -1);
        box->upto.assign(box->ready.size(), 0);
        box->premark_unneeded();
        inbox_of[s][e].push_back(static_cast<int>(inboxes.size()));
        inboxes.push_back(std::move(box));
      }
    }
  }
  // The output sink: the last stage's vectors at the global buffer's tile.
  const Stage& last = plan.stages[static_cast<size_t>(plan.output_stage)];
  sink = std::make_unique<Inbox>();
  sink->stage = -1;
  sink->producer = plan.output_stage;
  sink->tile = gb_tile;
  sink->per_image = last.vectors();
  sink->width = last.out_w;
  sink->bytes_per_vector = last.out_bytes;
  sink->row_needed.assign(static_cast<size_t>(last.out_h), 1);
  sink->ready.assign(static_cast<size_t>(last.vectors() * opts.images), -1);
  sink->upto.assign(sink->ready.size(), 0);
}

Inbox& ChipContext::inbox(int s, int e, int64_t tile) {
  for (int id : inbox_of[static_cast<size_t>(s)][static_cast<size_t>(e)])
    if (inboxes[static_cast<size_t>(id)]->tile == tile) return *inboxes[static_cast<size_t>(id)];
  throw std::logic_error("no inbox");
}

int ChipContext::node_of(int64_t tile) const {
  return noc->interconnect().geometry().node_at(static_cast<int>(tile % chip.tiles_x),
                                                static_cast<int>(tile / chip.tiles_x));
}

void ChipContext::wait_group(int g) {
  if (!group_started[static_cast<size_t>(g)]) sc_core::wait(group_start[static_cast<size_t>(g)]);
}

void ChipContext::wait_inputs(int s, int64_t k, const std::vector<int64_t>& tiles,
                              int64_t* wait_ps) {
  const Stage& st = plan.stages[static_cast<size_t>(s)];
  const int64_t img = k / st.vectors(), v = k % st.vectors();
  const int64_t y = v / st.out_w, x = v % st.out_w;
  const int64_t t0 = now_ps();
  for (size_t e = 0; e < st.inputs.size(); ++e) {
    const InEdge& edge = st.inputs[e];
    const int64_t need = img * edge.prod_h * edge.prod_w + required_count(edge, y, x);
    for (int64_t t : tiles) {
      Inbox& box = inbox(s, static_cast<int>(e), t);
      box.wait_in(need);
    }
  }
  *wait_ps += now_ps() - t0;
}

void ChipContext::spill_row(int s, int64_t k, int64_t requester, GrantEvent& write,
                            GrantEvent& read, StageResult& r) {
  const Stage& st = plan.stages[static_cast<size_t>(s)];
  const int64_t bytes = st.spill_bytes_per_row;
  if (bytes == 0 || k % st.out_w != 0) return;
  const int64_t t0 = now_ps();
  if (st.spill_to_dram) {
    dram.reserve(t0, requester, bytes, true, &write);
    dram.reserve(t0, requester, bytes, false, &read);
    r.spill_dram_bytes += 2 * bytes;
  } else {
    const int64_t a = gb_accesses(bytes);
    gb_port.reserve(t0, requester, 0, a, true, &write);
    gb_port.reserve(t0, requester, 0, a, false, &read);
    r.spill_gb_accesses += a;
  }
  r.spill_bytes += 2 * bytes;
  wait_for(read);
  if (TraceRecorder* tr = opts.trace; tr && st.spill_to_dram) {
    tr->dram(write.grant.start_ps, write.grant.busy_end_ps, true);
    tr->dram(read.grant.start_ps, read.grant.busy_end_ps, false);
  }
  r.spill_wait_ps += now_ps() - t0;
}

void ChipContext::emit(int s, int replica, int64_t k, int64_t requester) {
  const Stage& st = plan.stages[static_cast<size_t>(s)];
  StageResult& res = out.stages[static_cast<size_t>(s)];
  const int64_t src = st.replica_tiles[static_cast<size_t>(replica)].front();
  const int64_t row = (k % st.vectors()) / st.out_w;
  for (int c : st.consumers) {
    const Stage& cs = plan.stages[static_cast<size_t>(c)];
    for (size_t e = 0; e < cs.inputs.size(); ++e) {
      if (cs.inputs[e].producer != s) continue;
      if (cs.group != st.group) {  // crosses a reload boundary: stored, read at group start
        out.spill_bytes += st.out_bytes;
        spill_pending += st.out_bytes;
        continue;
      }
      for (int id : inbox_of[static_cast<size_t>(c)][e]) {
        const Inbox& box = *inboxes[static_cast<size_t>(id)];
        if (!box.row_needed[static_cast<size_t>(row)]) continue;
        res.bus_ops += 1;
        send(src, box.tile, st.out_bytes,
             make_tag(kData, static_cast<uint64_t>(id), static_cast<uint64_t>(k), 1), requester,
             &res);
        res.buffer_writes += tile_accesses(st.out_bytes);
      }
    }
  }
  if (s == plan.output_stage)
    send(src, gb_tile, st.out_bytes, make_tag(kData, kSinkTarget, static_cast<uint64_t>(k), 1),
         requester, &res);
  ++res.vectors;
  const int64_t t = now_ps();
  if (k / st.vectors() == 0) res.image0_end_ps = std::max(res.image0_end_ps, t);
  res.end_ps = std::max(res.end_ps, t);
  if (++m_emitted_of[static_cast<size_t>(s)] == st.vectors() * opts.images &&
      --group_stages_left[static_cast<size_t>(st.group)] == 0)
    group_done.notify(sc_core::SC_ZERO_TIME);
}

void ChipContext::send(int64_t src_tile, int64_t dst_tile, int64_t bytes, uint64_t tag,
                       int64_t requester, StageResult* from) {
  if (src_tile == dst_tile) {  // the tile bus: no NoC
    on_delivery(tag, -1);
    return;
  }
  if (from) {
    ++from->packets_out;
    from->flits_out += noc->flits_for_bytes(bytes);
  }
  noc->send(node_of(src_tile), node_of(dst_tile), bytes, tag, requester);
}

void ChipContext::on_delivery(uint64_t tag, int64_t extra_latency) {
  const uint64_t kind = tag >> 62;
  const uint64_t target = (tag >> 40) & ((1ULL << 22) - 1);
  const int64_t k0 = static_cast<int64_t>((tag >> 8) & 0xFFFFFFFFULL);
  const int64_t count = static_cast<int64_t>(tag & 0xFF);
  if (kind == kPsum) {  // into the home tile's accumulator inputs (not the buffer)
    PsumBox& p = *psums[target];
    if (++p.arrived == p.expected) p.ev.notify(sc_core::SC_ZERO_TIME);
    return;
  }
  const int64_t now = now_ps();
  Inbox& box = target == kSinkTarget ? *sink : *inboxes[target];
  const int64_t bytes = count * box.bytes_per_vector;
  // Written into the buffer by the tile's network interface before anything else asking at the
  // same time (RequesterId::buffer_write); the data can be read once the write is done.
  if (now != m_writes_ps) m_writes_ps = now, m_writes_used = 0;
  if (m_writes_used == m_writes.size()) m_writes.emplace_back();
  WriteGrant& w = m_writes[m_writes_used++];
  w.box = nullptr;
  w.k0 = k0;
  w.count = count;
  const int64_t id = RequesterId::buffer_write(target, static_cast<uint64_t>(k0));
  Grant g;
  if (box.stage < 0) {
    g = gb_port.reserve(now, id, 0, gb_accesses(bytes), true, &w);
  } else {
    const int64_t accesses = tile_accesses(bytes);
    g = tile_ports.reserve(now, id, box.tile, accesses, true, &w);
    StageResult& consumer = out.stages[static_cast<size_t>(box.stage)];
    if (box.producer < 0) consumer.buffer_writes += accesses;  // (producers count their own)
    if (extra_latency >= 0) {                                  // (-1: the tile bus, no NoC)
      consumer.noc_delay_cycles += extra_latency;
      ++consumer.noc_packets_in;
    }
  }
  w.box = &box;
  box.mark(k0, count, g.done_ps, now);
}

}  // namespace cimsim::chip
