// Traffic patterns, the simple model's link calendars, and advance_to() against plain stepping.
#include <catch2/catch.hpp>

#include <random>
#include <tuple>
#include <vector>

#include "sim/noc/router_network.h"
#include "sim/noc/simple_network.h"
#include "sim/noc/traffic.h"

using namespace cimsim::noc;

namespace {
NocParams traffic_mesh(int w, int h, Topology t = Topology::Mesh) {
  NocParams p;
  p.width = w;
  p.height = h;
  p.topology = t;
  return p;
}
}  // namespace

TEST_CASE("traffic patterns map tiles as defined", "[noc][traffic]") {
  const auto mesh44 = make_geometry(traffic_mesh(4, 4));
  const Geometry& g = *mesh44;  // node = y * 4 + x
  std::mt19937_64 rng(1);
  const TrafficPattern transpose(Pattern::Transpose, g, -1, 0);
  CHECK(transpose.destination(g.node_at(1, 2), rng) == g.node_at(2, 1));
  CHECK(transpose.destination(g.node_at(3, 3), rng) == g.node_at(3, 3));
  const TrafficPattern bitcomp(Pattern::BitComp, g, -1, 0);
  CHECK(bitcomp.destination(0, rng) == 15);  // ~0000 = 1111
  CHECK(bitcomp.destination(6, rng) == 9);   // ~0110 = 1001
  // 4x4 mesh: transpose's mean hops = 2 x mean |x - y| = 2 x (16 - 1) / 12 = 2.5; bitcomp
  // always crosses 2|x - 1.5| + 2|y - 1.5| = 4 hops on average.
  CHECK(transpose.average_hops() == 2.5);
  CHECK(bitcomp.average_hops() == 4);

  // A concentrated mesh lays tiles on a (2w) x (2h) grid: tile (1, 2) is node 2 of router 2.
  const auto cmesh22 = make_geometry(traffic_mesh(2, 2, Topology::CMesh));
  const Geometry& c = *cmesh22;
  CHECK(c.node_at(1, 2) == 2 * 4 + 1);
  CHECK(c.node_grid_x(9) == 1);
  CHECK(c.node_grid_y(9) == 2);
  const TrafficPattern ctr(Pattern::Transpose, c, -1, 0);
  CHECK(ctr.destination(c.node_at(1, 2), rng) == c.node_at(2, 1));

  // Hotspot: 30 % to the centre node, the rest uniform over 16 nodes.
  const TrafficPattern hot(Pattern::Hotspot, g, -1, 0.3);
  const int centre = g.node_at(2, 2);
  int hits = 0;
  const int draws = 100000;
  for (int i = 0; i < draws; ++i) hits += hot.destination(0, rng) == centre;
  CHECK(static_cast<double>(hits) / draws == Approx(0.3 + 0.7 / 16).epsilon(0.02));

  CHECK_THROWS_WITH(TrafficPattern(Pattern::Transpose, *make_geometry(traffic_mesh(4, 2)), -1, 0),
                    "transpose traffic needs a square grid of nodes, got 4x2");
  CHECK_THROWS_WITH(parse_pattern("tornado"),
                    "expected one of uniform, transpose, bitcomp, hotspot, got 'tornado'");
}

TEST_CASE("simple model: packets fill gaps in a link's calendar", "[noc][simple]") {
  // 3x1 line, defaults. A head that leaves its source in cycle d is in the first router in
  // d + 1 + injection = d + 2 and may use its output from + route + va = d + 4.
  // A: node 0 -> 2, 4 flits, cycle 0: router 0 east [4,8), router 1 east [9,13), router 2
  // ejection [14,18): tail at 14 + sa + st + ejection + 3 = 20 = T0(2 hops, 4 flits).
  // B: node 1 -> 2, 2 flits, cycle 1: router 1 east could start at 5 and [5,7) fits before A's
  // [9,13); router 2 ejection from 10, [10,12) fits before [14,18): tail at 14, T0(1, 2) = 13.
  // C: node 1 -> 2, 4 flits, cycle 1, behind B on the injection channel (leaves at 3): router 1
  // east from 7, but [7,11) hits A's [9,13): [13,17); ejection from 18: tail at 24.
  SimpleNetwork net(traffic_mesh(3, 1));
  REQUIRE(net.try_inject(0, 2, 4, 'A'));
  net.step();
  REQUIRE(net.try_inject(1, 2, 2, 'B'));
  REQUIRE(net.try_inject(1, 2, 4, 'C'));
  net.advance_to(30);
  Delivery d;
  std::vector<std::tuple<uint64_t, uint64_t, uint64_t>> got;
  while (net.pop_delivery(2, d)) got.emplace_back(d.tag, d.network_cycle, d.deliver_cycle);
  CHECK(got == std::vector<std::tuple<uint64_t, uint64_t, uint64_t>>{
                   {'B', 1, 14}, {'A', 0, 20}, {'C', 3, 24}});
}

TEST_CASE("advance_to() jumps give the same deliveries as stepping every cycle", "[noc]") {
  // Sparse bursts (the way a chip run injects): a batch of packets every 300 cycles.
  for (NocModel m : {NocModel::Cycle, NocModel::Simple}) {
    auto run = [m](bool jump) {
      NocParams p = traffic_mesh(2, 2, Topology::CMesh);
      p.model = m;
      auto net = make_interconnect(p);
      std::mt19937_64 rng(9);
      std::vector<std::tuple<int, uint64_t, uint64_t>> log;
      Delivery d;
      for (uint64_t burst = 0; burst < 20; ++burst) {
        const uint64_t at = burst * 300 + rng() % 50;
        if (jump)
          net->advance_to(at);
        else
          while (net->cycle() < at) net->step();
        for (int k = 0; k < 12; ++k)
          net->try_inject(static_cast<int>(rng() % 16), static_cast<int>(rng() % 16),
                          1 + static_cast<uint32_t>(rng() % 6),
                          burst * 100 + static_cast<uint64_t>(k));
        if (jump)
          net->advance_to(at + 200);
        else
          while (net->cycle() < at + 200) net->step();
        for (int n = 0; n < 16; ++n)
          while (net->pop_delivery(n, d)) log.emplace_back(n, d.tag, d.deliver_cycle);
      }
      return std::make_pair(log, net->counters().active_cycles);
    };
    INFO(to_string(m));
    const auto stepped = run(false), jumped = run(true);
    CHECK(stepped.first.size() == 240);
    CHECK(stepped == jumped);
  }
}
