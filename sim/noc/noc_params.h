#pragma once
// Parameters of the network-on-chip (config subtree `chip.noc`). Plain struct: the models never
// see YAML. Timing is in cycles of the NoC clock (clock_MHz).
#include <cstdint>
#include <string>

namespace cimsim::core {
struct ComponentSchema;
class ConfigSection;
template <class S>
class ParamTable;
}  // namespace cimsim::core

namespace cimsim::noc {

enum class NocModel {
  Cycle,   // input-queued VC routers, credit-based wormhole flow control, cycle by cycle
  Simple,  // links that serialize packets, reserved in time in injection order (no buffers)
};
// The topologies (sim/noc/topology.cpp has one row per value: name, schema text, factory).
enum class Topology {
  Mesh,   // one router per node
  CMesh,  // concentrated mesh: one router per `concentration` nodes (4: a 2x2 block, ISAAC)
  Torus,  // mesh with wrap-around links; dateline VC classes keep it deadlock-free
};

struct NocParams {
  NocModel model = NocModel::Cycle;
  Topology topology = Topology::Mesh;
  // Nodes per router of a cmesh (chip.noc.concentration): 2 (2x1 tiles), 4 (2x2), 8 (4x2)...
  int cmesh_concentration = 4;
  // Routers along x and y. 0 = taken from the chip (tiles_x x tiles_y, divided by the cmesh
  // block):
  // see read_noc_params(section, tiles_x, tiles_y).
  int width = 0;
  int height = 0;
  int vcs = 2;             // virtual channels per input port
  int vc_depth_flits = 4;  // buffer per VC [flits]
  int flit_bits = 32;      // [bits] per flit = link width
  // Router pipeline [cycles]: route computation, VC allocation, switch allocation, switch
  // traversal. Per-hop head latency = route + va + sa + st + link_latency.
  int route_cycles = 1;
  int va_cycles = 1;
  int sa_cycles = 1;
  int st_cycles = 1;
  int link_latency_cycles = 1;  // router-to-router wire [cycles]; credits take as long
  // The network interfaces are links too. A source sends a flit in one cycle, then it crosses
  // the injection link (credits come back over it as long); a flit granted the local output
  // port of the last router crosses the ejection link into a buffer of ejection_buffer_flits
  // per VC at the destination, which takes a flit a cycle and returns its credit over the link.
  int injection_latency_cycles = 1;
  int ejection_latency_cycles = 1;
  int ejection_buffer_flits = 4;    // per VC of the local output port [flits]
  int injection_queue_packets = 0;  // per-node source queue bound [packets]; 0 = unbounded
  double clock_MHz = 1200;
  double energy_per_flit_router_pJ = 4.4;  // buffer write+read, allocation, crossbar [pJ]
  double energy_per_flit_link_pJ = 1.0;    // one router-to-router link [pJ]
  double router_leakage_mW = 4.2;          // static power per router [mW]
  double router_area_mm2 = 0.151;          // per router [mm2]
  int64_t watchdog_cycles = 10000;         // no flit moved this long with flits in flight: error
  std::string path = "chip.noc";           // where it was read from (names energy and area sources)

  int concentration() const;  // nodes per router: cmesh_concentration for a cmesh, else 1
  int nodes() const { return width * height * concentration(); }
  double cycle_ns() const { return 1000.0 / clock_MHz; }
};

const char* to_string(NocModel m);
const char* to_string(Topology t);

// The parameter table of chip.noc (sim/core/param_table.h) and its schema: every key with unit,
// default, range and meaning.
const core::ParamTable<NocParams>& param_table(const NocParams&);
const core::ComponentSchema& noc_schema();

// Reads chip.noc. width/height stay 0 when the config leaves them out (dimensions then come
// from the chip, see below).
NocParams read_noc_params(const core::ConfigSection& s);

// Reads chip.noc for a chip of tiles_x x tiles_y tiles: the router grid is tiles_x x tiles_y
// (mesh, torus) or ceil(tiles_x/cx) x ceil(tiles_y/cy) (cmesh with a cx x cy block per router,
// see concentration_block()). Explicit width/height keys must agree.
NocParams read_noc_params(const core::ConfigSection& s, int tiles_x, int tiles_y);

// Internal consistency of a struct built in code (tests, tools): std::invalid_argument naming
// the field. The Interconnect constructors call it.
void check_noc_params(const NocParams& p);

}  // namespace cimsim::noc
