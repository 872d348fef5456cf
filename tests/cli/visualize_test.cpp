// The pictures of a run: the --trace file against the trace-event format and the run's own
// counters, report.html and sweep.html loaded in a real (headless, offline) chromium.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/report/sweep_html.h"
#include "tests/cli/browser.h"
#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;
using cimsim::test::slurp;
using cimsim::test::temp_dir;
using json = nlohmann::json;

namespace {

const std::string kSmallRun =
    "--config configs/isscc28nm.yaml --set chip.tiles_x=2 --set chip.tiles_y=2 "
    "--set chip.dram.bandwidth_GBps=12.8 --net tests/data/tiny_cnn.yaml ";

int64_t ps_of(const json& us) { return std::llround(us.get<double>() * 1e6); }

struct Interval {
  int64_t t0, t1;
  std::string kind;
};

// Checks the trace-event format (every event: ph, ts, pid, tid; durations >= 0; the intervals
// of one track do not overlap) and returns each named track's intervals.
std::map<std::string, std::vector<Interval>> check_trace(const json& doc) {
  REQUIRE(doc.contains("traceEvents"));
  std::map<std::pair<int, int>, std::string> names;
  std::map<std::pair<int, int>, std::vector<Interval>> by_track;
  for (const json& e : doc["traceEvents"]) {
    REQUIRE(e.contains("ph"));
    REQUIRE(e.contains("ts"));
    REQUIRE(e.contains("pid"));
    REQUIRE(e.contains("tid"));
    REQUIRE(e["ts"].get<double>() >= 0);
    const std::pair<int, int> key{e["pid"].get<int>(), e["tid"].get<int>()};
    const std::string ph = e["ph"];
    if (ph == "M" && e["name"] == "thread_name") names[key] = e["args"]["name"];
    if (ph == "X") {
      REQUIRE(e.contains("dur"));
      REQUIRE(e["dur"].get<double>() >= 0);
      by_track[key].push_back({ps_of(e["ts"]), ps_of(e["ts"]) + ps_of(e["dur"]), e["name"]});
    }
    if (ph == "C") REQUIRE(e["args"].is_object());
  }
  std::map<std::string, std::vector<Interval>> out;
  for (auto& [key, v] : by_track) {
    INFO("pid " << key.first << " tid " << key.second);
    REQUIRE(names.count(key) == 1);  // every track with intervals is named
    std::sort(v.begin(), v.end(), [](const Interval& a, const Interval& b) { return a.t0 < b.t0; });
    for (size_t i = 1; i < v.size(); ++i) REQUIRE(v[i - 1].t1 <= v[i].t0);
    out[names[key]] = v;
  }
  return out;
}

int64_t total(const std::vector<Interval>& v, const std::string& kind) {
  int64_t s = 0;
  for (const Interval& i : v)
    if (i.kind == kind) s += i.t1 - i.t0;
  return s;
}

void require_browser() {
  const std::string missing = cimsim::test::browser_missing();
  INFO(missing);
  REQUIRE(missing.empty());
}

}  // namespace

