// `cimsim sweep SWEEP.yaml -j N`: the cartesian product of parameter values, one `cimsim run`
// process per point (SystemC elaborates once per process), N at a time, merged into one CSV.
//
//   config: configs/isscc28nm.yaml     # relative paths are relative to the sweep file
//   nets: [resnet18, vgg8]             # or `net: resnet18`
//   images: 2                          # optional
//   parameters:                        # key path -> list of values (the product is swept)
//     chip.dram.bandwidth_GBps: [12.8, 25.6]
//     chip.tile.pe.array.input_bits: [4, 8]
//   metrics: [summary.latency_ns, summary.tops_per_w]   # optional: report.json paths
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "app/cli_common.h"
#include "app/verbs.h"
#include "sim/core/atomic_output.h"
#include "sim/core/errors.h"

namespace cimsim::app {

namespace {

namespace fs = std::filesystem;

struct SweepSpec {
  std::string config;
  std::vector<std::string> nets;
  int64_t images = 2;
  std::vector<std::pair<std::string, std::vector<std::string>>> params;
  std::vector<std::string> metrics = {
      "summary.latency_ns",          "summary.throughput_images_per_s",
      "summary.energy_per_image_uJ", "summary.tops",
      "summary.tops_per_w",          "summary.area_mm2",
      "summary.tops_per_mm2",        "summary.reload_groups"};
};

[[noreturn]] void fail(const std::string& file, const YAML::Node& n, const std::string& key,
                       const std::string& msg) {
  core::fail_input(core::Origin{file, n.Mark().is_null() ? 0 : n.Mark().line + 1}, key, msg);
}

std::vector<std::string> scalars(const std::string& file, const YAML::Node& n,
                                 const std::string& key) {
  std::vector<std::string> out;
  if (n.IsScalar()) return {n.Scalar()};
  if (!n.IsSequence() || n.size() == 0)
    fail(file, n, key, "expected a value or a non-empty list of values");
  for (const YAML::Node& v : n) {
    if (!v.IsScalar()) fail(file, v, key, "expected scalar values");
    out.push_back(v.Scalar());
  }
  return out;
}

SweepSpec read_spec(const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    throw core::InputError(file + ": cannot read file");
  } catch (const YAML::ParserException& e) {
    core::fail_input(core::Origin{file, e.mark.line + 1}, "", "YAML syntax error: " + e.msg);
  }
  if (!root.IsMap()) fail(file, root, "", "expected a mapping with config, net(s) and parameters");
  SweepSpec s;
  const fs::path dir = fs::path(file).parent_path();
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string k = it->first.Scalar();
    const YAML::Node v = it->second;
    if (k == "config") {
      if (!v.IsScalar()) fail(file, v, k, "expected a file name");
      s.config = fs::path(v.Scalar()).is_absolute()
                     ? v.Scalar()
                     : (dir / v.Scalar()).lexically_normal().string();
    } else if (k == "net" || k == "nets") {
      s.nets = scalars(file, v, k);
    } else if (k == "images") {
      try {
        s.images = v.as<int64_t>();
      } catch (const YAML::Exception&) {
        fail(file, v, k, "expected an integer");
      }
      if (s.images < 1) fail(file, v, k, "expected at least 1");
    } else if (k == "parameters") {
      if (!v.IsMap()) fail(file, v, k, "expected key.path: [values]");
      for (auto p = v.begin(); p != v.end(); ++p)
        s.params.emplace_back(p->first.Scalar(),
                              scalars(file, p->second, k + "." + p->first.Scalar()));
    } else if (k == "metrics") {
      s.metrics = scalars(file, v, k);
    } else {
      fail(file, it->first, k,
           "unknown key (expected config, net, nets, images, parameters, metrics)");
    }
  }
  if (s.config.empty())
    fail(file, root, "config", "missing required key (the chip config to sweep)");
  if (s.nets.empty()) fail(file, root, "net", "missing required key (a network name or file)");
  return s;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string csv_field(std::string v) {
  if (v.find_first_of(",\"\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c == '\n' ? ' ' : c);
  return out + "\"";
}

// `a.b.c` inside a report; empty when absent.
std::string metric(const nlohmann::json& j, const std::string& path) {
  const nlohmann::json* cur = &j;
  std::stringstream ss(path);
  for (std::string part; std::getline(ss, part, '.');) {
    if (!cur->is_object() || !cur->contains(part)) return "";
    cur = &(*cur)[part];
  }
  return cur->is_string() ? cur->get<std::string>() : cur->dump();
}

}  // namespace

int verb_sweep(int argc, char** argv) {
  namespace po = boost::program_options;
  std::string file, out;
  int jobs = 1;
  bool quiet = false;
  po::options_description desc("cimsim sweep options");
  desc.add_options()("help,h", "print this help")(
      "sweep", po::value(&file)->value_name("SWEEP.yaml"), "the sweep description")(
      "jobs,j", po::value(&jobs)->value_name("N"), "runs at a time (default 1)")(
      "out", po::value(&out)->value_name("DIR"),
      "output folder (default results/sweep-<file stem>)")("quiet", po::bool_switch(&quiet),
                                                           "print nothing but errors");
  po::positional_options_description pos;
  pos.add("sweep", 1);
  po::variables_map vm;
  if (!parse_verb_options(argc, argv, desc, &pos, vm, "cimsim sweep SWEEP.yaml [-j N] [--out DIR]"))
    return 0;
  if (file.empty())
    throw core::InputError("sweep: a SWEEP.yaml file is required (see cimsim sweep --help)");
  if (jobs < 1 || jobs > 256)
    throw core::InputError("--jobs: expected 1..256, got " + std::to_string(jobs));
  const SweepSpec spec = read_spec(file);
  if (out.empty()) out = "results/sweep-" + fs::path(file).stem().string();

  // The points: every net x the product of the parameter lists, in file order.
  std::vector<std::vector<std::string>> points = {{}};
  for (const auto& [key, values] : spec.params) {
    std::vector<std::vector<std::string>> next;
    const std::string key_eq = key + "=";
    for (const auto& p : points)
      for (const std::string& v : values) {
        next.push_back(p);
        next.back().push_back(key_eq + v);
      }
    points = std::move(next);
  }
  struct Point {
    std::string net;
    std::vector<std::string> sets;
    std::string dir;
    int status = -1;
  };
  std::vector<Point> runs;
  for (const std::string& net : spec.nets)
    for (const auto& p : points) runs.push_back({net, p, "", -1});
  const fs::path points_dir = fs::path(out + ".points-" + std::to_string(::getpid()));
  fs::create_directories(points_dir);
  for (size_t i = 0; i < runs.size(); ++i)
    runs[i].dir = (points_dir / ("point-" + std::to_string(i))).string();

  // Run them, `jobs` at a time; each child is this binary's `run` verb.
  const std::string self = fs::read_symlink("/proc/self/exe").string();
  std::map<pid_t, size_t> running;
  size_t next = 0, done = 0;
  while (done < runs.size()) {
    while (running.size() < static_cast<size_t>(jobs) && next < runs.size()) {
      const Point& p = runs[next];
      std::vector<std::string> args = {self,      "run",   "--config", spec.config,
                                       "--net",   p.net,   "--images", std::to_string(spec.images),
                                       "--quiet", "--out", p.dir};
      for (const std::string& s : p.sets) args.insert(args.end(), {"--set", s});
      const pid_t pid = fork();
      if (pid == 0) {
        const std::string log = p.dir + ".log";
        if (freopen(log.c_str(), "w", stderr) == nullptr) _exit(127);
        std::vector<char*> cargs;
        cargs.reserve(args.size() + 1);
        for (std::string& a : args) cargs.push_back(a.data());
        cargs.push_back(nullptr);
        execv(self.c_str(), cargs.data());
        _exit(127);
      }
      if (pid < 0) throw std::runtime_error("sweep: fork failed");
      running[pid] = next++;
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) throw std::runtime_error("sweep: waitpid failed");
    auto it = running.find(pid);
    if (it == running.end()) continue;
    runs[it->second].status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    running.erase(it);
    if (!quiet)
      std::cerr << "sweep: " << ++done << "/" << runs.size() << " done\r";
    else
      ++done;
  }
  if (!quiet) std::cerr << "\n";

  // Merge: one row per point, the parameters, the status, then the metrics.
  std::ostringstream csv;
  csv << "point,net";
  for (const auto& [key, values] : spec.params) csv << "," << csv_field(key);
  csv << ",status";
  for (const std::string& m : spec.metrics) csv << "," << csv_field(m);
  csv << "\n";
  int failed = 0;
  std::vector<core::OutputFile> files;
  for (size_t i = 0; i < runs.size(); ++i) {
    const Point& p = runs[i];
    csv << i << "," << csv_field(p.net);
    for (const std::string& s : p.sets) csv << "," << csv_field(s.substr(s.find('=') + 1));
    std::string status = "ok";
    nlohmann::json report;
    if (p.status != 0) {
      ++failed;
      std::string err = slurp(p.dir + ".log");
      while (!err.empty() && err.back() == '\n') err.pop_back();
      status = "error: " + err;
    } else {
      report = nlohmann::json::parse(slurp(fs::path(p.dir) / "report.json"));
      files.push_back({"point-" + std::to_string(i) + ".json", report.dump(2) + "\n"});
    }
    csv << "," << csv_field(status);
    for (const std::string& m : spec.metrics)
      csv << "," << csv_field(p.status == 0 ? metric(report, m) : "");
    csv << "\n";
  }
  files.insert(files.begin(), core::OutputFile{"sweep.csv", csv.str()});
  core::write_folder_atomically(out, files);
  std::error_code ec;
  fs::remove_all(points_dir, ec);
  if (!quiet) std::cout << csv.str() << "\n  results: " << out << "/sweep.csv\n";
  if (failed) {
    std::cerr << "cimsim sweep: " << failed << " of " << runs.size()
              << " points failed (see the status column)\n";
    return 1;
  }
  return 0;
}

}  // namespace cimsim::app
