// The chip run's per-layer schedule inputs: window dependencies and per-vector cycle counts.
#include <catch2/catch.hpp>

#include "mapper/mapping.h"
#include "sim/chip/chip_config.h"
#include "sim/chip/stage_plan.h"
#include "sim/pe/pe_cost_from.h"
#include "sim/workload/network.h"
#include "sim/workload/workloads_dir.h"

using namespace cimsim;

TEST_CASE("a window needs the producer's raster up to its bottom-right input pixel",
          "[chip][plan]") {
  chip::InEdge e;  // 3x3, stride 2, padding 1 over a 8x8 producer
  e.dep = chip::Dependency::Window;
  e.prod_h = e.prod_w = 8;
  e.kh = e.kw = 3;
  e.sh = e.sw = 2;
  e.ph = e.pw = 1;
  // Output (0, 0) reads input rows/cols -1..1: up to pixel (1, 1) = raster index 9 -> 10 pixels.
  CHECK(chip::required_count(e, 0, 0) == 10);
  // Output (1, 2) reads rows 1..3, cols 3..5: pixel (3, 5) -> 3 * 8 + 5 + 1.
  CHECK(chip::required_count(e, 1, 2) == 30);
  // The last output (3, 3) reads rows 5..7 and cols 5..7: everything.
  CHECK(chip::required_count(e, 3, 3) == 64);
  e.dh = e.dw = 2;  // dilation 2: output (0, 0) reads rows -1, 1, 3
  CHECK(chip::required_count(e, 0, 0) == 3 * 8 + 3 + 1);
  chip::InEdge same;
  same.dep = chip::Dependency::Same;
  same.prod_h = same.prod_w = 4;
  CHECK(chip::required_count(same, 2, 1) == 2 * 4 + 1 + 1);
  chip::InEdge all;
  all.dep = chip::Dependency::All;
  all.prod_h = 7, all.prod_w = 5;
  CHECK(chip::required_count(all, 0, 0) == 35);
}

TEST_CASE("isscc28nm: a digital macro's MVM takes the passes its rows need", "[chip][plan]") {
  // 32 compartments x 1 active row: rows are walked 32 at a time, each pass 8 input-bit cycles +
  // 3 overhead = 11 cycles (configs/isscc28nm.yaml). At 333 MHz chip = macro clock:
  //   conv1 (3x7x7 = 147 rows in one block): ceil(147 / 32) = 5 passes = 55 cycles;
  //   l1b1_conv1 (576 rows in 2 blocks of 288): ceil(288 / 32) = 9 passes = 99 cycles;
  //   a full 512-row block: 16 passes = 176 cycles.
  const chip::ChipConfig cfg =
      chip::load_chip_config(std::string(CIMSIM_SOURCE_DIR) + "/configs/isscc28nm.yaml");
  const chip::PeCost pe = pe::pe_cost_from(cfg.pe);
  const workload::Network net =
      workload::load_network("resnet18", std::string(CIMSIM_SOURCE_DIR) + "/workloads");
  const mapper::Mapping m = mapper::map_network(net, cfg.chip, pe, cfg.mapping);
  const chip::Plan plan = chip::build_plan(net, m, cfg.chip, pe);
  auto stage = [&](const char* name) -> const chip::Stage& {
    return plan.stages[plan.stage_of_layer[net.find(name)]];
  };
  CHECK(stage("conv1").mvm_cycles == 55);
  CHECK(stage("l1b1_conv1").mvm_cycles == 99);
  CHECK(stage("l4b1_conv2").mvm_cycles == 176);  // 4608 rows in 9 blocks of 512
  CHECK(pe.mvm_ns == Approx(176 * 3.0).epsilon(1e-6));
  // Input read: 147 rows x 8 bits over a 256-bit port = 5 reads + 1 latency.
  CHECK(stage("conv1").in_cycles == 6);
  CHECK(stage("conv1").fused == std::vector<std::string>{"relu1"});  // bn1 folded, relu1 fused
}
