#include "sim/chip/trace_recorder.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>

namespace cimsim::chip {

const char* trace_kind_name(TraceKind k) {
  switch (k) {
    case TraceKind::None:
      return "none";
    case TraceKind::Compute:
      return "compute";
    case TraceKind::Accumulate:
      return "accumulate";
    case TraceKind::WaitInput:
      return "wait input";
    case TraceKind::WaitNoc:
      return "wait NoC";
    case TraceKind::WaitDrain:
      return "wait drain";
    case TraceKind::Reload:
      return "reload";
    case TraceKind::DramRead:
      return "read";
    case TraceKind::DramWrite:
      return "write";
    case TraceKind::Input:
      return "input row";
    case TraceKind::Output:
      return "output image";
  }
  return "?";
}

namespace {

// Process ids of the trace (Perfetto groups tracks by process).
enum : int { kPidLayers = 1, kPidDrains = 2, kPidDigital = 3, kPidMemory = 4, kPidNoc = 5 };

// Picoseconds as trace-event microseconds, exactly ("12.345678").
void put_us(std::string& out, int64_t ps) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(ps / 1000000),
                static_cast<long long>(ps % 1000000));
  out += buf;
}

void put_json_string(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

void put_double(std::string& out, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  out += buf;
}

}  // namespace

TraceRecorder::TraceRecorder(bool keep_intervals, int max_bins)
    : m_keep(keep_intervals), m_max_bins(std::max(2, max_bins & ~1)) {
  m_counter.assign(kTraceCounters, std::vector<double>(m_max_bins, 0.0));
}

int TraceRecorder::add_track(int pid, std::string name, int stage) {
  Track t;
  t.stage = stage;
  m_tracks.push_back(t);
  m_track_pid.push_back(pid);
  m_track_name.push_back(std::move(name));
  return static_cast<int>(m_tracks.size()) - 1;
}

void TraceRecorder::set_plan(const Plan& plan, double chip_cycle_ns, double dram_GBps,
                             int64_t noc_cycle_ps) {
  if (!m_tracks.empty()) throw std::logic_error("TraceRecorder::set_plan called twice");
  m_chip_cycle_ns = chip_cycle_ns;
  m_dram_GBps = dram_GBps;
  m_noc_ps = noc_cycle_ps;
  const size_t n = plan.stages.size();
  m_replica_base.assign(n, 0);
  m_drain_base.assign(n, 0);
  m_stage_replicas.assign(n, 1);
  for (size_t s = 0; s < n; ++s) {
    const Stage& st = plan.stages[s];
    std::string name = st.name;
    for (const std::string& f : st.fused) name += "+" + f;
    const int reps = static_cast<int>(st.replica_tiles.size());
    m_stage_replicas[s] = std::max(1, reps);
    const bool matrix = st.kind == mapper::StageKind::Matrix;
    m_replica_base[s] = static_cast<int>(m_tracks.size());
    for (int r = 0; r < reps; ++r)
      add_track(matrix ? kPidLayers : kPidDigital, matrix ? name + " r" + std::to_string(r) : name,
                static_cast<int>(s));
    m_drain_base[s] = static_cast<int>(m_tracks.size());
    if (matrix)
      for (int r = 0; r < reps; ++r)
        add_track(kPidDrains, name + " r" + std::to_string(r) + " drain", -1);
  }
  m_dram = add_track(kPidMemory, "DRAM channel", -1);
  m_gb_in = add_track(kPidMemory, "global buffer: input (DRAM -> tiles)", -1);
  m_gb_out = add_track(kPidMemory, "global buffer: output (tiles -> DRAM)", -1);
  m_reload = add_track(kPidMemory, "weight reloads", -1);
  m_busy.assign(n, std::vector<double>(m_max_bins, 0.0));
}

