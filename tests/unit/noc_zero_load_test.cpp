// Zero-load latency of single packets, exact to the cycle, for both NoC models.
//
// Timeline with the default pipeline (route = va = sa = st = link = injection = ejection = 1
// cycle), packet injected in cycle c: the source sends the head in c, it crosses the injection
// link in c+1 and lands in the first router's buffer in c+2; route computation c+2, VC
// allocation c+3, switch allocation c+4, then switch traversal c+5 and link c+6: in the next
// router in c+7, i.e. 5 cycles per hop. At the last router (head landed in a) the switch is
// granted in a+2, traversed in a+3, the ejection link takes a+4 and the head is in the
// destination in a+5. Tail flits follow one cycle apart. So
// T = 1 + 1 + 4 (H + 1) + H + 1 + (F - 1) = 5H + 6 + F.
#include <catch2/catch.hpp>

#include "sim/noc/router_network.h"
#include "sim/noc/simple_network.h"
#include "sim/noc/traffic.h"

using namespace cimsim::noc;

namespace {

NocParams mesh(int w, int h) {
  NocParams p;
  p.width = w;
  p.height = h;
  return p;
}

// Injects one packet in cycle 3 and checks it arrives in cycle 3 + T: not after T - 1 cycles,
// and with deliver_cycle exactly 3 + T (not T + 1).
void expect_latency(Interconnect& net, int src, int dst, uint32_t flits, uint64_t T) {
  net.advance_to(3);
  REQUIRE(net.try_inject(src, dst, flits, 77));
  for (uint64_t i = 0; i < T; ++i) {
    net.step();
    REQUIRE(net.deliveries_waiting(dst) == 0);
  }
  net.step();
  REQUIRE(net.deliveries_waiting(dst) == 1);
  REQUIRE(net.delivered_nodes() == std::vector<int>{dst});
  Delivery d;
  REQUIRE(net.pop_delivery(dst, d));
  CHECK(d.tag == 77);
  CHECK(d.src == src);
  CHECK(d.inject_cycle == 3);
  CHECK(d.network_cycle == 3);
  CHECK(d.deliver_cycle == 3 + T);
  CHECK(d.latency_cycles() == T);
  CHECK(net.zero_load_latency(static_cast<int>(d.hops), flits) == T);
  CHECK(net.idle());
}

}  // namespace

TEST_CASE("cycle model: single packets arrive at the hand-derived cycle", "[noc][zero_load]") {
  const NocParams p = mesh(4, 4);
  SECTION("corner to corner, 1 flit: H = 6, T = 5*6 + 6 + 1") {
    RouterNetwork net(p);
    expect_latency(net, 0, 15, 1, 37);
  }
  SECTION("corner to corner, 4 flits: three more cycles of serialization") {
    RouterNetwork net(p);
    expect_latency(net, 0, 15, 4, 40);
  }
  SECTION("x then y the other way round: node 3 (3,0) to node 12 (0,3), 2 flits") {
    RouterNetwork net(p);
    expect_latency(net, 3, 12, 2, 38);
  }
  SECTION("to itself: through the local router only, T = 7") {
    RouterNetwork net(p);
    expect_latency(net, 5, 5, 1, 7);
  }
  SECTION("one hop east") {
    RouterNetwork net(p);
    expect_latency(net, 5, 6, 1, 12);
  }
}

TEST_CASE("cycle model: other pipeline depths follow the formula", "[noc][zero_load]") {
  // route 0, va 1, sa 1, st 0, link 2: 2 cycles per router, 2 per link:
  // T = 1 + 1 + 2 (H + 1) + 2 H + 1 + (F - 1); node 0 -> 3 on a 4x1 line, H = 3, F = 2: T = 18.
  NocParams p = mesh(4, 1);
  p.route_cycles = 0;
  p.st_cycles = 0;
  p.link_latency_cycles = 2;
  RouterNetwork net(p);
  expect_latency(net, 0, 3, 2, 18);
}

TEST_CASE("cycle model: concentrated mesh, four nodes per router", "[noc][zero_load]") {
  NocParams p = mesh(2, 2);
  p.topology = Topology::CMesh;
  SECTION("node 0 (router 0) to node 15 (router 3): H = 2, T = 17") {
    RouterNetwork net(p);
    REQUIRE(net.num_nodes() == 16);
    expect_latency(net, 0, 15, 1, 17);
  }
  SECTION("two nodes of one router: H = 0, T = 7") {
    RouterNetwork net(p);
    expect_latency(net, 0, 3, 1, 7);
  }
}

