// ONNX import (sim/workload/onnx_reader.cpp): the torchvision exports against the YAML zoo, the
// transformer and recurrent totals against hand formulas, hand-built graphs op by op, Debian's
// libonnx-testdata node models against the output shapes they declare, and bad files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <onnx/onnx_pb.h>

#include "sim/core/errors.h"
#include "sim/workload/network.h"
#include "sim/workload/onnx_reader.h"

using cimsim::workload::LayerType;
using cimsim::workload::load_network;
using cimsim::workload::Network;
using cimsim::workload::read_onnx;
using cimsim::workload::Shape;

namespace {
const std::string kDir = std::string(CIMSIM_SOURCE_DIR) + "/workloads";
const std::string kOnnx = std::string(CIMSIM_SOURCE_DIR) + "/tests/data/onnx/";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const cimsim::workload::Layer& layer(const Network& n, const std::string& name) {
  const int i = n.find(name);
  REQUIRE(i >= 0);
  return n.layers[i];
}
}  // namespace

TEST_CASE("ONNX exports of the torchvision CNNs have the YAML zoo's exact MAC and weight totals",
          "[workload][onnx]") {
  // tests/data/onnx/<name>.onnx: scripts/export_onnx.py --shapes-only (torchvision 0.14).
  for (const char* name : {"resnet18", "resnet50", "vgg16", "alexnet", "mobilenet_v2"}) {
    INFO(name);
    const Network onnx = read_onnx(kOnnx + name + ".onnx");
    const Network yaml = load_network(name, kDir);
    CHECK(onnx.name == name);
    CHECK(onnx.input == yaml.input);
    CHECK(onnx.total_macs() == yaml.total_macs());
    CHECK(onnx.total_weights() == yaml.total_weights());
    CHECK(onnx.matrix_layer_count() == yaml.matrix_layer_count());
    CHECK(onnx.layers.back().out_shape == Shape{1000, 1, 1});
    CHECK(onnx.dynamic_macs() == 0);
    for (const auto& l : onnx.layers)
      if (l.is_matrix()) {
        INFO(l.name);
        CHECK(l.macs == l.rows * l.cols * l.groups * l.vectors);
        CHECK(l.vectors == l.out_shape.height * l.out_shape.width);
      }
  }
}

// Hand formulas, T tokens of d features, MLP width f, L layers, h heads:
//  stationary: per layer Q, K, V, out (4·T·d²) + MLP (2·T·d·f); activation × activation:
//  Q·Kᵀ (T·T·d) + A·V (T·T·d) per layer, whatever h.
TEST_CASE("BERT-base: stationary and activation x activation MACs equal the hand formulas",
          "[workload][onnx][transformer]") {
  const int64_t T = 128, d = 768, f = 3072, L = 12;
  const int64_t stationary = L * (4 * T * d * d + 2 * T * d * f);  // 10,871,635,968
  const int64_t dynamic = L * 2 * T * T * d;                       // 301,989,888
  const int64_t weights = L * (4 * d * d + 2 * d * f);             // 84,934,656
  for (const Network& n : {read_onnx(kOnnx + "bert_base.onnx"), load_network("bert_base", kDir)}) {
    INFO(n.file);
    CHECK(n.stationary_macs() == stationary);
    CHECK(n.dynamic_macs() == dynamic);
    CHECK(n.total_macs() == stationary + dynamic);
    CHECK(n.total_weights() == weights);
    int matmuls = 0;
    for (const auto& l : n.layers)
      if (l.type == LayerType::MatMul) {
        ++matmuls;
        CHECK(l.weights == 0);
        CHECK(l.macs == T * T * d);
        CHECK(l.groups == 12);  // heads
        CHECK(l.macs == l.rows * l.cols * l.groups * l.vectors);
      }
    CHECK(matmuls == 2 * L);
  }
  // Exported from plain PyTorch: 72 weight MatMuls with their bias Adds folded in; opset 13's
  // decomposed LayerNorm (ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, Add) and erf
  // GELU become one layernorm / gelu layer each.
  const Network onnx = read_onnx(kOnnx + "bert_base.onnx");
  int lns = 0, gelus = 0, pieces = 0;
  for (const auto& l : onnx.layers) {
    lns += l.type == LayerType::LayerNorm;
    gelus += l.activation == cimsim::workload::ActivationFn::Gelu;
    pieces += l.type == LayerType::Reduce || l.activation == cimsim::workload::ActivationFn::Erf ||
              l.activation == cimsim::workload::ActivationFn::Sqrt;
    if (l.type == LayerType::LayerNorm) CHECK(l.params == 2 * d);  // gamma and beta folded in
  }
  CHECK(lns == 2 * L);
  CHECK(gelus == L);
  CHECK(pieces == 0);
  CHECK(onnx.matrix_layer_count() == 72);
  CHECK(onnx.input == Shape{768, 128, 1});
  CHECK(onnx.layers.back().out_shape == Shape{768, 128, 1});
  int64_t biases = 0;
  for (const auto& l : onnx.layers) biases += l.biases;
  CHECK(biases == L * (4 * d + f + d));
}