void TraceRecorder::ensure_range(int64_t t_ps) {
  m_last_ps = std::max(m_last_ps, t_ps);
  const int half = m_max_bins / 2;
  while (t_ps > m_bin_ps * m_max_bins) {  // halve the resolution: merge pairs of bins
    auto merge = [half](std::vector<double>& v) {
      for (size_t i = 0; i < static_cast<size_t>(half); ++i) v[i] = v[2 * i] + v[2 * i + 1];
      std::fill(v.begin() + half, v.end(), 0.0);
    };
    for (auto& v : m_busy) merge(v);
    for (auto& v : m_counter) merge(v);
    m_bin_ps *= 2;
    for (Track& t : m_tracks) t.bin = BinCache{};  // cached bins moved
    for (BinCache& c : m_counter_bin) c = BinCache{};
  }
}

void TraceRecorder::add_slow(BinCache& bc, std::vector<std::vector<double>>& series, size_t i,
                             int64_t t0, int64_t t1, double level) {
  if (t1 > m_bin_ps * m_max_bins) ensure_range(t1);
  m_last_ps = std::max(m_last_ps, t1);
  std::vector<double>& bins = series[i];
  for (int64_t b = t0 / m_bin_ps; b * m_bin_ps < t1; ++b) {
    const int64_t lo = std::max(t0, b * m_bin_ps), hi = std::min(t1, (b + 1) * m_bin_ps);
    bins[static_cast<size_t>(b)] += level * static_cast<double>(hi - lo);
  }
  const int64_t last = (t1 - 1) / m_bin_ps;
  bc.lo = last * m_bin_ps;
  bc.hi = bc.lo + m_bin_ps;
  bc.acc = &bins[static_cast<size_t>(last)];
}

void TraceRecorder::keep(int track, TraceKind kind, int64_t t0, int64_t t1) {
  m_last_ps = std::max(m_last_ps, t1);
  Track& tr = m_tracks[static_cast<size_t>(track)];
  if (tr.last >= 0) {
    Event& e = m_events[static_cast<size_t>(tr.last)];
    if (e.kind == kind && e.t1 == t0) {  // touches the previous one of its kind: extend
      e.t1 = t1;
      return;
    }
  }
  tr.last = static_cast<int>(m_events.size());
  m_events.push_back(Event{t0, t1, track, kind});
}

TraceRecorder::Profile TraceRecorder::profile() const {
  Profile p;
  p.bin_ps = m_bin_ps;
  p.reloads = m_reloads;
  // No bins when nothing was recorded (a recorder the run never used).
  p.bins = static_cast<int>(std::min<int64_t>(m_max_bins, (m_last_ps + m_bin_ps - 1) / m_bin_ps));
  const double w = static_cast<double>(m_bin_ps);
  for (size_t s = 0; s < m_busy.size(); ++s) {
    std::vector<double> v(m_busy[s].begin(), m_busy[s].begin() + p.bins);
    for (double& x : v) x /= w * m_stage_replicas[s];
    p.busy.push_back(std::move(v));
  }
  for (const auto& c : m_counter) {
    std::vector<double> v(c.begin(), c.begin() + p.bins);
    for (double& x : v) x /= w;
    p.counter.push_back(std::move(v));
  }
  return p;
}

