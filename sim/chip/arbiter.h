#pragma once
// The reservation calendar behind every contended unit of the chip run (tile and global buffer
// ports, the DRAM channel, the tile's digital units). Plain C++ on integer picoseconds, so its
// policy is unit-tested without a SystemC kernel.
//
// Policy (deterministic, whatever order the simulation's processes run in):
//   1. first come by request time: a request made at time t is served after every request made
//      before t (a unit is never given back to an earlier time);
//   2. requests made at the same time are served in ascending requester id; equal ids in the
//      order they were made (one requester's requests in its program order). Ids are 64-bit so
//      a requester kind can give each of its requests its own id (RequesterId).
// A request made at time t may therefore be moved later by a request with a lower id that comes
// in later at the same t (SystemC runs the processes of one time in an order of its own): the
// calendar then replays that time's requests in policy order and tells every listener whose
// grant moved. A requester waits on its listener, not on the first answer. Nothing has been
// observed yet when a grant moves: every grant ends after t.
//
// A request holds one or more segments: unit u is busy over [start + offset, start + offset +
// busy) for each segment, with one common start >= t chosen as early as every segment's unit
// allows (e.g. a replica's input read from all its tiles at once, or an accumulation followed by
// the fused activation on the tile's activation unit). done = start + the request's span +
// latency.
#include <cstdint>
#include <string>
#include <vector>

namespace cimsim::chip {

struct Grant {
  int64_t start_ps = 0;
  int64_t done_ps = 0;
  int64_t busy_end_ps = 0;  // the units are busy until then (done_ps - the request's latency)
};

// Told of a grant's done time when it is made and again whenever it moves.
class GrantListener {
 public:
  virtual void granted(const Grant& g, int64_t now_ps) = 0;

 protected:
  ~GrantListener() = default;
};

struct Segment {
  int64_t unit = 0;
  int64_t offset_ps = 0;
  int64_t busy_ps = 0;
};

class Arbiter {
 public:
  // `name` for error messages ("tile buffer ports").
  Arbiter(std::string name, int64_t units);

  // A request at now_ps (never earlier than the previous request's). Without a listener the
  // caller uses the answer directly: it must then be the lowest id of its time (a grant that
  // moves without a listener is a logic_error).
  Grant reserve_segments(int64_t now_ps, int64_t requester, const Segment* segs, int n,
                         int64_t latency_ps, GrantListener* listener);
  Grant reserve(int64_t now_ps, int64_t requester, int64_t unit, int64_t busy_ps,
                int64_t latency_ps, GrantListener* listener) {
    const Segment s{unit, 0, busy_ps};
    return reserve_segments(now_ps, requester, &s, 1, latency_ps, listener);
  }

  int64_t units() const { return static_cast<int64_t>(m_units.size()); }
  int64_t free_ps(int64_t unit) const { return m_units[static_cast<size_t>(unit)].free_ps; }
  // Per unit: grants, busy time and time the requests waited for it (start - request).
  int64_t grants(int64_t unit) const { return m_units[static_cast<size_t>(unit)].grants; }
  int64_t busy_ps(int64_t unit) const { return m_units[static_cast<size_t>(unit)].busy_ps; }
  int64_t wait_ps(int64_t unit) const { return m_units[static_cast<size_t>(unit)].wait_ps; }
  int64_t replays() const { return m_replays; }  // times a same-time request reordered grants

 private:
  struct Unit {
    int64_t free_ps = 0, grants = 0, busy_ps = 0, wait_ps = 0;
  };
  struct Booked {
    Segment seg;
    int64_t prev_free_ps = 0;  // its unit's free time before it was placed
  };
  struct Entry {
    int64_t requester = 0;
    int first = 0, n = 0;  // its segments in m_pool
    int64_t latency_ps = 0;
    GrantListener* listener = nullptr;
    Grant grant;
  };
  Grant place(const Entry& e);          // earliest common start; books the units
  void book(const Entry& e, int sign);  // adds (or removes) its wait to the counters
  void replay();

  std::string m_name;
  std::vector<Unit> m_units;
  // The requests of the current time, in policy order; they were placed in that order, so
  // unplacing them in reverse restores the free times before this time.
  int64_t m_now_ps = -1;
  std::vector<Entry> m_batch;
  std::vector<Booked> m_pool;
  int64_t m_replays = 0;
};

}  // namespace cimsim::chip