TEST_CASE("simple model: single packets take the same zero-load latency",
          "[noc][zero_load][simple]") {
  SECTION("defaults") {
    SimpleNetwork a(mesh(4, 4));
    expect_latency(a, 0, 15, 4, 40);
    SimpleNetwork b(mesh(4, 4));
    expect_latency(b, 5, 5, 1, 7);
  }
  SECTION("other pipeline") {
    NocParams p = mesh(4, 1);
    p.route_cycles = 0;
    p.st_cycles = 0;
    p.link_latency_cycles = 2;
    SimpleNetwork net(p);
    expect_latency(net, 0, 3, 2, 18);
  }
}

TEST_CASE("simple model: a link serializes the packets that share it", "[noc][simple]") {
  // Two 4-flit packets from node 0 to node 3 in the same cycle: the second leaves the source
  // 4 cycles later (injection channel busy), so it arrives 4 cycles after the first: T0 + 4.
  NocParams p = mesh(4, 1);
  SimpleNetwork net(p);
  REQUIRE(net.try_inject(0, 3, 4, 1));
  REQUIRE(net.try_inject(0, 3, 4, 2));
  CHECK(net.queued_packets(0) == 2);  // neither head has left: the first leaves in cycle 0
  net.step();
  CHECK(net.queued_packets(0) == 1);  // the second leaves in cycle 4
  const uint64_t T0 = net.zero_load_latency(3, 4);
  REQUIRE(T0 == 5 * 3 + 6 + 4);
  net.advance_to(T0);
  CHECK(net.deliveries_waiting(3) == 0);
  net.step();
  CHECK(net.deliveries_waiting(3) == 1);
  net.advance_to(T0 + 4);
  CHECK(net.deliveries_waiting(3) == 1);
  net.step();
  CHECK(net.deliveries_waiting(3) == 2);
  Delivery d;
  net.pop_delivery(3, d);
  net.pop_delivery(3, d);
  CHECK(d.tag == 2);
  CHECK(d.network_cycle == 4);
  CHECK(d.deliver_cycle == T0 + 4);
}

TEST_CASE("zero-load latency averaged over all pairs of a 4x4 mesh", "[noc][zero_load]") {
  // Uniform traffic (source included): mean |dx| = (k^2 - 1) / (3k) = 15/12 per dimension, so
  // mean H = 2.5 and the mean zero-load latency of 1-flit packets is 5 * 2.5 + 6 + 1 = 19.5.
  const NocParams p = mesh(4, 4);
  SECTION("every pair alone in the network: exactly 19.5") {
    RouterNetwork net(p);
    uint64_t sum = 0;
    Delivery d;
    for (int s = 0; s < 16; ++s)
      for (int t = 0; t < 16; ++t) {
        REQUIRE(net.try_inject(s, t, 1, 0));
        while (!net.idle()) net.step();
        REQUIRE(net.pop_delivery(t, d));
        sum += d.latency_cycles();
      }
    CHECK(sum == 256 * 39 / 2);  // 4992 = 256 x 19.5
  }
  SECTION("Bernoulli uniform traffic at 0.002 flits/node/cycle: within 1% of 19.5") {
    RouterNetwork net(p);
    TrafficParams t;
    t.rate = 0.002;
    t.measure_cycles = 100000;
    const TrafficResult r = run_synthetic_traffic(net, t);
    CHECK(r.zero_load_latency_cycles == 19.5);
    CHECK(r.packets_measured > 2500);  // 16 x 100000 x 0.002 = 3200 expected
    CHECK(r.drained);
    CHECK(r.avg_packet_latency_cycles >= 19.5 * 0.99);  // the sample of pairs is random
    CHECK(r.avg_packet_latency_cycles <= 19.5 * 1.01);
  }
}

TEST_CASE("an idle network does no work and jumps over time", "[noc]") {
  RouterNetwork net(mesh(8, 8));
  CHECK(net.idle());
  CHECK(net.next_activity_cycle() == kNever);
  net.advance_to(1000000000ULL);  // instant: nothing to simulate
  CHECK(net.cycle() == 1000000000ULL);
  CHECK(net.counters().active_cycles == 0);
  REQUIRE(net.try_inject(0, 63, 2, 5));
  CHECK(net.next_activity_cycle() == net.cycle());
  net.advance_to(net.cycle() + 100);
  CHECK(net.idle());
  CHECK(net.active_routers() == 0);
  CHECK(net.counters().active_cycles == net.zero_load_latency(14, 2) + 1);
  CHECK(net.delivered_nodes() == std::vector<int>{63});
}

