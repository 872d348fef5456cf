#include "sim/workload/yaml_fields.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <set>

#include "sim/core/errors.h"

namespace cimsim::workload::detail {

int line_of(const YAML::Node& node) {
  if (!node.IsDefined()) return 0;
  return node.Mark().line + 1;  // yaml-cpp counts from 0; null_mark() is -1
}

void fail_at(const std::string& file, const YAML::Node& at, const std::string& key_path,
             const std::string& message) {
  core::fail_input(core::Origin{file, line_of(at)}, key_path, message);
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (i + 1 == items.size()) ? " or " : ", ";
    out += "'" + items[i] + "'";
  }
  return out;
}

namespace {
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string closest_key(const std::string& key, const std::vector<std::string>& allowed) {
  std::string best;
  size_t best_d = 3;
  for (const auto& k : allowed) {
    size_t d = edit_distance(key, k);
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  return best;
}

namespace {
// The messages of check_keys, built outside its loops (they run once, before the error exits).
std::string unknown_key_message(const std::string& key, const std::vector<std::string>& allowed,
                                const std::string& what) {
  std::string msg = "unknown key '" + key + "' for " + what;
  std::string near = closest_key(key, allowed);
  if (!near.empty()) msg += " (did you mean '" + near + "'?)";
  msg += "; allowed keys: " + quoted_list(allowed);
  return msg;
}
std::string child_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}
std::string key_message(const char* kind, const std::string& key) {
  return std::string(kind) + " '" + key + "'";
}
std::string key_message(const char* kind, const std::string& key, const std::string& what) {
  return key_message(kind, key) + " for " + what;
}
}  // namespace

void check_keys(const std::string& file, const YAML::Node& map, const std::string& path,
                const std::vector<std::string>& allowed, const std::vector<std::string>& required,
                const std::string& what) {
  if (!map.IsMap()) fail_at(file, map, path, "expected a mapping for " + what);
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string key = it->first.Scalar();
    auto key_path = [&] { return child_path(path, key); };
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      fail_at(file, it->first, key_path(), unknown_key_message(key, allowed, what));
    }
    if (!seen.insert(key).second)
      fail_at(file, it->first, key_path(), key_message("duplicate key", key));
  }
  for (const auto& key : required)
    if (!seen.count(key)) fail_at(file, map, path, key_message("missing required key", key, what));
}

namespace {
std::string scalar_or_fail(const std::string& file, const YAML::Node& node, const std::string& path,
                           const std::string& expected) {
  if (!node.IsScalar()) fail_at(file, node, path, "expected " + expected);
  return node.Scalar();
}
}  // namespace

int64_t read_int(const std::string& file, const YAML::Node& node, const std::string& path,
                 int64_t min, int64_t max) {
  const std::string range = " in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
  const std::string text = scalar_or_fail(file, node, path, "an integer" + range);
  bool ok = !text.empty();
  size_t start = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  if (start == text.size()) ok = false;
  for (size_t i = start; ok && i < text.size(); ++i) ok = text[i] >= '0' && text[i] <= '9';
  long long v = 0;
  if (ok) {
    errno = 0;
    v = std::strtoll(text.c_str(), nullptr, 10);
    ok = errno == 0;
  }
  if (!ok) fail_at(file, node, path, "expected an integer" + range + ", got '" + text + "'");
  if (v < min || v > max)
    fail_at(file, node, path, "expected an integer" + range + ", got " + text);
  return v;
}

bool read_bool(const std::string& file, const YAML::Node& node, const std::string& path) {
  const std::string text = scalar_or_fail(file, node, path, "true or false");
  if (text == "true") return true;
  if (text == "false") return false;
  fail_at(file, node, path, "expected true or false, got '" + text + "'");
}

double read_real(const std::string& file, const YAML::Node& node, const std::string& path,
                 double min, double max) {
  const std::string text = scalar_or_fail(file, node, path, "a number");
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size())
    fail_at(file, node, path, "expected a number, got '" + text + "'");
  if (!(v >= min && v <= max))
    fail_at(file, node, path,
            "expected a number in [" + std::to_string(min) + ", " + std::to_string(max) +
                "], got " + text);
  return v;
}

std::string read_string(const std::string& file, const YAML::Node& node, const std::string& path) {
  return scalar_or_fail(file, node, path, "a string");
}

std::pair<int64_t, int64_t> read_pair(const std::string& file, const YAML::Node& node,
                                      const std::string& path, int64_t min, int64_t max) {
  if (node.IsSequence()) {
    if (node.size() != 2)
      fail_at(file, node, path, "expected an integer or a list [height, width] of two integers");
    return {read_int(file, node[0], path + "[0]", min, max),
            read_int(file, node[1], path + "[1]", min, max)};
  }
  if (!node.IsScalar())
    fail_at(file, node, path, "expected an integer or a list [height, width] of two integers");
  int64_t v = read_int(file, node, path, min, max);
  return {v, v};
}

}  // namespace cimsim::workload::detail
