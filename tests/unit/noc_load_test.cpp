// The cycle-accurate NoC under load: throughput bounds, back-pressure, determinism, evaluation
// order, the watchdog.
#include <catch2/catch.hpp>

#include <random>
#include <tuple>
#include <vector>

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

TrafficParams traffic(double rate, uint32_t flits, uint64_t measure) {
  TrafficParams t;
  t.rate = rate;
  t.packet_flits = flits;
  t.warmup_cycles = 1000;
  t.measure_cycles = measure;
  t.drain_limit_cycles = 3000;
  return t;
}

}  // namespace

TEST_CASE("below saturation the network accepts what is offered", "[noc][load]") {
  // 8x8 mesh, uniform traffic at 0.2 flits/node/cycle (the channel-load bound is 0.5): accepted
  // equals offered within 2% (packets crossing the window edges) and the drain finishes.
  for (uint32_t flits : {1u, 4u}) {
    RouterNetwork net(mesh(8, 8));
    const TrafficResult r = run_synthetic_traffic(net, traffic(0.2, flits, 5000));
    INFO("packet flits " << flits);
    CHECK(r.drained);
    CHECK_FALSE(r.saturated);
    CHECK(r.offered_flits_per_node_cycle == Approx(0.2).epsilon(0.02));  // Bernoulli sample
    CHECK(r.accepted_flits_per_node_cycle == Approx(r.offered_flits_per_node_cycle).epsilon(0.02));
    CHECK(r.avg_packet_latency_cycles > r.zero_load_latency_cycles);
    CHECK(r.avg_packet_latency_cycles < 2 * r.zero_load_latency_cycles);
  }
}

TEST_CASE("uniform traffic saturates at or below the bisection bound 4/k", "[noc][load]") {
  // k x k mesh, uniform traffic (source included), lambda flits/node/cycle. Cut the mesh in two
  // halves of k^2/2 nodes: each node sends half of its traffic across, so
  // 2 x (k^2/2) x lambda/2 = k^2 lambda/2 flits/cycle cross the 2k unidirectional channels of
  // the cut, k lambda/4 per channel (XY routing loads the middle channels exactly this much).
  // A channel carries at most 1 flit/cycle: lambda <= 4/k, 0.5 for k = 8. Source queues are
  // FIFO, so what is accepted keeps the uniform mix and the bound holds for accepted traffic.
  RouterNetwork net(mesh(8, 8));
  const TrafficResult r = run_synthetic_traffic(net, traffic(0.8, 1, 2000));
  CHECK(r.saturated);
  CHECK(r.offered_flits_per_node_cycle == Approx(0.8).epsilon(0.02));
  CHECK(r.accepted_flits_per_node_cycle <= 0.5);
  CHECK(r.accepted_flits_per_node_cycle > 0.2);  // and the network still moves a lot of it
}

TEST_CASE("transpose traffic saturates at or below its bound 1/(k-1)", "[noc][load]") {
  // (x, y) -> (y, x) with XY routing: in row y every node west of column y goes east to column
  // y, so the eastward channel entering column y of row y carries y sources; the worst row
  // (y = k-1) loads one channel with (k-1) lambda: lambda <= 1/(k-1) = 1/7 for k = 8. Just
  // above it (0.15) the network must saturate. (Accepted traffic averaged over all nodes may
  // exceed 1/7 there: the flows that avoid the hot channels still get through.)
  auto run = [](double rate) {
    RouterNetwork net(mesh(8, 8));
    TrafficParams t = traffic(rate, 1, 2000);
    t.pattern = Pattern::Transpose;
    return run_synthetic_traffic(net, t);
  };
  const TrafficResult above = run(0.15);
  CHECK(above.saturated);
  CHECK(above.accepted_flits_per_node_cycle < 0.15 * 0.98);
  const TrafficResult below = run(0.05);
  CHECK_FALSE(below.saturated);
}

