#include "sim/report/sweep_html.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>

#include "sim/report/svg.h"

namespace cimsim::report {

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        row.push_back(field);
        rows.push_back(row);
      }
      row.clear();
      field.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty()) {
    row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

bool higher_is_better(const std::string& m) {
  return m.find("throughput") != std::string::npos || m.find("tops") != std::string::npos ||
         m.find("utilization") != std::string::npos;
}

namespace {

bool to_number(const std::string& s, double& v) {
  if (s.empty()) return false;
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return end && *end == '\0';
}

std::string short_name(const std::string& col) {
  const size_t dot = col.rfind('.');
  return dot == std::string::npos ? col : col.substr(dot + 1);
}

std::string slug(const std::string& s) {
  std::string o;
  for (char c : s) o += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return o;
}

}  // namespace

std::string sweep_html(const std::string& csv_text, const std::string& title) {
  const std::vector<std::vector<std::string>> all = parse_csv(csv_text);
  std::string body = "<h1>cimsim sweep: " + esc(title) + "</h1>";
  if (all.empty()) return page("cimsim sweep: " + title, body + "<p>Empty sweep.csv.</p>");
  const std::vector<std::string>& head = all.front();
  auto col = [&](const std::string& name) {
    for (size_t i = 0; i < head.size(); ++i)
      if (head[i] == name) return static_cast<int>(i);
    return -1;
  };
  const int c_net = col("net"), c_status = col("status");
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 1; i < all.size(); ++i)
    if (c_status >= 0 && static_cast<int>(all[i].size()) == static_cast<int>(head.size()) &&
        all[i][static_cast<size_t>(c_status)] == "ok")
      rows.push_back(all[i]);
  // Swept keys: the net (when several) and the columns between net and status.
  std::vector<int> keys;
  if (c_net >= 0) {
    std::vector<std::string> nets;
    for (const auto& r : rows)
      if (std::find(nets.begin(), nets.end(), r[static_cast<size_t>(c_net)]) == nets.end())
        nets.push_back(r[static_cast<size_t>(c_net)]);
    if (nets.size() > 1) keys.push_back(c_net);
  }
  for (int c = c_net + 1; c_status >= 0 && c < c_status; ++c) keys.push_back(c);
  // Metrics: numeric columns after status.
  std::vector<int> metrics;
  for (int c = c_status + 1; c_status >= 0 && c < static_cast<int>(head.size()); ++c) {
    bool numeric = !rows.empty();
    double v;
    for (const auto& r : rows) numeric = numeric && to_number(r[static_cast<size_t>(c)], v);
    if (numeric) metrics.push_back(c);
  }
  const size_t failed = all.size() - 1 - rows.size();
  body += "<p class=\"note\" id=\"sweep-summary\" data-points=\"" + std::to_string(all.size() - 1) +
          "\" data-ok=\"" + std::to_string(rows.size()) + "\">" + std::to_string(all.size() - 1) +
          " points, " + std::to_string(rows.size()) + " ok" +
          (failed ? ", " + std::to_string(failed) + " failed (see sweep.csv's status column)"
                  : std::string()) +
          ". Swept: ";
  for (size_t k = 0; k < keys.size(); ++k)
    body += (k ? ", " : "") + std::string("<code>") + esc(head[static_cast<size_t>(keys[k])]) +
            "</code>";
  body += ".</p>";
  if (rows.empty() || metrics.empty())
    return page("cimsim sweep: " + title, body + "<p>No successful points to plot.</p>");
  // Metrics equal at every point are named, not plotted.
  std::vector<int> constant;
  for (int m : metrics) {
    bool same = true;
    for (const auto& r : rows)
      same = same && r[static_cast<size_t>(m)] == rows[0][static_cast<size_t>(m)];
    if (same) constant.push_back(m);
  }
  if (!constant.empty()) {
    body += "<p class=\"note\" id=\"constant-metrics\">The same at every point: ";
    for (size_t i = 0; i < constant.size(); ++i)
      body += (i ? ", " : "") + std::string("<code>") +
              esc(head[static_cast<size_t>(constant[i])]) +
              "</code> = " + esc(rows[0][static_cast<size_t>(constant[i])]);
    body += ".</p>";
  }

  // Line plots: per swept key, every metric against it, one line per other-key combination.
  for (int k : keys) {
    const std::string& kname = head[static_cast<size_t>(k)];
    std::vector<std::string> values;  // in first-appearance order
    bool numeric = true;
    double v;
    for (const auto& r : rows) {
      const std::string& s = r[static_cast<size_t>(k)];
      if (std::find(values.begin(), values.end(), s) == values.end()) values.push_back(s);
      numeric = numeric && to_number(s, v);
    }
    body += "<h2 id=\"key-" + slug(kname) + "\">Against <code>" + esc(kname) + "</code></h2>";
    if (keys.size() > 1)
      body += "<p class=\"note\">One line per combination of the other swept keys.</p>";
    body += "<div class=\"row\">";
    for (int m : metrics) {
      if (std::find(constant.begin(), constant.end(), m) != constant.end()) continue;
      std::map<std::string, size_t> group_of;
      std::vector<Series> series;
      for (const auto& r : rows) {
        std::string g;
        for (int o : keys)
          if (o != k)
            g += (g.empty() ? "" : ", ") + short_name(head[static_cast<size_t>(o)]) + "=" +
                 r[static_cast<size_t>(o)];
        auto it = group_of.find(g);
        if (it == group_of.end()) {
          it = group_of.emplace(g, series.size()).first;
          series.push_back(Series{g, {}, true, true, ""});
        }
        double x = 0, y = 0;
        const std::string& xs = r[static_cast<size_t>(k)];
        if (numeric)
          to_number(xs, x);
        else
          x = static_cast<double>(std::find(values.begin(), values.end(), xs) - values.begin());
        to_number(r[static_cast<size_t>(m)], y);
        series[it->second].pts.push_back({x, y});
      }
      for (Series& s : series) std::sort(s.pts.begin(), s.pts.end());
      if (series.size() > 10) series.resize(10);
      Axes ax;
      ax.width = 370;
      ax.height = 240;
      ax.x_label = kname;
      ax.y_label = short_name(head[static_cast<size_t>(m)]);
      if (!numeric) ax.x_categories = values;
      body +=
          "<div>" +
          line_chart(series, ax, "line-" + slug(kname) + "-" + slug(head[static_cast<size_t>(m)])) +
          "</div>";
    }
    body += "</div>";
  }

  // Pareto plot: latency vs energy per image when both were collected, else the first two.
  int px = col("summary.latency_ns"), py = col("summary.energy_per_image_uJ");
  if (std::find(metrics.begin(), metrics.end(), px) == metrics.end() ||
      std::find(metrics.begin(), metrics.end(), py) == metrics.end()) {
    px = metrics.front();
    py = metrics.size() > 1 ? metrics[1] : metrics.front();
  }
  const std::string xn = head[static_cast<size_t>(px)], yn = head[static_cast<size_t>(py)];
  const double sx = higher_is_better(xn) ? -1 : 1, sy = higher_is_better(yn) ? -1 : 1;
  std::vector<std::pair<double, double>> pts;
  for (const auto& r : rows) {
    double x = 0, y = 0;
    to_number(r[static_cast<size_t>(px)], x);
    to_number(r[static_cast<size_t>(py)], y);
    pts.push_back({x, y});
  }
  std::vector<size_t> front;
  for (size_t i = 0; i < pts.size(); ++i) {
    bool dominated = false;
    for (size_t j = 0; j < pts.size() && !dominated; ++j) {
      const double ax = sx * pts[j].first, bx = sx * pts[i].first;
      const double ay = sy * pts[j].second, by = sy * pts[i].second;
      dominated = ax <= bx && ay <= by && (ax < bx || ay < by);
    }
    if (!dominated) front.push_back(i);
  }
  std::sort(front.begin(), front.end(), [&](size_t a, size_t b) { return pts[a] < pts[b]; });
  Series all_pts{"all points", {}, true, false, "#9a9a9a"};
  Series front_pts{"Pareto front", {}, true, true, "#c0392b"};
  for (size_t i = 0; i < pts.size(); ++i) all_pts.pts.push_back(pts[i]);
  for (size_t i : front) front_pts.pts.push_back(pts[i]);
  std::sort(all_pts.pts.begin(), all_pts.pts.end());
  Axes ax;
  ax.width = 620;
  ax.height = 340;
  ax.x_label = xn;
  ax.y_label = yn;
  const std::string chart = line_chart({all_pts, front_pts}, ax, "pareto");
  body += "<h2 id=\"pareto-section\">Pareto front</h2><p class=\"note\">" + esc(xn) + " (" +
          (sx > 0 ? "lower" : "higher") + " is better) against " + esc(yn) + " (" +
          (sy > 0 ? "lower" : "higher") +
          " is better). A point is on the front when no other "
          "point is at least as good in both and better in one.</p><div class=\"row\"><div>" +
          chart +
          "</div><div><table class=\"sortable\" id=\"pareto-table\"><thead><tr>"
          "<th>point</th>";
  for (int k : keys) body += "<th class=\"l\">" + esc(head[static_cast<size_t>(k)]) + "</th>";
  body += "<th>" + esc(short_name(xn)) + "</th><th>" + esc(short_name(yn)) +
          "</th></tr></thead><tbody>";
  for (size_t i : front) {
    body += "<tr class=\"pareto-point\" data-point=\"" + esc(rows[i][0]) + "\"><td>" +
            esc(rows[i][0]) + "</td>";
    for (int k : keys) body += "<td class=\"l\">" + esc(rows[i][static_cast<size_t>(k)]) + "</td>";
    body += "<td>" + num(pts[i].first, 5) + "</td><td>" + num(pts[i].second, 5) + "</td></tr>";
  }
  body += "</tbody></table></div></div>";
  return page("cimsim sweep: " + title, body);
}

}  // namespace cimsim::report
