#include "app/sweep_spec.h"

#include <filesystem>
#include <fstream>
#include <set>

#include <yaml-cpp/yaml.h>

#include "sim/core/errors.h"

namespace cimsim::app {

namespace {

namespace fs = std::filesystem;

// Largest sweep file read (a sweep is a page of YAML; this stops `/dev/zero` reading forever).
constexpr size_t kMaxSweepFileBytes = 1 << 20;

const char* const kRunOptions[] = {"images", "parallelism", "seed", "mapping"};

[[noreturn]] void fail(const std::string& file, const YAML::Node& n, const std::string& key,
                       const std::string& msg) {
  core::fail_input(core::Origin{file, n.Mark().is_null() ? 0 : n.Mark().line + 1}, key, msg);
}

std::vector<std::string> scalars(const std::string& file, const YAML::Node& n,
                                 const std::string& key) {
  if (n.IsScalar()) return {n.Scalar()};
  if (!n.IsSequence() || n.size() == 0)
    fail(file, n, key, "expected a value or a non-empty list of values");
  std::vector<std::string> out;
  for (const YAML::Node& v : n) {
    if (!v.IsScalar()) fail(file, v, key, "expected scalar values");
    out.push_back(v.Scalar());
  }
  return out;
}

bool parse_int(const std::string& s, int64_t lo, int64_t hi) {
  if (s.empty() || s.size() > 19) return false;
  const size_t first = s[0] == '-' ? 1 : 0;
  if (first == s.size()) return false;
  int64_t v = 0;
  for (size_t k = first; k < s.size(); ++k) {
    if (s[k] < '0' || s[k] > '9') return false;
    if (v > (INT64_MAX - (s[k] - '0')) / 10) return false;  // past int64: out of any range
    v = v * 10 + (s[k] - '0');
  }
  if (first) v = -v;
  return v >= lo && v <= hi;
}

// Checks a run option's values (the config keys are checked by the config loader, per point).
void check_option(const std::string& file, const YAML::Node& n, const std::string& key,
                  const std::vector<std::string>& values, bool macro) {
  bool known = false;
  for (const char* o : kRunOptions) known = known || key == o;
  if (macro || !known)
    fail(file, n, key,
         macro ? "unknown parameter for a macro study (expected config keys such as "
                 "chip.tile.pe.array.adc_bits, or config)"
               : "unknown run option (expected images, parallelism, seed, mapping, config, net, "
                 "or a config key path such as chip.dram.bandwidth_GBps)");
  for (const std::string& v : values) {
    if (key == "images" && !parse_int(v, 1, 1000000))
      fail(file, n, key, "expected an integer in [1, 1000000], got '" + v + "'");
    if (key == "seed" && !parse_int(v, 0, INT64_MAX))
      fail(file, n, key, "expected a non-negative integer, got '" + v + "'");
    if (key == "parallelism" && v != "pipeline" && v != "data" && v != "model" && v != "tensor" &&
        v != "hybrid")
      fail(file, n, key, "expected pipeline, data, model, tensor or hybrid, got '" + v + "'");
  }
}

struct Builder {
  SweepSpec& s;
  std::set<std::string> seen;
  size_t column(const std::string& file, const YAML::Node& n, const std::string& key) {
    if (key.empty()) fail(file, n, key, "expected a key path or a run option");
    if (!seen.insert(key).second) fail(file, n, key, "given twice in the sweep");
    s.columns.push_back({key});
    return s.columns.size() - 1;
  }
  void product(const std::string& file, const YAML::Node& n, const std::string& key,
               const std::vector<std::string>& values) {
    SweepDimension d;
    d.columns = {column(file, n, key)};
    for (const std::string& v : values) d.values.push_back({v});
    s.dims.push_back(std::move(d));
  }
};

std::string key_of(const std::string& file, const YAML::Node& k) {
  if (!k.IsScalar()) fail(file, k, "", "expected a plain key");
  return k.Scalar();
}

}  // namespace

std::vector<std::string> default_sweep_metrics(bool macro) {
  if (macro)
    return {"array.peak_GOPS", "array.TOPS_per_W", "array.area_mm2", "array.energy_per_mvm_pJ",
            "chip.peak_GOPS",  "chip.GOPS_per_W",  "chip.area_mm2"};
  return {"summary.latency_ns",          "summary.throughput_images_per_s",
          "summary.energy_per_image_uJ", "summary.tops",
          "summary.tops_per_w",          "summary.area_mm2",
          "summary.tops_per_mm2",        "summary.reload_groups"};
}

std::string sweep_relative(const SweepSpec& spec, const std::string& path) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (fs::path(spec.dir) / path).lexically_normal().string();
}

std::vector<std::string> sweep_point(const SweepSpec& spec, int64_t index) {
  std::vector<std::string> out(spec.columns.size());
  for (size_t d = spec.dims.size(); d-- > 0;) {
    const SweepDimension& dim = spec.dims[d];
    const int64_t n = static_cast<int64_t>(dim.values.size());
    const auto& step = dim.values[static_cast<size_t>(index % n)];
    index /= n;
    for (size_t c = 0; c < dim.columns.size(); ++c) out[dim.columns[c]] = step[c];
  }
  return out;
}

