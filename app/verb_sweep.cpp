// `cimsim sweep SWEEP.yaml -j N`: every point of a sweep (app/sweep_spec.h) as its own `cimsim
// run` (or `cimsim macro`) process, N at a time, into one CSV. Resumable: each point is filed
// under a hash of its resolved config in <out>/points/<key>.json, finished points are reused,
// and SIGINT/SIGTERM leave a consistent CSV (unfinished points "pending") that a rerun
// completes. `--slurm` writes a job-array script whose tasks run the unfinished points
// (`--task`), `--collect` merges what they wrote.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli_common.h"
#include "app/files.h"
#include "app/sweep_points.h"
#include "app/sweep_slurm.h"
#include "app/verbs.h"
#include "sim/core/atomic_output.h"
#include "sim/core/errors.h"
#include "sim/report/sweep_html.h"

namespace cimsim::app {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

volatile sig_atomic_t g_stop = 0;
void on_stop_signal(int) { g_stop = 1; }

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// The folder of a sweep: refuses one that exists and is not a sweep's.
void check_sweep_dir(const fs::path& out) {
  std::error_code ec;
  if (!fs::exists(out, ec)) return;
  if (!fs::is_directory(out, ec))
    throw core::InputError(out.string() + ": exists and is not a folder (choose another --out)");
  if (!fs::is_empty(out, ec) && !fs::exists(out / "points") && !fs::exists(out / "sweep.csv"))
    throw core::InputError(out.string() +
                           ": exists and is not a sweep's folder (no points/ or sweep.csv); "
                           "choose another --out");
}

// Locks <out>/.sweep.lock until the process exits: exclusively for a local sweep, --slurm and
// --collect, shared for array tasks (which run distinct points side by side). A second sweep
// on the same folder is refused instead of running the same points twice.
void lock_sweep_dir(const fs::path& out, bool shared) {
  const std::string path = (out / ".sweep.lock").string();
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw core::InputError(path + ": cannot open the sweep's lock file");
  if (flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0)
    throw core::InputError(out.string() +
                           ": another cimsim sweep is running in this folder (a local sweep or "
                           "the array tasks of --slurm); wait for it or choose another --out");
}

// Creates <out>/points, locks the folder (lock_sweep_dir) and, unless shared, removes the
// leftovers of points that were running when a sweep was killed (array tasks leave them: other
// tasks may be running those).
void prepare_sweep_dir(const fs::path& out, bool shared) {
  std::error_code ec;
  fs::create_directories(out / "points", ec);
  if (ec) throw core::InputError(out.string() + "/points: cannot create folder: " + ec.message());
  lock_sweep_dir(out, shared);
  if (shared) return;
  for (const auto& e : fs::directory_iterator(out / "points", ec)) {
    // .run-KEY, .log-KEY, a killed point's ..run-KEY.staging-PID and ..run-KEY.lock (its
    // --out staging folder and lock, core/atomic_output.h), a killed .err's .tmp-PID.
    const std::string n = e.path().filename().string();
    if (n.rfind(".run-", 0) == 0 || n.rfind("..run-", 0) == 0 || n.rfind(".log-", 0) == 0 ||
        n.find(".tmp-") != n.npos)
      fs::remove_all(e.path(), ec);
  }
}

// Removes what the ended point `key` may leave in points_dir: its --out folder and log, and,
// when it was killed while writing, that folder's staging folder and lock file.
void remove_point_leftovers(const fs::path& points_dir, const std::string& key) {
  std::error_code ec;
  const fs::path run = points_dir / (".run-" + key);
  fs::remove_all(run, ec);
  fs::remove(points_dir / (".log-" + key), ec);
  core::remove_stale_output(run.string());
}

// Reads a point's stored result (ok or failed); leaves it Pending when there is none.
void load_point(const SweepSpec& spec, const fs::path& points_dir, SweepPoint& p) {
  const fs::path json = points_dir / (p.key + ".json");
  std::error_code ec;
  if (fs::is_regular_file(json, ec)) {
    try {
      const nlohmann::json report = nlohmann::json::parse(slurp(json));
      p.metric_values.clear();
      for (const std::string& m : spec.metrics) p.metric_values.push_back(report_metric(report, m));
      p.state = PointState::Ok;
      return;
    } catch (const nlohmann::json::exception&) {
      fs::remove(json, ec);  // a damaged point file is run again
    }
  }
  const fs::path err = points_dir / (p.key + ".err");
  if (fs::is_regular_file(err, ec)) {
    p.state = PointState::Failed;
    p.error = trim(slurp(err));
  }
}

struct Progress {
  bool quiet = false;
  bool tty = false;
  size_t total = 0, reused = 0, to_run = 0, ran = 0, failed = 0;
  Clock::time_point start = Clock::now(), last_line = start;
  void show(bool final_line) {
    if (quiet) return;
    const auto now = Clock::now();
    if (!tty && !final_line && now - last_line < std::chrono::seconds(10)) return;
    last_line = now;
    const double elapsed = std::chrono::duration<double>(now - start).count();
    std::ostringstream os;
    os << "sweep: " << reused + ran << "/" << total << " points done";
    if (reused) os << " (" << reused << " reused)";
    os << ", " << failed << " failed";
    if (ran > 0 && ran < to_run) {
      const long eta = std::lround(elapsed / ran * (to_run - ran));
      os << ", ETA " << eta / 60 << ":" << (eta % 60 < 10 ? "0" : "") << eta % 60;
    }
    os << ", " << std::lround(elapsed) << " s";
    std::cerr << (tty ? "\r" : "") << os.str() << (tty && !final_line ? "   " : "\n") << std::flush;
  }
};

// Starts this binary with `args` (after argv[0]): stdout to /dev/null, stderr to `log`.
pid_t spawn(const std::vector<std::string>& args, const std::string& log) {
  const std::string self = fs::read_symlink("/proc/self/exe").string();
  std::vector<std::string> argv = {self};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid = fork();
  if (pid == 0) {
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (freopen(log.c_str(), "w", stderr) == nullptr) _exit(127);
    if (freopen("/dev/null", "w", stdout) == nullptr) _exit(127);
    std::vector<char*> cargs;
    cargs.reserve(argv.size() + 1);
    for (std::string& a : argv) cargs.push_back(a.data());
    cargs.push_back(nullptr);
    execv(self.c_str(), cargs.data());
    _exit(127);
  }
  if (pid < 0) throw std::runtime_error("sweep: fork failed");
  return pid;
}

// Runs `todo` (indices into points), `jobs` at a time, each child writing into
// points_dir/.run-<key>; files the results as points_dir/<key>.json or .err. Returns false when
// stopped by a signal (the unfinished points stay Pending). `on_done` runs after each point.
template <class OnDone>
bool run_points(const SweepSpec& spec, std::vector<SweepPoint>& points,
                const std::vector<size_t>& todo, const fs::path& points_dir, int jobs,
                Progress& progress, OnDone on_done) {
  std::map<pid_t, size_t> running;
  size_t next = 0;
  while ((next < todo.size() && !g_stop) || !running.empty()) {
    while (!g_stop && running.size() < static_cast<size_t>(jobs) && next < todo.size()) {
      const SweepPoint& p = points[todo[next]];
      std::vector<std::string> args = p.args;
      args.insert(args.end(), {"--out", (points_dir / (".run-" + p.key)).string()});
      const pid_t pid = spawn(args, (points_dir / (".log-" + p.key)).string());
      running[pid] = todo[next++];
    }
    if (running.empty()) break;
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno != EINTR) throw std::runtime_error("sweep: waitpid failed");
      if (g_stop)  // pass the stop on (a signal sent to this process alone)
        for (const auto& r : running) kill(r.first, SIGTERM);
      continue;
    }
    auto it = running.find(pid);
    if (it == running.end()) continue;
    SweepPoint& p = points[it->second];
    running.erase(it);
    const fs::path run_dir = points_dir / (".run-" + p.key);
    const fs::path log = points_dir / (".log-" + p.key);
    std::error_code ec;
    const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    const bool killed =
        WIFSIGNALED(status) && (WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGTERM);
    if (ok) {
      fs::rename(run_dir / point_report_name(spec), points_dir / (p.key + ".json"), ec);
      fs::remove(points_dir / (p.key + ".err"), ec);
      load_point(spec, points_dir, p);
    } else if (!killed) {
      std::string err = trim(slurp(log));
      if (err.empty())
        err = WIFSIGNALED(status) ? "killed by signal " + std::to_string(WTERMSIG(status))
                                  : "exit code " + std::to_string(WEXITSTATUS(status));
      core::write_file_atomically((points_dir / (p.key + ".err")).string(), err + "\n");
      p.state = PointState::Failed;
      p.error = err;
    }
    remove_point_leftovers(points_dir, p.key);
    if (!killed) {
      ++progress.ran;
      if (p.state == PointState::Failed) ++progress.failed;
    }
    on_done();
    progress.show(false);
  }
  return !g_stop;
}

