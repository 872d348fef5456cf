#include "sim/report/html_report.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/noc/geometry.h"
#include "sim/report/svg.h"

namespace cimsim::report {

using json = nlohmann::ordered_json;

namespace {

std::string i2s(int64_t v) { return std::to_string(v); }

std::string card(const std::string& id, const std::string& label, double value,
                 const std::string& shown, const std::string& unit) {
  return "<div class=\"card\"><div class=\"v\" id=\"" + id + "\" data-value=\"" + full(value) +
         "\">" + esc(shown) + " <small>" + esc(unit) + "</small></div><div class=\"k\">" +
         esc(label) + "</div></div>";
}

// Averages `v` down to at most `cols` values (groups of ceil(n / cols) bins); returns the group.
int downsample(const std::vector<double>& v, int cols, std::vector<double>& out) {
  const int n = static_cast<int>(v.size());
  const int g = std::max(1, (n + cols - 1) / std::max(1, cols));
  out.clear();
  for (int i = 0; i < n; i += g) {
    double s = 0;
    const int e = std::min(n, i + g);
    for (int j = i; j < e; ++j) s += v[static_cast<size_t>(j)];
    out.push_back(s / (e - i));
  }
  return g;
}

std::string summary_section(const json& j) {
  const json& s = j["summary"];
  std::string o = "<h2 id=\"summary\">Summary</h2><div class=\"cards\">";
  auto d = [&](const char* k) { return s[k].get<double>(); };
  o += card("sum-latency_ns", "latency of one image (pipeline fill)", d("latency_ns"),
            num(d("latency_ns") / 1e3, 5), "us");
  o += card("sum-interval_ns", "interval between images: " + s["interval_basis"].get<std::string>(),
            d("interval_ns"), num(d("interval_ns") / 1e3, 5), "us");
  o += card("sum-throughput_images_per_s", "throughput", d("throughput_images_per_s"),
            num(d("throughput_images_per_s"), 5), "images/s");
  o += card("sum-energy_per_image_uJ", "energy per image", d("energy_per_image_uJ"),
            num(d("energy_per_image_uJ"), 5), "uJ");
  o += card("sum-energy_per_mac_pJ", "energy per MAC", d("energy_per_mac_pJ"),
            num(d("energy_per_mac_pJ"), 4), "pJ");
  o += card("sum-power_mW", "average power", d("power_mW"), num(d("power_mW"), 5), "mW");
  o += card("sum-tops", "throughput in ops", d("tops"), num(d("tops"), 4), "TOPS");
  o += card("sum-tops_per_w", "efficiency", d("tops_per_w"), num(d("tops_per_w"), 4), "TOPS/W");
  o += card("sum-area_mm2", "chip area", d("area_mm2"), num(d("area_mm2"), 5), "mm2");
  o += card("sum-tops_per_mm2", "area efficiency", d("tops_per_mm2"), num(d("tops_per_mm2"), 4),
            "TOPS/mm2");
  o += card("sum-arrays_used", "arrays used of " + i2s(s["arrays_total"].get<int64_t>()),
            d("arrays_used"), i2s(s["arrays_used"].get<int64_t>()), "arrays");
  o += card("sum-reload_groups", "weight reload groups", d("reload_groups"),
            i2s(s["reload_groups"].get<int64_t>()), "");
  return o + "</div>";
}

std::string breakdown_section(const json& j) {
  std::vector<Bar> energy, area;
  for (auto it = j["energy_per_image_pJ"].begin(); it != j["energy_per_image_pJ"].end(); ++it)
    if (it.key() != "total")
      energy.push_back({it.key(), it.value().get<double>() * 1e-6, "energy-" + it.key()});
  for (auto it = j["area_mm2"].begin(); it != j["area_mm2"].end(); ++it)
    if (it.key() != "total")
      area.push_back({it.key(), it.value().get<double>(), "area-" + it.key()});
  std::string o = "<h2 id=\"breakdowns\">Energy and area</h2><div class=\"row\"><div>";
  o += "<p class=\"note\">Energy per image by category, " +
       num(j["energy_per_image_pJ"]["total"].get<double>() * 1e-6, 5) +
       " uJ in all (leakage: static power of the whole chip over the run time).</p>";
  o += bar_chart(energy, "uJ");
  o += "</div><div><p class=\"note\">Chip area by component, " +
       num(j["area_mm2"]["total"].get<double>(), 5) + " mm2 in all (every PE, used or not).</p>";
  o += bar_chart(area, "mm2");
  return o + "</div></div>";
}

// One row per stage: its active span (light), image 0's span (outlined), and the replicas'
// compute busy fraction over time (dark = every replica computing).
std::string gantt_section(const json& j, const chip::RunResult& r,
                          const chip::TraceRecorder::Profile& p) {
  const int label_w = 200, W = 1140, row = 15, top = 22;
  const double plot_w = W - label_w - 30;
  const double end_ps = static_cast<double>(std::max<int64_t>(1, r.end_ps));
  const int n = static_cast<int>(r.stages.size());
  const int H = top + n * row + 42;
  auto X = [&](double ps) { return label_w + ps / end_ps * plot_w; };
  std::string o =
      "<h2 id=\"pipeline\">Pipeline</h2><p class=\"note\">One row per layer, time "
      "left to right. Grey: from the layer's first vector to its last; outlined: "
      "image 0 (the fill: each layer starts once its producers' first rows are "
      "there). Blue: the share of the layer's replicas computing (dark = all "
      "busy). Orange bands: weight reloads between layer groups. Dashed: an image written to DRAM. "
      "Rows that stay pale wait on "
      "something: the bound column of the table below names what.</p>";
  if (p.bins == 0)
    o += "<p class=\"note\" id=\"gantt-no-profile\">This run recorded nothing over time, so "
         "the busy shading is missing: run with <code>--format html</code> (or "
         "<code>--trace FILE</code>) to record it.</p>";
  o += "<svg class=\"chart\" id=\"gantt\" width=\"" + i2s(W) + "\" height=\"" + i2s(H) +
       "\" viewBox=\"0 0 " + i2s(W) + " " + i2s(H) + "\">";
  for (double t : ticks(0, end_ps / 1e6, 8)) {
    const double x = X(t * 1e6);
    if (x > W) continue;
    o += "<line class=\"grid\" x1=\"" + num(x, 6) + "\" x2=\"" + num(x, 6) + "\" y1=\"" +
         i2s(top - 4) + "\" y2=\"" + i2s(top + n * row) + "\"/><text x=\"" + num(x, 6) + "\" y=\"" +
         i2s(top - 8) + "\" text-anchor=\"middle\">" + num(t, 4) + "</text>";
  }
  o += "<text class=\"axis\" x=\"" + i2s(label_w - 20) + "\" y=\"" + i2s(top - 8) +
       "\" text-anchor=\"end\">time [us]</text>";
  const double bin_ps = static_cast<double>(p.bin_ps);
  std::vector<double> cols;
  for (int s = 0; s < n; ++s) {
    const chip::StageResult& st = r.stages[static_cast<size_t>(s)];
    const json& L = j["layers"][static_cast<size_t>(s)];
    const int y = top + s * row;
    std::string name = st.name.size() > 30 ? st.name.substr(0, 29) + "~" : st.name;
    o += "<g class=\"stage\" id=\"gantt-" + i2s(s) + "\"><text x=\"" + i2s(label_w - 6) +
         "\" y=\"" + i2s(y + 11) + "\" text-anchor=\"end\">" + esc(name) + "</text>";
    if (st.first_start_ps >= 0) {
      const double x0 = X(static_cast<double>(st.first_start_ps));
      o += "<rect x=\"" + num(x0, 6) + "\" y=\"" + i2s(y + 2) + "\" width=\"" +
           num(std::max(0.5, X(static_cast<double>(st.end_ps)) - x0), 6) + "\" height=\"" +
           i2s(row - 4) + "\" fill=\"#e6e6e6\"><title>" + esc(st.name) + " (" +
           esc(L["bound"].get<std::string>()) + "-bound): vectors from " +
           num(st.first_start_ps / 1e6, 5) + " to " + num(st.end_ps / 1e6, 5) + " us; busy " +
           num(100.0 * st.busy_ps / end_ps, 3) + " % of the run</title></rect>";
      o += "<rect x=\"" + num(x0, 6) + "\" y=\"" + i2s(y + 2) + "\" width=\"" +
           num(std::max(0.5, X(static_cast<double>(st.image0_end_ps)) - x0), 6) + "\" height=\"" +
           i2s(row - 4) + "\" fill=\"none\" stroke=\"#777\"/>";
    }
    if (static_cast<size_t>(s) < p.busy.size() && p.bins > 0) {
      const int g = downsample(p.busy[static_cast<size_t>(s)], 560, cols);
      const double cw = bin_ps * g;
      for (size_t c = 0; c < cols.size();) {
        const int level = static_cast<int>(std::lround(std::min(1.0, cols[c]) * 10));
        size_t e = c + 1;
        while (e < cols.size() &&
               static_cast<int>(std::lround(std::min(1.0, cols[e]) * 10)) == level)
          ++e;
        if (level > 0)
          o += "<rect x=\"" + num(X(c * cw), 6) + "\" y=\"" + i2s(y + 3) + "\" width=\"" +
               num(std::max(0.3, X(e * cw) - X(c * cw)), 6) + "\" height=\"" + i2s(row - 6) +
               "\" fill=\"#1f5fa8\" fill-opacity=\"" + num(level / 10.0, 2) + "\"/>";
        c = e;
      }
    }
    o += "</g>";
  }
  for (const auto& [t0, t1] : p.reloads)
    o += "<rect class=\"reload\" x=\"" + num(X(static_cast<double>(t0)), 6) + "\" y=\"" +
         i2s(top - 2) + "\" width=\"" +
         num(std::max(0.5, X(static_cast<double>(t1)) - X(static_cast<double>(t0))), 6) +
         "\" height=\"" + i2s(n * row + 4) +
         "\" fill=\"#f28e2b\" fill-opacity=\"0.35\"><title>weight reload from " + num(t0 / 1e6, 5) +
         " to " + num(t1 / 1e6, 5) + " us</title></rect>";
  double last_label_x = -1e9;
  int label_row = 0;
  for (size_t i = 0; i < r.image_done_ps.size() && i < 40; ++i) {
    const double x = X(static_cast<double>(r.image_done_ps[i]));
    label_row = x - last_label_x < 36 ? (label_row + 1) % 2 : 0;  // stagger close labels
    last_label_x = x;
    o += "<line x1=\"" + num(x, 6) + "\" x2=\"" + num(x, 6) + "\" y1=\"" + i2s(top - 2) +
         "\" y2=\"" + i2s(top + n * row + 4) +
         "\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"><title>image " +
         i2s(static_cast<int64_t>(i)) + " done at " + num(r.image_done_ps[i] / 1e6, 6) +
         " us</title></line><text x=\"" + num(x, 6) + "\" y=\"" +
         i2s(top + n * row + 16 + 12 * label_row) +
         "\" text-anchor=\"middle\" fill=\"#c0392b\">img " + i2s(static_cast<int64_t>(i)) +
         "</text>";
  }
  return o + "</svg>";
}

struct PortLoad {
  int router, port;
  uint64_t flits;
};

std::string noc_section(const json& j, const chip::RunResult& r, const noc::NocParams& np) {
  std::string o = "<h2 id=\"noc\">Network-on-chip</h2>";
  if (np.width <= 0 || np.height <= 0 || r.noc_link_flits.empty()) {
    return o + "<p class=\"note\">No NoC in this run.</p>";
  }
  const auto topology = noc::make_geometry(np);  // the run's topology
  const noc::Geometry& g = *topology;
  const int ports = g.ports();
  const double cycles = static_cast<double>(std::max<int64_t>(1, r.noc_cycles));
  std::vector<PortLoad> loads;
  double umax = 0;
  for (int rt = 0; rt < g.routers(); ++rt)
    for (int p = 0; p < ports; ++p) {
      const size_t idx = static_cast<size_t>(rt * ports + p);
      if (idx >= r.noc_link_flits.size()) continue;
      const uint64_t f = r.noc_link_flits[idx];
      if (!noc::Geometry::is_local(p) && g.neighbor(rt, p) < 0) continue;
      loads.push_back({rt, p, f});
      umax = std::max(umax, static_cast<double>(f) / cycles);
    }
  auto name = [&](const PortLoad& l) {
    return "router (" + i2s(g.router_x(l.router)) + ", " + i2s(g.router_y(l.router)) + ") " +
           noc::Geometry::port_name(l.port);
  };
  const double scale = umax > 0 ? umax : 1;
  const json& jn = j["noc"];
  o += "<p class=\"note\">" + esc(jn["model"].get<std::string>()) + " model, " + i2s(g.width()) +
       " x " + i2s(g.height()) + " routers" +
       (g.concentration() > 1 ? " (" + i2s(g.concentration()) + " tiles per router)" : "") + ", " +
       i2s(np.flit_bits) + "-bit flits. " + i2s(jn["packets"].get<int64_t>()) + " packets, " +
       i2s(jn["flits"].get<int64_t>()) + " flits over " + i2s(static_cast<int64_t>(cycles)) +
       " NoC cycles; average packet latency " +
       num(jn["avg_packet_latency_cycles"].get<double>(), 4) +
       " cycles. Each arrow is a link "
       "(one direction), coloured by its utilization (flits per cycle over the run) relative to "
       "the hottest port; a router's square is coloured by its busiest ejection port (into its "
       "tiles). Hover for figures. x grows east, y grows north.</p><div class=\"row\"><div>";
  // Mesh drawing: router (x, y) at column x, row height-1-y (north up).
  const int cell = std::clamp(560 / std::max(g.width(), g.height()), 40, 90);
  const int pad = 34, box = cell / 3;
  const int W = pad * 2 + cell * (g.width() - 1) + box, H = pad * 2 + cell * (g.height() - 1) + box;
  auto cx = [&](int rt) { return pad + box / 2.0 + cell * g.router_x(rt); };
  auto cy = [&](int rt) { return pad + box / 2.0 + cell * (g.height() - 1 - g.router_y(rt)); };
  o += "<svg class=\"chart\" id=\"noc-heatmap\" width=\"" + i2s(W) + "\" height=\"" + i2s(H + 30) +
       "\" viewBox=\"0 0 " + i2s(W) + " " + i2s(H + 30) + "\">";
  std::vector<double> eject(static_cast<size_t>(g.routers()), 0.0);
  for (const PortLoad& l : loads) {
    const double u = static_cast<double>(l.flits) / cycles;
    if (noc::Geometry::is_local(l.port)) {
      eject[static_cast<size_t>(l.router)] = std::max(eject[static_cast<size_t>(l.router)], u);
      continue;
    }
    const int nb = g.neighbor(l.router, l.port);
    double x0 = cx(l.router), y0 = cy(l.router), x1 = cx(nb), y1 = cy(nb);
    const int x = g.router_x(l.router), y = g.router_y(l.router);
    const int nx = g.router_x(nb), ny = g.router_y(nb);
    const bool wrap = (l.port == noc::kEast && nx <= x) || (l.port == noc::kWest && nx >= x) ||
                      (l.port == noc::kNorth && ny <= y) || (l.port == noc::kSouth && ny >= y);
    const double dx = l.port == noc::kEast ? 1 : l.port == noc::kWest ? -1 : 0;
    const double dy = l.port == noc::kNorth ? -1 : l.port == noc::kSouth ? 1 : 0;
    if (wrap) x1 = x0 + dx * (box / 2.0 + pad * 0.8), y1 = y0 + dy * (box / 2.0 + pad * 0.8);
    // Offset each direction to its right-hand side so both directions of a link show.
    const double ox = -dy * 4, oy = dx * 4;
    const double sx = x0 + dx * box / 2.0 + ox, sy = y0 + dy * box / 2.0 + oy;
    const double ex = wrap ? x1 + ox : x1 - dx * box / 2.0 + ox;
    const double ey = wrap ? y1 + oy : y1 - dy * box / 2.0 + oy;
    o += "<line class=\"link\" data-util=\"" + full(u) + "\" x1=\"" + num(sx, 6) + "\" y1=\"" +
         num(sy, 6) + "\" x2=\"" + num(ex, 6) + "\" y2=\"" + num(ey, 6) + "\" stroke=\"" +
         heat(u / scale) + "\" stroke-width=\"4\" marker-end=\"url(#arrow)\"><title>" +
         esc(name(l)) + (wrap ? " (wrap-around)" : "") + ": " + num(100 * u, 3) + " % (" +
         i2s(static_cast<int64_t>(l.flits)) + " flits)</title></line>";
  }
  o += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"8\" refY=\"5\" markerWidth=\"2\" "
       "markerHeight=\"2\" orient=\"auto\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"#555\"/>"
       "</marker></defs>";
  for (int rt = 0; rt < g.routers(); ++rt) {
    const double u = eject[static_cast<size_t>(rt)];
    o += "<rect class=\"router\" x=\"" + num(cx(rt) - box / 2.0, 6) + "\" y=\"" +
         num(cy(rt) - box / 2.0, 6) + "\" width=\"" + i2s(box) + "\" height=\"" + i2s(box) +
         "\" fill=\"" + heat(u / scale) + "\" stroke=\"#555\"><title>router (" +
         i2s(g.router_x(rt)) + ", " + i2s(g.router_y(rt)) + "): busiest ejection port " +
         num(100 * u, 3) + " %</title></rect>";
    if (box >= 18)
      o += "<text x=\"" + num(cx(rt), 6) + "\" y=\"" + num(cy(rt) + 4, 6) +
           "\" text-anchor=\"middle\" font-size=\"9\">" + i2s(g.router_x(rt)) + "," +
           i2s(g.router_y(rt)) + "</text>";
  }
  // Colour legend.
  for (int i = 0; i <= 20; ++i)
    o += "<rect x=\"" + i2s(pad + i * 8) + "\" y=\"" + i2s(H + 6) +
         "\" width=\"8\" height=\"10\" fill=\"" + heat(i / 20.0) + "\"/>";
  o += "<text x=\"" + i2s(pad) + "\" y=\"" + i2s(H + 28) + "\">0 %</text><text x=\"" +
       i2s(pad + 168) + "\" y=\"" + i2s(H + 28) + "\" text-anchor=\"end\">" + num(100 * umax, 3) +
       " %</text></svg></div><div>";
  // The hottest ports, named (the first is report.json's noc.hottest_link).
  std::vector<PortLoad> sorted = loads;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const PortLoad& a, const PortLoad& b) { return a.flits > b.flits; });
  o += "<p class=\"note\">Hottest ports (links and ejection ports); mean over router-to-router "
       "links " +
       num(100 * jn["avg_link_utilization"].get<double>(), 3) +
       " %.</p><table id=\"hottest-links\"><thead><tr><th class=\"l\">port</th><th>utilization"
       "</th><th>flits</th></tr></thead><tbody>";
  for (size_t i = 0; i < sorted.size() && i < 10; ++i) {
    const PortLoad& l = sorted[i];
    if (l.flits == 0) break;
    const double u = static_cast<double>(l.flits) / cycles;
    o += "<tr><td class=\"l\"" + std::string(i == 0 ? " id=\"hottest-link-name\"" : "") + ">" +
         esc(name(l)) + "</td><td" + (i == 0 ? " id=\"hottest-link-util\"" : "") +
         " data-value=\"" + full(u) + "\">" + num(100 * u, 4) + " %</td><td>" +
         i2s(static_cast<int64_t>(l.flits)) + "</td></tr>";
  }
  return o + "</tbody></table></div></div>";
}

