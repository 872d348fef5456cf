#pragma once
// `cimsim sweep FILE --slurm`: a Slurm job array over a sweep's unfinished points. The script
// and the list of points it covers live in <out>/slurm/; array task I runs points
// [I*K, I*K+K) of that list (`cimsim sweep FILE --out OUT --task I`), each filed in
// <out>/points/ like a local run; `--collect` then merges them into <out>/sweep.csv.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "app/sweep_points.h"

namespace cimsim::app {

struct SlurmOptions {
  std::string partition;  // "" = the cluster's default
  std::string time;       // "" = the partition's default
  int64_t chunk = 10;     // points per array task
};

// Writes <out>/slurm/points.txt (the unfinished points `todo`, with their keys) and
// <out>/slurm/job.sh; returns the script's path. With nothing to do, writes nothing.
std::string write_slurm_job(const SweepSpec& spec, const std::vector<SweepPoint>& points,
                            const std::vector<size_t>& todo, const std::filesystem::path& out,
                            const SlurmOptions& opts);

// The points array task `task` runs (indices into `points`). Throws InputError when the list is
// missing, the task is out of range or the sweep file no longer gives those points.
std::vector<size_t> slurm_task_points(const std::vector<SweepPoint>& points,
                                      const std::filesystem::path& out, int64_t task);

}  // namespace cimsim::app
