// The functional run's pieces: the .npy reader, the quantization rules on a hand-worked layer,
// and the mapped chip's ADC error against the quantization analysis.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>

#include "mapper/mapping.h"
#include "sim/chip/chip_config.h"
#include "sim/core/errors.h"
#include "sim/crossbar/crossbar.h"
#include "sim/functional/chip_engine.h"
#include "sim/functional/npz.h"
#include "sim/functional/quant_net.h"
#include "sim/pe/pe_cost_from.h"

using namespace cimsim;
using functional::NpyArray;

namespace {

// The bytes of a version-1 .npy file.
std::string npy(const std::string& descr, const std::string& shape, const void* data,
                size_t bytes) {
  std::string h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + h.size() + 1) % 64) h.push_back(' ');
  h.push_back('\n');
  std::string out = "\x93NUMPY";
  out.push_back('\x01');
  out.push_back('\x00');
  out.push_back(static_cast<char>(h.size() & 0xff));
  out.push_back(static_cast<char>(h.size() >> 8));
  out += h;
  out.append(static_cast<const char*>(data), bytes);
  return out;
}

NpyArray ints(std::vector<int64_t> shape, std::vector<double> v) {
  NpyArray a;
  a.shape = std::move(shape);
  a.values = std::move(v);
  a.integral = true;
  return a;
}

// One 1x1 conv with one output channel on a 1x2x2 image, and that image [1, 2, 3, 4].
workload::Network one_conv() {
  return workload::parse_network(
      "name: one\ninput: {channels: 1, height: 2, width: 2}\nlayers:\n"
      "  - {name: c, type: conv2d, out_channels: 1, kernel: 1, bias: false}\n",
      "one.yaml");
}
functional::Image one_image() {
  functional::Image im;
  im.x = {1, 2, 3, 4};
  return im;
}

}  // namespace

TEST_CASE("npy: shapes, dtypes and errors", "[functional][npz]") {
  const int8_t i8[] = {-3, 0, 7, 127, -128, 1};
  NpyArray a = functional::parse_npy(npy("|i1", "(2, 3)", i8, sizeof i8), "w.npy");
  CHECK(a.shape == std::vector<int64_t>{2, 3});
  CHECK(a.integral);
  CHECK(a.values == std::vector<double>{-3, 0, 7, 127, -128, 1});
  CHECK(a.shape_str() == "(2, 3)");
  const float f[] = {0.5f, -2.25f};
  NpyArray b = functional::parse_npy(npy("<f4", "(2,)", f, sizeof f), "x.npy");
  CHECK(!b.integral);
  CHECK(b.values == std::vector<double>{0.5, -2.25});
  CHECK(b.shape_str() == "(2,)");
  const double bad[] = {1.0, std::nan("")};
  CHECK_THROWS_WITH(functional::parse_npy(npy("<f8", "(2,)", bad, sizeof bad), "x.npz: x"),
                    "x.npz: x: contains NaN or infinite values");
  CHECK_THROWS_WITH(functional::parse_npy("not numpy", "y.npy"),
                    Catch::Contains("y.npy: not a .npy array"));
  CHECK_THROWS_WITH(functional::parse_npy(npy("<f8", "(4,)", f, sizeof f), "z.npy"),
                    Catch::Contains("z.npy: truncated array data"));
  CHECK_THROWS_WITH(functional::parse_npy(npy(">f8", "(1,)", f, 8), "b.npy"),
                    Catch::Contains("unsupported dtype '>f8'"));
}

TEST_CASE("quantization of a 1x1 conv worked by hand", "[functional][quant]") {
  // One 1x1 conv with the single integer weight 3 on a 1x2x2 image [1, 2, 3, 4], calibrated on
  // that image with signed 8-bit activations:
  //   s_in = 4 / 127, x_q = floor(x · 127/4 + ½) = [32, 64, 95, 127];
  //   acc = 3 · x_q = [96, 192, 285, 381]; s_out = 381 · s_in / 127;
  //   y_q = floor(acc / 381 · 127 + ½) = [32, 64, 95, 127].
  const workload::Network net = one_conv();
  functional::QuantNet qn(net, {{"c", ints({1, 1, 1, 1}, {3})}}, "w.npz", {}, 1);
  const functional::Image im = one_image();
  qn.calibrate({im});
  functional::ReferenceEngine ref(qn);
  const functional::QTensor y = qn.forward(im, ref);
  CHECK(y.q == std::vector<int32_t>{32, 64, 95, 127});
  CHECK(qn.max_abs_acc(0) == 381);
  CHECK(y.scale == Approx(381.0 * 4 / 127 / 127));
}

