// Shape inference and cost counts of sim/workload on small hand-made graphs. Every expected
// number is derived by hand in the comment next to it (PyTorch's integer formulas).
#include <catch2/catch.hpp>

#include "sim/workload/network.h"

using cimsim::workload::kNetworkInput;
using cimsim::workload::LayerType;
using cimsim::workload::Network;
using cimsim::workload::parse_network;
using cimsim::workload::Shape;

namespace {
// A network over input CxHxW with the given flow-style layer lines.
Network net_of(const std::string& input, const std::string& layers) {
  return parse_network("name: t\ninput: " + input + "\nlayers:\n" + layers, "t.yaml");
}
}  // namespace

TEST_CASE("conv2d: stride and padding give floor((H+2p-k)/s)+1 and MACs count padded zeros",
          "[workload]") {
  auto n =
      net_of("{channels: 3, height: 32, width: 32}",
             "  - {name: c, type: conv2d, out_channels: 16, kernel: 3, stride: 2, padding: 1}\n");
  const auto& c = n.layers[0];
  // (32 + 2 - 3) / 2 + 1 = 15 + 1 = 16
  CHECK(c.out_shape == Shape{16, 16, 16});
  CHECK(c.rows == 27);  // 3 channels x 3 x 3
  CHECK(c.cols == 16);
  CHECK(c.groups == 1);
  CHECK(c.vectors == 256);  // 16 x 16 output pixels
  CHECK(c.macs == 110592);  // 16*16 * 16 * 27
  CHECK(c.weights == 432);
  CHECK(c.biases == 16);  // bias defaults to true, as in PyTorch
  CHECK(c.params == 448);
  CHECK(c.inputs == std::vector<int>{kNetworkInput});
  CHECK(n.total_macs() == 110592);
}

TEST_CASE("conv2d: dilation and rectangular kernel, stride and padding", "[workload]") {
  auto n =
      net_of("{channels: 2, height: 10, width: 10}",
             "  - {name: a, type: conv2d, out_channels: 4, kernel: 3, dilation: 2, bias: false}\n"
             "  - {name: b, type: conv2d, out_channels: 8, kernel: [3, 5], stride: [1, 2], "
             "padding: [1, 2]}\n");
  // a: dilated extent 2*(3-1)+1 = 5; 10 - 5 + 1 = 6
  CHECK(n.layers[0].out_shape == Shape{4, 6, 6});
  CHECK(n.layers[0].macs == 6 * 6 * 4 * 2 * 9);
  CHECK(n.layers[0].biases == 0);
  // b on 4x6x6: h (6 + 2 - 3)/1 + 1 = 6; w (6 + 4 - 5)/2 + 1 = 2 + 1 = 3
  CHECK(n.layers[1].out_shape == Shape{8, 6, 3});
  CHECK(n.layers[1].rows == 4 * 3 * 5);
  CHECK(n.layers[1].macs == 6 * 3 * 8 * 60);
}

TEST_CASE("conv2d: groups split rows and cols, depthwise is rows = k*k, cols = 1", "[workload]") {
  auto n =
      net_of("{channels: 32, height: 112, width: 112}",
             "  - {name: dw, type: conv2d, out_channels: 32, kernel: 3, padding: 1, groups: 32, "
             "bias: false}\n"
             "  - {name: g, type: conv2d, out_channels: 16, kernel: 1, groups: 4, bias: false}\n");
  const auto& dw = n.layers[0];
  CHECK(dw.out_shape == Shape{32, 112, 112});
  CHECK(dw.rows == 9);
  CHECK(dw.cols == 1);
  CHECK(dw.groups == 32);
  CHECK(dw.macs == 3612672);  // 112*112 * 32 * 1 * 9
  CHECK(dw.weights == 288);
  const auto& g = n.layers[1];
  CHECK(g.rows == 8);  // 32/4 channels x 1 x 1
  CHECK(g.cols == 4);  // 16/4
  CHECK(g.weights == 128);
  CHECK(g.macs == 112 * 112 * 128);
}

TEST_CASE("pools: floor and ceil mode, the ceil-mode last-window rule, stride defaults to kernel",
          "[workload]") {
  auto n = net_of(
      "{channels: 4, height: 112, width: 5}",
      "  - {name: f, type: maxpool, kernel: 3, stride: 2, inputs: [input]}\n"
      "  - {name: c, type: maxpool, kernel: 3, stride: 2, ceil_mode: true, inputs: [input]}\n"
      "  - {name: p, type: maxpool, kernel: 2, stride: 2, padding: 1, ceil_mode: true, inputs: "
      "[input]}\n"
      "  - {name: a, type: avgpool, kernel: 2, inputs: [input]}\n");
  // height 112: floor(109/2)+1 = 55, ceil(109/2)+1 = 56; width 5: floor(2/2)+1 = 2, ceil -> 2
  CHECK(n.layers[0].out_shape == Shape{4, 55, 2});
  CHECK(n.layers[1].out_shape == Shape{4, 56, 2});
  // width 5, k2 s2 p1 ceil: ceil(5/2)+1 = 4, but window 3 would start at 6 >= 5+1: 3.
  // height 112: ceil(112/2)+1 = 57, window 56 starts at 112 >= 113? no: 57.
  CHECK(n.layers[2].out_shape == Shape{4, 57, 3});
  // avgpool k2, stride defaults to 2: 112/2 = 56, floor(3/2)+1 = 2
  CHECK(n.layers[3].out_shape == Shape{4, 56, 2});
  CHECK(n.layers[3].element_ops == 4 * 56 * 2 * 4);  // 4 window elements per output
  CHECK(n.layers[0].macs == 0);
  CHECK(n.layers[0].element_ops == 4 * 55 * 2 * 9);
}

