// The elaborated design: the hardware tree chip -> tiles -> PEs -> arrays, the NoC's routers and
// the modules holding the processes, as named SystemC modules.
#include <catch2/catch.hpp>

#include <systemc>

#include "tests/sc/tiny_chip.h"

using namespace cimsim;
using namespace cimsim_test;

TEST_CASE("the elaborated module tree: tiles, PEs, arrays and routers, folded with counts",
          "[chip][hierarchy]") {
  // 2 x 1 tiles of 2 PEs of 3 digital macros; two convs (one array each, no replication): c1
  // and c2 both on tile 0 (one PE each), each a replica module with a compute and a drain thread.
  const char* net_yaml = R"(
name: two_convs
input: {channels: 8, height: 2, width: 2}
layers:
  - {name: block.c1, type: conv2d, out_channels: 8, kernel: 1, bias: false}
  - {name: block.c2, type: conv2d, out_channels: 8, kernel: 1, bias: false}
)";
  workload::Network net = workload::parse_network(net_yaml, "two_convs.yaml");
  chip::ChipParams c = tiny_chip();
  c.tiles_x = 2;
  c.tile.pes = 2;
  chip::PeCost pe = tiny_pe();
  pe.arrays_per_pe = 3;
  pe.model_name = "digital SRAM CIM macro";
  chip::MappingOptions opts;
  opts.replicate = false;
  mapper::Mapping m = mapper::map_network(net, c, pe, opts);
  chip::Plan plan = chip::build_plan(net, m, c, pe);
  noc::NocParams n = one_router();
  n.width = 2;
  const std::string tree = chip::elaborated_hierarchy(plan, m, c, n, chip::RunOptions{1});
  CHECK(tree ==
        "module tree (kind, modules, the first one's name; siblings of one kind folded)\n"
        "chip                              1  chip\n"
        "  noc                             1  chip.noc  threads: 1\n"
        "    router                        2  chip.noc.router_0_0 ...\n"
        "  tile                            2  chip.tile0 ...\n"
        "    pe                            4  chip.tile0.pe0 ...  (2 per tile)\n"
        "      digital_sram_macro         12  chip.tile0.pe0.array0 ...  (3 per pe)\n"
        "    replica                       2  chip.tile0.block_c1_r0 ...  threads: 4\n"
        "  input_streamer                  1  chip.input_streamer  threads: 1\n"
        "  output_sink                     1  chip.output_sink  threads: 1\n"
        "  group_controller                1  chip.group_controller  threads: 1\n");
}