TEST_CASE("delivered_nodes() keeps listing a node until its deliveries are popped", "[noc]") {
  // A caller that runs advance_to() and then step() and only looks at the list after step()
  // must still find what arrived during advance_to().
  for (NocModel m : {NocModel::Cycle, NocModel::Simple}) {
    NocParams p = mesh(4, 4);
    p.model = m;
    auto net = make_interconnect(p);
    REQUIRE(net->try_inject(0, 15, 1, 1));
    REQUIRE(net->try_inject(5, 6, 1, 2));
    net->advance_to(50);  // both arrived (36 and 11 cycles)
    CHECK(net->delivered_nodes() == std::vector<int>{6, 15});
    net->step();
    CHECK(net->delivered_nodes() == std::vector<int>{6, 15});
    Delivery d;
    REQUIRE(net->pop_delivery(6, d));
    net->step();
    CHECK(net->delivered_nodes() == std::vector<int>{15});
    REQUIRE(net->pop_delivery(15, d));
    net->step();
    CHECK(net->delivered_nodes().empty());
  }
}

TEST_CASE("injection and ejection links add their latencies to the zero-load latency",
          "[noc][zero_load]") {
  // injection 3, ejection 2, node 0 -> 3 on a 4x1 line (H = 3), 2 flits:
  // T = 1 (source) + 3 (injection) + 4 x 4 (routers) + 3 x 1 (links) + 2 (ejection) + 1 = 26.
  for (NocModel m : {NocModel::Cycle, NocModel::Simple}) {
    INFO(to_string(m));
    NocParams p = mesh(4, 1);
    p.model = m;
    p.injection_latency_cycles = 3;
    p.ejection_latency_cycles = 2;
    auto net = make_interconnect(p);
    expect_latency(*net, 0, 3, 2, 26);
  }
}

TEST_CASE("an ejection buffer shallower than its credit round trip throttles the destination",
          "[noc][zero_load]") {
  // The local output VC's credits come back sa + st + ejection (flit) + ejection (credit) = 4
  // cycles after a flit is granted. With a 1-flit ejection buffer the last router sends a flit
  // every 4 cycles: T = T0(1 flit) + 4 (F - 1); with 2 flits, 2 per 4 cycles; with the default
  // 4, one per cycle. Node 0 -> 3 on a 4x1 line: T0(1 flit) = 5 x 3 + 6 + 1 = 22.
  auto latency = [](int buffer, uint32_t flits) {
    NocParams p = mesh(4, 1);
    p.ejection_buffer_flits = buffer;
    RouterNetwork net(p);
    REQUIRE(net.try_inject(0, 3, flits, 0));
    while (!net.idle()) net.step();
    Delivery d;
    REQUIRE(net.pop_delivery(3, d));
    return d.latency_cycles();
  };
  CHECK(latency(1, 1) == 22);
  CHECK(latency(1, 5) == 22 + 16);
  CHECK(latency(2, 5) == 22 + 8);  // flits leave in s, s+1, s+4, s+5, s+8
  CHECK(latency(4, 5) == 22 + 4);
  CHECK(latency(2, 9) - latency(2, 7) == 4);
  CHECK(latency(4, 9) - latency(4, 7) == 2);
}

TEST_CASE("advance_until_delivery stops at the end of the delivery cycle or at the limit",
          "[noc]") {
  for (NocModel m : {NocModel::Cycle, NocModel::Simple}) {
    INFO(to_string(m));
    NocParams p = mesh(4, 4);
    p.model = m;
    auto net = make_interconnect(p);
    net->advance_to(10);
    REQUIRE(net->try_inject(0, 15, 4, 1));  // T0 = 5 x 6 + 6 + 4 = 40: delivered in cycle 50
    REQUIRE(net->try_inject(0, 14, 1, 2));  // behind it: leaves in 14, H = 5, T0 = 32 -> 46
    CHECK_FALSE(net->advance_until_delivery(30));
    CHECK(net->cycle() == 30);
    CHECK(net->advance_until_delivery(1000));
    CHECK(net->cycle() == 47);
    CHECK(net->delivered_nodes() == std::vector<int>{14});
    Delivery d;
    REQUIRE(net->pop_delivery(14, d));
    CHECK(d.deliver_cycle == 46);
    CHECK(net->advance_until_delivery(1000));
    CHECK(net->cycle() == 51);
    REQUIRE(net->pop_delivery(15, d));
    CHECK(d.deliver_cycle == 50);
    CHECK_FALSE(net->advance_until_delivery(1000));  // idle: jumps to the limit
    CHECK(net->cycle() == 1000);
  }
}