std::string over_time_section(const json& j, const chip::RunResult& r,
                              const chip::TraceRecorder::Profile& p) {
  std::string o = "<h2 id=\"over-time\">DRAM and NoC over time</h2>";
  const json& m = j["memory"];
  o += "<p class=\"note\">DRAM bandwidth used, averaged over bins of " + num(p.bin_ps * 1e-3, 4) +
       " ns (rounded up to the chart's resolution): " + i2s(m["dram_read_bytes"].get<int64_t>()) +
       " bytes read (" + i2s(m["weight_reload_bytes"].get<int64_t>()) +
       " of them weight reloads), " + i2s(m["dram_write_bytes"].get<int64_t>()) +
       " written. Below: flits in flight in the "
       "NoC (queued at a source or travelling, per packet from injection to delivery).</p>";
  if (p.bins == 0)
    return o +
           "<p class=\"note\" id=\"over-time-no-profile\">This run recorded nothing over "
           "time: run with <code>--format html</code> (or <code>--trace FILE</code>) to draw "
           "these charts.</p>";
  std::vector<double> cols;
  for (int c = 0; c < chip::kTraceCounters; ++c) {
    Series s;
    s.markers = false;
    if (static_cast<size_t>(c) < p.counter.size() && p.bins > 0) {
      const int g = downsample(p.counter[static_cast<size_t>(c)], 400, cols);
      const double w_us = p.bin_ps * g * 1e-6;
      for (size_t i = 0; i < cols.size(); ++i) {  // steps: each bin's average over its width
        s.pts.push_back({i * w_us, cols[i]});
        s.pts.push_back({(i + 1) * w_us, cols[i]});
      }
    }
    if (s.pts.empty()) s.pts = {{0, 0}, {r.end_ps * 1e-6, 0}};
    Axes ax;
    ax.width = 1140;
    ax.height = 220;
    ax.fill = true;
    ax.x_label = "time [us]";
    ax.y_label = c == 0 ? "DRAM [GB/s]" : "NoC flits in flight";
    s.name = ax.y_label;
    o += line_chart({s}, ax, c == 0 ? "dram-over-time" : "noc-over-time");
  }
  return o;
}

