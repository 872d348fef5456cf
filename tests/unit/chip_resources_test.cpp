// The chip run's contended units (sim/chip/chip_resources.h, arbiter.h): reservation timing at
// T-1 / T / T+1 against hand-derived picoseconds, and the stated arbitration policy (first come
// by request time, then the lower requester id, whatever order the requests are made in).
#include <catch2/catch.hpp>

#include <vector>

#include "sim/chip/arbiter.h"
#include "sim/chip/chip_resources.h"

using namespace cimsim;
using chip::Grant;

namespace {

struct Recorder : chip::GrantListener {
  std::vector<Grant> seen;
  void granted(const Grant& g, int64_t) override { seen.push_back(g); }
};

chip::BufferParams buffer(int64_t ports, int64_t latency) {
  chip::BufferParams b;
  b.width_bits = 64;
  b.ports = ports;
  b.latency_cycles = latency;
  return b;
}

}  // namespace

TEST_CASE("arbiter: a unit busy until T serves a request at T-1 at T, one at T at once",
          "[chip][resources]") {
  chip::Arbiter a("test", 1);
  CHECK(a.reserve(0, 5, 0, 3000, 0, nullptr).done_ps == 3000);  // busy [0, 3000)
  Grant g = a.reserve(2000, 5, 0, 1000, 500, nullptr);          // T-1: waits 1000 ps
  CHECK(g.start_ps == 3000);
  CHECK(g.done_ps == 4500);
  g = a.reserve(4000, 5, 0, 1000, 0, nullptr);  // T: the unit came free at 4000
  CHECK(g.start_ps == 4000);
  g = a.reserve(5001, 5, 0, 1000, 0, nullptr);  // after T: at once
  CHECK(g.start_ps == 5001);
  CHECK(a.grants(0) == 4);
  CHECK(a.busy_ps(0) == 6000);
  CHECK(a.wait_ps(0) == 1000);
}

TEST_CASE("arbiter: same-time requests go in requester-id order whatever order they come in",
          "[chip][resources]") {
  chip::Arbiter a("test", 1);
  Recorder r7, r3, r5;
  a.reserve(1000, 7, 0, 2000, 0, &r7);  // first to ask, highest id
  REQUIRE(r7.seen.size() == 1);
  CHECK(r7.seen.back().start_ps == 1000);
  a.reserve(1000, 3, 0, 2000, 0, &r3);  // same time, lower id: goes first
  CHECK(r3.seen.back().start_ps == 1000);
  REQUIRE(r7.seen.size() == 2);  // r7 was told its grant moved
  CHECK(r7.seen.back().start_ps == 3000);
  a.reserve(1000, 5, 0, 2000, 0, &r5);  // between the two
  CHECK(r3.seen.size() == 1);           // unchanged: not told again
  CHECK(r5.seen.back().start_ps == 3000);
  CHECK(r7.seen.back().start_ps == 5000);
  CHECK(a.wait_ps(0) == 2000 + 4000);
  CHECK(a.replays() == 2);
  // A later time never displaces an earlier request, whatever its id.
  Recorder r0;
  a.reserve(1001, 0, 0, 2000, 0, &r0);
  CHECK(r0.seen.back().start_ps == 7000);
  CHECK(r7.seen.back().start_ps == 5000);
}

TEST_CASE("arbiter: equal ids keep request order, a moved grant without a listener is an error",
          "[chip][resources]") {
  chip::Arbiter a("test", 1);
  CHECK(a.reserve(0, 4, 0, 10, 0, nullptr).start_ps == 0);
  CHECK(a.reserve(0, 4, 0, 10, 0, nullptr).start_ps == 10);
  CHECK_THROWS_WITH(a.reserve(0, 1, 0, 10, 0, nullptr),
                    "test: a grant without a listener moved (requester 4)");
  CHECK_THROWS_WITH(chip::Arbiter("x", 1).reserve(5, 0, 3, 1, 0, nullptr), "x: no unit 3");
}

TEST_CASE("arbiter: a request on several units starts when the last of them is free",
          "[chip][resources]") {
  chip::Arbiter a("test", 3);
  a.reserve(0, 1, 0, 4000, 0, nullptr);
  a.reserve(0, 1, 2, 7000, 0, nullptr);
  const chip::Segment both[] = {{0, 0, 1000}, {2, 0, 1000}};
  Grant g = a.reserve_segments(500, 2, both, 2, 0, nullptr);
  CHECK(g.start_ps == 7000);
  CHECK(g.done_ps == 8000);
  CHECK(a.free_ps(0) == 8000);
  CHECK(a.free_ps(1) == 0);
  // A chain: unit 1 for 1000 ps, then unit 0 for 500 ps (offset 1000): unit 0 is free at 8000,
  // so the chain starts at 7000 and unit 1 is busy [7000, 8000).
  const chip::Segment chain[] = {{1, 0, 1000}, {0, 1000, 500}};
  g = a.reserve_segments(600, 2, chain, 2, 0, nullptr);
  CHECK(g.start_ps == 7000);
  CHECK(g.done_ps == 8500);
}

