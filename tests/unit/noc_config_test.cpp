// chip.noc: reading the config subtree, dimensions taken from the chip, errors, stats export.
#include <catch2/catch.hpp>

#include <functional>

#include "sim/core/config.h"
#include "sim/core/errors.h"
#include "sim/core/stats.h"
#include "sim/noc/interconnect.h"
#include "sim/noc/noc_params.h"
#include "tests/unit/input_error.h"

using namespace cimsim;
using noc::NocParams;

using cimsim::test::error_of;

namespace {

const core::ComponentSchema& chip_like_schema() {
  static const core::ComponentSchema s{"chip", "chip", "test chip", {}, {"noc"}};
  return s;
}
const core::ComponentSchema& root_schema() {
  static const core::ComponentSchema s{"config", "", "test root", {}, {"chip"}};
  return s;
}

NocParams read(const std::string& yaml, int tiles_x = 0, int tiles_y = 0) {
  auto doc = core::ConfigDoc::load_string(yaml, "test.yaml");
  const core::ConfigSection noc = doc->root(root_schema())
                                      .section("chip", chip_like_schema())
                                      .section("noc", noc::noc_schema());
  NocParams p = tiles_x ? noc::read_noc_params(noc, tiles_x, tiles_y) : noc::read_noc_params(noc);
  doc->check_all_consumed();
  return p;
}

}  // namespace

TEST_CASE("chip.noc defaults are BookSim-like: 2 VCs x 4 flits, 1-cycle stages", "[noc][config]") {
  const NocParams p = read("chip: {}\n", 4, 3);
  CHECK(p.model == noc::NocModel::Cycle);
  CHECK(p.topology == noc::Topology::Mesh);
  CHECK(p.width == 4);
  CHECK(p.height == 3);
  CHECK(p.vcs == 2);
  CHECK(p.vc_depth_flits == 4);
  CHECK(p.route_cycles + p.va_cycles + p.sa_cycles + p.st_cycles + p.link_latency_cycles == 5);
  CHECK(p.flit_bits == 32);
  CHECK(p.nodes() == 12);
}

TEST_CASE("chip.noc values are read and the cmesh takes half the tiles per axis", "[noc][config]") {
  const NocParams p = read(
      "chip:\n  noc:\n    model: simple\n    topology: cmesh\n    vcs: 4\n    vc_depth_flits: 8\n"
      "    flit_bits: 128\n    route_cycles: 0\n    va_cycles: 2\n    sa_cycles: 3\n    st_cycles: "
      "0\n"
      "    link_latency_cycles: 2\n    clock_MHz: 500\n    energy_per_flit_router_pJ: 2.5\n"
      "    energy_per_flit_link_pJ: 0.5\n    router_leakage_mW: 1\n    router_area_mm2: 0.2\n"
      "    watchdog_cycles: 5000\n    injection_queue_packets: 3\n",
      5, 4);
  CHECK(p.model == noc::NocModel::Simple);
  CHECK(p.topology == noc::Topology::CMesh);
  CHECK(p.width == 3);  // ceil(5 / 2)
  CHECK(p.height == 2);
  CHECK(p.nodes() == 24);
  CHECK(p.vcs == 4);
  CHECK(p.vc_depth_flits == 8);
  CHECK(p.flit_bits == 128);
  CHECK(p.route_cycles == 0);
  CHECK(p.va_cycles == 2);
  CHECK(p.sa_cycles == 3);
  CHECK(p.st_cycles == 0);
  CHECK(p.link_latency_cycles == 2);
  CHECK(p.clock_MHz == 500);
  CHECK(p.energy_per_flit_router_pJ == 2.5);
  CHECK(p.energy_per_flit_link_pJ == 0.5);
  CHECK(p.router_leakage_mW == 1);
  CHECK(p.router_area_mm2 == 0.2);
  CHECK(p.watchdog_cycles == 5000);
  CHECK(p.injection_queue_packets == 3);
}