std::string layers_section(const json& j) {
  std::string o =
      "<h2 id=\"layers-table\">Layers</h2><p class=\"note\">Click a header to sort. Cycles of "
      "the chip clock; start and cycles are image 0's; busy and input wait are the busiest "
      "replica's over the run. Bound: compute (busy half its span or more), interconnect (its "
      "input packets or partial sums are delayed in the NoC), memory (it waits on DRAM input or "
      "weight reloads), else its producer's bound.</p>";
  o += "<table class=\"sortable\" id=\"layers\"><thead><tr><th class=\"l\">layer</th><th "
       "class=\"l\">type</th><th>group</th><th>arrays</th><th>PEs</th><th>tiles</th>"
       "<th>replicas</th><th>start cycle</th><th>cycles</th><th>busy cycles</th><th>input wait "
       "cycles</th><th>energy/image [uJ]</th><th>NoC packets out</th><th>excess NoC latency "
       "[cycles/packet]</th><th class=\"l\">bound</th>" +
       std::string(j.contains("tile_kinds") ? "<th class=\"l\">tile kind</th>" : "") +
       "</tr></thead><tbody>";
  for (const json& L : j["layers"]) {
    auto cell = [&](const char* k) {
      return "<td>" + (L[k].is_string() ? esc(L[k].get<std::string>()) : L[k].dump()) + "</td>";
    };
    const std::string bound = L["bound"].get<std::string>();
    o += "<tr><td class=\"l\">" + esc(L["name"].get<std::string>()) + "</td><td class=\"l\">" +
         esc(L["type"].get<std::string>()) + "</td>" + cell("group") + cell("arrays") +
         cell("pes") + cell("tiles") + cell("replicas") + cell("start_cycle") + cell("cycles") +
         cell("busy_cycles") + cell("input_wait_cycles") + "<td data-v=\"" +
         full(L["energy_per_image_pJ"].get<double>()) + "\">" +
         num(L["energy_per_image_pJ"].get<double>() * 1e-6, 4) + "</td>" + cell("noc_packets_out") +
         "<td>" + num(L["noc_excess_latency_cycles_per_packet"].get<double>(), 4) +
         "</td><td class=\"l b-" + esc(bound) + "\">" + esc(bound) + "</td>" +
         (L.contains("tile_kind")
              ? "<td class=\"l\">" + esc(L["tile_kind"].get<std::string>()) + "</td>"
              : std::string()) +
         "</tr>";
  }
  return o + "</tbody></table>";
}

}  // namespace