TEST_CASE("a bias is added after the MVM in real units", "[functional][quant]") {
  // The hand-worked 1x1 conv with weight 3 (scale 0.5: real weight 1.5) and bias -1 on [1, 2, 3,
  // 4], calibrated on that image: s_in = 4 / 127, x_q = [32, 64, 95, 127], acc = [96, 192, 285,
  // 381]; real = acc · s_in · 0.5 − 1 = [0.5118, 2.0236, 3.4882, 5.0] (4 · 1.5 − 1 = 5), so s_out
  // = 5 / 127 and y_q = floor(real / s_out + ½) = [13, 51, 89, 127].
  const workload::Network net = one_conv();
  NpyArray bias;
  bias.shape = {1};
  bias.values = {-1.0};
  functional::QuantNet qn(
      net, {{"c", ints({1, 1, 1, 1}, {3})}, {"c.scale", ints({1}, {0.5})}, {"c.bias", bias}},
      "w.npz", {}, 1);
  const functional::Image im = one_image();
  qn.calibrate({im});
  functional::ReferenceEngine ref(qn);
  CHECK(qn.forward(im, ref).q == std::vector<int32_t>{13, 51, 89, 127});
  bias.shape = {2};
  bias.values = {1, 2};
  CHECK_THROWS_WITH(
      functional::QuantNet(net, {{"c", ints({1, 1, 1, 1}, {3})}, {"c.bias", bias}}, "w.npz", {}, 1),
      "w.npz: c.bias: expected shape (1,), got (2,)");
}

TEST_CASE("weights that disagree with the network are refused with the expected shape",
          "[functional][errors]") {
  const workload::Network net = workload::parse_network(
      "name: two\ninput: {channels: 2, height: 4, width: 4}\nlayers:\n"
      "  - {name: conv, type: conv2d, out_channels: 3, kernel: 3, bias: false}\n"
      "  - {name: flat, type: flatten}\n"
      "  - {name: fc, type: linear, out_features: 5, bias: false}\n",
      "two.yaml");
  const NpyArray conv = ints({3, 2, 3, 3}, std::vector<double>(54, 1));
  CHECK_THROWS_WITH(functional::QuantNet(net, {{"conv", conv}}, "w.npz", {}, 1),
                    "w.npz: no array for layer fc (expected shape (5, 12))");
  CHECK_THROWS_WITH(
      functional::QuantNet(net, {{"conv", conv}, {"fc", ints({12, 5}, std::vector<double>(60))}},
                           "w.npz", {}, 1),
      "w.npz: fc: expected shape (5, 12), got (12, 5)");
  CHECK_THROWS_WITH(functional::QuantNet(
                        net, {{"conv", conv}, {"fc", ints({5, 12}, std::vector<double>(60, 300))}},
                        "w.npz", {}, 1),
                    Catch::Contains("fc: integer weight 300 outside the 8-bit range"));
}

