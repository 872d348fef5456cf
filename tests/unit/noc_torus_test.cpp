// The torus: wrap-around routes, zero-load latency, and dateline VC classes against the ring
// deadlock (which the watchdog catches when the classes are switched off).
#include <catch2/catch.hpp>

#include <string>

#include "sim/noc/router_network.h"
#include "sim/noc/simple_network.h"

using namespace cimsim::noc;

namespace {
NocParams torus(int w, int h) {
  NocParams p;
  p.width = w;
  p.height = h;
  p.topology = Topology::Torus;
  return p;
}

uint64_t latency(Interconnect& net, int src, int dst, uint32_t flits) {
  REQUIRE(net.try_inject(src, dst, flits, 0));
  while (!net.idle()) net.step();
  Delivery d;
  REQUIRE(net.pop_delivery(dst, d));
  return d.latency_cycles();
}
}  // namespace

TEST_CASE("torus routes take the shorter way round each ring", "[noc][torus]") {
  const auto topo = make_geometry(torus(4, 4));
  const Geometry& g = *topo;
  CHECK(std::string(g.name()) == "torus");
  CHECK(g.min_vcs() == 2);
  CHECK(g.neighbor(3, kEast) == 0);
  CHECK(g.neighbor(0, kWest) == 3);
  CHECK(g.neighbor(12, kNorth) == 0);
  CHECK(g.neighbor(0, kSouth) == 12);
  CHECK(g.route(0, 3) == kWest);  // 1 hop west beats 3 east
  CHECK(g.route(0, 2) == kEast);  // a tie (2 either way) goes east
  CHECK(g.route(0, 12) == kSouth);
  CHECK(g.hops(0, 15) == 2);
  CHECK(g.hops(0, 10) == 4);
  // Dateline classes with 4 VCs: class 0 = VCs {0, 1} (mask 0x3), class 1 = {2, 3} (0xc).
  // Node 2 -> node 0 on row 0: a tie (2 hops either way) goes east, 2 -> 3 -> 0, crossing the
  // wrap-around link 3 -> 0: class 0 up to it, class 1 from it.
  const int local = kFirstLocalPort;
  CHECK(g.allowed_vcs(2, local, 0, kEast, 2, 0, 4) == 0x3u);  // into x = 3: before the link
  CHECK(g.allowed_vcs(3, kWest, 0, kEast, 2, 0, 4) == 0xcu);  // into x = 0: crossed
  // Node 0 -> node 3: 1 hop west, over the wrap-around link at once.
  CHECK(g.allowed_vcs(0, local, 0, kWest, 0, 3, 4) == 0xcu);
  // Node 1 -> node 3: a tie goes east, 1 -> 2 -> 3, never crossing: either class at the first
  // hop along the ring, then the class it arrived in.
  CHECK(g.allowed_vcs(1, local, 0, kEast, 1, 3, 4) == 0xfu);
  CHECK(g.allowed_vcs(2, kWest, 1, kEast, 1, 3, 4) == 0x3u);  // arrived in class 0: keeps it
  CHECK(g.allowed_vcs(2, kWest, 3, kEast, 1, 3, 4) == 0xcu);  // arrived in class 1: keeps it
  CHECK(g.allowed_vcs(3, kWest, 3, kFirstLocalPort, 1, 3, 4) == 0xfu);  // ejection: any VC
  // A mesh has no classes.
  NocParams m = torus(4, 4);
  m.topology = Topology::Mesh;
  CHECK(make_geometry(m)->allowed_vcs(3, local, 0, kEast, 2, 0, 4) == 0xfu);
}

TEST_CASE("torus zero-load latency follows the formula with wrap-around hops",
          "[noc][torus][zero_load]") {
  // 5 cycles per hop with the defaults: T = 5H + 6 + F.
  for (NocModel m : {NocModel::Cycle, NocModel::Simple}) {
    NocParams p = torus(4, 4);
    p.model = m;
    INFO(to_string(m));
    auto a = make_interconnect(p);
    CHECK(latency(*a, 0, 15, 1) == 17);  // 1 west (wrap) + 1 south (wrap)
    auto b = make_interconnect(p);
    CHECK(latency(*b, 0, 10, 4) == 5 * 4 + 6 + 4);  // 2 east + 2 north
  }
  // Every pair alone: the mean ring distance on a 4-ring is (0 + 1 + 2 + 1) / 4 = 1 per
  // dimension, so the mean latency of 1-flit packets is 5 x 2 + 6 + 1 = 17 exactly.
  RouterNetwork net(torus(4, 4));
  uint64_t sum = 0;
  for (int s = 0; s < 16; ++s)
    for (int t = 0; t < 16; ++t) sum += latency(net, s, t, 1);
  CHECK(sum == 256 * 17);
}

TEST_CASE("dateline VC classes keep a loaded ring from deadlocking", "[noc][torus][watchdog]") {
  // A ring of 4 routers, every node streaming 4-flit packets 2 hops east: the channels form a
  // cycle. With the dateline classes every packet drains; with them switched off the ring fills
  // and locks within a few cycles, and the watchdog says where.
  auto run = [](bool datelines) {
    NocParams p = torus(4, 1);
    p.watchdog_cycles = 500;
    RouterNetwork net(p);
    net.test_disable_datelines(!datelines);
    uint64_t injected = 0, delivered = 0;
    Delivery d;
    for (int c = 0; c < 5000 || !net.idle(); ++c) {
      for (int n = 0; n < 4 && c < 5000; ++n)
        if (net.queued_packets(n) < 4 && net.try_inject(n, (n + 2) % 4, 4, 0)) ++injected;
      net.step();
      for (int n : net.delivered_nodes())
        while (net.pop_delivery(n, d)) ++delivered;
    }
    return std::make_pair(injected, delivered);
  };
  const auto ok = run(true);
  CHECK(ok.first > 1000);
  CHECK(ok.second == ok.first);
  CHECK_THROWS_AS(run(false), NocDeadlock);
  try {
    run(false);
  } catch (const NocDeadlock& e) {
    const std::string m = e.what();
    INFO(m);
    CHECK(m.find("no flit moved for 500 cycles") != std::string::npos);
    CHECK(m.find("waiting for a credit on output east") != std::string::npos);
  }
}
