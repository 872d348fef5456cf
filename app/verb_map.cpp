// `cimsim map --config C --net N`: the mapping alone, with utilization and estimated cycles.
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "app/cli_common.h"
#include "app/run_names.h"
#include "app/run_setup.h"
#include "app/verbs.h"
#include "sim/arch/tile_kinds.h"
#include "sim/core/atomic_output.h"
#include "sim/core/errors.h"
#include "sim/core/int_math.h"

namespace cimsim::app {

namespace {
void set_estimate(nlohmann::ordered_json& j, const RunSetup& s) {
  const double ns = s.cfg.chip.cycle_ns();
  j["estimate"] = {{"interval_ns", static_cast<double>(s.estimate.interval_cycles) * ns},
                   {"latency_ns", static_cast<double>(s.estimate.latency_cycles) * ns},
                   {"interval_cycles", s.estimate.interval_cycles},
                   {"latency_cycles", s.estimate.latency_cycles},
                   {"images", s.estimate.images},
                   {"energy_noc_leakage_pJ", s.estimate.energy_pJ()},
                   {"bottleneck", s.estimate.bottleneck}};
}
}  // namespace

int verb_map(int argc, char** argv) {
  namespace po = boost::program_options;
  CommonOptions opts;
  RunInputs in;
  po::options_description desc("cimsim map options");
  add_common_options(desc, opts);
  add_run_input_options(desc, in);
  bool force = false;
  std::string report;
  desc.add_options()("force", po::bool_switch(&force),
                     "replace the default folder even when it holds another config's mapping")(
      "report", po::value(&report)->value_name("FILE"),
      "a run's report.json to print the simulated figures next to the estimate (default: the "
      "run folder's report.json when there is one)")(
      "images", po::value(&in.images)->value_name("N"),
      "images of the run to estimate, as cimsim run --images (default 2; with --report: the "
      "report's)");
  po::variables_map vm;
  if (!parse_verb_options(argc, argv, desc, nullptr, vm,
                          "cimsim map --config FILE --net NAME|FILE [options]"))
    return 0;
  const OutputFormat format = opts.output_format();
  if (in.images < 1 || in.images > 1000000)
    throw core::InputError("--images: expected 1..1000000, got " + std::to_string(in.images));
  RunSetup s = prepare_run(opts, in);
  const std::string out_dir = opts.out.empty() ? s.out_dir + "-map" : opts.out;
  if (opts.out.empty()) guard_default_results_dir(out_dir, s.cfg.resolved_yaml(), force);
  core::OutputFolder(out_dir, s.inputs)
      .write({{"mapping.yaml", s.mapping_yaml}, {"config.resolved.yaml", s.cfg.resolved_yaml()}});
  nlohmann::ordered_json j;
  j["network"] = s.net.name;
  j["chip"] = s.cfg.chip.name;
  j["groups"] = s.mapping.groups;
  j["parallelism"] = s.cfg.mapping.parallelism;
  j["levels"] = s.levels;
  j["layers"] = nlohmann::ordered_json::array();
  int64_t arrays = 0, pes = 0, est_max = 0;
  for (const chip::Stage& st : s.plan.stages) {
    const mapper::LayerMap& lm = s.mapping.layers[st.layer];
    if (lm.kind != mapper::StageKind::Matrix) continue;
    const int64_t reps = static_cast<int64_t>(lm.replicas.size());
    const int64_t est =
        core::ceil_div(st.out_h, reps) * st.out_w * (st.in_cycles + st.mvm_interval_cycles);
    est_max = std::max(est_max, est);
    arrays += lm.arrays();
    pes += lm.pes();
    int64_t bytes = st.vectors() * st.out_bytes * static_cast<int64_t>(st.consumers.size());
    nlohmann::ordered_json planner;  // the planner's own estimate (layers one after another)
    if (!s.plan_estimate.layers.empty()) {
      const mapper::LayerPlan& lp = s.plan_estimate.layers[st.layer];
      planner = {
          {"bytes_per_level", lp.bytes_per_level}, {"cycles", lp.cycles}, {"arrays", lp.arrays}};
    }
    j["layers"].push_back({{"name", st.name},
                           {"group", lm.group},
                           {"row_blocks", lm.row_blocks},
                           {"col_blocks", lm.col_blocks},
                           {"arrays", lm.arrays()},
                           {"pes", lm.pes()},
                           {"tiles", st.replica_tiles.front().size()},
                           {"replicas", reps},
                           {"partition", lm.partition},
                           {"output_bytes_per_image", bytes},
                           {"est_cycles_per_image", est},
                           {"planner", planner}});
    if (!s.cfg.chip.tile_kinds.empty())  // a chip of several tile kinds: the layer's kind
      j["layers"].back()["tile_kind"] =
          chip::kind_name(s.cfg.chip, s.net.layers[static_cast<size_t>(st.layer)].pe_kind);
  }
  j["arrays"] = arrays;
  j["pes"] = pes;
  j["pes_total"] = s.mapping.total_pes();
  j["bottleneck_cycles_per_image"] = est_max;
  set_estimate(j, s);
  if (!s.chosen.empty()) {
    j["hybrid_chose"] = s.chosen;
    j["hybrid_candidates"] = nlohmann::ordered_json::array();
    for (const mapper::MapperCandidate& c : s.candidates)
      j["hybrid_candidates"].push_back({{"name", c.name}, {"score", c.score}});
  }
  // After a run: its simulated figures next to the estimate.
  const std::string report_file = report.empty() ? s.out_dir + "/report.json" : report;
  if (std::ifstream f(report_file); f) {
    try {
      const nlohmann::json r = nlohmann::json::parse(f);
      const auto& sum = r.at("summary");
      // Estimate the run the report is of (with reload groups the images matter).
      const int64_t run_images = r.at("run").at("images").get<int64_t>();
      if (run_images != s.estimate.images && !vm.count("images")) {
        s.estimate =
            chip::estimate_plan(s.plan, s.mapping, s.cfg.chip, s.cfg.noc, s.leakage_mW, run_images);
        set_estimate(j, s);
      }
      const double sim_interval = sum.at("interval_ns").get<double>();
      const double sim_latency = sum.at("latency_ns").get<double>();
      j["simulated"] = {
          {"report", report_file},
          {"interval_ns", sim_interval},
          {"latency_ns", sim_latency},
          {"estimate_interval_error",
           j["estimate"]["interval_ns"].get<double>() / sim_interval - 1},
          {"estimate_latency_error", j["estimate"]["latency_ns"].get<double>() / sim_latency - 1}};
    } catch (const std::exception& e) {
      if (!report.empty())
        throw core::InputError(report + ": not a cimsim report (" + e.what() + ")");
    }
  } else if (!report.empty()) {
    throw core::InputError(report + ": cannot read the report");
  }
  if (!s.plan_estimate.layers.empty())
    j["planner"] = {{"strategy", mapper::strategy_name(s.plan_estimate.strategy)},
                    {"bytes_per_level", s.plan_estimate.bytes_per_level},
                    {"bytes", s.plan_estimate.bytes},
                    {"cycles", s.plan_estimate.cycles},
                    {"arrays", s.plan_estimate.arrays},
                    {"capacity_arrays", s.plan_estimate.capacity_arrays}};
  if (!opts.quiet) {
    if (format == OutputFormat::Json) {
      std::cout << j.dump(2) << "\n";
    } else {
      const bool csv = format == OutputFormat::Csv;
      std::cout << (csv ? "name,group,row_blocks,col_blocks,arrays,pes,replicas,output_bytes_per_"
                          "image,est_cycles_per_image\n"
                        : fmt::format(
                              "mapping of {} on {}: parallelism {} ({} binary cuts), {} reload "
                              "group(s)\n\n"
                              "  {:<22} {:>5} {:>5} {:>5} {:>7} {:>5} {:>4} {:>14} {:>14}  {}\n",
                              s.net.name, s.cfg.chip.name, s.cfg.mapping.parallelism, s.levels,
                              s.mapping.groups, "layer", "group", "rblk", "cblk", "arrays", "PEs",
                              "rep", "out_bytes/img", "est_cycles/img", "partition"));
      for (const auto& L : j["layers"]) {
        const auto v = [&](const char* k) { return L[k].get<int64_t>(); };
        std::cout << (csv ? fmt::format("{},{},{},{},{},{},{},{},{}\n",
                                        L["name"].get<std::string>(), v("group"), v("row_blocks"),
                                        v("col_blocks"), v("arrays"), v("pes"), v("replicas"),
                                        v("output_bytes_per_image"), v("est_cycles_per_image"))
                          : fmt::format(
                                "  {:<22} {:>5} {:>5} {:>5} {:>7} {:>5} {:>4} {:>14} {:>14}  {}\n",
                                L["name"].get<std::string>(), v("group"), v("row_blocks"),
                                v("col_blocks"), v("arrays"), v("pes"), v("replicas"),
                                v("output_bytes_per_image"), v("est_cycles_per_image"),
                                fmt::format(
                                    "{}{}",
                                    fmt::join(L["partition"].get<std::vector<std::string>>(), "/"),
                                    L.contains("tile_kind")
                                        ? " kind " + L["tile_kind"].get<std::string>()
                                        : std::string())));
      }
      if (!csv) {
        std::cout << fmt::format(
            "\n  total: {} arrays on {} of {} PEs; bottleneck {} cycles per image\n", arrays, pes,
            s.mapping.total_pes(), est_max);
        if (!s.plan_estimate.layers.empty())
          std::cout << fmt::format(
              "  planner ({}): {} bytes across the cuts ({} per level, top first), {} cycles with "
              "layers one after another\n",
              mapper::strategy_name(s.plan_estimate.strategy), s.plan_estimate.bytes,
              fmt::join(s.plan_estimate.bytes_per_level, "/"), s.plan_estimate.cycles);
        std::cout << fmt::format(
            "  estimate: interval {:.1f} us, latency {:.1f} us per image (bottleneck: {})\n",
            j["estimate"]["interval_ns"].get<double>() / 1e3,
            j["estimate"]["latency_ns"].get<double>() / 1e3, s.estimate.bottleneck);
        if (j.contains("simulated"))
          std::cout << fmt::format(
              "  simulated ({}): interval {:.1f} us, latency {:.1f} us (estimate {:+.1f} %, "
              "{:+.1f} %)\n",
              report_file, j["simulated"]["interval_ns"].get<double>() / 1e3,
              j["simulated"]["latency_ns"].get<double>() / 1e3,
              100 * j["simulated"]["estimate_interval_error"].get<double>(),
              100 * j["simulated"]["estimate_latency_error"].get<double>());
        if (!s.chosen.empty()) {
          std::cout << fmt::format("  hybrid chose: {} (of", s.chosen);
          for (const mapper::MapperCandidate& c : s.candidates)
            std::cout << fmt::format(" {}: {:.4g};", c.name, c.score);
          std::cout << " lower is better)\n";
        }
        std::cout << fmt::format("  mapping: {}/mapping.yaml\n", out_dir);
      }
    }
  }
  return 0;
}

}  // namespace cimsim::app