TEST_CASE("the mapped analog chip's ADC error is what the quantization analysis predicts",
          "[functional][adc]") {
  // isaac32nm's crossbar (128 rows, 2-bit cells, 16-bit offset weights over 8 slices, 1-bit DAC
  // over 16 input steps) with a 6-bit ADC: every conversion rounds, so the error of one output
  // of a 128-input linear layer has the mean and variance of CrossbarArray's analysis. Measured
  // through the chip path (mapping, block programming, partial sums) on 300 random inputs x 16
  // outputs: the mean within 4 standard errors, the variance within 20 %.
  const chip::ChipConfig cfg =
      chip::load_chip_config(std::string(CIMSIM_SOURCE_DIR) + "/configs/isaac32nm.yaml",
                             {"chip.tile.pe.adc.bits=6", "chip.psum_bits=48",
                              "chip.tile.pe.array.analog.flip_encoding=false"});
  const workload::Network net = workload::parse_network(
      "name: fc\ninput: {channels: 128, height: 1, width: 1}\nlayers:\n"
      "  - {name: fc, type: linear, out_features: 16, bias: false}\n",
      "fc.yaml");
  functional::QuantOptions qo;
  qo.activation_bits = 16;
  qo.weight_bits = 16;
  qo.signed_inputs = false;
  functional::QuantNet qn(net, {}, "random", qo, 7);  // random 16-bit weights
  const mapper::Mapping m =
      mapper::map_network(net, cfg.chip, pe::pe_cost_from(cfg.pe), cfg.mapping);
  functional::ChipEngine chip(qn, m, cfg.pe, cfg.chip.psum_bits, 1);
  functional::ReferenceEngine ref(qn);
  std::mt19937_64 g(3);
  std::uniform_int_distribution<int32_t> u(0, 65535);
  double sum = 0, sum2 = 0;
  int n = 0;
  for (int k = 0; k < 300; ++k) {
    functional::QTensor x;
    x.shape = net.input;
    x.q.resize(128);
    for (int32_t& v : x.q) v = u(g);
    std::vector<int64_t> got, want;
    chip.matrix(0, x, got);
    ref.matrix(0, x, want);
    for (size_t i = 0; i < got.size(); ++i, ++n) {
      const double e = double(got[i] - want[i]);
      sum += e;
      sum2 += e * e;
    }
  }
  const double mean = sum / n, var = sum2 / n - mean * mean;
  crossbar::CrossbarArray xb(cfg.pe.array, cfg.pe.dac.bits, cfg.pe.adc);
  const double want_mean = xb.predicted_error_mean(), want_var = xb.predicted_error_variance();
  REQUIRE(want_var > 0);
  CHECK(std::abs(mean - want_mean) < 4 * std::sqrt(want_var / n));
  CHECK(var == Approx(want_var).epsilon(0.20));
  CHECK(chip.stats().arrays_programmed == 1);
  CHECK(chip.stats().array_mvms == 300);
}

TEST_CASE("activity measured by the chip: densities and output magnitudes by hand",
          "[functional][activity]") {
  // The 1x1 conv above on isscc28nm's digital macro (signed 8-bit inputs and weights): inputs
  // [32, 64, 95, 127] have 1 + 1 + 6 + 7 = 15 one-bits of 4 x 8; the weight 3 has 2 of 8;
  // acc = [96, 192, 285, 381] falls in the |acc| < 2^b buckets 7, 8, 9, 9.
  const chip::ChipConfig cfg =
      chip::load_chip_config(std::string(CIMSIM_SOURCE_DIR) + "/configs/isscc28nm.yaml");
  const workload::Network net = one_conv();
  functional::QuantNet qn(net, {{"c", ints({1, 1, 1, 1}, {3})}}, "w.npz", {}, 1);
  const functional::Image im = one_image();
  qn.calibrate({im});
  const mapper::Mapping m =
      mapper::map_network(net, cfg.chip, pe::pe_cost_from(cfg.pe), cfg.mapping);
  functional::ChipEngine chip(qn, m, cfg.pe, cfg.chip.psum_bits, 1);
  const functional::QTensor y = qn.forward(im, chip);
  CHECK(y.q == std::vector<int32_t>{32, 64, 95, 127});
  REQUIRE(chip.stats().activity.size() == 1);
  const functional::LayerActivity& a = chip.stats().activity[0];
  CHECK(a.inputs == 4);
  CHECK(a.zero_inputs == 0);
  CHECK(a.input_bit_density() == 15.0 / 32.0);
  CHECK(a.weight_bit_density() == 2.0 / 8.0);
  std::vector<int64_t> hist(65, 0);
  hist[7] = 1, hist[8] = 1, hist[9] = 2;
  CHECK(a.output_log2 == hist);
}
