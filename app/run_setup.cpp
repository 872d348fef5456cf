#include "app/run_setup.h"

#include <fstream>
#include <sstream>

#include "app/run_names.h"
#include "mapper/mapper.h"
#include "sim/core/errors.h"
#include "sim/pe/pe_cost_from.h"
#include "sim/workload/workloads_dir.h"

namespace cimsim::app {

namespace po = boost::program_options;

void add_run_input_options(po::options_description& desc, RunInputs& in) {
  desc.add_options()("net", po::value(&in.net)->value_name("NAME|FILE"),
                     "network: a bundled name (workloads/NAME.yaml) or a YAML file")(
      "mapping", po::value(&in.mapping)->value_name("FILE"),
      "run a saved or hand-edited mapping.yaml")(
      "parallelism", po::value(&in.parallelism)->value_name("P"),
      "pipeline|data|model|tensor|hybrid (default: the config's mapping.parallelism)")(
      "workloads", po::value(&in.workloads)->value_name("DIR"), "folder of bundled networks");
}

RunSetup prepare_run(const CommonOptions& opts, const RunInputs& in) {
  if (opts.config.empty()) throw core::InputError("--config FILE is required");
  if (in.net.empty()) throw core::InputError("--net NAME|FILE is required");
  std::vector<std::string> sets = opts.sets;
  if (!in.parallelism.empty()) sets.push_back("mapping.parallelism=" + in.parallelism);
  RunSetup s;
  s.cfg = chip::load_chip_config(opts.config, sets);
  s.net = workload::load_network(
      in.net, in.workloads.empty() ? workload::find_workloads_dir() : in.workloads);
  s.pe = pe::pe_cost_from(s.cfg.pe);
  const std::unique_ptr<mapper::Mapper> strategy =
      mapper::make_mapper(s.cfg.mapping.parallelism, "mapping.parallelism");
  const mapper::MapperTarget target{s.cfg.chip, s.pe, s.cfg.noc, s.cfg.mapping};
  s.net = strategy->prepare(s.net, target);
  if (in.mapping.empty()) {
    mapper::MapperResult r = strategy->map(s.net, target);
    s.mapping = std::move(r.mapping);
    s.levels = r.levels;
    s.plan_estimate = std::move(r.plan);
  } else {
    std::ifstream f(in.mapping, std::ios::binary);
    if (!f) throw core::InputError(in.mapping + ": cannot read file");
    std::stringstream ss;
    ss << f.rdbuf();
    s.mapping = mapper::mapping_from_yaml(ss.str(), in.mapping, s.net, s.cfg.chip, s.pe);
  }
  s.mapping_yaml = mapper::mapping_to_yaml(s.mapping, s.net);
  s.plan = chip::build_plan(s.net, s.mapping, s.cfg.chip, s.pe);
  s.run_name = s.cfg.chip.name + "-" + s.net.name;
  if (!in.mapping.empty()) sets.push_back("--mapping=" + in.mapping);
  s.out_dir = opts.out.empty() ? default_results_dir(s.run_name, sets) : opts.out;
  return s;
}

}  // namespace cimsim::app
