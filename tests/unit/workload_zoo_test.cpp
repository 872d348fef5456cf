// The bundled networks (workloads/*.yaml, written by scripts/gen_zoo.py): exact MAC and
// parameter totals against torchvision's published figures, and layer-by-layer invariants.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "sim/core/errors.h"
#include "sim/workload/network.h"
#include "sim/workload/workloads_dir.h"

using cimsim::workload::bundled_networks;
using cimsim::workload::load_network;
using cimsim::workload::Network;
using cimsim::workload::Shape;

namespace {
const std::string kDir = std::string(CIMSIM_SOURCE_DIR) + "/workloads";

struct Expected {
  const char* name;
  int64_t macs;    // conv2d + linear multiply-accumulates, 1 image
  int64_t params;  // weights + biases + batchnorm gamma/beta = torchvision's parameter count
  int matrix_layers;
  Shape output;
};

// torchvision figures (MACs as its model cards' "GFLOPS", which count MACs; parameter counts
// from sum(p.numel() for p in model.parameters())). scripts/gen_zoo.py reaches the same numbers
// with its own independent counter.
//
// vgg8 (CIFAR-10 32x32, NeuroSim, no bias) by hand, Hout*Wout * Cout * Cin*9:
//   conv1 32*32*128*3*9     =   3,538,944    conv2 32*32*128*128*9 = 150,994,944
//   conv3 16*16*256*128*9   =  75,497,472    conv4 16*16*256*256*9 = 150,994,944
//   conv5  8*8*512*256*9    =  75,497,472    conv6  8*8*512*512*9  = 150,994,944
//   fc1 8192*1024 = 8,388,608                fc2 1024*10 = 10,240
//   total 615,917,568 MACs; params are the weights: 3,456 + 147,456 + 294,912 + 589,824
//   + 1,179,648 + 2,359,296 + 8,388,608 + 10,240 = 12,973,440.
// mlp 784-256-128-10 (biases): MACs 200,704 + 32,768 + 1,280 = 234,752;
//   params 234,752 + 256 + 128 + 10 = 235,146.
const Expected kZoo[] = {
    {"resnet18", 1814073344, 11689512, 21, {1000, 1, 1}},    // 20 conv + fc
    {"resnet50", 4089184256, 25557032, 54, {1000, 1, 1}},    // 49 + 4 downsample conv + fc
    {"vgg16", 15470264320, 138357544, 16, {1000, 1, 1}},     // 13 conv + 3 fc
    {"alexnet", 714188480, 61100840, 8, {1000, 1, 1}},       // 5 conv + 3 fc
    {"mobilenet_v2", 300774272, 3504872, 53, {1000, 1, 1}},  // 52 conv + fc
    {"vgg8", 615917568, 12973440, 8, {10, 1, 1}},            // 6 conv + 2 fc
    {"mlp", 234752, 235146, 3, {10, 1, 1}},
    // 8x8x16x9 + 4x4x32x144 + 128x10 MACs; 16x9 + 32x144 + 10x128 weights, no biases.
    {"digits_cnn", 84224, 6032, 3, {10, 1, 1}},
};
}  // namespace

TEST_CASE("every bundled network has torchvision's exact MAC and parameter totals",
          "[workload][zoo]") {
  for (const auto& z : kZoo) {
    INFO(z.name);
    const Network n = load_network(z.name, kDir);
    CHECK(n.name == z.name);
    CHECK(n.total_macs() == z.macs);
    CHECK(n.total_params() == z.params);
    CHECK(n.matrix_layer_count() == z.matrix_layers);
    CHECK(n.layers.back().out_shape == z.output);
    CHECK_FALSE(n.source.empty());
  }
}

TEST_CASE("the zoo list is exactly the bundled files", "[workload][zoo]") {
  std::vector<std::string> names;
  for (const auto& z : kZoo) names.push_back(z.name);
  std::sort(names.begin(), names.end());
  CHECK(bundled_networks(kDir) == names);
}

TEST_CASE("matrix view invariants hold for every layer of every bundled network",
          "[workload][zoo]") {
  for (const auto& z : kZoo) {
    const Network n = load_network(z.name, kDir);
    for (size_t i = 0; i < n.layers.size(); ++i) {
      const auto& l = n.layers[i];
      INFO(z.name << " layers[" << i << "] " << l.name);
      if (l.is_matrix()) {
        CHECK(l.macs == l.rows * l.cols * l.groups * l.vectors);
        CHECK(l.weights == l.rows * l.cols * l.groups);
        CHECK(l.vectors == l.out_shape.height * l.out_shape.width);
      } else {
        CHECK(l.macs == 0);
        CHECK(l.weights == 0);
      }
      for (int in : l.inputs) CHECK(in < static_cast<int>(i));  // topological order
    }
  }
}

