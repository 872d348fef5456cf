#include "app/sweep_points.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "app/build_id.h"
#include "app/files.h"
#include "app/run_names.h"
#include "sim/chip/chip_config.h"
#include "sim/core/errors.h"
#include "sim/workload/network.h"
#include "sim/workload/workloads_dir.h"

namespace cimsim::app {

namespace {

namespace fs = std::filesystem;

bool looks_like_path(const std::string& v) {
  const auto ends = [&](const std::string& s) {
    return v.size() >= s.size() && v.compare(v.size() - s.size(), s.size(), s) == 0;
  };
  return v.find('/') != std::string::npos || ends(".yaml") || ends(".yml");
}

std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c == '\n' ? ' ' : c);
  return out + "\"";
}

std::string describe_point(const SweepSpec& spec, const std::vector<std::string>& values) {
  std::string out;
  for (size_t c = 0; c < values.size(); ++c)
    out += (out.empty() ? "" : ", ") + spec.columns[c].key + "=" + values[c];
  return out;
}

}  // namespace

const char* point_report_name(const SweepSpec& spec) {
  return spec.macro ? "macro.json" : "report.json";
}

std::vector<SweepPoint> resolve_sweep_points(const SweepSpec& spec) {
  std::map<std::string, std::string> config_of, net_text_of, mapping_text_of;
  const std::string workloads = spec.macro ? "" : workload::find_workloads_dir();
  std::vector<SweepPoint> out;
  out.reserve(static_cast<size_t>(spec.points));
  for (int64_t i = 0; i < spec.points; ++i) {
    SweepPoint p;
    p.index = i;
    p.values = sweep_point(spec, i);
    const std::string where =
        spec.file + ": point " + std::to_string(i) + " (" + describe_point(spec, p.values) + "): ";
    try {
      std::string config, net, images = "2", seed, parallelism, mapping;
      std::vector<std::string> sets;
      for (size_t c = 0; c < spec.columns.size(); ++c) {
        const std::string& k = spec.columns[c].key;
        const std::string& v = p.values[c];
        if (k == "config") {
          auto it = config_of.find(v);
          if (it == config_of.end()) {
            const std::string rel = sweep_relative(spec, v);
            it = config_of
                     .emplace(v, is_file(rel) || looks_like_path(v) ? rel : resolve_config_name(v))
                     .first;
          }
          config = it->second;
        } else if (k == "net") {
          net = looks_like_path(v) ? sweep_relative(spec, v) : v;
          if (!net_text_of.count(net)) {
            workload::load_network(net, workloads);  // a bad network stops the sweep here
            const fs::path file =
                looks_like_path(v) ? fs::path(net) : fs::path(workloads) / (net + ".yaml");
            net_text_of[net] = slurp(file);
          }
        } else if (k == "images") {
          images = v;
        } else if (k == "seed") {
          seed = v;
        } else if (k == "parallelism") {
          parallelism = v;
        } else if (k == "mapping") {
          mapping = sweep_relative(spec, v);
          if (!mapping_text_of.count(mapping)) {
            if (!is_file(mapping)) throw core::InputError("mapping: cannot read file " + mapping);
            mapping_text_of[mapping] = slurp(mapping);
          }
        } else {
          sets.push_back(k + "=" + v);
        }
      }
      if (!parallelism.empty()) sets.push_back("mapping.parallelism=" + parallelism);
      const chip::ChipConfig cfg = chip::load_chip_config(config, sets);
      // The build is part of a point's identity: a rebuilt cimsim never reuses old points.
      std::string identity = std::string(spec.macro ? "macro" : "run") + "\nbuild=" + build_id() +
                             "\n" + cfg.resolved_yaml();
      if (spec.macro) {
        p.args = {"macro", "--config", config, "--quiet"};
      } else {
        identity += "\nnet:\n" + net_text_of[net] + "\nimages=" + images + "\nseed=" + seed +
                    "\nmapping:\n" + (mapping.empty() ? "" : mapping_text_of[mapping]);
        p.args = {"run", "--config", config, "--net", net, "--images", images, "--quiet"};
        if (!seed.empty()) p.args.insert(p.args.end(), {"--seed", seed});
        if (!mapping.empty()) p.args.insert(p.args.end(), {"--mapping", mapping});
      }
      for (const std::string& s : sets) p.args.insert(p.args.end(), {"--set", s});
      p.key = short_hash(identity, 16);
    } catch (const core::InputError& e) {
      throw core::InputError(where + e.what());
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::string report_metric(const nlohmann::json& report, const std::string& path) {
  const nlohmann::json* cur = &report;
  std::stringstream ss(path);
  for (std::string part; std::getline(ss, part, '.');) {
    if (cur->is_object()) {
      if (!cur->contains(part)) return "";
      cur = &(*cur)[part];
    } else if (cur->is_array()) {
      const nlohmann::json* next = nullptr;
      if (!part.empty() && part.find_first_not_of("0123456789") == std::string::npos &&
          part.size() < 10 && std::stoul(part) < cur->size())
        next = &(*cur)[std::stoul(part)];
      for (const auto& e : *cur)
        if (!next && e.is_object() && e.contains("name") && e["name"] == part) next = &e;
      if (!next) return "";
      cur = next;
    } else {
      return "";
    }
  }
  return cur->is_string() ? cur->get<std::string>() : cur->dump();
}

void check_metric_paths(const SweepSpec& spec, const nlohmann::json& probe_report) {
  for (const std::string& m : spec.metrics) {
    const nlohmann::json* cur = &probe_report;
    std::stringstream ss(m);
    std::string done;
    for (std::string part; std::getline(ss, part, '.');) {
      if (cur->is_array()) {
        if (cur->empty()) break;
        cur = &(*cur)[0];  // any index or name; checked per point
      } else if (cur->is_object() && cur->contains(part)) {
        cur = &(*cur)[part];
      } else {
        std::string keys;
        if (cur->is_object())
          for (auto it = cur->begin(); it != cur->end(); ++it)
            keys += (keys.empty() ? "" : ", ") + it.key();
        throw core::InputError(
            spec.file + ": metrics: '" + m + "' is not in the " + point_report_name(spec) + " (" +
            (done.empty() ? std::string("the top level") : done) +
            (cur->is_object() ? " has: " + keys : std::string(" is a value")) + ")");
      }
      done += (done.empty() ? "" : ".") + part;
    }
  }
}

std::string sweep_csv(const SweepSpec& spec, const std::vector<SweepPoint>& points) {
  std::ostringstream csv;
  csv << "point";
  for (const SweepColumn& c : spec.columns) csv << "," << csv_field(c.key);
  csv << ",status";
  for (const std::string& m : spec.metrics) csv << "," << csv_field(m);
  csv << ",key\n";
  for (const SweepPoint& p : points) {
    csv << p.index;
    for (const std::string& v : p.values) csv << "," << csv_field(v);
    csv << ","
        << csv_field(p.state == PointState::Ok       ? "ok"
                     : p.state == PointState::Failed ? "error: " + p.error
                                                     : "pending");
    for (size_t m = 0; m < spec.metrics.size(); ++m)
      csv << "," << csv_field(p.state == PointState::Ok ? p.metric_values[m] : "");
    csv << "," << p.key << "\n";
  }
  return csv.str();
}

const char* probe_network_yaml() {
  return "name: sweep_probe\n"
         "description: the network of the probe run that checks a sweep's metric paths\n"
         "source: cimsim sweep\n"
         "input: {channels: 3, height: 8, width: 8}\n"
         "layers:\n"
         "  - {name: conv, type: conv2d, out_channels: 8, kernel: 3, padding: 1, bias: false}\n"
         "  - {name: relu, type: relu}\n"
         "  - {name: flat, type: flatten}\n"
         "  - {name: fc, type: linear, out_features: 10, bias: false}\n";
}

}  // namespace cimsim::app