TEST_CASE("run --trace writes trace-event JSON whose intervals add up to the run's counters",
          "[cli][trace]") {
  const std::string dir = temp_dir() + "/traced", trace = temp_dir() + "/run.trace.json";
  auto r = run_cli(kSmallRun + "--quiet --out " + dir + " --trace " + trace);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const json doc = json::parse(slurp(trace));
  const auto tracks = check_trace(doc);
  const json rep = json::parse(slurp(dir + "/report.json"));
  const double cycle_ps = doc["otherData"]["chip_cycle_ns"].get<double>() * 1000;
  for (const json& L : rep["layers"]) {
    const std::string name = L["name"];
    INFO(name);
    const bool matrix = L["arrays"].get<int64_t>() > 0;
    const auto it = tracks.find(matrix ? name + " r0" : name);
    REQUIRE(it != tracks.end());
    // The report's input wait is its busiest replica's: one of the replica tracks' waits for
    // inputs (cycles rounded to nearest).
    bool found = false;
    for (int64_t j = 0; j < L["replicas"].get<int64_t>(); ++j) {
      const auto rj = tracks.find(matrix ? name + " r" + std::to_string(j) : name);
      REQUIRE(rj != tracks.end());
      found = found || std::fabs(total(rj->second, "wait input") / cycle_ps -
                                 L["input_wait_cycles"].get<double>()) <= 0.5;
    }
    CHECK(found);
    // The buffer reads and MVMs (or a digital unit's work), plus waits for a tile buffer port
    // or a tile unit shared with other layers; replica 0 computes the most rows (the busiest).
    const double compute_cycles = total(it->second, "compute") / cycle_ps;
    CHECK(compute_cycles >= L["busy_cycles"].get<double>() - 0.5);  // replica 0 has most rows
  }
  // The DRAM channel is busy bytes / bandwidth (12.8 GB/s: 1000/12.8 ps a byte) for its reads.
  const auto dram = tracks.find("DRAM channel");
  REQUIRE(dram != tracks.end());
  const double read_bytes = rep["memory"]["dram_read_bytes"].get<double>();
  CHECK(std::fabs(total(dram->second, "read") - read_bytes * 1000 / 12.8) <= 100.0);
  // Counters over time: DRAM bandwidth never above the channel's, some flits in flight.
  double max_GBps = 0, max_flits = 0;
  for (const json& e : doc["traceEvents"])
    if (e["ph"] == "C") {
      if (e["name"] == "DRAM bandwidth used")
        max_GBps = std::max(max_GBps, e["args"]["GB/s"].get<double>());
      if (e["name"] == "NoC flits in flight")
        max_flits = std::max(max_flits, e["args"]["flits"].get<double>());
    }
  CHECK(max_GBps > 0);
  CHECK(max_GBps <= 12.8 + 1e-9);
  CHECK(max_flits > 0);

  // Tracing does not change the run, and is deterministic.
  const std::string plain = temp_dir() + "/untraced", again = temp_dir() + "/again.json";
  REQUIRE(run_cli(kSmallRun + "--quiet --out " + plain).exit_code == 0);
  CHECK(slurp(plain + "/report.json") == slurp(dir + "/report.json"));
  CHECK(slurp(plain + "/layers.csv") == slurp(dir + "/layers.csv"));
  REQUIRE(
      run_cli(kSmallRun + "--quiet --out " + temp_dir() + "/again --trace " + again).exit_code ==
      0);
  CHECK(slurp(again) == slurp(trace));
  CHECK(slurp(temp_dir() + "/again/report.html") == slurp(dir + "/report.html"));
}

TEST_CASE("a ResNet-18 trace on isscc28nm stays under 50 MB", "[cli][trace]") {
  const std::string trace = temp_dir() + "/resnet18.trace.json";
  auto r = run_cli("--config configs/isscc28nm.yaml --net resnet18 --quiet --out " + temp_dir() +
                   "/r18 --trace " + trace);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string text = slurp(trace);
  CHECK(text.size() > 100000);
  CHECK(text.size() < 50u * 1000 * 1000);
  check_trace(json::parse(text));
}

TEST_CASE("run --trace into a missing folder is an input error naming it, before the run",
          "[cli][trace]") {
  auto r = run_cli(kSmallRun + "--quiet --out " + temp_dir() + "/x --trace " + temp_dir() +
                   "/no/such/t.json");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--trace") != std::string::npos);
  CHECK(r.err.find("no/such' does not exist") != std::string::npos);
  CHECK(!std::filesystem::exists(temp_dir() + "/x"));
}

TEST_CASE("report.html loads in chromium without console errors and shows the run's numbers",
          "[cli][html][browser]") {
  require_browser();
  const std::string dir = temp_dir() + "/html";
  // Narrow links: a NoC-bound run with a clear hottest link.
  auto r = run_cli(kSmallRun + "--set chip.noc.flit_bits=16 --format html --out " + dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == dir + "/report.html\n");  // --format html prints the page's path
  const json rep = json::parse(slurp(dir + "/report.json"));
  const auto page = cimsim::test::load_page(dir + "/report.html");
  INFO(page.log);
  REQUIRE(page.exit_code == 0);
  CHECK(page.console.empty());  // no errors, no messages at all
  CHECK(page.dom.find("<body data-ready=\"1\">") != std::string::npos);  // its script ran
  using cimsim::test::attr_of;
  using cimsim::test::text_of;
  CHECK(text_of(page.dom, "hottest-link-name") == rep["noc"]["hottest_link"].get<std::string>());
  CHECK(std::stod(attr_of(page.dom, "hottest-link-util", "data-value")) ==
        Approx(rep["noc"]["hottest_link_utilization"].get<double>()).epsilon(1e-8));
  CHECK(std::stod(attr_of(page.dom, "sum-latency_ns", "data-value")) ==
        Approx(rep["summary"]["latency_ns"].get<double>()).epsilon(1e-8));
  CHECK(std::stod(attr_of(page.dom, "sum-energy_per_image_uJ", "data-value")) ==
        Approx(rep["summary"]["energy_per_image_uJ"].get<double>()).epsilon(1e-8));
  CHECK(std::stod(attr_of(page.dom, "energy-leakage", "data-value")) ==
        Approx(rep["energy_per_image_pJ"]["leakage"].get<double>() * 1e-6).epsilon(1e-8));
  // One Gantt row and one table row per layer; the mesh has every router; charts over time.
  const size_t layers = rep["layers"].size();
  size_t rows = 0, stages = 0, routers = 0;
  for (size_t p = 0; (p = page.dom.find("<g class=\"stage\"", p)) != std::string::npos; ++p)
    ++stages;
  const size_t body = page.dom.find("<tbody>", page.dom.find("id=\"layers\""));
  for (size_t p = body; (p = page.dom.find("<tr>", p)) != std::string::npos; ++p) ++rows;
  for (size_t p = 0; (p = page.dom.find("class=\"router\"", p)) != std::string::npos; ++p)
    ++routers;
  CHECK(stages == layers);
  CHECK(rows == layers);
  CHECK(static_cast<int64_t>(routers) == rep["noc"]["routers"].get<int64_t>());
  CHECK(page.dom.find("id=\"dram-over-time\"") != std::string::npos);
  CHECK(page.dom.find("id=\"noc-over-time\"") != std::string::npos);
  CHECK(page.dom.find("http://") == std::string::npos);  // self-contained: nothing to fetch
  CHECK(page.dom.find("https://") == std::string::npos);
  // A screenshot, as the docs have.
  CHECK(cimsim::test::screenshot(dir + "/report.html", temp_dir() + "/report.png", 1200, 900));
}

