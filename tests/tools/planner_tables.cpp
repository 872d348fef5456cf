// Prints the planner's estimates for docs/parallelism.md: the toy networks' tables, the planner's
// timing on resnet18, and the bundled zoo on ISAAC-sized chips. A table generator, not a test
// (it asserts nothing): build/tests/planner_tables > tables.md.
#include <cstdio>
#include <exception>
#include <string>

#include "mapper/placement.h"
#include "mapper/plan_adapter.h"
#include "sim/workload/network.h"
#include "tests/unit/planner_fixtures.h"

using namespace cimsim;
using namespace cimsim::mapper;
namespace t = cimsim::mapper::test;

namespace {

PlanNetwork toy_vgg() {
  PlanNetwork n;
  n.name = "toy_vgg";
  n.layers.push_back(t::conv("conv1", {kPlanInput}, 3, 64, 3, 1, 32));
  n.layers.push_back(t::pool2("pool1", {0}, 64, 32));
  n.layers.push_back(t::conv("conv2", {1}, 64, 128, 3, 1, 16));
  n.layers.push_back(t::pool2("pool2", {2}, 128, 16));
  n.layers.push_back(t::flatten("flatten", {3}, int64_t{128} * 8 * 8));
  n.layers.push_back(t::linear("fc1", {4}, 8192, 1024));
  n.layers.push_back(t::linear("fc2", {5}, 1024, 10));
  return n;
}

PlanNetwork toy_resnet() {
  PlanNetwork n;
  n.name = "toy_resnet";
  n.layers.push_back(t::conv("stem", {kPlanInput}, 3, 16, 3, 1, 32));  // 0
  n.layers.push_back(t::conv("b1.conv1", {0}, 16, 16, 3, 1, 32));      // 1
  n.layers.push_back(t::conv("b1.conv2", {1}, 16, 16, 3, 1, 32));      // 2
  n.layers.push_back(t::eltwise("b1.add", {2, 0}, 16, 32));            // 3
  n.layers.push_back(t::conv("b2.conv1", {3}, 16, 32, 3, 2, 32));      // 4
  n.layers.push_back(t::conv("b2.conv2", {4}, 32, 32, 3, 1, 16));      // 5
  n.layers.push_back(t::conv("b2.down", {3}, 16, 32, 1, 2, 32));       // 6
  n.layers.push_back(t::eltwise("b2.add", {5, 6}, 32, 16));            // 7
  PlanLayer gap = t::eltwise("gap", {7}, 32, 1);                       // 8
  gap.in_elements = int64_t{32} * 16 * 16;
  gap.global_pool = true;
  n.layers.push_back(gap);
  n.layers.push_back(t::flatten("flatten", {8}, 32));  // 9
  n.layers.push_back(t::linear("fc", {9}, 32, 10));    // 10
  return n;
}

PlanNetwork toy_alexnet() {
  PlanNetwork n;
  n.name = "toy_alexnet";
  n.layers.push_back(t::conv("conv1", {kPlanInput}, 3, 64, 5, 1, 32));
  n.layers.push_back(t::pool2("pool1", {0}, 64, 32));
  n.layers.push_back(t::conv("conv2", {1}, 64, 192, 5, 1, 16));
  n.layers.push_back(t::pool2("pool2", {2}, 192, 16));
  n.layers.push_back(t::conv("conv3", {3}, 192, 384, 3, 1, 8));
  n.layers.push_back(t::conv("conv4", {4}, 384, 256, 3, 1, 8));
  n.layers.push_back(t::conv("conv5", {5}, 256, 256, 3, 1, 8));
  n.layers.push_back(t::pool2("pool5", {6}, 256, 8));
  n.layers.push_back(t::flatten("flatten", {7}, int64_t{256} * 4 * 4));
  n.layers.push_back(t::linear("fc6", {8}, 4096, 2048));
  n.layers.push_back(t::linear("fc7", {9}, 2048, 2048));
  n.layers.push_back(t::linear("fc8", {10}, 2048, 10));
  return n;
}

// ResNet-18 at 224×224 with batchnorm folded and ReLUs as element-wise layers.
PlanNetwork resnet18() {
  PlanNetwork n;
  n.name = "resnet18";
  auto add = [&](PlanLayer l) {
    n.layers.push_back(std::move(l));
    return static_cast<int>(n.layers.size()) - 1;
  };
  int x = add(t::conv("conv1", {kPlanInput}, 3, 64, 7, 2, 224));
  x = add(t::eltwise("relu1", {x}, 64, 112));
  PlanLayer mp = t::eltwise("maxpool", {x}, 64, 56);
  mp.halo_elements = window_halo_elements(3, 2, 112, 64);
  x = add(mp);
  int64_t c = 64, h = 56;
  for (int stage = 0; stage < 4; ++stage) {
    for (int block = 0; block < 2; ++block) {
      const std::string b = "layer" + std::to_string(stage + 1) + "." + std::to_string(block);
      const int64_t cout = 64 << stage;
      const int64_t stride = (stage > 0 && block == 0) ? 2 : 1;
      const int in = x;
      int y = add(t::conv(b + ".conv1", {in}, c, cout, 3, stride, h));
      const int64_t ho = h / stride;
      y = add(t::eltwise(b + ".relu1", {y}, cout, ho));
      y = add(t::conv(b + ".conv2", {y}, cout, cout, 3, 1, ho));
      int skip = in;
      if (stride != 1 || c != cout)
        skip = add(t::conv(b + ".downsample", {in}, c, cout, 1, stride, h));
      y = add(t::eltwise(b + ".add", {y, skip}, cout, ho));
      x = add(t::eltwise(b + ".relu2", {y}, cout, ho));
      c = cout;
      h = ho;
    }
  }
  PlanLayer gap = t::eltwise("avgpool", {x}, c, 1);
  gap.in_elements = c * h * h;
  gap.global_pool = true;
  x = add(gap);
  x = add(t::flatten("flatten", {x}, c));
  add(t::linear("fc", {x}, c, 1000));
  return n;
}

// A 4x4 mesh of tiles in 4 groups of 4 (two cuts, bisection placement), 128×128 arrays of
// 2-bit cells, 8-bit weights, 16 cycles per vector, 16 B/cycle links, 1 cycle per hop.
PlanHardware toy_chip(int64_t arrays_per_group) {
  PlanHardware hw;
  hw.levels = 2;
  hw.arrays_per_group = arrays_per_group;
  hw.array_rows = 128;
  hw.array_cols = 128;
  hw.cell_bits = 2;
  hw.mvm_cycles = 16;
  hw.link_bytes_per_cycle = 16;
  hw.hop_cycles = 1;
  hw.cuts = placement_cuts(place_groups(4, 4, 2, PlacementPolicy::Bisection));
  return hw;
}

std::string types(const LayerPlan& l) {
  std::string s;
  for (ParType ty : l.types) s += std::string(s.empty() ? "" : "/") + par_type_name(ty);
  return s;
}

void print(const PlanNetwork& net, const PlanHardware& hw, int64_t batch) {
  PlanNetwork n = net;
  n.batch = batch;
  std::printf("\n### %s, batch %ld, %ld arrays per group (%ld on the chip)\n\n", n.name.c_str(),
              static_cast<long>(batch), static_cast<long>(hw.arrays_per_group),
              static_cast<long>(hw.arrays_per_group << hw.levels));
  std::printf("| strategy | objective | cycles | bytes | arrays |\n|---|---|---:|---:|---:|\n");
  for (Objective obj : {Objective::Cycles, Objective::Bytes})
    for (Strategy s : {Strategy::Hybrid, Strategy::Data, Strategy::Model, Strategy::Tensor}) {
      try {
        const ParallelPlan p = plan_parallelism(n, hw, {s, obj});
        std::printf("| %s%s | %s | %ld | %ld | %ld |\n", strategy_name(s),
                    p.uniform_fallback != Strategy::Hybrid ? " (uniform won)" : "",
                    obj == Objective::Cycles ? "cycles" : "bytes", static_cast<long>(p.cycles),
                    static_cast<long>(p.bytes), static_cast<long>(p.arrays));
      } catch (const std::exception&) {
        std::printf("| %s | %s | does not fit | | |\n", strategy_name(s),
                    obj == Objective::Cycles ? "cycles" : "bytes");
      }
    }
  for (Objective obj : {Objective::Cycles, Objective::Bytes}) {
    const ParallelPlan p = plan_parallelism(n, hw, {Strategy::Hybrid, obj});
    std::printf("\nHybrid, objective %s: per layer (types top cut first)\n\n",
                obj == Objective::Cycles ? "cycles" : "bytes");
    std::printf(
        "| layer | types | copies | arrays | bytes L0 | bytes L1 | cycles "
        "|\n|---|---|---:|---:|---:|---:|---:|\n");
    for (const LayerPlan& l : p.layers)
      std::printf("| %s | %s | %ld | %ld | %ld | %ld | %ld |\n", l.name.c_str(), types(l).c_str(),
                  static_cast<long>(l.replication), static_cast<long>(l.arrays),
                  static_cast<long>(l.bytes_per_level[0]), static_cast<long>(l.bytes_per_level[1]),
                  static_cast<long>(l.cycles));
  }
}

}  // namespace

