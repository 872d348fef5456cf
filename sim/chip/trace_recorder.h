#pragma once
// What a chip run did over time, recorded by a handful of hooks in the run (chip_sim_sc.cpp,
// each `if (auto* tr = m_opts.trace) tr->...;`) and nothing when RunOptions::trace is null.
//
// Two products:
//  - a timeline trace (keep_intervals): every interval of every track, coalesced, written as
//    Chrome trace-event JSON (Perfetto, chrome://tracing) by trace_json();
//  - a profile, always: per-stage compute busy fraction, DRAM bandwidth and NoC flits in flight,
//    binned over time (at most max_bins bins of a common width that doubles as the run grows),
//    which the HTML report draws (profile()).
//
// Tracks: per matrix replica its compute thread ("conv1 r0": wait input / compute / wait drain)
// and its drain thread ("conv1 r0 drain": wait NoC for partial sums / accumulate), one per
// digital stage, the DRAM channel, the global buffer's input and output streams and the weight
// reloads. Intervals of one track never overlap; an interval that touches the previous one of
// the same kind on its track extends it instead of adding an event (that coalescing keeps a
// ResNet-18 trace at a few MB: a replica computing back to back is one event, not one per
// vector).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/chip/stage_plan.h"

namespace cimsim::chip {

enum class TraceKind : uint8_t {
  None,        // moves a track's cursor only (time nobody records, e.g. before its group starts)
  Compute,     // reading the input vector (and waiting for its tile buffer port) and the MVM;
               // a digital unit's op
  Accumulate,  // a drain adding up the partial sums of a vector (and fused activations)
  WaitInput,   // waiting for the producers' vectors (or the network input)
  WaitNoc,     // waiting for partial sums from the replica's other tiles over the NoC
  WaitDrain,   // MVM outputs ready but both output registers still draining (back-pressure)
  Reload,      // loading a reload group's weights (and spilled tensors)
  DramRead,    // the DRAM channel busy reading
  DramWrite,   // ... writing
  Input,       // global buffer: an input row from DRAM on its way to the first layers
  Output,      // global buffer: an image's output on its way to DRAM
};
const char* trace_kind_name(TraceKind k);

enum class TraceCounter : uint8_t { DramGBps, NocFlitsInFlight };
constexpr int kTraceCounters = 2;

class TraceRecorder {
 public:
  // keep_intervals: store every (coalesced) interval for trace_json(); false keeps only the
  // binned profile (cheap, fixed memory).
  explicit TraceRecorder(bool keep_intervals, int max_bins = 1024);

  // Registers the tracks of `plan` (call once, before the run; the run's hooks use the ids).
  // dram_GBps: the channel's bandwidth; noc_cycle_ps: the NoC clock period (as the run rounds it).
  void set_plan(const Plan& plan, double chip_cycle_ns, double dram_GBps, int64_t noc_cycle_ps);

  int replica_track(int stage, int replica) const { return m_replica_base[stage] + replica; }
  int drain_track(int stage, int replica) const { return m_drain_base[stage] + replica; }
  int dram_track() const { return m_dram; }
  int gb_in_track() const { return m_gb_in; }
  int gb_out_track() const { return m_gb_out; }
  int reload_track() const { return m_reload; }

  // `kind` on `track` during [t0_ps, t1_ps) (empty intervals are dropped). Inline: the run
  // calls it per vector, and most calls only add to the bin cached on the track.
  void interval(int track, TraceKind kind, int64_t t0_ps, int64_t t1_ps) {
    Track& tr = m_tracks[static_cast<size_t>(track)];
    if (t0_ps < tr.last_t1) t0_ps = tr.last_t1;  // one track's intervals never overlap
    if (kind == TraceKind::None || t1_ps <= t0_ps) return;
    if (kind == TraceKind::Compute && tr.stage >= 0) {
      if (t0_ps >= tr.bin.lo && t1_ps <= tr.bin.hi)
        *tr.bin.acc += static_cast<double>(t1_ps - t0_ps);
      else
        add_slow(tr.bin, m_busy, static_cast<size_t>(tr.stage), t0_ps, t1_ps, 1.0);
    }
    if (m_keep) keep(track, kind, t0_ps, t1_ps);
    tr.last_t1 = t1_ps;
  }
  // `kind` from the track's cursor (its last advance(), else 0) to t_ps; the cursor moves there.
  void advance(int track, TraceKind kind, int64_t t_ps) {
    interval(track, kind, m_tracks[static_cast<size_t>(track)].cursor, t_ps);
    m_tracks[static_cast<size_t>(track)].cursor = t_ps;
  }
  // A level (GB/s, flits) present during [t0_ps, t1_ps): the profile holds its time average.
  void counter(TraceCounter c, int64_t t0_ps, int64_t t1_ps, double level) {
    if (t1_ps <= t0_ps) return;
    BinCache& bc = m_counter_bin[static_cast<size_t>(c)];
    if (t0_ps >= bc.lo && t1_ps <= bc.hi)
      *bc.acc += level * static_cast<double>(t1_ps - t0_ps);
    else
      add_slow(bc, m_counter, static_cast<size_t>(c), t0_ps, t1_ps, level);
  }

