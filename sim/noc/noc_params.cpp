#include "sim/noc/noc_params.h"

#include <stdexcept>
#include <string>

#include "sim/core/config.h"
#include "sim/core/params.h"
#include "sim/noc/topology.h"

namespace cimsim::noc {

const char* to_string(NocModel m) { return m == NocModel::Cycle ? "cycle" : "simple"; }
const char* to_string(Topology t) { return topology_info(t).name; }

namespace {
std::vector<std::string> topology_names() {
  std::vector<std::string> names;
  for (const TopologyInfo& t : topologies()) names.emplace_back(t.name);
  return names;
}
std::string topology_help() {
  std::string help;
  for (const TopologyInfo& t : topologies())
    help += (help.empty() ? "" : "; ") + std::string(t.name) + " = " + t.description;
  return help;
}
}  // namespace

const core::ComponentSchema& noc_schema() {
  using namespace core;
  static const ComponentSchema schema{
      "noc",
      "chip.noc",
      "network-on-chip connecting tiles, global buffer and DRAM controller",
      {
          choice_param("model", "cycle", {"cycle", "simple"},
                       "cycle = VC routers with credit flow control; simple = serializing links "
                       "reserved in time"),
          choice_param("topology", "mesh", topology_names(), topology_help()),
          int_param("concentration", "nodes", "4", 2, kMaxConcentration,
                    "tiles per router of a cmesh (2 = 2x1, 4 = 2x2, 8 = 4x2, ...); only with "
                    "topology cmesh"),
          int_param("width", "routers", "0", 0, 256,
                    "routers along x; 0 = from the chip's tiles_x"),
          int_param("height", "routers", "0", 0, 256,
                    "routers along y; 0 = from the chip's tiles_y"),
          int_param("vcs", "", "2", 1, 8, "virtual channels per input port"),
          int_param("vc_depth_flits", "flits", "4", 1, 1024,
                    "buffer depth of each virtual channel"),
          int_param("flit_bits", "bits", "32", 1, 4096, "flit and link width"),
          int_param("route_cycles", "cycles", "1", 0, 64, "route computation stage"),
          int_param("va_cycles", "cycles", "1", 0, 64, "virtual-channel allocation stage"),
          int_param("sa_cycles", "cycles", "1", 1, 64, "switch allocation stage"),
          int_param("st_cycles", "cycles", "1", 0, 64, "switch (crossbar) traversal stage"),
          int_param("link_latency_cycles", "cycles", "1", 1, 64,
                    "router-to-router link delay (credits return in as many cycles)"),
          int_param("injection_latency_cycles", "cycles", "1", 1, 64,
                    "injection link from a node's interface into its router, after the cycle the "
                    "interface takes to send a flit (credits return in as many cycles)"),
          int_param("ejection_latency_cycles", "cycles", "1", 1, 64,
                    "ejection link from a router's local port into the node's interface "
                    "(credits return in as many cycles)"),
          int_param("ejection_buffer_flits", "flits", "4", 1, 1024,
                    "ejection buffer per virtual channel at a node's interface (the router sends "
                    "only with a credit for it)"),
          int_param("injection_queue_packets", "packets", "0", 0, 1e9,
                    "source queue bound per node (try_inject refuses beyond it); 0 = unbounded"),
          real_param("clock_MHz", "MHz", "1200", 1e-3, 1e6, "NoC clock"),
          real_param("energy_per_flit_router_pJ", "pJ", "4.4", 0, kInf,
                     "one flit through one router (buffer, allocators, crossbar)"),
          real_param("energy_per_flit_link_pJ", "pJ", "1.0", 0, kInf,
                     "one flit over one router-to-router link"),
          real_param("router_leakage_mW", "mW", "4.2", 0, kInf, "static power of one router"),
          real_param("router_area_mm2", "mm2", "0.151", 0, kInf, "area of one router"),
          int_param("watchdog_cycles", "cycles", "10000", 100, 1e12,
                    "error out when no flit moved for this long while flits are in flight"),
      },
      {}};
  return schema;
}

namespace {
NocParams read_fields(const core::ConfigSection& s) {
  NocParams p;
  p.model = s.get_string("model") == "simple" ? NocModel::Simple : NocModel::Cycle;
  const TopologyInfo& topo = *find_topology(s.get_string("topology"));  // a checked choice
  p.topology = topo.kind;
  // Read only for a concentrated topology: with another one the key is unused, and the config's
  // unused-key check names it.
  if (topo.concentrated) p.cmesh_concentration = static_cast<int>(s.get_int("concentration"));
  p.width = static_cast<int>(s.get_int("width"));
  p.height = static_cast<int>(s.get_int("height"));
  p.vcs = static_cast<int>(s.get_int("vcs"));
  p.vc_depth_flits = static_cast<int>(s.get_int("vc_depth_flits"));
  p.flit_bits = static_cast<int>(s.get_int("flit_bits"));
  p.route_cycles = static_cast<int>(s.get_int("route_cycles"));
  p.va_cycles = static_cast<int>(s.get_int("va_cycles"));
  p.sa_cycles = static_cast<int>(s.get_int("sa_cycles"));
  p.st_cycles = static_cast<int>(s.get_int("st_cycles"));
  p.link_latency_cycles = static_cast<int>(s.get_int("link_latency_cycles"));
  p.injection_latency_cycles = static_cast<int>(s.get_int("injection_latency_cycles"));
  p.ejection_latency_cycles = static_cast<int>(s.get_int("ejection_latency_cycles"));
  p.ejection_buffer_flits = static_cast<int>(s.get_int("ejection_buffer_flits"));
  p.injection_queue_packets = static_cast<int>(s.get_int("injection_queue_packets"));
  p.clock_MHz = s.get_real("clock_MHz");
  p.energy_per_flit_router_pJ = s.get_real("energy_per_flit_router_pJ");
  p.energy_per_flit_link_pJ = s.get_real("energy_per_flit_link_pJ");
  p.router_leakage_mW = s.get_real("router_leakage_mW");
  p.router_area_mm2 = s.get_real("router_area_mm2");
  p.watchdog_cycles = s.get_int("watchdog_cycles");
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