void docs_tables() {
  print(toy_vgg(), toy_chip(800), 1);
  print(toy_vgg(), toy_chip(800), 8);
  print(toy_resnet(), toy_chip(64), 1);
  print(toy_resnet(), toy_chip(9), 1);
  print(toy_alexnet(), toy_chip(1500), 1);
  const MeshPlacement bis = place_groups(4, 4, 2, PlacementPolicy::Bisection);
  for (const CutLinks& c : placement_cuts(bis))
    std::printf("cut: %ld links, %ld hops\n", static_cast<long>(c.links),
                static_cast<long>(c.hops));
}

void resnet18_timing() {
  const PlanNetwork net = resnet18();
  {
    PlanHardware hw = toy_chip(int64_t{1} << 20);
    hw.levels = 0;
    hw.cuts.clear();
    std::printf("resnet18 unsplit: %ld arrays\n",
                static_cast<long>(plan_parallelism(net, hw).arrays));
  }
  // Capacities from binding to roomy.
  for (int levels : {2, 4, 6})
    for (int64_t total : {int64_t{3600}, int64_t{8000}, int64_t{1} << 20}) {
      PlanHardware hw = toy_chip(total >> levels);
      hw.levels = levels;
      const int64_t side = int64_t{1} << ((levels + 1) / 2);
      hw.cuts =
          placement_cuts(place_groups(side * 2, side * 2, levels, PlacementPolicy::Bisection));
      try {
        const ParallelPlan p = plan_parallelism(net, hw);
        int data_convs = 0, convs = 0;
        for (size_t i = 0; i < p.layers.size(); ++i)
          if (net.layers[i].kind == PlanLayerKind::Matrix) {
            ++convs;
            if (p.layers[i].types[0] == ParType::Data) ++data_convs;
          }
        std::printf(
            "levels %d capacity %ld: cycles %ld bytes %ld arrays %ld, top-cut data %d/%d%s\n",
            levels, static_cast<long>(total), static_cast<long>(p.cycles),
            static_cast<long>(p.bytes), static_cast<long>(p.arrays), data_convs, convs,
            p.uniform_fallback != Strategy::Hybrid ? " (uniform won)" : "");
      } catch (const std::exception& e) {
        std::printf("levels %d capacity %ld: %s\n", levels, static_cast<long>(total), e.what());
      }
    }
}

