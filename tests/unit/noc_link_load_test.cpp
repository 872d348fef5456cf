// Per-port flit counts behind the chip report's link utilization and hottest link.
#include <catch2/catch.hpp>

#include "sim/noc/interconnect.h"

using namespace cimsim::noc;

TEST_CASE("link loads: every link and ejection port a packet crosses counts its flits", "[noc]") {
  for (NocModel model : {NocModel::Cycle, NocModel::Simple}) {
    NocParams p;
    p.model = model;
    p.width = 3;
    p.height = 1;
    auto net = make_interconnect(p);
    REQUIRE(net->try_inject(0, 2, 4, 1));  // 4 flits east over two links
    REQUIRE(net->try_inject(1, 0, 2, 2));  // 2 flits west over one link
    while (!net->idle()) net->step();
    const int ports = net->geometry().ports();
    const auto& f = net->link_flits();
    CHECK(f[0 * ports + 0] == 4);  // router 0 east
    CHECK(f[1 * ports + 0] == 4);  // router 1 east
    CHECK(f[1 * ports + 1] == 2);  // router 1 west
    CHECK(f[2 * ports + 4] == 4);  // router 2 ejects into node 2 (local0)
    CHECK(f[0 * ports + 4] == 2);  // router 0 ejects into node 0
    CHECK(net->counters().link_traversals == 10);
    const Interconnect::LinkLoad hot = net->hottest_link();
    CHECK(hot.links == 4);  // 0<->1 and 1<->2, both directions
    CHECK(hot.flits == 4);
    CHECK(hot.router == 0);  // first of the 4-flit ports in index order
    CHECK(hot.port == 0);
  }
}