TEST_CASE("report.html without recording says what is missing and the results hold one more file",
          "[cli][html][browser]") {
  require_browser();
  const std::string dir = temp_dir() + "/plain";
  auto r = run_cli(kSmallRun + "--quiet --out " + dir);
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    files.push_back(e.path().filename().string());
  std::sort(files.begin(), files.end());
  // .cimsim-results: the marker that lets --out replace the folder (docs/reliability.md).
  CHECK(files == std::vector<std::string>{".cimsim-results", "config.resolved.yaml", "layers.csv",
                                          "mapping.yaml", "report.html", "report.json"});
  const auto page = cimsim::test::load_page(dir + "/report.html", "only=sec-over-time");
  INFO(page.log);
  CHECK(page.console.empty());
  CHECK(page.dom.find("id=\"over-time-no-profile\"") != std::string::npos);
  CHECK(page.dom.find("id=\"noc-heatmap\"") != std::string::npos);
  // #only= hides the other sections.
  CHECK(page.dom.find("<section id=\"sec-noc\" style=\"display: none;\">") != std::string::npos);
}

TEST_CASE("sweep.html has a line plot per swept key and metric and the Pareto front of sweep.csv",
          "[cli][sweep][browser]") {
  require_browser();
  const std::string src = CIMSIM_SOURCE_DIR;
  const std::string sweep = cimsim::test::write_temp_file(
      "viz.yaml", "config: " + src + "/configs/isscc28nm.yaml\nnet: " + src +
                      "/tests/data/tiny_cnn.yaml\nimages: 1\nparameters:\n"
                      "  chip.tiles_x: [2, 3]\n  chip.noc.flit_bits: [16, 64]\n"
                      "metrics: [summary.latency_ns, summary.energy_per_image_uJ, "
                      "summary.tops_per_w]\n");
  const std::string out = temp_dir() + "/viz";
  auto r = run_cli("sweep " + sweep + " -j 2 --quiet --out " + out);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto page = cimsim::test::load_page(out + "/sweep.html");
  INFO(page.log);
  REQUIRE(page.exit_code == 0);
  CHECK(page.console.empty());
  for (const char* key : {"chip_tiles_x", "chip_noc_flit_bits"})
    for (const char* m : {"summary_latency_ns", "summary_energy_per_image_uJ"}) {
      INFO(key << " " << m);
      CHECK(page.dom.find(std::string("id=\"line-") + key + "-" + m + "\"") != std::string::npos);
    }
  // The Pareto front (latency and energy, both lower-better), derived here from sweep.csv.
  const auto rows = cimsim::report::parse_csv(slurp(out + "/sweep.csv"));
  REQUIRE(rows.size() == 5);
  const auto& head = rows[0];
  const size_t lat = std::find(head.begin(), head.end(), "summary.latency_ns") - head.begin();
  const size_t en =
      std::find(head.begin(), head.end(), "summary.energy_per_image_uJ") - head.begin();
  std::vector<std::string> front;
  for (size_t i = 1; i < rows.size(); ++i) {
    bool dominated = false;
    for (size_t j = 1; j < rows.size(); ++j) {
      const double li = std::stod(rows[i][lat]), lj = std::stod(rows[j][lat]);
      const double ei = std::stod(rows[i][en]), ej = std::stod(rows[j][en]);
      dominated = dominated || (lj <= li && ej <= ei && (lj < li || ej < ei));
    }
    if (!dominated) front.push_back(rows[i][0]);
  }
  std::vector<std::string> shown;
  for (size_t p = 0;
       (p = page.dom.find("class=\"pareto-point\" data-point=\"", p)) != std::string::npos;) {
    p += 33;
    shown.push_back(page.dom.substr(p, page.dom.find('"', p) - p));
  }
  std::sort(front.begin(), front.end());
  std::sort(shown.begin(), shown.end());
  CHECK(!front.empty());
  CHECK(shown == front);
  CHECK(cimsim::test::screenshot(out + "/sweep.html", temp_dir() + "/sweep.png", 1200, 900));
}