  // The run's hooks, one line each.
  void replica(int stage, int r, TraceKind kind, int64_t t_ps) {
    advance(replica_track(stage, r), kind, t_ps);
  }
  void drain(int stage, int r, TraceKind kind, int64_t t_ps) {
    advance(drain_track(stage, r), kind, t_ps);
  }
  // The DRAM channel busy moving data (at its full bandwidth) during [t0_ps, t1_ps).
  void dram(int64_t t0_ps, int64_t t1_ps, bool write) {
    interval(m_dram, write ? TraceKind::DramWrite : TraceKind::DramRead, t0_ps, t1_ps);
    counter(TraceCounter::DramGBps, t0_ps, t1_ps, m_dram_GBps);
  }
  void gb_input(int64_t t0_ps, int64_t t1_ps) { interval(m_gb_in, TraceKind::Input, t0_ps, t1_ps); }
  void gb_output(int64_t t0_ps, int64_t t1_ps) {
    interval(m_gb_out, TraceKind::Output, t0_ps, t1_ps);
  }
  void reload(int64_t t0_ps, int64_t t1_ps) {
    interval(m_reload, TraceKind::Reload, t0_ps, t1_ps);
    m_reloads.push_back({t0_ps, t1_ps});  // a few per run: kept for the profile too
  }
  // A packet of `flits` flits from its injection to its delivery (NoC cycles).
  void noc_packet(uint64_t inject_cycle, uint64_t deliver_cycle, uint32_t flits) {
    counter(TraceCounter::NocFlitsInFlight, static_cast<int64_t>(inject_cycle) * m_noc_ps,
            static_cast<int64_t>(deliver_cycle + 1) * m_noc_ps, flits);
  }

  struct Profile {
    int64_t bin_ps = 0;
    int bins = 0;                              // bins up to the last recorded time
    std::vector<std::vector<double>> busy;     // [stage][bin]: compute time / (replicas x bin)
    std::vector<std::vector<double>> counter;  // [TraceCounter][bin]: time-averaged level
    std::vector<std::pair<int64_t, int64_t>> reloads;  // weight reload intervals [ps]
  };
  Profile profile() const;

  // The Chrome trace-event JSON document (needs keep_intervals). `run_name` names it.
  std::string trace_json(const std::string& run_name) const;
  // The same intervals and counters as a VCD (Value Change Dump, for GTKWave and other waveform
  // viewers; timescale 1 ps): one 4-bit wire per track holding its TraceKind (0 = idle), one real
  // per counter. Written from the recorded intervals, not through sc_trace: the run's processes
  // talk through events, not signals.
  std::string trace_vcd(const std::string& run_name) const;
  size_t events() const { return m_events.size(); }

 private:
  struct BinCache {  // the profile bin [lo, hi) the last slow add ended in
    int64_t lo = 0, hi = -1;
    double* acc = nullptr;
  };
  struct Track {
    int64_t cursor = 0;   // see advance()
    int64_t last_t1 = 0;  // end of its last interval
    int stage = -1;       // whose busy time its Compute intervals are (-1: none)
    int last = -1;        // index of its last event in m_events
    BinCache bin;
  };
  struct Event {
    int64_t t0, t1;
    int32_t track;
    TraceKind kind;
  };
  int add_track(int pid, std::string name, int stage);
  void ensure_range(int64_t t_ps);
  // Spreads level x [t0, t1) over the bins of series[i] and caches t1's bin in `bc`.
  void add_slow(BinCache& bc, std::vector<std::vector<double>>& series, size_t i, int64_t t0,
                int64_t t1, double level);
  void keep(int track, TraceKind kind, int64_t t0, int64_t t1);

  bool m_keep;
  int m_max_bins;
  std::vector<Track> m_tracks;
  std::vector<int> m_track_pid;
  std::vector<std::string> m_track_name;
  std::vector<int> m_replica_base, m_drain_base, m_stage_replicas;
  int m_dram = 0, m_gb_in = 0, m_gb_out = 0, m_reload = 0;
  std::vector<Event> m_events;
  std::vector<std::pair<int64_t, int64_t>> m_reloads;
  // Profile: value x ps per bin.
  int64_t m_bin_ps = 1000;
  int64_t m_last_ps = 0;
  std::vector<std::vector<double>> m_busy;
  std::vector<std::vector<double>> m_counter;
  BinCache m_counter_bin[kTraceCounters];
  double m_chip_cycle_ns = 1, m_dram_GBps = 1;
  int64_t m_noc_ps = 1000;
};

}  // namespace cimsim::chip
