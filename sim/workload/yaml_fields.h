#pragma once
// Strict readers of the scalar fields of a network file. Every failure is a one-line InputError
// located at the offending node ("file:line: key.path: expected ...").
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace cimsim::workload::detail {

// 1-based line of a node; 0 if the node does not exist in the file.
int line_of(const YAML::Node& node);

[[noreturn]] void fail_at(const std::string& file, const YAML::Node& at,
                          const std::string& key_path, const std::string& message);

// "'a', 'b' or 'c'"
std::string quoted_list(const std::vector<std::string>& items);

// The allowed key closest to `key` (edit distance ≤ 2), or "".
std::string closest_key(const std::string& key, const std::vector<std::string>& allowed);

// Checks that `map` is a mapping whose keys are all in `allowed`, each at most once, and that
// every key in `required` is present. `what` names the mapping in messages ("a conv2d layer").
void check_keys(const std::string& file, const YAML::Node& map, const std::string& path,
                const std::vector<std::string>& allowed, const std::vector<std::string>& required,
                const std::string& what);

// Decimal integer in [min, max].
int64_t read_int(const std::string& file, const YAML::Node& node, const std::string& path,
                 int64_t min, int64_t max);
bool read_bool(const std::string& file, const YAML::Node& node, const std::string& path);
double read_real(const std::string& file, const YAML::Node& node, const std::string& path,
                 double min, double max);
std::string read_string(const std::string& file, const YAML::Node& node, const std::string& path);
// An integer n (meaning n×n) or a two-element list [h, w], each in [min, max].
std::pair<int64_t, int64_t> read_pair(const std::string& file, const YAML::Node& node,
                                      const std::string& path, int64_t min, int64_t max);

}  // namespace cimsim::workload::detail
