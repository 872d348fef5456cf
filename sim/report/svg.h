#pragma once
// Small building blocks of the self-contained HTML pages (report.html, sweep.html): escaping,
// number formatting, axis ticks, a colour scale and inline-SVG charts. No network, no external
// script: every chart is drawn here, as SVG text.
#include <string>
#include <utility>
#include <vector>

namespace cimsim::report {

std::string esc(const std::string& s);   // HTML/XML text and attribute escaping
std::string num(double v, int sig = 4);  // "12.35", "1.2e+06": short, for labels
std::string full(double v);              // "%.9g": for data-value attributes the tests read
std::string tick_label(double v);        // "250", "25k", "3M": axis ticks

// "Nice" tick positions covering [lo, hi] (about `n` of them).
std::vector<double> ticks(double lo, double hi, int n = 5);

// Sequential colour for t in [0, 1] (pale yellow -> orange -> dark red), as "#rrggbb".
std::string heat(double t);
// Categorical colour i (a fixed 10-colour palette).
const char* palette(int i);

struct Bar {
  std::string label;
  double value;
  std::string id;  // element id of the bar ("" none)
};
// Horizontal bar chart with value labels (`unit` after each value), bars sorted as given.
std::string bar_chart(const std::vector<Bar>& bars, const std::string& unit, int width = 560);

struct Series {
  std::string name;
  std::vector<std::pair<double, double>> pts;  // (x, y), drawn in order
  bool markers = true;
  bool line = true;   // false: markers only (a scatter)
  std::string color;  // "" = the palette's colour of its index
};
struct Axes {
  std::string x_label, y_label;
  int width = 560, height = 260;
  bool fill = false;                      // area under the (first) series
  std::vector<std::string> x_categories;  // non-empty: x = 0..n-1 named by these
};
// Line chart of `series` on shared axes, legend when more than one series.
std::string line_chart(const std::vector<Series>& series, const Axes& ax, const std::string& id);

// The page around the sections: <html> with inline CSS and the small inline script (sortable
// tables, body[data-ready] once it ran).
std::string page(const std::string& title, const std::string& body);

}  // namespace cimsim::report