std::string TraceRecorder::trace_json(const std::string& run_name) const {
  std::string out;
  out.reserve(m_events.size() * 80 + 4096);
  out += "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"run\":";
  put_json_string(out, run_name);
  out += ",\"time_unit\":\"ts and dur in us (exact to the ps)\",\"chip_cycle_ns\":";
  put_double(out, m_chip_cycle_ns);
  out += "},\n\"traceEvents\":[\n";
  bool first = true;
  auto sep = [&] {
    if (!first) out += ",\n";
    first = false;
  };
  // Names: processes, then the tracks that hold any event, in registration order.
  const char* pnames[] = {
      "", "layers (matrix replicas)", "partial-sum drains", "digital stages", "memory", "NoC"};
  for (int pid = kPidLayers; pid <= kPidNoc; ++pid) {
    sep();
    out += "{\"ph\":\"M\",\"name\":\"process_name\",\"ts\":0,\"pid\":" + std::to_string(pid) +
           ",\"tid\":0,\"args\":{\"name\":\"" + pnames[pid] + "\"}}";
    sep();
    out += "{\"ph\":\"M\",\"name\":\"process_sort_index\",\"ts\":0,\"pid\":" + std::to_string(pid) +
           ",\"tid\":0,\"args\":{\"sort_index\":" + std::to_string(pid) + "}}";
  }
  std::vector<uint8_t> used(m_tracks.size(), 0);
  for (const Event& e : m_events) used[static_cast<size_t>(e.track)] = 1;
  for (size_t t = 0; t < m_tracks.size(); ++t) {
    if (!used[t]) continue;
    const std::string ids =
        ",\"ts\":0,\"pid\":" + std::to_string(m_track_pid[t]) + ",\"tid\":" + std::to_string(t + 1);
    sep();
    out += "{\"ph\":\"M\",\"name\":\"thread_name\"" + ids + ",\"args\":{\"name\":";
    put_json_string(out, m_track_name[t]);
    out += "}}";
    sep();
    out += "{\"ph\":\"M\",\"name\":\"thread_sort_index\"" + ids +
           ",\"args\":{\"sort_index\":" + std::to_string(t + 1) + "}}";
  }
  // Intervals: complete events ("X"), ts and dur in microseconds.
  for (const Event& e : m_events) {
    sep();
    out += "{\"ph\":\"X\",\"name\":\"";
    out += trace_kind_name(e.kind);
    out += "\",\"pid\":";
    out += std::to_string(m_track_pid[static_cast<size_t>(e.track)]);
    out += ",\"tid\":";
    out += std::to_string(e.track + 1);
    out += ",\"ts\":";
    put_us(out, e.t0);
    out += ",\"dur\":";
    put_us(out, e.t1 - e.t0);
    out += "}";
  }
  // Counters: the time average of each bin, at the bin's start.
  const Profile p = profile();
  const char* cnames[] = {"DRAM bandwidth used", "NoC flits in flight"};
  const char* cunits[] = {"GB/s", "flits"};
  const int cpids[] = {kPidMemory, kPidNoc};
  for (int c = 0; c < kTraceCounters; ++c)
    for (int b = 0; b <= p.bins; ++b) {
      const double v = b < p.bins ? p.counter[static_cast<size_t>(c)][static_cast<size_t>(b)] : 0;
      if (b > 0 && b < p.bins && v == p.counter[static_cast<size_t>(c)][static_cast<size_t>(b - 1)])
        continue;  // unchanged
      sep();
      out += "{\"ph\":\"C\",\"name\":\"";
      out += cnames[c];
      out += "\",\"pid\":" + std::to_string(cpids[c]) + ",\"tid\":0,\"ts\":";
      put_us(out, b * p.bin_ps);
      out += ",\"args\":{\"";
      out += cunits[c];
      out += "\":";
      put_double(out, v);
      out += "}}";
    }
  out += "\n]}\n";
  return out;
}

namespace {

// VCD identifiers: letters and digits (no '$' or '#', which start keywords and times).
std::string vcd_id(size_t i) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string id;
  do {
    id += kAlphabet[i % 62];
    i /= 62;
  } while (i > 0);
  return id;
}

std::string vcd_name(const std::string& s) {
  std::string o;
  for (char c : s) o += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  return o;
}

void put_bits4(std::string& out, int v) {
  out += 'b';
  for (int b = 3; b >= 0; --b) out += static_cast<char>('0' + ((v >> b) & 1));
  out += ' ';
}

}  // namespace

