#include "sim/report/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cimsim::report {

std::string esc(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

std::string num(double v, int sig) {
  char buf[48];
  if (v == 0) return "0";
  const double a = std::fabs(v);
  if (a >= 1e7 || a < 1e-3)
    std::snprintf(buf, sizeof buf, "%.*e", std::max(0, sig - 2), v);
  else if (a >= std::pow(10.0, sig))  // 71720, not 7.172e+04
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.*g", sig, v);
  return buf;
}

// Axis tick labels: short, with k / M / G for large values.
std::string tick_label(double v) {
  const double a = std::fabs(v);
  char buf[32];
  if (a >= 1e9)
    std::snprintf(buf, sizeof buf, "%gG", v / 1e9);
  else if (a >= 1e6)
    std::snprintf(buf, sizeof buf, "%gM", v / 1e6);
  else if (a >= 1e4)
    std::snprintf(buf, sizeof buf, "%gk", v / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string full(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::vector<double> ticks(double lo, double hi, int n) {
  if (!(hi > lo)) hi = lo + 1;
  const double raw = (hi - lo) / std::max(1, n);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  std::vector<double> t;
  for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
    t.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
  return t;
}

std::string heat(double t) {
  t = std::clamp(t, 0.0, 1.0);
  // Piecewise linear through #fff7bc (0), #fe9929 (0.5), #7f0000 (1).
  const double c0[3] = {255, 247, 188}, c1[3] = {254, 153, 41}, c2[3] = {127, 0, 0};
  double rgb[3];
  for (int i = 0; i < 3; ++i)
    rgb[i] = t < 0.5 ? c0[i] + (c1[i] - c0[i]) * t * 2 : c1[i] + (c2[i] - c1[i]) * (t - 0.5) * 2;
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", static_cast<int>(rgb[0]),
                static_cast<int>(rgb[1]), static_cast<int>(rgb[2]));
  return buf;
}

const char* palette(int i) {
  static const char* p[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                            "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
  return p[((i % 10) + 10) % 10];
}

std::string bar_chart(const std::vector<Bar>& bars, const std::string& unit, int width) {
  const int row = 22, label_w = 150, value_w = 110;
  const int h = static_cast<int>(bars.size()) * row + 8;
  double vmax = 0;
  for (const Bar& b : bars) vmax = std::max(vmax, b.value);
  if (vmax <= 0) vmax = 1;
  const double plot_w = width - label_w - value_w;
  std::string o = "<svg class=\"chart\" width=\"" + std::to_string(width) + "\" height=\"" +
                  std::to_string(h) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
                  std::to_string(h) + "\">";
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const int y = 4 + static_cast<int>(i) * row;
    const double w = std::max(0.0, b.value / vmax * plot_w);
    o += "<text x=\"" + std::to_string(label_w - 6) + "\" y=\"" + std::to_string(y + 15) +
         "\" text-anchor=\"end\">" + esc(b.label) + "</text>";
    o += "<rect" + (b.id.empty() ? std::string() : " id=\"" + esc(b.id) + "\"") + " data-value=\"" +
         full(b.value) + "\" x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 3) +
         "\" width=\"" + num(w, 6) + "\" height=\"" + std::to_string(row - 6) + "\" fill=\"" +
         palette(static_cast<int>(i)) + "\"><title>" + esc(b.label) + ": " + num(b.value) + " " +
         esc(unit) + "</title></rect>";
    o += "<text x=\"" + num(label_w + w + 4, 6) + "\" y=\"" + std::to_string(y + 15) + "\">" +
         num(b.value) + " " + esc(unit) + "</text>";
  }
  return o + "</svg>";
}

std::string line_chart(const std::vector<Series>& series, const Axes& ax, const std::string& id) {
  const int left = 70, right = 16, top = 14, bottom = 44;
  const int legend_cols = std::max(1, (ax.width - 86) / 170);
  const int legend_h = series.size() > 1
                           ? 18 * static_cast<int>((series.size() + legend_cols - 1) / legend_cols)
                           : 0;
  const int W = ax.width, H = ax.height + legend_h;
  const double pw = W - left - right, ph = ax.height - top - bottom;
  double x0 = 1e300, x1 = -1e300, y0 = 0, y1 = -1e300;
  for (const Series& s : series)
    for (const auto& [x, y] : s.pts) {
      x0 = std::min(x0, x), x1 = std::max(x1, x);
      y0 = std::min(y0, y), y1 = std::max(y1, y);
    }
  if (x0 > x1) x0 = 0, x1 = 1;
  if (!ax.x_categories.empty()) x0 = -0.5, x1 = static_cast<double>(ax.x_categories.size()) - 0.5;
  if (x1 <= x0) x0 -= 0.5, x1 += 0.5;
  if (y1 <= y0) y1 = y0 + 1;
  const std::vector<double> yt = ticks(y0, y1, 4);
  y1 = std::max(y1, yt.back());
  auto X = [&](double x) { return left + (x - x0) / (x1 - x0) * pw; };
  auto Y = [&](double y) { return top + ph - (y - y0) / (y1 - y0) * ph; };
  std::string o = "<svg class=\"chart\" id=\"" + esc(id) + "\" width=\"" + std::to_string(W) +
                  "\" height=\"" + std::to_string(H) + "\" viewBox=\"0 0 " + std::to_string(W) +
                  " " + std::to_string(H) + "\">";
  for (double t : yt) {
    o += "<line class=\"grid\" x1=\"" + std::to_string(left) + "\" x2=\"" +
         std::to_string(W - right) + "\" y1=\"" + num(Y(t), 6) + "\" y2=\"" + num(Y(t), 6) +
         "\"/><text x=\"" + std::to_string(left - 4) + "\" y=\"" + num(Y(t) + 4, 6) +
         "\" text-anchor=\"end\">" + tick_label(t) + "</text>";
  }
  if (!ax.x_categories.empty()) {
    for (size_t i = 0; i < ax.x_categories.size(); ++i)
      o += "<text x=\"" + num(X(static_cast<double>(i)), 6) + "\" y=\"" +
           std::to_string(top + static_cast<int>(ph) + 16) + "\" text-anchor=\"middle\">" +
           esc(ax.x_categories[i]) + "</text>";
  } else {
    for (double t : ticks(x0, x1, 6)) {
      if (t < x0 - 1e-12 || t > x1 + 1e-12) continue;
      o += "<line class=\"tick\" x1=\"" + num(X(t), 6) + "\" x2=\"" + num(X(t), 6) + "\" y1=\"" +
           std::to_string(top + static_cast<int>(ph)) + "\" y2=\"" +
           std::to_string(top + static_cast<int>(ph) + 4) + "\"/><text x=\"" + num(X(t), 6) +
           "\" y=\"" + std::to_string(top + static_cast<int>(ph) + 16) +
           "\" text-anchor=\"middle\">" + tick_label(t) + "</text>";
    }
  }
  o += "<rect class=\"frame\" x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(top) +
       "\" width=\"" + num(pw, 6) + "\" height=\"" + num(ph, 6) + "\"/>";
  o += "<text class=\"axis\" x=\"" + num(left + pw / 2, 6) + "\" y=\"" +
       std::to_string(ax.height - 8) + "\" text-anchor=\"middle\">" + esc(ax.x_label) + "</text>";
  o += "<text class=\"axis\" transform=\"translate(14," + num(top + ph / 2, 6) +
       ") rotate(-90)\" text-anchor=\"middle\">" + esc(ax.y_label) + "</text>";
  for (size_t si = 0; si < series.size(); ++si) {
    const Series& s = series[si];
    const std::string col = s.color.empty() ? palette(static_cast<int>(si)) : s.color;
    std::string d;
    for (const auto& [x, y] : s.pts)
      d += (d.empty() ? "M" : " L") + num(X(x), 6) + " " + num(Y(y), 6);
    if (ax.fill && si == 0 && !s.pts.empty())
      o += "<path class=\"area\" fill=\"" + std::string(col) + "\" d=\"" + d + " L" +
           num(X(s.pts.back().first), 6) + " " + num(Y(y0), 6) + " L" +
           num(X(s.pts.front().first), 6) + " " + num(Y(y0), 6) + " Z\"/>";
    if (s.line) o += "<path class=\"line\" stroke=\"" + col + "\" d=\"" + d + "\"/>";
    if (s.markers)
      for (const auto& [x, y] : s.pts)
        o += "<circle cx=\"" + num(X(x), 6) + "\" cy=\"" + num(Y(y), 6) + "\" r=\"3\" fill=\"" +
             col + "\"><title>" + esc(s.name.empty() ? "" : s.name + ": ") + num(x) + ", " +
             num(y) + "</title></circle>";
  }
  if (series.size() > 1)
    for (size_t si = 0; si < series.size(); ++si) {
      const int lx = left + static_cast<int>(si % legend_cols) * 170;
      const int ly = ax.height + 4 + static_cast<int>(si / legend_cols) * 18;
      const std::string col =
          series[si].color.empty() ? palette(static_cast<int>(si)) : series[si].color;
      o += "<rect x=\"" + std::to_string(lx) + "\" y=\"" + std::to_string(ly) +
           "\" width=\"12\" height=\"12\" fill=\"" + col + "\"/><text x=\"" +
           std::to_string(lx + 16) + "\" y=\"" + std::to_string(ly + 11) + "\">" +
           esc(series[si].name) + "</text>";
    }
  return o + "</svg>";
}

std::string page(const std::string& title, const std::string& body) {
  return R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>)" +
         esc(title) +
         R"(</title>
<style>
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1180px;color:#222;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 6px;border-bottom:1px solid #ddd;padding-bottom:3px}
p.note{color:#555;margin:4px 0 8px;max-width:900px}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:150px}
.card .v{font-size:19px;font-weight:600}.card .k{color:#666;font-size:12px}
.row{display:flex;flex-wrap:wrap;gap:28px}
svg.chart text{font-size:11px;fill:#333}svg.chart .axis{font-size:12px;fill:#111}
svg.chart .grid{stroke:#e5e5e5}svg.chart .tick{stroke:#888}svg.chart .frame{fill:none;stroke:#999}
svg.chart .line{fill:none;stroke-width:2}svg.chart .area{opacity:.25}
table{border-collapse:collapse;font-size:12.5px}th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:right}
th{cursor:pointer;background:#f6f6f6;position:sticky;top:0}td.l,th.l{text-align:left}
.b-compute{color:#2d7d2d}.b-interconnect{color:#b3541e;font-weight:600}.b-memory{color:#1f5fa8;font-weight:600}
code{background:#f3f3f3;padding:0 3px}
</style></head>
<body>
)" + body +
         R"(
<script>
(function(){
  document.querySelectorAll('table.sortable').forEach(function(t){
    var ths=t.querySelectorAll('th');
    ths.forEach(function(th,i){th.addEventListener('click',function(){
      var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows),asc=th.dataset.asc!=='1';
      ths.forEach(function(o){delete o.dataset.asc;});if(asc)th.dataset.asc='1';
      rows.sort(function(x,y){var a=x.cells[i].dataset.v||x.cells[i].textContent,c=y.cells[i].dataset.v||y.cells[i].textContent;
        var na=parseFloat(a),nc=parseFloat(c),r=(isNaN(na)||isNaN(nc))?a.localeCompare(c):na-nc;return asc?r:-r;});
      rows.forEach(function(r){b.appendChild(r);});});});
  });
  // page.html#only=sec-noc shows that section alone (the docs' screenshots use it).
  var m=location.hash.match(/^#only=([\w-]+)$/);
  if(m)document.querySelectorAll('body>section').forEach(function(s){if(s.id!==m[1])s.style.display='none';});
  document.body.setAttribute('data-ready','1');
})();
</script>
</body></html>
)";
}

}  // namespace cimsim::report