// Runs the first point's configuration on a tiny network (or its macro) and checks the metric
// paths against the report, before any point runs. Returns false (with a note) when the probe
// itself cannot run: the paths are then not checked up front.
bool probe_metrics(const SweepSpec& spec, const SweepPoint& first, bool quiet) {
  std::string tmpl = (fs::temp_directory_path() / "cimsim-sweep-probe-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("sweep: cannot create a temporary folder");
  const fs::path root = tmpl;
  const fs::path dir = root / "run";
  const fs::path net = root / "probe_net.yaml";
  std::vector<std::string> args;
  for (size_t i = 0; i < first.args.size(); ++i) {
    const std::string& a = first.args[i];
    const bool has_value = i + 1 < first.args.size();
    if (!spec.macro && a == "--mapping" && has_value) {
      ++i;  // the mapping is the real network's
    } else if (!spec.macro && (a == "--net" || a == "--images") && has_value) {
      args.insert(args.end(), {a, a == "--net" ? net.string() : "1"});
      ++i;
    } else {
      args.push_back(a);
    }
  }
  if (!spec.macro) core::write_file_atomically(net.string(), probe_network_yaml());
  args.insert(args.end(), {"--out", dir.string()});
  const pid_t pid = spawn(args, (root / "log").string());
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  std::error_code ec;
  bool checked = false;
  if (rc == 0) {
    const nlohmann::json probe =
        nlohmann::json::parse(slurp(dir / point_report_name(spec)), nullptr, false);
    fs::remove_all(root, ec);
    check_metric_paths(spec, probe);
    checked = true;
  }
  fs::remove_all(root, ec);
  if (!checked && !quiet)
    std::cerr << "cimsim sweep: note: the metric paths could not be checked up front (the probe "
                 "run of point "
              << first.index
              << "'s config on a tiny network failed); unknown ones will give "
                 "empty cells\n";
  return checked;
}

}  // namespace