// Full-size estimates of the bundled zoo on ISAAC-sized chips.
void zoo_estimates() {
  const std::string kDir = std::string(CIMSIM_SOURCE_DIR) + "/workloads";
  for (int64_t tx : {12, 16, 24})
    for (int64_t batch : {1, 4})
      for (const char* name :
           {"resnet18", "vgg16", "alexnet", "resnet50", "mobilenet_v2", "vgg8", "mlp"}) {
        t::IsaacLikeChip c;
        c.chip.tiles_x = tx;
        c.chip.tiles_y = 28;
        const workload::Network net = workload::load_network(name, kDir);
        const PlanNetwork pn = plan_network_from(net, c.chip, c.pe, batch);
        const PlanHardware hw = plan_hardware_from(c.chip, c.pe, c.noc, max_plan_levels(c.chip));
        std::printf("| %s | %ldx28 | %ld |", name, static_cast<long>(tx), static_cast<long>(batch));
        for (Strategy s : {Strategy::Hybrid, Strategy::Data, Strategy::Model, Strategy::Tensor}) {
          try {
            const ParallelPlan p = plan_parallelism(pn, hw, {s, Objective::Cycles});
            std::printf(" %ld |", static_cast<long>(p.cycles));
          } catch (const std::exception&) {
            std::printf(" does not fit |");
          }
        }
        try {
          const ParallelPlan p0 =
              plan_parallelism(pn, hw, {Strategy::Hybrid, Objective::Cycles, 0});
          std::printf(" %ld |\n", static_cast<long>(p0.cycles));
        } catch (const std::exception&) {
          std::printf(" does not fit |\n");
        }
      }
}

int main() {
  docs_tables();
  resnet18_timing();
  zoo_estimates();
  return 0;
}