TEST_CASE("a single flow at full link rate keeps the zero-load latency exactly", "[noc][load]") {
  // Node 0 -> 15 on a 4x4 mesh, a 4-flit packet every 4 cycles (1 flit/cycle). Consecutive
  // packets take alternate VCs, the next head does its route and VC allocation while the
  // previous packet's body streams, and 4-flit buffers cover the credit round trip
  // (sa + st + link + credit link = 4 cycles; from the source 1 + injection + credit link = 3):
  // every packet takes T0 = 5*6 + 6 + 4 = 40 cycles.
  RouterNetwork net(mesh(4, 4));
  const int packets = 50;
  std::vector<uint64_t> delivered;
  Delivery d;
  for (int i = 0; net.cycle() < 4 * packets + 100;) {
    if (i < packets && net.cycle() == 4 * static_cast<uint64_t>(i))
      REQUIRE(net.try_inject(0, 15, 4, static_cast<uint64_t>(i++)));
    net.step();
    while (net.pop_delivery(15, d)) {
      CHECK(d.tag == delivered.size());
      CHECK(d.latency_cycles() == 40);
      delivered.push_back(d.deliver_cycle);
    }
  }
  REQUIRE(delivered.size() == static_cast<std::size_t>(packets));
  CHECK(delivered.back() == 4 * (packets - 1) + 40);
}

TEST_CASE("wormhole back-pressure: a VC shallower than the credit round trip throttles a flow",
          "[noc][load]") {
  // 1 VC, node 0 -> 3 on a 4x1 line, one long packet. The credit round trip between routers is
  // sa + st + link (flit) + link (credit) = 4 cycles, so a buffer of D flits passes D flits per
  // 4 cycles: with D = 2 two more flits cost 4 more cycles, with D = 4 only 2 (one per cycle).
  // The head is not slowed: a 1-flit packet still takes 5*3 + 6 + 1 = 22 cycles.
  auto latency = [](int depth, uint32_t flits) {
    NocParams p = mesh(4, 1);
    p.vcs = 1;
    p.vc_depth_flits = depth;
    RouterNetwork net(p);
    REQUIRE(net.try_inject(0, 3, flits, 0));
    while (!net.idle()) net.step();
    Delivery d;
    REQUIRE(net.pop_delivery(3, d));
    return d.latency_cycles();
  };
  CHECK(latency(2, 1) == 22);
  CHECK(latency(4, 1) == 22);
  CHECK(latency(4, 21) == 22 + 20);  // full rate: serialization only
  for (uint32_t f : {9u, 21u, 41u}) {
    INFO("flits " << f);
    CHECK(latency(2, f + 2) - latency(2, f) == 4);
    CHECK(latency(4, f + 2) - latency(4, f) == 2);
  }
  CHECK(latency(2, 41) > latency(4, 41) + 30);
}

TEST_CASE("same seed, same results, another seed, other results", "[noc][load]") {
  auto run = [](uint64_t seed) {
    RouterNetwork net(mesh(4, 4));
    TrafficParams t = traffic(0.4, 2, 3000);
    t.seed = seed;
    const TrafficResult r = run_synthetic_traffic(net, t);
    return std::make_tuple(r.packets_measured, r.avg_packet_latency_cycles,
                           r.avg_network_latency_cycles, r.accepted_flits_per_node_cycle,
                           net.counters().router_traversals, net.cycle());
  };
  CHECK(run(7) == run(7));
  CHECK(run(7) != run(8));
}