int verb_sweep(int argc, char** argv) {
  namespace po = boost::program_options;
  std::string file, out, partition, time_limit;
  int jobs = 1;
  int64_t task = -1, chunk = 10;
  bool quiet = false, slurm = false, collect = false;
  po::options_description desc(
      "A sweep file (paths relative to it; README.md, Sweeps):\n"
      "  config: isscc28nm | [a.yaml, b.yaml]    net: vgg8 | nets: [vgg8, resnet18]\n"
      "  study: run | macro                      images/parallelism/seed/mapping: fixed values\n"
      "  parameters: {key.path: [v1, v2], images: [1, 2]}     (the product)\n"
      "  zip: {chip.tiles_x: [4, 8], chip.tiles_y: [4, 8]}    (stepped together)\n"
      "  metrics: [summary.latency_ns, layers.fc1.cycles]     (report.json paths)\n"
      "Finished points are reused (<out>/points/<key>.json); Ctrl-C keeps them.\n\n"
      "cimsim sweep options");
  desc.add_options()("help,h", "print this help")(
      "sweep", po::value(&file)->value_name("SWEEP.yaml"), "the sweep description")(
      "jobs,j", po::value(&jobs)->value_name("N"), "runs at a time (default 1)")(
      "out", po::value(&out)->value_name("DIR"),
      "output folder (default results/sweep-<file stem>)")("quiet", po::bool_switch(&quiet),
                                                           "print nothing but errors")(
      "slurm", po::bool_switch(&slurm),
      "write a Slurm job-array script for the unfinished points (<out>/slurm/job.sh)")(
      "partition", po::value(&partition)->value_name("P"), "with --slurm: the partition")(
      "time", po::value(&time_limit)->value_name("T"),
      "with --slurm: each task's time limit (Slurm syntax, e.g. 00:30:00)")(
      "chunk", po::value(&chunk)->value_name("K"),
      "with --slurm: points per array task (default 10)")(
      "collect", po::bool_switch(&collect),
      "merge the points the array tasks wrote into <out>/sweep.csv (runs nothing)")(
      "task", po::value(&task)->value_name("I"),
      "run array task I of the --slurm script (what job.sh calls)");
  po::positional_options_description pos;
  pos.add("sweep", 1);
  po::variables_map vm;
  if (!parse_verb_options(argc, argv, desc, &pos, vm,
                          "cimsim sweep SWEEP.yaml [-j N] [--out DIR] [--slurm [--partition P] "
                          "[--time T] [--chunk K] | --collect]"))
    return 0;
  if (file.empty())
    throw core::InputError("sweep: a SWEEP.yaml file is required (see cimsim sweep --help)");
  if (jobs < 1 || jobs > 256)
    throw core::InputError("--jobs: expected 1..256, got " + std::to_string(jobs));
  if (chunk < 1 || chunk > kMaxSweepPoints)
    throw core::InputError("--chunk: expected 1.." + std::to_string(kMaxSweepPoints) + ", got " +
                           std::to_string(chunk));
  if (int(slurm) + int(collect) + int(task >= 0) > 1)
    throw core::InputError("sweep: --slurm, --collect and --task exclude each other");
  if (!slurm && (vm.count("partition") || vm.count("time")))
    throw core::InputError("sweep: --partition and --time go with --slurm");

  const SweepSpec spec = read_sweep_file(file);
  std::vector<SweepPoint> points = resolve_sweep_points(spec);  // every point checked
  const fs::path out_dir = out.empty() ? "results/sweep-" + fs::path(file).stem().string() : out;
  check_sweep_dir(out_dir);
  const fs::path points_dir = out_dir / "points";
  const fs::path csv_path = out_dir / "sweep.csv";
  for (SweepPoint& p : points) load_point(spec, points_dir, p);

  Progress progress;
  progress.quiet = quiet;
  progress.tty = isatty(STDERR_FILENO);
  progress.total = points.size();
  std::vector<size_t> todo;
  for (size_t i = 0; i < points.size(); ++i) {
    if (points[i].state == PointState::Ok)
      ++progress.reused;
    else
      todo.push_back(i);
  }

  if (slurm) {
    if (!todo.empty()) probe_metrics(spec, points[todo.front()], quiet);
    prepare_sweep_dir(out_dir, false);
    const SlurmOptions so{partition, time_limit, chunk};
    const std::string script = write_slurm_job(spec, points, todo, out_dir, so);
    if (!quiet) {
      if (todo.empty())
        std::cout << "sweep: all " << points.size() << " points are done; nothing to submit ("
                  << "cimsim sweep " << file << " --collect writes the CSV)\n";
      else
        std::cout << "sweep: " << todo.size() << " of " << points.size() << " points to run in "
                  << (todo.size() + chunk - 1) / chunk << " array tasks; submit with\n  sbatch "
                  << script << "\nthen merge with\n"
                  << "  cimsim sweep " << file << " --out " << out_dir.string() << " --collect\n";
    }
    return 0;
  }

  std::vector<size_t> task_points;
  if (task >= 0) task_points = slurm_task_points(points, out_dir, task);

  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  bool finished = true;
  if (collect) {
    prepare_sweep_dir(out_dir, false);
  }
  if (!collect) {
    std::vector<size_t> run = task >= 0 ? std::vector<size_t>() : todo;
    if (task >= 0)
      for (size_t i : task_points)
        if (points[i].state != PointState::Ok) run.push_back(i);
    if (!run.empty()) probe_metrics(spec, points[run.front()], quiet);
    prepare_sweep_dir(out_dir, task >= 0);
    progress.to_run = run.size();
    auto last_csv = Clock::now();
    // When the first points all fail, say why at once rather than after the whole sweep.
    const size_t early = std::min<size_t>(run.size(), 4);
    bool warned = false;
    finished = run_points(spec, points, run, points_dir, jobs, progress, [&] {
      if (!warned && run.size() > early && progress.ran == early && progress.failed == early) {
        warned = true;
        for (size_t i : run)
          if (points[i].state == PointState::Failed) {
            std::cerr << (progress.tty ? "\n" : "") << "cimsim sweep: the first " << early
                      << " points all failed; point " << points[i].index
                      << " says: " << points[i].error << "\n";
            break;
          }
      }
      if (task < 0 && Clock::now() - last_csv > std::chrono::seconds(1)) {
        core::write_file_atomically(csv_path.string(), sweep_csv(spec, points));
        last_csv = Clock::now();
      }
    });
    if (!run.empty()) progress.show(true);
  }
  if (task >= 0) {  // an array task writes its points only; --collect writes the CSV
    size_t bad = 0;
    for (size_t i : task_points) bad += points[i].state != PointState::Ok;
    if (!finished) return 130;
    return bad ? 1 : 0;
  }
  const std::string csv = sweep_csv(spec, points);
  core::write_file_atomically(csv_path.string(), csv);
  core::write_file_atomically((out_dir / "sweep.html").string(),
                              report::sweep_html(csv, fs::path(file).stem().string()));

  size_t ok = 0, failed = 0, pending = 0;
  const SweepPoint* first_failed = nullptr;
  for (const SweepPoint& p : points) {
    ok += p.state == PointState::Ok;
    pending += p.state == PointState::Pending;
    if (p.state == PointState::Failed) {
      ++failed;
      if (!first_failed) first_failed = &p;
    }
  }
  if (!finished) {
    std::cerr << "cimsim sweep: interrupted: " << ok + failed << " of " << points.size()
              << " points done, " << csv_path.string()
              << " holds them (the rest are pending); run the same command again to finish\n";
    return 130;
  }
  if (ok == 0 && failed > 0) {
    std::cerr << "cimsim sweep: every point failed; point " << first_failed->index
              << " says: " << first_failed->error << "\n";
    return 1;
  }
  if (!quiet) std::cout << csv << "\n  results: " << csv_path.string() << "\n";
  if (pending) {
    std::cerr << "cimsim sweep: " << pending << " of " << points.size()
              << " points are not finished (their array tasks have not written them yet); "
                 "resubmit with --slurm\n";
    return 1;
  }
  if (failed) {
    std::cerr << "cimsim sweep: " << failed << " of " << points.size()
              << " points failed (see the status column); the first, point " << first_failed->index
              << ": " << first_failed->error << "\n";
    return 1;
  }
  return 0;
}

}  // namespace cimsim::app
