#pragma once
// cimsim's input limits, stated once (`cimsim describe limits` prints this table; README and
// docs/reliability.md refer to it). Each bounds the time or memory a hostile or mistyped input
// can cost before anything runs: past a limit, the reader stops with exit code 2 and an
// InputError that names the file, the key path and the limit (see over_limit()).
// The values sit well above the largest real workload so that no real network meets them.
#include <cstdint>
#include <string>

namespace cimsim::core::limits {

struct Limit {
  const char* name;  // as printed in errors and by `cimsim describe limits`
  int64_t value;
  const char* unit;
  const char* meaning;
};

// Any YAML input file: config (and each include:), network, mapping, sweep. Read in full
// before parsing (core::read_input_file, whose kMaxInputFileMiB this mirrors), so /dev/zero or a
// FIFO that never ends stops here.
inline constexpr Limit kInputFileMiB{"max_input_file_MiB", 16, "MiB",
                                     "largest config, include, network, mapping or sweep file"};
inline constexpr Limit kLayers{"layers", 10000, "layers", "layers in one network"};
inline constexpr Limit kSweepPoints{"sweep_points", 100000, "points",
                                    "points of one sweep (the product of its axes)"};
inline constexpr Limit kDim{"dim", int64_t{1} << 30, "elements",
                            "one tensor dimension: channels, height, width, features, groups"};
inline constexpr Limit kWindow{"window", int64_t{1} << 16, "elements",
                               "kernel, stride, padding or dilation of a window layer"};
inline constexpr Limit kTensorElements{"tensor_elements", int64_t{1} << 32, "elements",
                                       "elements of one tensor (C x H x W, one image)"};
inline constexpr Limit kLayerWeights{"layer_weights", int64_t{1} << 32, "weights",
                                     "weight-matrix elements of one conv2d or linear layer"};
inline constexpr Limit kReloadGroups{"reload_groups", 100000, "groups",
                                     "reload groups of one mapping (mapping.yaml groups:)"};

inline constexpr const Limit* kAll[] = {&kInputFileMiB, &kLayers,      &kSweepPoints,
                                        &kDim,          &kWindow,      &kTensorElements,
                                        &kLayerWeights, &kReloadGroups};

// The message for a value past `l`, to follow "file:line: key.path: ":
//   "expected at most 10000 layers, got 12000 (limit layers; cimsim describe limits)"
inline std::string over_limit(const Limit& l, int64_t got) {
  return "expected at most " + std::to_string(l.value) + " " + l.unit + ", got " +
         std::to_string(got) + " (limit " + l.name + "; cimsim describe limits)";
}
// The same when the exact figure is unknown (a file cut off at the limit, or a product too
// large for 64 bits).
inline std::string over_limit(const Limit& l) {
  return "expected at most " + std::to_string(l.value) + " " + l.unit + ", got more (limit " +
         l.name + "; cimsim describe limits)";
}

}  // namespace cimsim::core::limits