TEST_CASE("global and adaptive average pools", "[workload]") {
  auto n = net_of("{channels: 10, height: 5, width: 5}",
                  "  - {name: ad, type: adaptive_avgpool, output_size: 3}\n"
                  "  - {name: gp, type: global_avgpool, inputs: [input]}\n");
  // PyTorch windows of 5 -> 3: [0,2) [1,4) [3,5): sizes 2+3+2 = 7 per axis
  CHECK(n.layers[0].out_shape == Shape{10, 3, 3});
  CHECK(n.layers[0].element_ops == 10 * 7 * 7);
  CHECK(n.layers[1].out_shape == Shape{10, 1, 1});
  CHECK(n.layers[1].element_ops == 250);
}

TEST_CASE("add, concat, flatten, linear, batchnorm, activations", "[workload]") {
  auto n = net_of(
      "{channels: 16, height: 4, width: 4}",
      "  - {name: bn, type: batchnorm}\n"
      "  - {name: r, type: relu6}\n"
      "  - {name: c1, type: conv2d, out_channels: 32, kernel: 1, bias: false, inputs: [input]}\n"
      "  - {name: cat, type: concat, inputs: [r, c1]}\n"
      "  - {name: add, type: add, inputs: [input, bn, r]}\n"
      "  - {name: fl, type: flatten, inputs: [cat]}\n"
      "  - {name: drop, type: dropout, p: 0.5}\n"
      "  - {name: fc, type: linear, out_features: 10, bias: false}\n"
      "  - {name: sm, type: softmax}\n");
  CHECK(n.layers[0].params == 32);  // gamma and beta of 16 channels
  CHECK(n.layers[0].macs == 0);
  CHECK(n.layers[0].element_ops == 0);  // folded
  CHECK(n.layers[1].element_ops == 256);
  CHECK(type_name(n.layers[1]) == "relu6");
  CHECK(n.layers[3].out_shape == Shape{48, 4, 4});
  CHECK(n.layers[3].inputs == std::vector<int>{1, 2});
  CHECK(n.layers[4].out_shape == Shape{16, 4, 4});
  CHECK(n.layers[4].element_ops == 2 * 256);  // three inputs: two additions per element
  CHECK(n.layers[4].inputs == std::vector<int>{kNetworkInput, 0, 1});
  CHECK(n.layers[5].out_shape == Shape{768, 1, 1});
  CHECK(n.layers[6].out_shape == Shape{768, 1, 1});
  CHECK(n.layers[7].type == LayerType::Linear);
  CHECK(n.layers[7].rows == 768);
  CHECK(n.layers[7].cols == 10);
  CHECK(n.layers[7].vectors == 1);
  CHECK(n.layers[7].macs == 7680);
  CHECK(n.layers[7].biases == 0);
  CHECK(n.layers[8].element_ops == 10);
  CHECK(n.total_macs() == 16 * 32 * 16 + 7680);
  CHECK(n.total_weights() == 512 + 7680);
  CHECK(n.total_params() == 32 + 512 + 7680);
  CHECK(n.matrix_layer_count() == 2);
  CHECK(n.find("cat") == 3);
  CHECK(n.find("nope") == -1);
}

TEST_CASE("linear accepts a Cx1x1 input without flatten (global pool output)", "[workload]") {
  auto n = net_of("{channels: 8, height: 3, width: 3}",
                  "  - {name: gp, type: global_avgpool}\n"
                  "  - {name: fc, type: linear, out_features: 4}\n");
  CHECK(n.layers[1].macs == 32);
  CHECK(n.layers[1].biases == 4);
}

TEST_CASE("block-style YAML records each layer's line", "[workload]") {
  auto n = parse_network(
      "name: blocky\n"
      "description: d\n"
      "source: s\n"
      "input:\n"
      "  channels: 1\n"
      "  height: 4\n"
      "  width: 4\n"
      "layers:\n"
      "  - name: a\n"  // line 9
      "    type: relu\n"
      "  - name: b\n"  // line 11
      "    type: flatten\n",
      "blocky.yaml");
  CHECK(n.name == "blocky");
  CHECK(n.description == "d");
  CHECK(n.source == "s");
  CHECK(n.file == "blocky.yaml");
  CHECK(n.layers[0].line == 9);
  CHECK(n.layers[1].line == 11);
  CHECK(n.layers[1].out_shape == Shape{16, 1, 1});
}
