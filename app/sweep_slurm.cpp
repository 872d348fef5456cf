#include "app/sweep_slurm.h"

#include <fstream>
#include <sstream>

#include "sim/core/atomic_output.h"
#include "sim/core/errors.h"

namespace cimsim::app {

namespace fs = std::filesystem;

namespace {

// Single-quoted for the shell.
std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

bool slurm_safe(const std::string& s) {
  for (char c : s)
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.' ||
          c == ','))
      return false;
  return true;
}

}  // namespace

std::string write_slurm_job(const SweepSpec& spec, const std::vector<SweepPoint>& points,
                            const std::vector<size_t>& todo, const fs::path& out,
                            const SlurmOptions& opts) {
  if (!slurm_safe(opts.partition))
    throw core::InputError("--partition: expected a Slurm partition name, got '" + opts.partition +
                           "'");
  if (!slurm_safe(opts.time))
    throw core::InputError("--time: expected a Slurm time such as 01:00:00, got '" + opts.time +
                           "'");
  const fs::path dir = fs::absolute(out).lexically_normal() / "slurm";
  const fs::path script = dir / "job.sh";
  if (todo.empty()) return script.string();
  std::ostringstream list;
  list << "# cimsim sweep " << spec.file << ": the points of the job array, " << opts.chunk
       << " per task (index key)\nchunk " << opts.chunk << "\n";
  for (size_t i : todo) list << points[i].index << " " << points[i].key << "\n";
  core::write_file_atomically((dir / "points.txt").string(), list.str());

  const int64_t tasks = (static_cast<int64_t>(todo.size()) + opts.chunk - 1) / opts.chunk;
  const std::string self = fs::read_symlink("/proc/self/exe").string();
  std::ostringstream sh;
  sh << "#!/bin/bash\n"
     << "# Written by `cimsim sweep --slurm`: " << todo.size() << " points of " << spec.file << ", "
     << opts.chunk << " per array task.\n"
     << "# Submit with `sbatch " << script.string() << "`, merge with `cimsim sweep " << spec.file
     << " --out " << out.string() << " --collect`.\n"
     << "#SBATCH --job-name=cimsim-" << fs::path(spec.file).stem().string() << "\n"
     << "#SBATCH --array=0-" << tasks - 1 << "\n"
     << "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n"
     << "#SBATCH --output=" << (dir / "task-%a.log").string() << "\n";
  if (!opts.partition.empty()) sh << "#SBATCH --partition=" << opts.partition << "\n";
  if (!opts.time.empty()) sh << "#SBATCH --time=" << opts.time << "\n";
  sh << "cd " << sh_quote(fs::current_path().string()) << " || exit 1\n"
     << "exec " << sh_quote(self) << " sweep " << sh_quote(fs::absolute(spec.file).string())
     << " --out " << sh_quote(fs::absolute(out).lexically_normal().string())
     << " --quiet --task \"$SLURM_ARRAY_TASK_ID\"\n";
  core::write_file_atomically(script.string(), sh.str());
  fs::permissions(script, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
  return script.string();
}

std::vector<size_t> slurm_task_points(const std::vector<SweepPoint>& points, const fs::path& out,
                                      int64_t task) {
  const fs::path list = out / "slurm" / "points.txt";
  std::ifstream in(list);
  if (!in) throw core::InputError(list.string() + ": cannot read file (run --slurm first)");
  int64_t chunk = 0;
  std::vector<std::pair<int64_t, std::string>> entries;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    if (line.rfind("chunk ", 0) == 0) {
      std::string word;
      ls >> word >> chunk;
      continue;
    }
    int64_t index = -1;
    std::string key;
    ls >> index >> key;
    entries.emplace_back(index, key);
  }
  if (chunk < 1) throw core::InputError(list.string() + ": chunk: missing");
  const int64_t first = task * chunk;
  if (task < 0 || first >= static_cast<int64_t>(entries.size()))
    throw core::InputError("--task: " + std::to_string(task) + " is past the " +
                           std::to_string(entries.size()) + " points of " + list.string());
  std::vector<size_t> out_points;
  for (int64_t e = first; e < first + chunk && e < static_cast<int64_t>(entries.size()); ++e) {
    const auto& [index, key] = entries[static_cast<size_t>(e)];
    if (index < 0 || index >= static_cast<int64_t>(points.size()) ||
        points[static_cast<size_t>(index)].key != key)
      throw core::InputError(list.string() + ": point " + std::to_string(index) +
                             " is no longer the one the sweep file gives (the sweep or a config "
                             "changed since --slurm; write the job again)");
    out_points.push_back(static_cast<size_t>(index));
  }
  return out_points;
}

}  // namespace cimsim::app
