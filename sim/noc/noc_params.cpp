#include "sim/noc/noc_params.h"

#include <stdexcept>
#include <string>

#include "sim/core/config.h"
#include "sim/core/param_table.h"
#include "sim/core/params.h"
#include "sim/noc/topology.h"

namespace cimsim::noc {

const char* to_string(NocModel m) { return m == NocModel::Cycle ? "cycle" : "simple"; }
const char* to_string(Topology t) { return topology_info(t).name; }

namespace {
std::vector<std::pair<std::string, Topology>> topology_choices() {
  std::vector<std::pair<std::string, Topology>> choices;
  for (const TopologyInfo& t : topologies()) choices.emplace_back(t.name, t.kind);
  return choices;
}
std::string topology_help() {
  std::string help;
  for (const TopologyInfo& t : topologies())
    help += (help.empty() ? "" : "; ") + std::string(t.name) + " = " + t.description;
  return help;
}
}  // namespace

const core::ParamTable<NocParams>& param_table(const NocParams&) {
  using namespace core;
  using P = NocParams;
  static const ParamTable<P> schema{
      "noc",
      "chip.noc",
      "network-on-chip connecting tiles, global buffer and DRAM controller",
      {
          choice_field(&P::model, "model", "cycle",
                       {{"cycle", NocModel::Cycle}, {"simple", NocModel::Simple}},
                       "cycle = VC routers with credit flow control; simple = serializing links "
                       "reserved in time"),
          choice_field(&P::topology, "topology", "mesh", topology_choices(), topology_help()),
          // Read only for a concentrated topology: with another one the key is unused, and the
          // config's unused-key check names it.
          int_field(&P::cmesh_concentration, "concentration", "nodes", "4", 2, kMaxConcentration,
                    "tiles per router of a cmesh (2 = 2x1, 4 = 2x2, 8 = 4x2, ...); only with "
                    "topology cmesh")
              .when([](const P& p) { return topology_info(p.topology).concentrated; }),
          int_field(&P::width, "width", "routers", "0", 0, 256,
                    "routers along x; 0 = from the chip's tiles_x"),
          int_field(&P::height, "height", "routers", "0", 0, 256,
                    "routers along y; 0 = from the chip's tiles_y"),
          int_field(&P::vcs, "vcs", "", "2", 1, 8, "virtual channels per input port"),
          int_field(&P::vc_depth_flits, "vc_depth_flits", "flits", "4", 1, 1024,
                    "buffer depth of each virtual channel"),
          int_field(&P::flit_bits, "flit_bits", "bits", "32", 1, 4096, "flit and link width"),
          int_field(&P::route_cycles, "route_cycles", "cycles", "1", 0, 64,
                    "route computation stage"),
          int_field(&P::va_cycles, "va_cycles", "cycles", "1", 0, 64,
                    "virtual-channel allocation stage"),
          int_field(&P::sa_cycles, "sa_cycles", "cycles", "1", 1, 64, "switch allocation stage"),
          int_field(&P::st_cycles, "st_cycles", "cycles", "1", 0, 64,
                    "switch (crossbar) traversal stage"),
          int_field(&P::link_latency_cycles, "link_latency_cycles", "cycles", "1", 1, 64,
                    "router-to-router link delay (credits return in as many cycles)"),
          int_field(&P::injection_latency_cycles, "injection_latency_cycles", "cycles", "1", 1, 64,
                    "injection link from a node's interface into its router, after the cycle the "
                    "interface takes to send a flit (credits return in as many cycles)"),
          int_field(&P::ejection_latency_cycles, "ejection_latency_cycles", "cycles", "1", 1, 64,
                    "ejection link from a router's local port into the node's interface "
                    "(credits return in as many cycles)"),
          int_field(&P::ejection_buffer_flits, "ejection_buffer_flits", "flits", "4", 1, 1024,
                    "ejection buffer per virtual channel at a node's interface (the router sends "
                    "only with a credit for it)"),
          int_field(&P::injection_queue_packets, "injection_queue_packets", "packets", "0", 0, 1e9,
                    "source queue bound per node (try_inject refuses beyond it); 0 = unbounded"),
          real_field(&P::clock_MHz, "clock_MHz", "MHz", "1200", 1e-3, 1e6, "NoC clock"),
          real_field(&P::energy_per_flit_router_pJ, "energy_per_flit_router_pJ", "pJ", "4.4", 0,
                     kInf, "one flit through one router (buffer, allocators, crossbar)"),
          real_field(&P::energy_per_flit_link_pJ, "energy_per_flit_link_pJ", "pJ", "1.0", 0, kInf,
                     "one flit over one router-to-router link"),
          real_field(&P::router_leakage_mW, "router_leakage_mW", "mW", "4.2", 0, kInf,
                     "static power of one router"),
          real_field(&P::router_area_mm2, "router_area_mm2", "mm2", "0.151", 0, kInf,
                     "area of one router"),
          int_field(&P::watchdog_cycles, "watchdog_cycles", "cycles", "10000", 100, 1e12,
                    "error out when no flit moved for this long while flits are in flight"),
      },
      {}};
  return schema;
}

const core::ComponentSchema& noc_schema() { return param_table(NocParams{}).schema(); }

namespace {
NocParams read_fields(const core::ConfigSection& s) {
  NocParams p;
  param_table(p).read(s, p);
  const TopologyInfo& topo = topology_info(p.topology);
  // A router has 4 + concentration ports; allocation masks hold ports x vcs <= 64 bits.
  if ((4 + p.concentration()) * p.vcs > 64)
    s.fail("vcs", "expected at most " + std::to_string(64 / (4 + p.concentration())) +
                      " virtual channels per port with topology " + to_string(p.topology) + " (" +
                      std::to_string(4 + p.concentration()) + " ports)");
  if (p.vcs < topo.min_vcs)
    s.fail("vcs", "expected at least " + std::to_string(topo.min_vcs) +
                      " virtual channels with topology " + topo.name +
                      " (its routes need them to be deadlock-free)");
  return p;
}
}  // namespace

NocParams read_noc_params(const core::ConfigSection& s) {
  NocParams p = read_fields(s);
  if ((p.width == 0) != (p.height == 0))
    s.fail(p.width == 0 ? "width" : "height",
           "expected width and height both set or both 0 (from the chip)");
  return p;
}

NocParams read_noc_params(const core::ConfigSection& s, int tiles_x, int tiles_y) {
  NocParams p = read_fields(s);
  int cx = 1, cy = 1;  // tiles per router along each axis
  concentration_block(p.concentration(), cx, cy);
  const int w = (tiles_x + cx - 1) / cx, h = (tiles_y + cy - 1) / cy;
  if (p.width != 0 && p.width != w)
    s.fail("width", "expected " + std::to_string(w) +
                        " (the chip's tiles_x = " + std::to_string(tiles_x) + " with topology " +
                        to_string(p.topology) + ") or 0, got " + std::to_string(p.width));
  if (p.height != 0 && p.height != h)
    s.fail("height", "expected " + std::to_string(h) +
                         " (the chip's tiles_y = " + std::to_string(tiles_y) + " with topology " +
                         to_string(p.topology) + ") or 0, got " + std::to_string(p.height));
  p.width = w;
  p.height = h;
  return p;
}

void check_noc_params(const NocParams& p) {
  auto bad = [](const std::string& what) { throw std::invalid_argument("noc: " + what); };
  if (p.width < 1 || p.height < 1)
    bad("width and height must be >= 1 routers (set them or take them from the chip)");
  const TopologyInfo& topo = topology_info(p.topology);
  if (topo.concentrated && (p.cmesh_concentration < 2 || p.cmesh_concentration > kMaxConcentration))
    bad("cmesh_concentration must be 2.." + std::to_string(kMaxConcentration));
  if (p.vcs < 1 || (4 + p.concentration()) * p.vcs > 64)
    bad("vcs must be 1.." + std::to_string(64 / (4 + p.concentration())) + " with " +
        std::to_string(4 + p.concentration()) + " ports per router");
  if (p.vcs < topo.min_vcs)
    bad(std::string("topology ") + topo.name + " needs vcs >= " + std::to_string(topo.min_vcs));
  if (p.vc_depth_flits < 1) bad("vc_depth_flits must be >= 1");
  if (p.flit_bits < 1) bad("flit_bits must be >= 1");
  if (p.route_cycles < 0 || p.va_cycles < 0 || p.st_cycles < 0)
    bad("pipeline stages must be >= 0 cycles");
  if (p.sa_cycles < 1) bad("sa_cycles must be >= 1");
  if (p.link_latency_cycles < 1) bad("link_latency_cycles must be >= 1");
  if (p.injection_latency_cycles < 1) bad("injection_latency_cycles must be >= 1");
  if (p.ejection_latency_cycles < 1) bad("ejection_latency_cycles must be >= 1");
  if (p.ejection_buffer_flits < 1) bad("ejection_buffer_flits must be >= 1");
  if (p.injection_queue_packets < 0) bad("injection_queue_packets must be >= 0");
  if (!(p.clock_MHz > 0)) bad("clock_MHz must be > 0");
  if (p.watchdog_cycles < 1) bad("watchdog_cycles must be >= 1");
}

}  // namespace cimsim::noc
