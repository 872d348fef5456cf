#pragma once
// The points of a sweep, resolved: each point's child command line, its key (a hash of its
// resolved config, network, options) and, once run, its metrics. What `cimsim sweep` runs,
// resumes, hands to Slurm and merges into the CSV.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/sweep_spec.h"

namespace cimsim::app {

enum class PointState { Pending, Ok, Failed };

struct SweepPoint {
  int64_t index = 0;
  std::vector<std::string> values;  // one per SweepSpec::columns
  std::vector<std::string> args;    // the child's argv after the binary, without --out
  std::string key;                  // 16 hex digits; the point's file stem in points/
  PointState state = PointState::Pending;
  std::string error;                       // when Failed
  std::vector<std::string> metric_values;  // when Ok, one per SweepSpec::metrics
};

// Resolves every point (configs relative to the sweep file or bundled, nets, mapping files) and
// loads each point's config with its overrides: any bad point stops here with an InputError
// naming the sweep file, the point and what is wrong, before anything runs.
std::vector<SweepPoint> resolve_sweep_points(const SweepSpec& spec);

// The report file a point's child writes into its --out folder.
const char* point_report_name(const SweepSpec& spec);

// `a.b.c` inside a report: objects by key, arrays by index or by an element's "name". Empty when
// absent.
std::string report_metric(const nlohmann::json& report, const std::string& path);

// Checks every metric path against a report of the same study (arrays: any index/name is
// accepted, the rest of the path is checked in their first element). Throws InputError naming
// the sweep file, the metric and the keys that exist there.
void check_metric_paths(const SweepSpec& spec, const nlohmann::json& probe_report);

// The sweep's CSV: point, every column, status, every metric, key.
std::string sweep_csv(const SweepSpec& spec, const std::vector<SweepPoint>& points);

// A tiny network for the probe run that checks the metric paths before a sweep starts.
const char* probe_network_yaml();

}  // namespace cimsim::app