std::string TraceRecorder::trace_vcd(const std::string& run_name) const {
  std::string out =
      "$comment cimsim run " + run_name + ": one wire per track, its value the kind of interval (";
  for (int k = 0; k <= static_cast<int>(TraceKind::Output); ++k)
    out += (k ? ", " : "") + std::to_string(k) + " = " +
           (k == 0 ? "idle" : trace_kind_name(static_cast<TraceKind>(k)));
  out +=
      "); counters are time averages over bins $end\n$version cimsim $end\n$timescale 1ps $end\n";
  out += "$scope module chip $end\n";
  std::vector<uint8_t> used(m_tracks.size(), 0);
  for (const Event& e : m_events) used[static_cast<size_t>(e.track)] = 1;
  const char* pnames[] = {"", "layers", "drains", "digital", "memory", "noc"};
  for (int pid = kPidLayers; pid <= kPidNoc; ++pid) {
    out += std::string("$scope module ") + pnames[pid] + " $end\n";
    for (size_t t = 0; t < m_tracks.size(); ++t)
      if (used[t] && m_track_pid[t] == pid)
        out += "$var wire 4 " + vcd_id(t) + " " + vcd_name(m_track_name[t]) + " $end\n";
    if (pid == kPidMemory)
      out += "$var real 64 " + vcd_id(m_tracks.size()) + " dram_bandwidth_GBps $end\n";
    if (pid == kPidNoc)
      out += "$var real 64 " + vcd_id(m_tracks.size() + 1) + " flits_in_flight $end\n";
    out += "$upscope $end\n";
  }
  out += "$upscope $end\n$enddefinitions $end\n";
  // Value changes: an interval sets its track to its kind at t0 and back to 0 at t1 (unless the
  // next interval of the track starts there). Counters change at bin starts.
  struct Change {
    int64_t t;
    int order;  // at one time: ends (0) before starts (1)
    size_t id;
    double value;
  };
  std::vector<Change> ch;
  ch.reserve(m_events.size() * 2 + 4096);
  for (const Event& e : m_events) {
    ch.push_back({e.t0, 1, static_cast<size_t>(e.track), static_cast<double>(e.kind)});
    ch.push_back({e.t1, 0, static_cast<size_t>(e.track), 0.0});
  }
  const Profile p = profile();
  for (int c = 0; c < kTraceCounters; ++c)
    for (int b = 0; b <= p.bins; ++b) {
      const double v = b < p.bins ? p.counter[static_cast<size_t>(c)][static_cast<size_t>(b)] : 0;
      if (b > 0 && b < p.bins && v == p.counter[static_cast<size_t>(c)][static_cast<size_t>(b - 1)])
        continue;
      ch.push_back({b * p.bin_ps, 1, m_tracks.size() + static_cast<size_t>(c), v});
    }
  std::stable_sort(ch.begin(), ch.end(), [](const Change& a, const Change& b) {
    return a.t != b.t ? a.t < b.t : a.order < b.order;
  });
  out += "#0\n$dumpvars\n";
  for (size_t t = 0; t < m_tracks.size(); ++t)
    if (used[t]) {
      put_bits4(out, 0);
      out += vcd_id(t) + "\n";
    }
  out += "r0 " + vcd_id(m_tracks.size()) + "\nr0 " + vcd_id(m_tracks.size() + 1) + "\n$end\n";
  int64_t now = 0;
  for (size_t i = 0; i < ch.size(); ++i) {
    const Change& c = ch[i];
    // An end immediately followed by a start of the same track at the same time: skip the end.
    if (c.order == 0 && c.id < m_tracks.size()) {
      bool restarted = false;
      for (size_t j = i + 1; j < ch.size() && ch[j].t == c.t; ++j)
        if (ch[j].id == c.id && ch[j].order == 1) restarted = true;
      if (restarted) continue;
    }
    if (c.t != now) {
      out += "#" + std::to_string(c.t) + "\n";
      now = c.t;
    }
    if (c.id < m_tracks.size()) {
      put_bits4(out, static_cast<int>(c.value));
    } else {
      out += 'r';
      put_double(out, c.value);
      out += ' ';
    }
    out += vcd_id(c.id) + "\n";
  }
  return out;
}

}  // namespace cimsim::chip
