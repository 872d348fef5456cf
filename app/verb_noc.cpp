// `cimsim noc`: the network-on-chip alone under synthetic traffic (BookSim style warm-up,
// measurement and drain; see sim/noc/traffic.h), one load point or the latency-throughput
// curve up to saturation (--sweep-rate).
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/cli_common.h"
#include "app/verbs.h"
#include "sim/chip/chip_config.h"
#include "sim/core/atomic_output.h"
#include "sim/core/config.h"
#include "sim/core/errors.h"
#include "sim/core/stats.h"
#include "sim/noc/interconnect.h"
#include "sim/noc/noc_params.h"
#include "sim/noc/traffic.h"

namespace cimsim::app {

namespace {

namespace po = boost::program_options;

// Without --config only chip.noc may be given (through --set): a root of our own.
const core::ComponentSchema& bare_chip_schema() {
  static const core::ComponentSchema s{
      "chip", "chip", "chip (only its noc, for cimsim noc)", {}, {"noc"}};
  return s;
}
const core::ComponentSchema& bare_root_schema() {
  static const core::ComponentSchema s{"config", "", "cimsim noc without --config", {}, {"chip"}};
  return s;
}

// chip.noc of a chip config, read with the whole config (so the same checks as `cimsim run`
// apply, unused keys included); dimensions from chip.tiles_x x chip.tiles_y. Without --config
// only chip.noc keys given by --set are read, against a root of our own.
noc::NocParams load_noc(const CommonOptions& opts) {
  if (!opts.config.empty()) return chip::load_chip_config(opts.config, opts.overrides()).noc;
  auto doc = core::ConfigDoc::load_string("{}\n", "<no --config>", opts.overrides());
  const core::ConfigSection noc = doc->root(bare_root_schema())
                                      .section("chip", bare_chip_schema())
                                      .section("noc", noc::noc_schema());
  noc::NocParams p = noc::read_noc_params(noc);
  doc->check_all_consumed();
  return p;
}

void parse_mesh(const std::string& text, int& w, int& h) {
  const auto x = text.find('x');
  try {
    std::size_t a = 0, b = 0;
    if (x == std::string::npos) throw std::invalid_argument("no x");
    w = std::stoi(text.substr(0, x), &a);
    h = std::stoi(text.substr(x + 1), &b);
    if (a != x || b != text.size() - x - 1 || w < 1 || h < 1 || w > 256 || h > 256)
      throw std::invalid_argument("range");
  } catch (const std::exception&) {
    throw core::InputError(
        "cimsim noc: --mesh: expected WxH routers (1..256 each), e.g. 8x8, got '" + text + "'");
  }
}

struct Point {
  noc::TrafficResult r;
  double energy_per_flit_pJ = 0;  // router + link dynamic energy per delivered flit
};

Point run_point(const noc::NocParams& p, const noc::TrafficParams& t) {
  auto net = noc::make_interconnect(p);
  Point pt;
  pt.r = noc::run_synthetic_traffic(*net, t);
  core::StatGroup g("noc");
  net->export_stats(g);
  const double flits = static_cast<double>(net->counters().flits_delivered);
  pt.energy_per_flit_pJ =
      flits > 0
          ? g.energy_by_category_pJ()[static_cast<int>(core::EnergyCategory::Interconnect)] / flits
          : 0.0;
  return pt;
}

const char* kCsvHeader =
    "traffic,packet_flits,rate_flits_per_node_cycle,offered_flits_per_node_cycle,accepted_flits_"
    "per_node_cycle,"
    "zero_load_latency_cycles,avg_packet_latency_cycles,avg_network_latency_cycles,max_packet_"
    "latency_cycles,"
    "avg_hops,packets_measured,drained,saturated,energy_per_flit_pJ\n";

std::string csv_row(const noc::TrafficParams& t, const Point& pt) {
  const noc::TrafficResult& r = pt.r;
  return fmt::format(
      "{},{},{:.4f},{:.4f},{:.4f},{:.3f},{:.3f},{:.3f},{},{:.3f},{},{},{},{:.3f}\n",
      noc::to_string(t.pattern), t.packet_flits, t.rate, r.offered_flits_per_node_cycle,
      r.accepted_flits_per_node_cycle, r.zero_load_latency_cycles, r.avg_packet_latency_cycles,
      r.avg_network_latency_cycles, r.max_packet_latency_cycles, r.avg_hops, r.packets_measured,
      r.drained ? 1 : 0, r.saturated ? 1 : 0, pt.energy_per_flit_pJ);
}

nlohmann::ordered_json to_json(const noc::TrafficParams& t, const Point& pt) {
  const noc::TrafficResult& r = pt.r;
  nlohmann::ordered_json j;
  j["traffic"] = noc::to_string(t.pattern);
  j["packet_flits"] = t.packet_flits;
  j["rate_flits_per_node_cycle"] = t.rate;
  j["offered_flits_per_node_cycle"] = r.offered_flits_per_node_cycle;
  j["accepted_flits_per_node_cycle"] = r.accepted_flits_per_node_cycle;
  j["zero_load_latency_cycles"] = r.zero_load_latency_cycles;
  j["avg_packet_latency_cycles"] = r.avg_packet_latency_cycles;
  j["avg_network_latency_cycles"] = r.avg_network_latency_cycles;
  j["max_packet_latency_cycles"] = r.max_packet_latency_cycles;
  j["avg_hops"] = r.avg_hops;
  j["packets_measured"] = r.packets_measured;
  j["packets_measured_delivered"] = r.packets_measured_delivered;
  j["cycles"] = r.cycles;
  j["drained"] = r.drained;
  j["saturated"] = r.saturated;
  j["energy_per_flit_pJ"] = pt.energy_per_flit_pJ;
  return j;
}

std::string describe_network(const noc::NocParams& p) {
  const int hop = p.route_cycles + p.va_cycles + p.sa_cycles + p.st_cycles + p.link_latency_cycles;
  const std::string per_router =
      p.concentration() > 1 ? fmt::format(", {} tiles per router", p.concentration()) : "";
  return fmt::format(
      "{}x{} {} ({} nodes{}), {} model, {} VCs x {} flits, {}-bit flits, {} cycles/hop, {} MHz",
      p.width, p.height, noc::to_string(p.topology), p.nodes(), per_router, noc::to_string(p.model),
      p.vcs, p.vc_depth_flits, p.flit_bits, hop, p.clock_MHz);
}

std::string table(const noc::NocParams& p, const noc::TrafficParams& t, const Point& pt) {
  const noc::TrafficResult& r = pt.r;
  std::ostringstream os;
  os << "NoC: " << describe_network(p) << "\n";
  os << fmt::format("traffic {}, {}-flit packets, offered {:.4f} flits/node/cycle, seed {}\n",
                    noc::to_string(t.pattern), t.packet_flits, t.rate, t.seed);
  os << fmt::format("cycles: warm-up {}, measurement {}, total {} ({})\n", t.warmup_cycles,
                    t.measure_cycles, r.cycles, r.drained ? "drained" : "drain did not finish");
  auto line = [&](const char* name, const std::string& v) {
    os << fmt::format("  {:<30} {}\n", name, v);
  };
  line("zero_load_latency_cycles", fmt::format("{:.3f}", r.zero_load_latency_cycles));
  line("avg_packet_latency_cycles", fmt::format("{:.3f}", r.avg_packet_latency_cycles));
  line("avg_network_latency_cycles", fmt::format("{:.3f}", r.avg_network_latency_cycles));
  line("max_packet_latency_cycles", fmt::format("{}", r.max_packet_latency_cycles));
  line("offered_flits_per_node_cycle", fmt::format("{:.4f}", r.offered_flits_per_node_cycle));
  line("accepted_flits_per_node_cycle", fmt::format("{:.4f}", r.accepted_flits_per_node_cycle));
  line("avg_hops", fmt::format("{:.3f}", r.avg_hops));
  line("packets_measured", fmt::format("{}", r.packets_measured));
  line("energy_per_flit_pJ", fmt::format("{:.3f}", pt.energy_per_flit_pJ));
  line("saturated", r.saturated ? "yes" : "no");
  return os.str();
}

}  // namespace

int verb_noc(int argc, char** argv) {
  CommonOptions opts;
  std::string traffic = "uniform", mesh, topology;
  int concentration = 0;
  double rate = 0, rate_step = 0.01, hotspot_fraction = 0.2;
  uint32_t packet_flits = 1;
  uint64_t warmup = 1000, measure = 10000, drain = 10000;
  int hotspot_node = -1;
  bool sweep = false;
  po::options_description desc("cimsim noc options");
  add_common_options(desc, opts);
  desc.add_options()("traffic", po::value(&traffic)->value_name("PATTERN"),
                     "uniform|transpose|bitcomp|hotspot (default uniform)")(
      "rate", po::value(&rate)->value_name("R"), "offered load [flits/node/cycle], in (0, 1]")(
      "packet-flits", po::value(&packet_flits)->value_name("N"), "flits per packet (default 1)")(
      "sweep-rate", po::bool_switch(&sweep), "latency-throughput curve up to saturation, as CSV")(
      "rate-step", po::value(&rate_step)->value_name("R"),
      "rate step of --sweep-rate (default 0.01)")(
      "mesh", po::value(&mesh)->value_name("WxH"),
      "routers along x and y, any topology (default: from the chip's tiles)")(
      "topology", po::value(&topology)->value_name("NAME"),
      "mesh|cmesh|torus (same as --set chip.noc.topology=NAME)")(
      "concentration", po::value(&concentration)->value_name("N"),
      "tiles per router of a cmesh (same as --set chip.noc.concentration=N)")(
      "warmup", po::value(&warmup)->value_name("CYCLES"), "warm-up cycles (default 1000)")(
      "measure", po::value(&measure)->value_name("CYCLES"), "measurement cycles (default 10000)")(
      "drain-limit", po::value(&drain)->value_name("CYCLES"),
      "longest drain before calling it saturated (default 10000)")(
      "hotspot-node", po::value(&hotspot_node)->value_name("N"),
      "hotspot traffic target (default: the centre)")(
      "hotspot-fraction", po::value(&hotspot_fraction)->value_name("F"),
      "share of packets to the hotspot (default 0.2)");
  po::variables_map vm;
  if (!parse_verb_options(argc, argv, desc, nullptr, vm,
                          "cimsim noc [--config C] [--mesh WxH] [--topology T] --traffic "
                          "uniform|transpose|bitcomp|hotspot "
                          "(--rate R | --sweep-rate) [--packet-flits N] [--seed N]"))
    return 0;
  const OutputFormat format = opts.output_format();

  if (!topology.empty()) opts.sets.push_back("chip.noc.topology=" + topology);
  if (vm.count("concentration"))
    opts.sets.push_back("chip.noc.concentration=" + std::to_string(concentration));
  noc::NocParams p = load_noc(opts);
  if (!mesh.empty()) parse_mesh(mesh, p.width, p.height);
  if (p.width == 0)
    throw core::InputError(
        "cimsim noc: no network size: give --mesh WxH, a --config with chip.tiles_x/tiles_y, or "
        "--set chip.noc.width=W --set chip.noc.height=H");

  noc::TrafficParams t;
  try {
    t.pattern = noc::parse_pattern(traffic);
  } catch (const std::invalid_argument& e) {
    throw core::InputError(std::string("cimsim noc: --traffic: ") + e.what());
  }
  if (!sweep && vm.count("rate") == 0)
    throw core::InputError("cimsim noc: give --rate R or --sweep-rate");
  if (!sweep && !(rate > 0 && rate <= 1))
    throw core::InputError(fmt::format(
        "cimsim noc: --rate: expected a load in (0, 1] flits/node/cycle, got {}", rate));
  if (!(rate_step > 0 && rate_step <= 1))
    throw core::InputError(
        fmt::format("cimsim noc: --rate-step: expected a step in (0, 1], got {}", rate_step));
  if (packet_flits < 1 || packet_flits > 1000000)
    throw core::InputError("cimsim noc: --packet-flits: expected 1..1000000");
  if (measure < 1) throw core::InputError("cimsim noc: --measure: expected at least 1 cycle");
  t.rate = rate;
  t.packet_flits = packet_flits;
  t.warmup_cycles = warmup;
  t.measure_cycles = measure;
  t.drain_limit_cycles = drain;
  t.seed = opts.seed;
  t.hotspot_node = hotspot_node;
  t.hotspot_fraction = hotspot_fraction;

  std::vector<noc::TrafficParams> ts;
  std::vector<Point> points;
  try {
    if (!sweep) {
      ts.push_back(t);
      points.push_back(run_point(p, t));
    } else {
      // Rates step, 2 step, ... until the first saturated point (kept, it marks the knee).
      for (int i = 1; i * rate_step <= 1 + 1e-9; ++i) {
        t.rate = std::min(1.0, i * rate_step);
        ts.push_back(t);
        points.push_back(run_point(p, t));
        if (!opts.quiet && format == OutputFormat::Table)
          std::cerr << fmt::format("rate {:.4f}: latency {:.2f} cycles{}\n", t.rate,
                                   points.back().r.avg_packet_latency_cycles,
                                   points.back().r.saturated ? ", saturated" : "");
        if (points.back().r.saturated) break;
      }
    }
  } catch (const std::invalid_argument& e) {
    throw core::InputError(std::string("cimsim noc: ") + e.what());
  }

  std::string csv = kCsvHeader;
  for (std::size_t i = 0; i < points.size(); ++i) csv += csv_row(ts[i], points[i]);
  std::string out;
  if (format == OutputFormat::Json) {
    nlohmann::ordered_json j;
    j["network"] = describe_network(p);
    j["points"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < points.size(); ++i)
      j["points"].push_back(to_json(ts[i], points[i]));
    out = j.dump(2) + "\n";
  } else if (format == OutputFormat::Csv || sweep) {
    out = csv;
  } else {
    out = table(p, ts[0], points[0]);
  }
  if (!opts.out.empty()) core::write_folder_atomically(opts.out, {{"noc.csv", csv}}, {opts.config});
  if (!opts.quiet) std::cout << out;
  return 0;
}

}  // namespace cimsim::app
