#pragma once
// sweep.html beside sweep.csv: one self-contained page (inline SVG, no network) with, per swept
// key, a line plot of every metric against that key (one line per combination of the other
// keys), and a Pareto plot of two metrics with the non-dominated points named. It reads only
// the CSV that `cimsim sweep` writes (point, net, the swept keys, status, the metrics), so it
// works on any such file.
#include <string>
#include <vector>

namespace cimsim::report {

// Rows of a CSV text (RFC 4180 quoting: "a,b" and "" inside quotes).
std::vector<std::vector<std::string>> parse_csv(const std::string& text);

// The page for a sweep.csv's text. `title` names the sweep.
std::string sweep_html(const std::string& csv_text, const std::string& title);

// Whether a metric is better when higher (throughput, TOPS, TOPS/W, TOPS/mm2) or lower (the
// rest: latency, energy, area ...); the Pareto plot uses it.
bool higher_is_better(const std::string& metric);

}  // namespace cimsim::report