SweepSpec parse_sweep(const std::string& yaml_text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::ParserException& e) {
    core::fail_input(core::Origin{file, e.mark.line + 1}, "", "YAML syntax error: " + e.msg);
  }
  if (!root.IsMap())
    fail(file, root, "", "expected a mapping with config, net(s), parameters and metrics");
  SweepSpec s;
  s.file = file;
  s.dir = fs::path(file).parent_path().string();
  std::set<std::string> top;
  YAML::Node config, nets, parameters, zip, metrics;
  bool has_config = false, has_nets = false, has_parameters = false, has_zip = false,
       has_metrics = false;
  std::vector<std::pair<std::string, YAML::Node>> fixed;  // top-level run options
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string k = key_of(file, it->first);
    if (!top.insert(k == "nets" ? "net" : k == "configs" ? "config" : k).second)
      fail(file, it->first, k, "given twice");
    const YAML::Node v = it->second;
    if (k == "study") {
      if (!v.IsScalar() || (v.Scalar() != "run" && v.Scalar() != "macro"))
        fail(file, v, k, "expected run or macro");
      s.macro = v.Scalar() == "macro";
    } else if (k == "config" || k == "configs") {
      config = v;
      has_config = true;
    } else if (k == "net" || k == "nets") {
      nets = v;
      has_nets = true;
    } else if (k == "parameters") {
      parameters = v;
      has_parameters = true;
    } else if (k == "zip") {
      zip = v;
      has_zip = true;
    } else if (k == "metrics") {
      metrics = v;
      has_metrics = true;
    } else if (k == "images" || k == "parallelism" || k == "seed" || k == "mapping") {
      fixed.emplace_back(k, v);
    } else {
      fail(file, it->first, k,
           "unknown key (expected study, config, net, nets, images, parallelism, seed, mapping, "
           "parameters, zip, metrics)");
    }
  }
  if (!has_config) fail(file, root, "config", "missing required key (the chip config to sweep)");
  Builder b{s, {}};
  b.product(file, config, "config", scalars(file, config, "config"));
  if (s.macro) {
    if (has_nets) fail(file, nets, "net", "a macro study has no network (drop net, or study: run)");
    if (!fixed.empty()) fail(file, root, fixed.front().first, "a macro study takes no run options");
  } else {
    if (!has_nets) fail(file, root, "net", "missing required key (a network name or file)");
    b.product(file, nets, "net", scalars(file, nets, "net"));
  }
  for (const auto& [k, v] : fixed) {
    const auto values = scalars(file, v, k);
    if (values.size() != 1) fail(file, v, k, "expected one value (sweep it under parameters)");
    check_option(file, v, k, values, s.macro);
    b.product(file, v, k, values);
  }
  if (has_parameters) {
    if (!parameters.IsMap()) fail(file, parameters, "parameters", "expected key.path: [values]");
    for (auto p = parameters.begin(); p != parameters.end(); ++p) {
      const std::string k = key_of(file, p->first);
      const auto values = scalars(file, p->second, "parameters." + k);
      if (k == "config" || k == "net" || k == "nets")
        fail(file, p->first, "parameters." + k,
             "give " + k + " at the top level (a list sweeps it)");
      if (SweepColumn{k}.is_option()) check_option(file, p->first, k, values, s.macro);
      b.product(file, p->first, k, values);
    }
  }
  if (has_zip) {
    std::vector<YAML::Node> groups;
    if (zip.IsMap()) {
      groups.push_back(zip);
    } else if (zip.IsSequence() && zip.size() > 0) {
      for (const YAML::Node& g : zip) groups.push_back(g);
    } else {
      fail(file, zip, "zip", "expected key.path: [values] (or a list of such groups)");
    }
    for (const YAML::Node& g : groups) {
      if (!g.IsMap() || g.size() == 0) fail(file, g, "zip", "expected key.path: [values]");
      SweepDimension d;
      for (auto p = g.begin(); p != g.end(); ++p) {
        const std::string k = key_of(file, p->first);
        const auto values = scalars(file, p->second, "zip." + k);
        if (k == "config" || k == "net" || k == "nets")
          fail(file, p->first, "zip." + k, "give " + k + " at the top level");
        if (SweepColumn{k}.is_option()) check_option(file, p->first, k, values, s.macro);
        if (!d.values.empty() && values.size() != d.values.size())
          fail(file, p->second, "zip." + k,
               "expected " + std::to_string(d.values.size()) +
                   " values like the other lists of its zip group, got " +
                   std::to_string(values.size()));
        d.values.resize(values.size());
        for (size_t v = 0; v < values.size(); ++v) d.values[v].push_back(values[v]);
        d.columns.push_back(b.column(file, p->first, k));
      }
      s.dims.push_back(std::move(d));
    }
  }
  s.metrics = has_metrics ? scalars(file, metrics, "metrics") : default_sweep_metrics(s.macro);
  for (const std::string& m : s.metrics)
    if (m.empty() || m.front() == '.' || m.back() == '.' || m.find("..") != std::string::npos)
      fail(file, metrics, "metrics", "expected dotted paths into the report, got '" + m + "'");
  s.points = 1;
  for (const SweepDimension& d : s.dims) {
    const int64_t n = static_cast<int64_t>(d.values.size());
    if (s.points > kMaxSweepPoints / n)
      fail(file, root, "parameters",
           "the sweep has more than max_sweep_points = " + std::to_string(kMaxSweepPoints) +
               " points (split it into several sweeps)");
    s.points *= n;
  }
  return s;
}

SweepSpec read_sweep_file(const std::string& file) {
  std::error_code ec;
  if (fs::is_directory(file, ec)) throw core::InputError(file + ": is a folder, not a sweep file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw core::InputError(file + ": cannot read file");
  std::string text(kMaxSweepFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxSweepFileBytes)
    throw core::InputError(
        file + ": larger than max_sweep_file_bytes = " + std::to_string(kMaxSweepFileBytes));
  return parse_sweep(text, file);
}

}  // namespace cimsim::app