TEST_CASE("ViT-B/16: stationary and activation x activation MACs equal the hand formulas",
          "[workload][onnx][transformer]") {
  const int64_t T = 197, d = 768, f = 3072, L = 12;
  const int64_t patch = 196 * d * (3 * 16 * 16);  // 16x16 stride-16 conv, 196 patches
  const int64_t head = d * 1000;                  // class token only
  const int64_t stationary = patch + L * (4 * T * d * d + 2 * T * d * f) + head;
  const int64_t dynamic = L * 2 * T * T * d;
  const int64_t weights = d * 768 + L * (4 * d * d + 2 * d * f) + d * 1000;
  for (const Network& n : {read_onnx(kOnnx + "vit_b_16.onnx"), load_network("vit_b_16", kDir)}) {
    INFO(n.file);
    CHECK(n.stationary_macs() == stationary);  // 16,848,500,736
    CHECK(n.dynamic_macs() == dynamic);        // 715,327,488
    CHECK(n.total_weights() == weights);       // 86,292,480
    CHECK(n.layers.back().out_shape == Shape{1000, 1, 1});
  }
}

TEST_CASE("2-layer LSTM (hidden 512, sequence 32): gates over [x_t, h_t-1] per time step",
          "[workload][onnx][recurrent]") {
  const int64_t H = 512, I = 512, S = 32;
  for (const Network& n : {read_onnx(kOnnx + "lstm.onnx"), load_network("lstm", kDir)}) {
    INFO(n.file);
    int lstms = 0;
    for (const auto& l : n.layers) {
      if (l.type != LayerType::Lstm) continue;
      ++lstms;
      CHECK(l.is_matrix());
      CHECK(l.is_recurrent());
      CHECK(l.rows == I + H);
      CHECK(l.cols == 4 * H);
      CHECK(l.vectors == S);
      CHECK(l.weights == 4 * H * (I + H));
      CHECK(l.biases == 8 * H);  // b_ih and b_hh
      CHECK(l.macs == S * 4 * H * (I + H));
      CHECK(l.out_shape == Shape{H, S, 1});
    }
    CHECK(lstms == 2);
    CHECK(n.total_macs() == 2 * S * 4 * H * (I + H));  // 134,217,728
  }
}

TEST_CASE("hand-built graph: grouped, dilated, asymmetric and SAME_UPPER convs, channel shuffle",
          "[workload][onnx]") {
  const Network n = read_onnx(kOnnx + "conv_features.onnx");
  const auto& c1 = layer(n, "c1");           // pads [1,2,0,1], dilation 2, group 2
  CHECK(c1.out_shape == Shape{16, 12, 14});  // H (15+1+0-5)+1, W (15+2+1-5)+1
  CHECK(c1.groups == 2);
  CHECK(c1.dilation_h == 2);
  CHECK(c1.rows == 36);  // 8/2 * 3*3
  CHECK(c1.cols == 8);
  CHECK(c1.macs == 12 * 14 * 16 * 36);
  CHECK(c1.bias);
  const auto& c2 = layer(n, "c2");  // SAME_UPPER stride 2: ceil(12/2), ceil(14/2)
  CHECK(c2.out_shape == Shape{16, 6, 7});
  CHECK(c2.groups == 16);
  CHECK(c2.pad_h == 0);  // total pad (6-1)*2+3-12 = 1: SAME_UPPER puts 0 before, 1 after
  CHECK(c2.pad_w == 0);  // (7-1)*2+3-14 = 1: 0 before, 1 after
  CHECK(layer(n, "hs").activation == cimsim::workload::ActivationFn::Hardswish);
  CHECK(layer(n, "clip").activation == cimsim::workload::ActivationFn::Relu6);  // Clip(0, 6)
  CHECK(layer(n, "shuffle_merge").out_shape == Shape{16, 6, 7});
  CHECK(layer(n, "split").out_shape == Shape{4, 6, 7});
  CHECK(layer(n, "split_2").out_shape == Shape{12, 6, 7});
  CHECK(layer(n, "cat").out_shape == Shape{16, 6, 7});
  CHECK(layer(n, "pool").out_shape == Shape{16, 4, 4});  // ceil((6+2-3)/2)+1, ceil((7+2-3)/2)+1
  CHECK(layer(n, "ap").out_shape == Shape{16, 3, 3});
  CHECK(layer(n, "gap").out_shape == Shape{16, 1, 1});
  const auto& fc = n.layers.back();
  CHECK(fc.type == LayerType::Linear);
  CHECK(fc.rows == 16);
  CHECK(fc.cols == 10);
  CHECK(n.total_macs() == 12 * 14 * 16 * 36 + 6 * 7 * 16 * 9 + 160);
}

