#include "app/run_setup.h"

#include <fstream>
#include <sstream>

#include "app/run_names.h"
#include "mapper/layer_kinds.h"
#include "mapper/mapper.h"
#include "sim/arch/tile_kinds.h"
#include "sim/core/atomic_output.h"
#include "sim/core/errors.h"
#include "sim/core/input_file.h"
#include "sim/pe/pe_cost_from.h"
#include "sim/workload/sparsity.h"
#include "sim/workload/workloads_dir.h"

namespace cimsim::app {

namespace po = boost::program_options;

namespace {

// Static power of the chip [mW]: PEs, tile buffers and units, global buffer, routers (what
// the run's report charges as leakage, sim/chip/run_report.cpp; transformer units left out).
double chip_leakage_mW(const chip::ChipConfig& cfg, const chip::PeCost& pe) {
  const chip::TileParams& t = cfg.chip.tile;
  const double tile = t.buffer.leakage_mW + t.activation.leakage_mW + t.pooling.leakage_mW +
                      t.residual_add.leakage_mW + t.accumulator.leakage_mW + t.bus.leakage_mW +
                      t.output_register.leakage_mW;
  const double pes =
      chip::over_all_pes(cfg.chip, pe, [](const chip::PeCost& k) { return k.leakage_mW; });
  return static_cast<double>(cfg.chip.tiles()) * (tile + cfg.noc.router_leakage_mW) + pes +
         cfg.chip.global_buffer.leakage_mW + cfg.chip.dram.interface_power_mW;
}

}  // namespace

void add_run_input_options(po::options_description& desc, RunInputs& in) {
  desc.add_options()("net", po::value(&in.net)->value_name("NAME|FILE"),
                     "network: a bundled name (workloads/NAME.yaml) or a YAML file")(
      "mapping", po::value(&in.mapping)->value_name("FILE"),
      "run a saved or hand-edited mapping.yaml")(
      "parallelism", po::value(&in.parallelism)->value_name("P"),
      "pipeline|data|model|tensor|hybrid (default: the config's mapping.parallelism)")(
      "workloads", po::value(&in.workloads)->value_name("DIR"), "folder of bundled networks");
}

void apply_codesign(RunSetup& s) {
  if (s.cfg.quantization != "none")
    workload::apply_quantization(s.net, s.cfg.quantization, "quantization");
  bool codesign = false;
  for (size_t i = 0; i < s.net.layers.size(); ++i) {
    workload::Layer& l = s.net.layers[i];
    if (!l.is_matrix()) continue;
    // The sign plane of a non-negative input is all zero on signed-input arrays: a macro that
    // skips all-zero input cycles skips it (docs/codesign.md).
    if (s.cfg.chip.sparsity.input_zero_skipping && s.cfg.pe.array.signed_inputs &&
        workload::input_is_non_negative(s.net, static_cast<int>(i)))
      l.skipped_input_planes = 1;
    if (l.weight_bits || l.activation_bits || !l.pruned.dense() || l.skipped_input_planes) {
      codesign = true;
      mapper::layer_pe(s.pe, l, s.net.file);  // an impossible precision fails here, named
    }
  }
  if (codesign && s.cfg.mapping.parallelism != "pipeline")
    throw core::InputError(
        "mapping.parallelism: per-layer precision and pruning are modelled by the pipeline "
        "mapping only (docs/codesign.md); got " +
        s.cfg.mapping.parallelism + " (use --parallelism pipeline)");
}

RunSetup prepare_run(const CommonOptions& opts, const RunInputs& in) {
  if (opts.config.empty()) throw core::InputError("--config FILE is required");
  if (in.net.empty()) throw core::InputError("--net NAME|FILE is required");
  std::vector<std::string> sets = opts.overrides();
  if (!in.parallelism.empty()) sets.push_back("mapping.parallelism=" + in.parallelism);
  RunSetup s;
  s.cfg = chip::load_chip_config(opts.config, sets);
  s.net = workload::load_network(
      in.net, in.workloads.empty() ? workload::find_workloads_dir() : in.workloads);
  s.pe = pe::pe_cost_from(s.cfg.pe);
  for (const pe::PeParams& k : s.cfg.kind_pes)
    s.pe.other_kinds.push_back(std::make_shared<const chip::PeCost>(pe::pe_cost_from(k)));
  mapper::assign_layer_kinds(s.net, s.cfg.chip, s.pe, s.cfg.mapping.layer_kinds,
                             s.cfg.mapping.objective, "mapping.layer_kinds");
  if (!s.cfg.chip.tile_kinds.empty() && s.cfg.mapping.parallelism != "pipeline")
    throw core::InputError(
        "mapping.parallelism: a chip of several tile kinds (chip.tile_kinds) is mapped by the "
        "pipeline mapping only (docs/parallelism.md); got " +
        s.cfg.mapping.parallelism + " (use --parallelism pipeline)");
  apply_codesign(s);
  const std::unique_ptr<mapper::Mapper> strategy =
      mapper::make_mapper(s.cfg.mapping.parallelism, "mapping.parallelism");
  const double leak_mW = chip_leakage_mW(s.cfg, s.pe);
  // The estimate hybrid chooses by (mapping.objective), from the run's own stage plan.
  const mapper::MappingScore score = [&](const workload::Network& net, const mapper::Mapping& m) {
    const chip::Plan p = chip::build_plan(net, m, s.cfg.chip, s.pe);
    return chip::objective_value(
        chip::estimate_plan(p, m, s.cfg.chip, s.cfg.noc, leak_mW, in.images),
        s.cfg.mapping.objective);
  };
  const mapper::MapperTarget target{s.cfg.chip, s.pe, s.cfg.noc, s.cfg.mapping, &score};
  s.net = strategy->prepare(s.net, target);
  if (in.mapping.empty()) {
    mapper::MapperResult r = strategy->map(s.net, target);
    s.mapping = std::move(r.mapping);
    s.levels = r.levels;
    s.plan_estimate = std::move(r.plan);
    s.candidates = std::move(r.candidates);
    s.chosen = std::move(r.chosen);
  } else {
    s.mapping = mapper::mapping_from_yaml(core::read_input_file(in.mapping), in.mapping, s.net,
                                          s.cfg.chip, s.pe);
  }
  s.mapping_yaml = mapper::mapping_to_yaml(s.mapping, s.net);
  s.plan = chip::build_plan(s.net, s.mapping, s.cfg.chip, s.pe);
  s.leakage_mW = leak_mW;
  s.estimate = chip::estimate_plan(s.plan, s.mapping, s.cfg.chip, s.cfg.noc, leak_mW, in.images);
  s.run_name = s.cfg.chip.name + "-" + s.net.name;
  if (!in.mapping.empty()) sets.push_back("--mapping=" + in.mapping);
  // chip.name and the network name come from files: `chip.name=../../x` must not leave results/.
  s.out_dir = opts.out.empty() ? default_results_dir(core::safe_path_component(s.run_name), sets)
                               : opts.out;
  s.inputs = {opts.config, s.net.file, in.mapping};
  return s;
}

}  // namespace cimsim::app
