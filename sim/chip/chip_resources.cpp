#include "sim/chip/chip_resources.h"

#include <cmath>

#include <stdexcept>

#include "sim/core/int_math.h"

namespace cimsim::chip {

using core::ceil_div;

BufferPort::BufferPort(std::string name, const BufferParams& p, int64_t buffers, int64_t cycle_ps)
    : m_p(p),
      m_cycle_ps(cycle_ps),
      m_arb(std::move(name), buffers),
      m_reads(static_cast<size_t>(buffers), 0),
      m_writes(static_cast<size_t>(buffers), 0) {}

int64_t BufferPort::cycles_for(int64_t accesses) const {
  return ceil_div(accesses, m_p.ports) + m_p.latency_cycles;
}

Grant BufferPort::reserve(int64_t now_ps, int64_t requester, const int64_t* buffers, int n,
                          int64_t accesses, bool write, GrantListener* listener) {
  const int64_t busy = ceil_div(accesses, m_p.ports) * m_cycle_ps;
  m_segs.clear();
  for (int i = 0; i < n; ++i) {
    m_segs.push_back(Segment{buffers[i], 0, busy});
    (write ? m_writes : m_reads)[static_cast<size_t>(buffers[i])] += accesses;
  }
  return m_arb.reserve_segments(now_ps, requester, m_segs.data(), n,
                                m_p.latency_cycles * m_cycle_ps, listener);
}

DramChannel::DramChannel(const DramParams& p) : m_p(p), m_arb("DRAM channel", 1) {}

Grant DramChannel::reserve(int64_t now_ps, int64_t requester, int64_t bytes, bool write,
                           GrantListener* listener) {
  // Rounded to the picosecond as sc_time(double) rounds: the data part, and the whole transfer.
  const double data_ns = static_cast<double>(bytes) / m_p.bandwidth_GBps;
  const int64_t busy = std::llround(data_ns * 1000.0);  // >= 0: half rounds up, as floor(x + ½)
  const int64_t total = std::llround((m_p.latency_ns + data_ns) * 1000.0);
  (write ? m_write_bytes : m_read_bytes) += bytes;
  return m_arb.reserve(now_ps, requester, 0, busy, total - busy, listener);
}

UnitKind unit_kind(DigitalUnit u) {
  switch (u) {
    case DigitalUnit::Pooling:
      return UnitKind::Pooling;
    case DigitalUnit::ResidualAdd:
      return UnitKind::ResidualAdd;
    default:
      return UnitKind::Activation;
  }
}

const char* unit_kind_name(UnitKind k) {
  switch (k) {
    case UnitKind::Accumulator:
      return "accumulator";
    case UnitKind::Activation:
      return "activation";
    case UnitKind::Pooling:
      return "pooling";
    case UnitKind::ResidualAdd:
      return "residual_add";
  }
  return "?";
}

TileUnit::TileUnit(int64_t tiles, int64_t cycle_ps)
    : m_cycle_ps(cycle_ps), m_arb("tile digital units", tiles * kUnitKinds) {}

Grant TileUnit::reserve(int64_t now_ps, int64_t requester, int64_t tile, const Step* steps, int n,
                        GrantListener* listener) {
  m_segs.clear();
  int64_t offset = 0;
  for (int i = 0; i < n; ++i) {
    if (steps[i].cycles <= 0) continue;
    const int64_t busy = steps[i].cycles * m_cycle_ps;
    m_segs.push_back(Segment{tile * kUnitKinds + static_cast<int>(steps[i].kind), offset, busy});
    offset += busy;
  }
  if (m_segs.empty()) throw std::logic_error("TileUnit: a request of no cycles");
  return m_arb.reserve_segments(now_ps, requester, m_segs.data(), static_cast<int>(m_segs.size()),
                                0, listener);
}

int64_t TileUnit::busy_cycles(int64_t tile, UnitKind k) const {
  return m_arb.busy_ps(tile * kUnitKinds + static_cast<int>(k)) / m_cycle_ps;
}

bool OutputRegister::reserve(int64_t vector, int64_t ready_ps) {
  if (full()) return false;
  m_q.emplace_back(vector, ready_ps);
  ++m_writes;
  return true;
}

}  // namespace cimsim::chip