TEST_CASE("hand-built attention: Q.K^T and A.V are activation x activation, bias Add folded",
          "[workload][onnx][transformer]") {
  const Network n = read_onnx(kOnnx + "attention.onnx");
  CHECK(n.input == Shape{8, 6, 1});  // 6 tokens of 8 features
  CHECK(layer(n, "ln").type == LayerType::LayerNorm);
  CHECK(layer(n, "ln").params == 16);
  const auto& q = layer(n, "q");  // MatMul by a constant: a 1x1 conv over the 6 tokens
  CHECK(q.is_matrix());
  CHECK(q.vectors == 6);
  CHECK(q.macs == 6 * 8 * 8);
  CHECK(q.biases == 8);  // the following Add of a constant [8]
  CHECK(n.find("q_bias") < 0);
  const auto& s = layer(n, "scores");
  CHECK(s.type == LayerType::MatMul);
  CHECK(s.inputs.size() == 2);
  CHECK(s.groups == 2);
  CHECK(s.rows == 4);
  CHECK(s.cols == 6);
  CHECK(s.macs == 2 * 6 * 4 * 6);
  const auto& c = layer(n, "context");
  CHECK(c.rows == 6);
  CHECK(c.cols == 4);
  CHECK(c.macs == 2 * 6 * 6 * 4);
  CHECK(n.dynamic_macs() == 576);
  CHECK(n.stationary_macs() == 3 * 384);
  CHECK(layer(n, "softmax").element_ops == 72);
  // Div, Erf, Add, Mul, Mul: the erf GELU pattern becomes one gelu layer.
  CHECK(layer(n, "gelu_div_gelu").activation == cimsim::workload::ActivationFn::Gelu);
  CHECK(layer(n, "gelu_div_gelu").element_ops == 48);
  CHECK(n.find("gelu_erf") < 0);
  CHECK(n.layers.size() == 17);
  CHECK(n.layers.back().out_shape == Shape{8, 6, 1});
}

TEST_CASE("GRU: three gates over [x_t, h_t-1]", "[workload][onnx][recurrent]") {
  const Network n = read_onnx(kOnnx + "gru.onnx");
  REQUIRE(n.layers.size() == 1);
  const auto& g = n.layers[0];
  CHECK(g.type == LayerType::Gru);
  CHECK(g.rows == 7);   // 3 inputs + 4 hidden
  CHECK(g.cols == 12);  // 3 gates x 4
  CHECK(g.macs == 5 * 84);
  CHECK(g.biases == 24);
  CHECK(g.out_shape == Shape{4, 5, 1});
}

TEST_CASE("quantized graph: QLinearConv/QLinearMatMul carry their precision into the layers",
          "[workload][onnx]") {
  const Network n = read_onnx(kOnnx + "quantized.onnx");
  const auto& conv = layer(n, "qconv");
  CHECK(conv.type == LayerType::Conv2d);
  CHECK(conv.out_shape == Shape{8, 4, 4});
  CHECK(conv.weight_bits == 8);      // int8 weights
  CHECK(conv.activation_bits == 8);  // uint8 from QuantizeLinear
  const auto& fc = layer(n, "qfc");
  CHECK(fc.type == LayerType::Linear);
  CHECK(fc.rows == 128);
  CHECK(fc.weight_bits == 8);
  CHECK(fc.activation_bits == 8);
  CHECK(n.total_macs() == 16 * 8 * 36 + 1280);
}

