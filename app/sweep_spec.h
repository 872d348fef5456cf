#pragma once
// A sweep file (`cimsim sweep FILE`), parsed into dimensions whose product is the sweep. The
// points are never built all at once: point(i) decodes one index (mixed radix, the last
// dimension fastest), so the count alone is checked against kMaxSweepPoints.
//
//   study: run                       # run (default) or macro (cimsim macro: no network)
//   config: isscc28nm                # or a list; a bare name is a bundled config (configs/)
//   nets: [resnet18, vgg8]           # or `net:`; a file path is relative to the sweep file
//   images: 1                        # any run option as a fixed value: images, parallelism,
//                                    # seed, mapping (a file, relative to the sweep file)
//   parameters:                      # product: key -> values; a key without a dot is a run
//     chip.dram.bandwidth_GBps: [12.8, 25.6]    #   option (images, parallelism, seed, mapping)
//     images: [1, 4]
//   zip:                             # zipped: equal-length lists stepped together (one
//     chip.tiles_x: [4, 8]           # dimension); a list of such maps gives several groups
//     chip.tiles_y: [4, 8]
//   metrics: [summary.latency_ns]    # paths into report.json (macro.json for macro studies)
#include <cstdint>
#include <string>
#include <vector>

namespace cimsim::app {

// Most points one sweep may have (named in the error past it). Checked before anything is built.
constexpr int64_t kMaxSweepPoints = 100000;

struct SweepColumn {
  std::string key;  // "config", "net", a run option ("images") or a config key path
  bool is_option() const { return key.find('.') == std::string::npos; }
};

// One dimension of the product: one column (a product parameter) or several stepped together
// (a zip group); values[v][c] is column c's value at step v.
struct SweepDimension {
  std::vector<size_t> columns;  // indices into SweepSpec::columns
  std::vector<std::vector<std::string>> values;
};

struct SweepSpec {
  std::string file;  // the sweep file, as given
  std::string dir;   // its folder: relative paths in it are relative to this
  bool macro = false;
  std::vector<SweepColumn> columns;  // config, net (run studies), then the parameters
  std::vector<SweepDimension> dims;  // product order: the last one varies fastest
  std::vector<std::string> metrics;
  int64_t points = 0;  // the product of the dimensions' sizes (<= kMaxSweepPoints)
};

// One point: the value of every column, in SweepSpec::columns order.
std::vector<std::string> sweep_point(const SweepSpec& spec, int64_t index);

// Parses sweep YAML text; `file` is its path (errors name it; relative paths resolve against
// its folder). Throws core::InputError "file:line: key: expected ..." on any problem, including
// a product of more than kMaxSweepPoints points. Has no other side effect (fuzzable).
SweepSpec parse_sweep(const std::string& yaml_text, const std::string& file);

// Reads and parses a sweep file.
SweepSpec read_sweep_file(const std::string& file);

// The default metrics of a study.
std::vector<std::string> default_sweep_metrics(bool macro);

// `path` relative to the sweep file's folder (absolute paths unchanged).
std::string sweep_relative(const SweepSpec& spec, const std::string& path);

}  // namespace cimsim::app
