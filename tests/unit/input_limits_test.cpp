// The input limits (sim/core/limits.h) and the checked size arithmetic: past a limit, one
// InputError naming the file, line, key and the limit; nothing loops over a huge size.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

#include "sim/core/errors.h"
#include "sim/core/input_file.h"
#include "sim/core/int_math.h"
#include "sim/core/limits.h"
#include "sim/workload/network.h"

using cimsim::core::InputError;
using cimsim::workload::parse_network;
namespace limits = cimsim::core::limits;

namespace {
std::string error_of(const std::string& text) {
  try {
    parse_network(text, "big.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
std::string net(const std::string& input, const std::string& layers) {
  return "name: t\ninput: " + input + "\nlayers:\n" + layers;
}
}  // namespace

TEST_CASE("checked arithmetic reports overflow instead of wrapping", "[limits]") {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  CHECK(cimsim::core::checked_add(kMax - 1, 1) == kMax);
  CHECK(!cimsim::core::checked_add(kMax - 1, 2));
  CHECK(!cimsim::core::checked_add(std::numeric_limits<int64_t>::min(), -1));
  CHECK(cimsim::core::checked_mul(int64_t{1} << 31, int64_t{1} << 31) == int64_t{1} << 62);
  CHECK(!cimsim::core::checked_mul(int64_t{1} << 62, 2));
  CHECK(!cimsim::core::checked_product({int64_t{1} << 30, int64_t{1} << 30, 8}));
  CHECK(cimsim::core::checked_product({3, 5, 7}) == 105);
  // ceil_div near INT64_MAX: (a + b - 1) / b would overflow.
  CHECK(cimsim::core::ceil_div(kMax, 2) == int64_t{1} << 62);
  CHECK(cimsim::core::ceil_div(kMax - 1, kMax) == 1);
  CHECK(cimsim::core::ceil_div(0, 7) == 0);
  CHECK(cimsim::core::ceil_div(14, 7) == 2);
  CHECK(cimsim::core::ceil_div(15, 7) == 3);
}

TEST_CASE("adaptive_avgpool ops: the closed form equals PyTorch's window sum", "[limits]") {
  // C * sum over windows [floor(i*H/o), ceil((i+1)*H/o)) of their sizes, per axis.
  for (int64_t h = 1; h <= 24; ++h)
    for (int64_t o = 1; o <= 24; ++o) {
      int64_t sum = 0;
      for (int64_t i = 0; i < o; ++i) sum += ((i + 1) * h + o - 1) / o - (i * h) / o;
      const auto n = parse_network(net("{channels: 3, height: " + std::to_string(h) + ", width: 1}",
                                       "  - {name: p, type: adaptive_avgpool, output_size: [" +
                                           std::to_string(o) + ", 1]}\n"),
                                   "t.yaml");
      INFO("H=" << h << " o=" << o);
      CHECK(n.layers[0].element_ops == 3 * sum);
    }
}

TEST_CASE("a 2^30-element adaptive_avgpool output is counted at once, not looped over",
          "[limits]") {
  const auto t0 = std::chrono::steady_clock::now();
  const auto n =
      parse_network(net("{channels: 1, height: 64, width: 64}",
                        "  - {name: p, type: adaptive_avgpool, output_size: [1073741824, 1]}\n"),
                    "t.yaml");
  // Height: 64 + 2^30 - gcd(64, 2^30) = 2^30; width: 64 + 1 - 1 = 64.
  CHECK(n.layers[0].element_ops == (int64_t{1} << 30) * 64);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1));
  // Past tensor_elements (16 channels x 2^30 x 1): refused, naming the key and the limit.
  CHECK(error_of(net("{channels: 16, height: 64, width: 64}",
                     "  - {name: p, type: adaptive_avgpool, output_size: [1073741824, 1]}\n")) ==
        "big.yaml:4: layers[0] (p).output_size: expected at most 4294967296 elements, got "
        "17179869184 (limit tensor_elements; cimsim describe limits)");
}

TEST_CASE("sizes past a limit name it", "[limits]") {
  // A 2^20 x 2^20 linear layer (2^40 weights) used to map for minutes.
  CHECK(error_of(net("{channels: 1048576, height: 1, width: 1}",
                     "  - {name: fc, type: linear, out_features: 1048576}\n")) ==
        "big.yaml:4: layers[0] (fc): expected at most 4294967296 weights, got 1099511627776 "
        "(limit layer_weights; cimsim describe limits)");
  CHECK(
      error_of(net("{channels: 3, height: 1073741825, width: 1}", "  - {name: r, type: relu}\n")) ==
      "big.yaml:2: input.height: expected at most 1073741824 elements, got 1073741825 (limit "
      "dim; cimsim describe limits)");
  CHECK(
      error_of(net("{channels: 3, height: 65536, width: 65536}", "  - {name: r, type: relu}\n")) ==
      "big.yaml:2: input: expected at most 4294967296 elements, got 12884901888 (limit "
      "tensor_elements; cimsim describe limits)");
  CHECK(error_of(net("{channels: 3, height: 8, width: 8}",
                     "  - {name: c, type: conv2d, out_channels: 4, kernel: 65537}\n")) ==
        "big.yaml:4: layers[0] (c).kernel: expected at most 65536 elements, got 65537 (limit "
        "window; cimsim describe limits)");
  std::string many;
  for (int i = 0; i <= limits::kLayers.value; ++i)
    many += "  - {name: r" + std::to_string(i) + ", type: relu}\n";
  CHECK(error_of(net("{channels: 1, height: 1, width: 1}", many)) ==
        "big.yaml:4: layers: expected at most 10000 layers, got 10001 (limit layers; cimsim "
        "describe limits)");
}

TEST_CASE("the limits table states the input-file limit the reader enforces", "[limits]") {
  STATIC_REQUIRE(limits::kInputFileMiB.value ==
                 static_cast<int64_t>(cimsim::core::kMaxInputFileMiB));
  CHECK(std::string(limits::kInputFileMiB.name) == "max_input_file_MiB");
}