TEST_CASE("an unsupported op fails naming the node, its op type and the supported ops",
          "[workload][onnx][errors]") {
  try {
    read_onnx(kOnnx + "unsupported.onnx");
    FAIL("no error");
  } catch (const cimsim::core::InputError& e) {
    const std::string msg = e.what();
    CHECK_THAT(msg, Catch::Contains("unsupported.onnx: node 'my_topk' (TopK): op type 'TopK' is "
                                    "not supported; supported ops: Add, AveragePool,"));
    CHECK_THAT(msg, Catch::Contains("LSTM"));
    CHECK(msg.find('\n') == std::string::npos);
  }
}

TEST_CASE("bad files: not protobuf, truncated, empty, missing", "[workload][onnx][errors]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "cimsim-onnx-bad";
  fs::create_directories(dir);
  const std::string text = (dir / "text.onnx").string();
  std::ofstream(text) << "name: not an onnx file\nlayers: []\n";
  CHECK_THROWS_WITH(read_onnx(text), Catch::Contains("text.onnx: expected an ONNX model") &&
                                         Catch::Contains("does not parse as protobuf"));
  const std::string full = slurp(kOnnx + "resnet18.onnx");
  const std::string cut = (dir / "cut.onnx").string();
  std::ofstream(cut, std::ios::binary) << full.substr(0, full.size() / 2);
  CHECK_THROWS_AS(read_onnx(cut), cimsim::core::InputError);
  const std::string empty = (dir / "empty.onnx").string();
  std::ofstream(empty).close();
  CHECK_THROWS_WITH(read_onnx(empty), Catch::Contains("empty.onnx: expected an ONNX model"));
  CHECK_THROWS_WITH(read_onnx((dir / "missing.onnx").string()),
                    Catch::Contains("missing.onnx: expected a readable ONNX file"));
  // load_network dispatches on the extension.
  CHECK(load_network(kOnnx + "gru.onnx", kDir).layers[0].type == LayerType::Gru);
  fs::remove_all(dir);
}

// Debian's libonnx-testdata: the node tests whose ops cimsim supports (and whose input is one
// image or sequence) import with the output shape the file declares.
TEST_CASE("libonnx-testdata node models import with the shapes they declare",
          "[workload][onnx][testdata]") {
  const std::string root = "/usr/share/libonnx-testdata/data/node/";
  REQUIRE(std::filesystem::is_directory(root));  // scripts/setup.sh installs libonnx-testdata
  const char* cases[] = {
      "test_averagepool_2d_ceil",
      "test_averagepool_2d_default",
      "test_averagepool_2d_pads",
      "test_averagepool_2d_precomputed_same_upper",
      "test_averagepool_2d_same_lower",
      "test_averagepool_2d_strides",
      "test_basic_conv_with_padding",
      "test_basic_conv_without_padding",
      "test_conv_with_autopad_same",
      "test_conv_with_strides_and_asymmetric_padding",
      "test_conv_with_strides_no_padding",
      "test_conv_with_strides_padding",
      "test_globalaveragepool",
      "test_globalmaxpool",
      "test_maxpool_2d_ceil",
      "test_maxpool_2d_dilations",
      "test_maxpool_2d_pads",
      "test_maxpool_2d_same_lower",
      "test_maxpool_2d_same_upper",
      "test_maxpool_2d_strides",
      "test_qlinearconv",
      "test_softmax_example",
      "test_erf",
      "test_matmul_2d",
      "test_gemm_default_no_bias",
      "test_gemm_transposeB",
      "test_lstm_defaults",
      "test_gru_defaults",
      "test_layer_normalization_2d_axis_negative_1",
      "test_relu",
      "test_sigmoid",
      "test_tanh",
      "test_transpose_default",
      "test_concat_2d_axis_0",
      "test_split_equal_parts_1d",
      "test_hardswish",
      "test_hardsigmoid",
      "test_clip_default_inbounds",
  };
  int checked = 0;
  for (const char* c : cases) {
    const std::string path = root + c + "/model.onnx";
    INFO(path);
    onnx::ModelProto m;
    REQUIRE(m.ParseFromString(slurp(path)));
    int64_t want = 1;
    for (const auto& d : m.graph().output(0).type().tensor_type().shape().dim())
      want *= d.dim_value();
    const Network n = read_onnx(path);
    ++checked;
    CHECK(n.layers.back().out_shape.elements() == want);
  }
  CHECK(checked == static_cast<int>(std::size(cases)));
}
