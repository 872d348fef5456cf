#include "sim/chip/arbiter.h"

#include <algorithm>
#include <stdexcept>

namespace cimsim::chip {

Arbiter::Arbiter(std::string name, int64_t units)
    : m_name(std::move(name)), m_units(static_cast<size_t>(units)) {}

Grant Arbiter::place(const Entry& e) {
  int64_t start = m_now_ps, span = 0;
  for (int i = e.first; i < e.first + e.n; ++i) {
    const Segment& s = m_pool[static_cast<size_t>(i)].seg;
    start = std::max(start, m_units[static_cast<size_t>(s.unit)].free_ps - s.offset_ps);
    span = std::max(span, s.offset_ps + s.busy_ps);
  }
  for (int i = e.first; i < e.first + e.n; ++i) {
    Booked& b = m_pool[static_cast<size_t>(i)];
    Unit& u = m_units[static_cast<size_t>(b.seg.unit)];
    b.prev_free_ps = u.free_ps;
    u.free_ps = std::max(u.free_ps, start + b.seg.offset_ps + b.seg.busy_ps);
  }
  return Grant{start, start + span + e.latency_ps, start + span};
}

void Arbiter::book(const Entry& e, int sign) {
  for (int i = e.first; i < e.first + e.n; ++i) {
    const Segment& s = m_pool[static_cast<size_t>(i)].seg;
    m_units[static_cast<size_t>(s.unit)].wait_ps +=
        sign * (e.grant.start_ps + s.offset_ps - m_now_ps);
  }
}

void Arbiter::replay() {
  ++m_replays;
  // Unplace every placed request, latest first: the free times before this time come back.
  for (auto it = m_batch.rbegin(); it != m_batch.rend(); ++it) {
    if (it->grant.start_ps < 0) continue;  // the request being added: not placed yet
    for (int i = it->first + it->n - 1; i >= it->first; --i) {
      const Booked& b = m_pool[static_cast<size_t>(i)];
      m_units[static_cast<size_t>(b.seg.unit)].free_ps = b.prev_free_ps;
    }
  }
  for (Entry& e : m_batch) {
    const Grant old = e.grant;
    const bool is_new = old.start_ps < 0;  // the request being added
    if (!is_new) book(e, -1);
    e.grant = place(e);
    book(e, +1);
    if (e.grant.done_ps == old.done_ps && e.grant.start_ps == old.start_ps) continue;
    if (!e.listener) {
      if (is_new) continue;  // its caller reads the answer
      throw std::logic_error(m_name + ": a grant without a listener moved (requester " +
                             std::to_string(e.requester) + ")");
    }
    e.listener->granted(e.grant, m_now_ps);
  }
}

Grant Arbiter::reserve_segments(int64_t now_ps, int64_t requester, const Segment* segs, int n,
                                int64_t latency_ps, GrantListener* listener) {
  if (now_ps < m_now_ps)
    throw std::logic_error(m_name + ": a request went back in time (" + std::to_string(now_ps) +
                           " ps after " + std::to_string(m_now_ps) + " ps)");
  if (n < 1) throw std::logic_error(m_name + ": a request without a unit");
  if (now_ps > m_now_ps) {  // a new time: forget the previous time's requests
    m_now_ps = now_ps;
    m_batch.clear();
    m_pool.clear();
  }
  Entry e;
  e.requester = requester;
  e.first = static_cast<int>(m_pool.size());
  e.n = n;
  e.latency_ps = latency_ps;
  e.listener = listener;
  for (int i = 0; i < n; ++i) {
    if (segs[i].unit < 0 || segs[i].unit >= units())
      throw std::logic_error(m_name + ": no unit " + std::to_string(segs[i].unit));
    m_pool.push_back(Booked{segs[i], 0});
    Unit& u = m_units[static_cast<size_t>(segs[i].unit)];
    ++u.grants;
    u.busy_ps += segs[i].busy_ps;
  }
  // Its place in policy order: after every request of this time with an id <= its own.
  auto pos = m_batch.end();
  while (pos != m_batch.begin() && (pos - 1)->requester > requester) --pos;
  if (pos == m_batch.end()) {  // the usual case: nothing to reorder
    e.grant = place(e);
    book(e, +1);
    m_batch.push_back(e);
    if (listener) listener->granted(e.grant, now_ps);
    return e.grant;
  }
  const auto at = pos - m_batch.begin();
  e.grant = Grant{-1, -1};  // not placed yet: replay() tells its listener
  m_batch.insert(pos, e);
  replay();
  return m_batch[static_cast<size_t>(at)].grant;
}

}  // namespace cimsim::chip