std::string run_report_html(const json& report, const chip::RunResult& r, const noc::NocParams& noc,
                            const chip::TraceRecorder::Profile& profile) {
  const json& run = report["run"];
  std::string body = "<h1>cimsim run: " + esc(run["network"].get<std::string>()) + " on " +
                     esc(run["name"].get<std::string>()) + "</h1><p class=\"note\" id=\"run\">" +
                     "config <code>" + esc(run["config"].get<std::string>()) + "</code>, " +
                     i2s(run["images"].get<int64_t>()) + " image(s), seed " + run["seed"].dump() +
                     ". Figures as in report.json; this page is drawn from "
                     "it and from what the run recorded over time.</p>";
  auto section = [&](const char* id, const std::string& html) {
    body += "<section id=\"" + std::string(id) + "\">" + html + "</section>\n";
  };
  section("sec-summary", summary_section(report));
  section("sec-breakdowns", breakdown_section(report));
  section("sec-pipeline", gantt_section(report, r, profile));
  section("sec-noc", noc_section(report, r, noc));
  section("sec-over-time", over_time_section(report, r, profile));
  section("sec-layers", layers_section(report));
  return page(
      "cimsim: " + run["network"].get<std::string>() + " on " + run["name"].get<std::string>(),
      body);
}

}  // namespace cimsim::report