TEST_CASE("resnet18 layer by layer: stem, a downsample block and the classifier",
          "[workload][zoo]") {
  const Network n = load_network("resnet18", kDir);
  const auto& conv1 = n.layers[n.find("conv1")];
  CHECK(conv1.out_shape == Shape{64, 112, 112});                    // (224 + 6 - 7)/2 + 1 = 112
  CHECK(conv1.rows == 147);                                         // 3*7*7
  CHECK(conv1.macs == 118013952);                                   // 112*112*64*147
  CHECK(n.layers[n.find("pool1")].out_shape == Shape{64, 56, 56});  // (112 + 2 - 3)/2 + 1
  const auto& down = n.layers[n.find("l2b1_down_conv")];
  CHECK(down.out_shape == Shape{128, 28, 28});
  CHECK(down.macs == 6422528);  // 28*28*128*64
  CHECK(n.layers[down.inputs[0]].name == "l1b2_relu");
  const auto& add = n.layers[n.find("l4b2_add")];
  CHECK(add.out_shape == Shape{512, 7, 7});
  const auto& fc = n.layers.back();
  CHECK(fc.name == "fc");
  CHECK(fc.rows == 512);
  CHECK(fc.cols == 1000);
}

TEST_CASE("mobilenet_v2 depthwise layers map as groups of k*k x 1 matrices", "[workload][zoo]") {
  const Network n = load_network("mobilenet_v2", kDir);
  const auto& dw = n.layers[n.find("b2_dw")];  // first t=6 block: 16 -> 96 hidden, stride 2
  CHECK(dw.in_shape == Shape{96, 112, 112});
  CHECK(dw.out_shape == Shape{96, 56, 56});
  CHECK(dw.rows == 9);
  CHECK(dw.cols == 1);
  CHECK(dw.groups == 96);
  CHECK(dw.macs == 2709504);  // 56*56*96*9
}

TEST_CASE("vgg16 and alexnet keep torchvision's adaptive average pools", "[workload][zoo]") {
  const Network v = load_network("vgg16", kDir);
  CHECK(v.layers[v.find("avgpool")].out_shape == Shape{512, 7, 7});
  CHECK(v.layers[v.find("fc1")].rows == 25088);
  const Network a = load_network("alexnet", kDir);
  CHECK(a.layers[a.find("conv1")].out_shape == Shape{64, 55, 55});  // (224 + 4 - 11)/4 + 1
  CHECK(a.layers[a.find("pool5")].out_shape == Shape{256, 6, 6});
  CHECK(a.layers[a.find("fc1")].rows == 9216);
}

TEST_CASE("load_network: names, paths and unknown names", "[workload]") {
  // A path is read as given, a bare name is looked up in the directory.
  CHECK(load_network(kDir + "/mlp.yaml", "/nonexistent").name == "mlp");
  try {
    load_network("resnet19", kDir);
    FAIL("no error");
  } catch (const cimsim::core::InputError& e) {
    CHECK_THAT(e.what(),
               Catch::StartsWith(
                   "net: unknown network 'resnet19'; expected one of the bundled networks "
                   "(alexnet, digits_cnn, mlp, mobilenet_v2, resnet18, resnet50, vgg16, vgg8)"));
  }
  CHECK_THROWS_WITH(load_network("/nonexistent/x.yaml", kDir),
                    "/nonexistent/x.yaml: expected a readable network file (cannot open it)");
  CHECK_THROWS_WITH(load_network("mlp", ""), Catch::Contains("no workloads directory found"));
}

TEST_CASE(
    "find_workloads_dir: env, ./workloads, beside the build dir, then CMakeCache's source dir",
    "[workload]") {
  namespace fs = std::filesystem;
  using cimsim::workload::find_workloads_dir;
  const fs::path root = fs::temp_directory_path() / "cimsim-wdir-test";
  fs::remove_all(root);
  fs::create_directories(root / "src/workloads");
  fs::create_directories(root / "src/build");
  fs::create_directories(root / "outbuild");
  fs::create_directories(root / "elsewhere");
  std::ofstream(root / "outbuild/CMakeCache.txt")
      << "# cache\nCMAKE_HOME_DIRECTORY:INTERNAL=" << (root / "src").string()
      << "\nOTHER:STRING=x\n";
  const std::string src_w = (root / "src/workloads").string();
  // In-tree build dir: <exe>/../workloads.
  CHECK(find_workloads_dir((root / "elsewhere").string(), (root / "src/build/cimsim").string(),
                           "") == src_w);
  // Out-of-tree build dir: CMakeCache.txt next to the binary names the source dir.
  CHECK(find_workloads_dir((root / "elsewhere").string(), (root / "outbuild/cimsim").string(),
                           "") == src_w);
  // ./workloads wins over the executable's location; the environment wins over both.
  CHECK(find_workloads_dir((root / "src").string(), "/nonexistent/cimsim", "") == src_w);
  CHECK(find_workloads_dir((root / "src").string(), "", (root / "elsewhere").string()) ==
        (root / "elsewhere").string());
  // Nothing found.
  CHECK(find_workloads_dir((root / "elsewhere").string(), (root / "elsewhere/cimsim").string(), "")
            .empty());
  fs::remove_all(root);
}
