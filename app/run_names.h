#pragma once
// Names a run is looked up or filed under: `--config NAME` (a bundled config in configs/) and the
// default results folder (results/<chip>-<net>[-<hash of the overrides>]).
#include <cstdint>
#include <string>
#include <vector>

namespace cimsim::app {

// `--config` as given when it names an existing file; otherwise a bare NAME (no '/') is looked
// up as configs/NAME and configs/NAME.yaml, configs/ being the sibling of the workloads folder
// (workload::find_workloads_dir) or ./configs. Throws InputError listing the bundled configs
// when nothing matches.
std::string resolve_config_name(const std::string& name);

// The bundled configs folder ("" when none is found).
std::string find_configs_dir();

// 64-bit FNV-1a of `text`, and its first `digits` hex digits.
uint64_t fnv1a64(const std::string& text);
std::string short_hash(const std::string& text, int digits = 8);

// results/<run_name> when nothing overrides the config file, else
// results/<run_name>-<8 hex digits of the overrides (each --set, --parallelism, --mapping)>.
std::string default_results_dir(const std::string& run_name,
                                const std::vector<std::string>& overrides);

// A default results folder is never silently replaced by a run of a different resolved config:
// when `dir`/config.resolved.yaml exists and differs from `resolved_yaml`, throws InputError
// (use --force or --out) unless `force`.
void guard_default_results_dir(const std::string& dir, const std::string& resolved_yaml,
                               bool force);

}  // namespace cimsim::app