TEST_CASE("the browser check sees a page's script errors and console messages", "[cli][browser]") {
  require_browser();
  const std::string bad = cimsim::test::write_temp_file(
      "bad.html",
      "<!DOCTYPE html><html><body><p id=\"x\" data-value=\"7\">seven</p>"
      "<script>console.log('hello'); undefinedFunction();</script></body></html>");
  const auto page = cimsim::test::load_page(bad);
  INFO(page.log);
  REQUIRE(page.console.size() == 2);
  CHECK(page.console[0].find("hello") != std::string::npos);
  CHECK(page.console[1].find("Uncaught ReferenceError") != std::string::npos);
  CHECK(cimsim::test::attr_of(page.dom, "x", "data-value") == "7");
  CHECK(cimsim::test::text_of(page.dom, "x") == "seven");
}

TEST_CASE("run --trace FILE.vcd writes the same intervals as a VCD for waveform viewers",
          "[cli][trace]") {
  const std::string json_file = temp_dir() + "/t.json", vcd_file = temp_dir() + "/t.vcd";
  REQUIRE(
      run_cli(kSmallRun + "--quiet --out " + temp_dir() + "/vj --trace " + json_file).exit_code ==
      0);
  REQUIRE(
      run_cli(kSmallRun + "--quiet --out " + temp_dir() + "/vv --trace " + vcd_file).exit_code ==
      0);
  const auto tracks = check_trace(json::parse(slurp(json_file)));
  // Parse the VCD: declarations, then "#time" lines and "bXXXX id" / "rV id" changes.
  std::istringstream in(slurp(vcd_file));
  std::map<std::string, std::string> name_of;  // id -> wire name
  std::map<std::string, int> value;
  std::map<std::string, int64_t> since, compute_ps;
  int64_t now = -1;
  bool defs = true;
  for (std::string line; std::getline(in, line);) {
    if (defs) {
      if (line.rfind("$var wire 4 ", 0) == 0) {
        std::istringstream v(line.substr(12));
        std::string id, name;
        v >> id >> name;
        REQUIRE(name_of.count(id) == 0);  // identifiers are unique
        name_of[id] = name;
      }
      if (line == "$enddefinitions $end") defs = false;
      continue;
    }
    if (line.empty() || line[0] == '$') continue;
    if (line[0] == '#') {
      const int64_t t = std::stoll(line.substr(1));
      REQUIRE(t > now);  // times strictly increase
      now = t;
      continue;
    }
    if (line[0] == 'r') continue;  // counters
    REQUIRE(line[0] == 'b');
    const std::string id = line.substr(6);
    REQUIRE(name_of.count(id) == 1);
    const int v = std::stoi(line.substr(1, 4), nullptr, 2);
    if (value[id] == 1) compute_ps[id] += now - since[id];
    value[id] = v;
    since[id] = now;
  }
  CHECK(!defs);
  // Every track's compute time is the JSON trace's.
  int checked = 0;
  for (const auto& [id, name] : name_of) {
    std::string json_name;
    for (const auto& [n, v] : tracks) {
      std::string s;
      for (char c : n) s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      if (s == name) json_name = n;
    }
    INFO(name);
    REQUIRE(!json_name.empty());
    CHECK(compute_ps[id] == total(tracks.at(json_name), "compute"));
    ++checked;
  }
  CHECK(checked == static_cast<int>(tracks.size()));
}

TEST_CASE("run --trace with a name the OS refuses is refused before the run", "[cli][trace]") {
  // Longer than NAME_MAX: std::filesystem throws on it unless asked for an error code.
  const std::string folder(300, 'd');
  auto r =
      run_cli(kSmallRun + "--quiet --out " + temp_dir() + "/long --trace " + folder + "/t.json");
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "cimsim: error: --trace " + folder + "/t.json: folder '" + folder + "' does not exist\n");
}