TEST_CASE("the result does not depend on the order routers are evaluated in, nor on sleeping",
          "[noc][load]") {
  // Every packet's delivery cycle, in a congested 4x4 mesh (near saturation, 2-flit packets,
  // hotspot traffic), with routers and sources evaluated forwards and backwards, and with
  // every router evaluated every cycle instead of sleeping while it waits for a credit.
  auto run = [](bool reverse, bool never_sleep = false) {
    RouterNetwork net(mesh(4, 4));
    net.test_set_reverse_evaluation(reverse);
    net.test_set_never_sleep(never_sleep);
    TrafficPattern pattern(Pattern::Hotspot, net.geometry(), -1, 0.3);
    std::mt19937_64 rng(3);
    std::vector<std::tuple<int, uint64_t, uint64_t>> log;  // dst, tag, deliver cycle
    Delivery d;
    uint64_t tag = 0;
    for (int c = 0; c < 4000 || !net.idle(); ++c) {
      for (int n = 0; c < 4000 && n < 16; ++n)
        if (TrafficPattern::unit(rng()) < 0.2)
          net.try_inject(n, pattern.destination(n, rng), 2, tag++);
      net.step();
      for (int n : net.delivered_nodes())
        while (net.pop_delivery(n, d)) log.emplace_back(n, d.tag, d.deliver_cycle);
    }
    return log;
  };
  const auto forward = run(false), backward = run(true), awake = run(false, true);
  CHECK(forward.size() > 10000);
  CHECK(forward == backward);
  CHECK(forward == awake);
}

TEST_CASE("the watchdog names the stuck router and VC instead of hanging", "[noc][watchdog]") {
  // Output east of router 1 never gets a credit: the head of a packet 0 -> 3 waits there.
  NocParams p = mesh(4, 1);
  p.watchdog_cycles = 200;
  RouterNetwork net(p);
  net.test_hold_credits(1, kEast);
  REQUIRE(net.try_inject(0, 3, 4, 42));
  uint64_t thrown_at = 0;
  try {
    for (int i = 0; i < 1000; ++i) net.step();
  } catch (const NocDeadlock& e) {
    thrown_at = net.cycle();
    const std::string m = e.what();
    INFO(m);
    CHECK(m.find("no flit moved for 200 cycles") != std::string::npos);
    CHECK(m.find("router 1 (x=1, y=0) input west vc 0") != std::string::npos);
    CHECK(m.find("flit 0 of 4 of packet tag 42 (node 0 -> node 3)") != std::string::npos);
    CHECK(m.find("waiting for a credit on output east vc 0") != std::string::npos);
  }
  // The last flit moved around cycle 10 (the body into router 1's neighbour queue): the error
  // comes 200 cycles later, not at the end of the loop.
  CHECK(thrown_at > 200);
  CHECK(thrown_at < 230);
}

TEST_CASE("both models count the same router and link traversals", "[noc][stats]") {
  // 0 -> 15 on a 4x4 mesh, 4 flits: 7 routers and 6 links, per flit.
  for (NocModel m : {NocModel::Cycle, NocModel::Simple}) {
    NocParams p = mesh(4, 4);
    p.model = m;
    auto net = make_interconnect(p);
    REQUIRE(net->try_inject(0, 15, 4, 0));
    while (!net->idle()) net->step();
    CHECK(net->counters().router_traversals == 28);
    CHECK(net->counters().link_traversals == 24);
    CHECK(net->counters().flits_delivered == 4);
    CHECK(net->counters().packets_delivered == 1);
    CHECK(net->counters().hops_sum == 6);
  }
}

TEST_CASE("a bounded source queue pushes back", "[noc]") {
  for (NocModel m : {NocModel::Cycle, NocModel::Simple}) {
    NocParams p = mesh(2, 1);
    p.model = m;
    p.injection_queue_packets = 2;
    auto net = make_interconnect(p);
    CHECK(net->try_inject(0, 1, 8, 0));
    CHECK(net->try_inject(0, 1, 8, 1));
    CHECK_FALSE(net->can_inject(0));
    CHECK_FALSE(net->try_inject(0, 1, 8, 2));
    CHECK(net->can_inject(1));
    // After a few cycles the first packet's head is in the network: room for one more.
    net->advance_to(1);
    CHECK(net->queued_packets(0) == 1);
    CHECK(net->try_inject(0, 1, 8, 2));
    CHECK_FALSE(net->can_inject(0));
  }
}