TEST_CASE("chip.noc.concentration sets the cmesh block and so the router grid", "[noc][config]") {
  // 2 tiles per router: 2x1 blocks, so 6x4 tiles -> 3x4 routers.
  NocParams p = read("chip:\n  noc:\n    topology: cmesh\n    concentration: 2\n", 6, 4);
  CHECK(p.concentration() == 2);
  CHECK(p.width == 3);
  CHECK(p.height == 4);
  CHECK(p.nodes() == 24);
  // 8 tiles per router: 4x2 blocks, 9x3 tiles -> ceil(9/4) x ceil(3/2) = 3x2 routers.
  p = read("chip:\n  noc:\n    topology: cmesh\n    concentration: 8\n", 9, 3);
  CHECK(p.width == 3);
  CHECK(p.height == 2);
  CHECK(p.nodes() == 48);
  // The default cmesh block is ISAAC's 2x2; a mesh has one node per router whatever the field.
  CHECK(read("chip:\n  noc:\n    topology: cmesh\n").concentration() == 4);
  CHECK(read("chip:\n  noc:\n    vcs: 2\n").concentration() == 1);
  // 16 local ports + 4 network ports = 20 ports: at most 3 VCs fit the 64-bit masks.
  CHECK(error_of([] {
          read("chip:\n  noc:\n    topology: cmesh\n    concentration: 16\n    vcs: 4\n");
        }) ==
        "test.yaml:5: chip.noc.vcs: expected at most 3 virtual channels per port with topology "
        "cmesh (20 ports)");
}

TEST_CASE("a torus takes the chip's tile grid as it is", "[noc][config]") {
  const NocParams p = read("chip:\n  noc:\n    topology: torus\n", 6, 4);
  CHECK(p.topology == noc::Topology::Torus);
  CHECK(p.width == 6);
  CHECK(p.height == 4);
  CHECK(p.nodes() == 24);
}

TEST_CASE("chip.noc errors are one line naming the key", "[noc][config]") {
  CHECK(error_of([] { read("chip:\n  noc:\n    vcs: 0\n"); }).find("test.yaml:3: chip.noc.vcs:") ==
        0);
  CHECK(error_of([] { read("chip:\n  noc:\n    model: fast\n"); }).find("chip.noc.model") !=
        std::string::npos);
  CHECK(error_of([] { read("chip:\n  noc:\n    vc_depth: 4\n"); }).find("chip.noc.vc_depth") !=
        std::string::npos);
  CHECK(error_of([] { read("chip:\n  noc:\n    width: 8\n", 4, 4); }) ==
        "test.yaml:3: chip.noc.width: expected 4 (the chip's tiles_x = 4 with topology mesh) or 0, "
        "got 8");
  CHECK(error_of([] { read("chip:\n  noc:\n    width: 8\n"); }).find("both set or both 0") !=
        std::string::npos);
  CHECK(error_of([] { read("chip:\n  noc:\n    vcs: 9\n"); }).find("test.yaml:3: chip.noc.vcs:") ==
        0);
  CHECK(error_of([] { read("chip:\n  noc:\n    topology: torus\n    vcs: 1\n"); }) ==
        "test.yaml:4: chip.noc.vcs: expected at least 2 virtual channels with topology torus (its "
        "routes need them to be deadlock-free)");
  CHECK(error_of([] {
          read("chip:\n  noc:\n    topology: torus\n    concentration: 4\n");
        }).find("test.yaml:4: chip.noc.concentration: is not used by this configuration") == 0);
  CHECK(error_of([] {
          read("chip:\n  noc:\n    topology: cmesh\n    concentration: 1\n");
        }).find("test.yaml:4: chip.noc.concentration:") == 0);
  CHECK(error_of([] {
          read("chip:\n  noc:\n    height: 5\n", 4, 4);
        }).find("chip.noc.height: expected 4") != std::string::npos);
}

TEST_CASE("stats export: counts, energy per traversal, leakage over time, area", "[noc][stats]") {
  NocParams p;
  p.width = 4;
  p.height = 4;
  p.energy_per_flit_router_pJ = 2;
  p.energy_per_flit_link_pJ = 0.5;
  p.router_leakage_mW = 1;
  p.clock_MHz = 1000;  // 1 ns cycles
  auto net = noc::make_interconnect(p);
  REQUIRE(net->try_inject(0, 15, 4, 0));  // 28 router and 24 link traversals
  net->advance_to(100);
  core::StatGroup g("noc");
  net->export_stats(g);
  CHECK(g.value("router_traversals") == 28);
  CHECK(g.value("link_traversals") == 24);
  CHECK(g.value("packets_delivered") == 1);
  CHECK(g.value("avg_packet_latency_cycles") == 40);  // 5 x 6 hops + 6 + 4 flits
  CHECK(g.value("area_mm2") == Approx(16 * 0.151));
  // 28 x 2 + 24 x 0.5 = 68 pJ dynamic, 16 routers x 1 mW x 100 ns = 1600 pJ static.
  const auto by_cat = g.energy_by_category_pJ();
  CHECK(by_cat[static_cast<int>(core::EnergyCategory::Interconnect)] == Approx(68));
  CHECK(by_cat[static_cast<int>(core::EnergyCategory::Leakage)] == Approx(1600));
  CHECK(g.total_energy_pJ() == Approx(1668));
}
