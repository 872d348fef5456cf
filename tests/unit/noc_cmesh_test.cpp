// The concentrated mesh with other block sizes than ISAAC's 2x2: tile placement, hop counts and
// zero-load latency derived by hand, for both models.
#include <catch2/catch.hpp>

#include "sim/noc/interconnect.h"

using namespace cimsim::noc;

namespace {
NocParams cmesh(int w, int h, int c) {
  NocParams p;
  p.width = w;
  p.height = h;
  p.topology = Topology::CMesh;
  p.cmesh_concentration = c;
  return p;
}

uint64_t alone(Interconnect& net, int src, int dst, uint32_t flits) {
  REQUIRE(net.try_inject(src, dst, flits, 0));
  while (!net.idle()) net.step();
  Delivery d;
  REQUIRE(net.pop_delivery(dst, d));
  CHECK(d.hops == static_cast<uint32_t>(net.geometry().hops(src, dst)));
  return d.latency_cycles();
}
}  // namespace

TEST_CASE("cmesh blocks: 2 -> 2x1, 4 -> 2x2, 8 -> 4x2, 9 -> 3x3", "[noc][cmesh]") {
  int cx = 0, cy = 0;
  concentration_block(2, cx, cy);
  CHECK((cx == 2 && cy == 1));
  concentration_block(4, cx, cy);
  CHECK((cx == 2 && cy == 2));
  concentration_block(6, cx, cy);
  CHECK((cx == 3 && cy == 2));
  concentration_block(8, cx, cy);
  CHECK((cx == 4 && cy == 2));
  concentration_block(9, cx, cy);
  CHECK((cx == 3 && cy == 3));
}

TEST_CASE("cmesh of 2 tiles per router: placement and hops", "[noc][cmesh]") {
  // 3x2 routers of 2x1 tiles: a 6x2 tile grid, 12 nodes, 6 ports per router.
  const auto topo = make_geometry(cmesh(3, 2, 2));
  const Geometry& g = *topo;
  CHECK(std::string(g.name()) == "cmesh");
  CHECK(g.nodes() == 12);
  CHECK(g.ports() == 6);
  CHECK(g.grid_x() == 6);
  CHECK(g.grid_y() == 2);
  // Tile (5, 1): router (5/2, 1) = (2, 1) = router 5, second node of it: node 11.
  CHECK(g.node_at(5, 1) == 11);
  CHECK(g.node_at(4, 1) == 10);
  CHECK(g.node_at(1, 0) == 1);
  CHECK(g.node_grid_x(11) == 5);
  CHECK(g.node_grid_y(11) == 1);
  CHECK(g.router_of(11) == 5);
  CHECK(g.local_port_of(11) == kFirstLocalPort + 1);
  // Routers 0 (0,0) -> 5 (2,1): 2 east then 1 north, 3 links.
  CHECK(g.hops(0, 11) == 3);
  CHECK(g.route(0, 11) == kEast);
  CHECK(g.route(2, 11) == kNorth);
  CHECK(g.route(5, 11) == kFirstLocalPort + 1);
  CHECK(g.hops(0, 1) == 0);  // both tiles of router 0
  CHECK(g.hops(1, 2) == 1);  // tiles (1,0) and (2,0) sit on neighbouring routers
}

TEST_CASE("cmesh zero-load latency follows the hop count of the routers",
          "[noc][cmesh][zero_load]") {
  for (NocModel m : {NocModel::Cycle, NocModel::Simple}) {
    INFO(to_string(m));
    NocParams p = cmesh(3, 2, 2);
    p.model = m;
    {
      auto net = make_interconnect(p);
      // H = 3, 1 flit: 1 (source) + 1 (injection link) + 4 x 4 (routers) + 3 (links) + 1
      // (ejection link) = 22.
      CHECK(alone(*net, 0, 11, 1) == 22);
      // Two tiles of one router: H = 0, 1 + 1 + 4 + 1 = 7; 5 flits: 4 more.
      CHECK(alone(*net, 0, 1, 5) == 11);
      CHECK(net->zero_load_latency(3, 1) == 22);
    }
    // 8 tiles per router, 2x2 routers: a 8x4 tile grid of 32 nodes, 12 ports.
    p = cmesh(2, 2, 8);
    p.model = m;
    auto net = make_interconnect(p);
    const Geometry& g = net->geometry();
    CHECK(g.ports() == 12);
    CHECK(g.node_at(7, 3) == 31);  // router (1, 1) = 3, row 1 col 3 of its 4x2 block
    CHECK(g.node_at(4, 1) == 12);  // router 1, row 1 col 0
    CHECK(alone(*net, 0, 31, 2) == 5 * 2 + 6 + 2);
    CHECK(alone(*net, g.node_at(3, 0), g.node_at(4, 0), 1) == 5 * 1 + 6 + 1);
    // Every pair alone: the routers of a 2x2 grid are on average 0.5 + 0.5 = 1 link apart
    // (each router holds the same number of nodes), so 1-flit packets take 5 x 1 + 6 + 1 = 12
    // cycles on average: 32 x 32 x 12 in all.
    uint64_t sum = 0;
    for (int s = 0; s < 32; ++s)
      for (int t = 0; t < 32; ++t) sum += alone(*net, s, t, 1);
    CHECK(sum == 32 * 32 * 12);
  }
}