TEST_CASE("BufferPort: reads and writes share the ports, busy ceil(accesses/ports) cycles",
          "[chip][resources]") {
  // 2 ports, latency 1, 1000 ps cycles: 5 accesses keep the buffer busy 3 cycles, done after 4.
  chip::BufferPort p("tile buffer ports", buffer(2, 1), 2, 1000);
  CHECK(p.cycles_for(5) == 4);
  Grant w = p.reserve(0, chip::RequesterId::buffer_write(1, 0), 1, 5, true, nullptr);
  CHECK(w.done_ps == 4000);
  const int64_t tiles[] = {0, 1};
  // A read of both buffers at T-1 (2000 ps; buffer 1 frees at 3000) waits; buffer 0 is free.
  Grant r = p.reserve(2000, chip::RequesterId::replica(0), tiles, 2, 1, false, nullptr);
  CHECK(r.start_ps == 3000);
  CHECK(r.done_ps == 5000);
  Grant r2 = p.reserve(4000, chip::RequesterId::replica(1), 1, 1, false, nullptr);  // at T
  CHECK(r2.start_ps == 4000);
  CHECK(p.writes(1) == 5);
  CHECK(p.reads(0) == 1);
  CHECK(p.reads(1) == 2);
}

TEST_CASE("DramChannel: the data keeps the channel busy, the latency overlaps",
          "[chip][resources]") {
  chip::DramParams d{2.0, 10.0, 0, 0, 0};  // 2 bytes/ns, 10 ns latency
  chip::DramChannel ch(d);
  Grant a = ch.reserve(0, chip::RequesterId::kInputStreamer, 8, false, nullptr);  // 4 ns of data
  CHECK(a.start_ps == 0);
  CHECK(a.done_ps == 14000);
  Grant b = ch.reserve(3999, chip::RequesterId::kInputStreamer, 2, false, nullptr);  // T-1 ps
  CHECK(b.start_ps == 4000);
  CHECK(b.done_ps == 15000);
  Grant c = ch.reserve(5000, chip::RequesterId::kOutputSink, 2, true, nullptr);  // T
  CHECK(c.start_ps == 5000);
  CHECK(ch.read_bytes() == 10);
  CHECK(ch.write_bytes() == 2);
}

TEST_CASE("TileUnit: an accumulation and its fused activation chain on one tile's units",
          "[chip][resources]") {
  chip::TileUnit u(2, 1000);
  using K = chip::UnitKind;
  const chip::TileUnit::Step conv[] = {{K::Accumulator, 3}, {K::Activation, 2}};
  Grant a = u.reserve(0, chip::RequesterId::replica(0), 0, conv, 2, nullptr);
  CHECK(a.done_ps == 5000);
  // A 2-cycle ReLU stage on tile 0 at 2000, before the activation unit frees (T = 5000): it
  // waits until 5000 and keeps the unit busy until 7000.
  const chip::TileUnit::Step relu[] = {{K::Activation, 2}};
  CHECK(u.reserve(2000, chip::RequesterId::replica(1), 0, relu, 1, nullptr).start_ps == 5000);
  // The next conv vector at 3000 (accumulator free at T = 3000): its activation step may not
  // start before 7000, so the chain starts at 4000 -- no wait between its steps.
  Grant b = u.reserve(3000, chip::RequesterId::replica(0), 0, conv, 2, nullptr);
  CHECK(b.start_ps == 4000);
  CHECK(b.done_ps == 9000);
  // Other tile, other units.
  CHECK(u.reserve(3000, chip::RequesterId::replica(2), 1, relu, 1, nullptr).start_ps == 3000);
  CHECK(u.busy_cycles(0, K::Activation) == 6);
  CHECK(u.busy_cycles(0, K::Accumulator) == 6);
}

TEST_CASE("OutputRegister: double-buffered, first in first out", "[chip][resources]") {
  chip::OutputRegister r(2);
  CHECK(r.reserve(0, 100));
  CHECK(r.reserve(1, 200));
  CHECK(r.full());
  CHECK_FALSE(r.reserve(2, 300));
  CHECK(r.front().first == 0);
  r.pop();
  CHECK(r.reserve(2, 300));
  CHECK(r.front().second == 200);
  CHECK(r.writes() == 3);
}
