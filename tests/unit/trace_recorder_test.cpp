// TraceRecorder on hand-made intervals: coalescing, non-overlap, the trace-event JSON and the
// binned profile, with hand-derived figures.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "sim/chip/trace_recorder.h"

using cimsim::chip::Plan;
using cimsim::chip::Stage;
using cimsim::chip::TraceCounter;
using cimsim::chip::TraceKind;
using cimsim::chip::TraceRecorder;
using json = nlohmann::json;

namespace {

// One matrix stage with two replicas ("conv", fused relu), one digital stage ("pool").
Plan two_stage_plan() {
  Plan p;
  Stage conv;
  conv.name = "conv";
  conv.fused = {"relu"};
  conv.kind = cimsim::mapper::StageKind::Matrix;
  conv.replica_tiles = {{0}, {1, 2}};
  Stage pool;
  pool.name = "pool";
  pool.kind = cimsim::mapper::StageKind::Digital;
  pool.replica_tiles = {{3}};
  p.stages = {conv, pool};
  return p;
}

std::vector<json> events_of(const TraceRecorder& tr, const char* ph) {
  const json doc = json::parse(tr.trace_json("test"));
  std::vector<json> out;
  for (const json& e : doc["traceEvents"])
    if (e["ph"] == ph) out.push_back(e);
  return out;
}

}  // namespace

TEST_CASE("touching intervals of one kind on one track become one event", "[trace]") {
  TraceRecorder tr(true);
  tr.set_plan(two_stage_plan(), 1.0, 10.0, 1000);
  const int t = tr.replica_track(0, 0);
  tr.interval(t, TraceKind::Compute, 0, 1000);
  tr.interval(t, TraceKind::Compute, 1000, 3000);  // touches: extends
  tr.interval(t, TraceKind::WaitInput, 3000, 3500);
  tr.interval(t, TraceKind::Compute, 3500, 4000);
  tr.interval(t, TraceKind::Compute, 4500, 5000);  // a gap: a new event
  CHECK(tr.events() == 4);
  const std::vector<json> x = events_of(tr, "X");
  REQUIRE(x.size() == 4);
  CHECK(x[0]["name"] == "compute");
  CHECK(x[0]["ts"].get<double>() == 0.0);
  CHECK(x[0]["dur"].get<double>() == Approx(0.003));  // 3000 ps = 0.003 us
  CHECK(x[1]["name"] == "wait input");
  CHECK(x[3]["ts"].get<double>() == Approx(0.0045));
}

TEST_CASE("advance() records from the track's cursor and None or empty intervals record nothing",
          "[trace]") {
  TraceRecorder tr(true);
  tr.set_plan(two_stage_plan(), 1.0, 10.0, 1000);
  tr.replica(1, 0, TraceKind::None, 2000);  // the pool's group starts at 2 ns
  tr.replica(1, 0, TraceKind::WaitInput, 2500);
  tr.replica(1, 0, TraceKind::Compute, 2500);  // empty
  tr.replica(1, 0, TraceKind::Compute, 4000);
  const std::vector<json> x = events_of(tr, "X");
  REQUIRE(x.size() == 2);
  CHECK(x[0]["name"] == "wait input");
  CHECK(x[0]["ts"].get<double>() == Approx(0.002));
  CHECK(x[0]["dur"].get<double>() == Approx(0.0005));
  CHECK(x[1]["name"] == "compute");
  CHECK(x[1]["dur"].get<double>() == Approx(0.0015));
  // The track is named after the stage; the matrix replica tracks carry their replica index.
  bool named = false;
  for (const json& m : events_of(tr, "M"))
    if (m["name"] == "thread_name" && m["tid"] == x[0]["tid"]) named = m["args"]["name"] == "pool";
  CHECK(named);
}

TEST_CASE("an interval starting before the previous one ended is clipped so none overlap",
          "[trace]") {
  TraceRecorder tr(true);
  tr.set_plan(two_stage_plan(), 1.0, 10.0, 1000);
  tr.interval(tr.dram_track(), TraceKind::DramRead, 0, 1000);
  tr.interval(tr.dram_track(), TraceKind::DramWrite, 500, 1500);
  const std::vector<json> x = events_of(tr, "X");
  REQUIRE(x.size() == 2);
  CHECK(x[1]["ts"].get<double>() == Approx(0.001));
  CHECK(x[1]["dur"].get<double>() == Approx(0.0005));
}

TEST_CASE("the profile holds busy fractions and time-averaged counters per bin", "[trace]") {
  // 4 bins of 1 ns at first; a run of 10 ns doubles the width twice (2 ns, then 4 ns: 16 ns).
  TraceRecorder tr(false, 4);
  tr.set_plan(two_stage_plan(), 1.0, 8.0, 1000);
  tr.replica(0, 0, TraceKind::Compute, 2000);  // replica 0 of 2 computes [0, 2) ns
  tr.replica(0, 1, TraceKind::WaitInput, 4000);
  tr.replica(0, 1, TraceKind::Compute, 10000);  // replica 1 computes [4, 10) ns
  tr.dram(1000, 3000, false);                   // 8 GB/s during [1, 3) ns
  tr.noc_packet(5, 6, 4);                       // 4 flits during NoC cycles 5..6: [5, 7) ns
  CHECK(tr.events() == 0);                      // no intervals kept
  const TraceRecorder::Profile p = tr.profile();
  CHECK(p.bin_ps == 4000);
  REQUIRE(p.bins == 3);  // up to 10 ns
  // Stage 0, bin [0, 4): 2 ns of one replica over 2 replicas x 4 ns = 0.25; [4, 8): 4 / 8;
  // [8, 12): 2 / 8.
  CHECK(p.busy[0][0] == Approx(0.25));
  CHECK(p.busy[0][1] == Approx(0.5));
  CHECK(p.busy[0][2] == Approx(0.25));
  CHECK(p.busy[1][0] == 0.0);
  const auto& dram = p.counter[static_cast<int>(TraceCounter::DramGBps)];
  CHECK(dram[0] == Approx(4.0));  // 8 GB/s for 2 of 4 ns
  CHECK(dram[1] == 0.0);
  const auto& flits = p.counter[static_cast<int>(TraceCounter::NocFlitsInFlight)];
  CHECK(flits[1] == Approx(2.0));  // 4 flits for 2 of 4 ns
}

TEST_CASE("trace JSON: every event carries ph, ts, pid and tid and counters are named", "[trace]") {
  TraceRecorder tr(true);
  tr.set_plan(two_stage_plan(), 1.0, 8.0, 1000);
  tr.replica(0, 1, TraceKind::Compute, 1234567);
  tr.drain(0, 1, TraceKind::WaitNoc, 2000000);
  tr.dram(0, 1000000, false);
  const json doc = json::parse(tr.trace_json("run \"x\""));
  CHECK(doc["otherData"]["run"] == "run \"x\"");
  int counters = 0;
  for (const json& e : doc["traceEvents"]) {
    CHECK(e.contains("ph"));
    CHECK(e.contains("ts"));
    CHECK(e.contains("pid"));
    CHECK(e.contains("tid"));
    if (e["ph"] == "X") CHECK(e["dur"].get<double>() >= 0);
    if (e["ph"] == "C") ++counters;
  }
  CHECK(counters > 0);
  // Exact microseconds: 1234567 ps = 1.234567 us.
  const std::vector<json> x = events_of(tr, "X");
  CHECK(x[0]["dur"].get<double>() == 1.234567);
}
