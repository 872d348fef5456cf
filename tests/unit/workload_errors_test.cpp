// Every inconsistency of a network file is one InputError "file:line: key.path: expected ...".
#include <catch2/catch.hpp>

#include "sim/core/errors.h"
#include "sim/workload/network.h"

using cimsim::core::InputError;
using cimsim::workload::parse_network;

namespace {
// The message parse_network throws for `text` (empty if it does not throw).
std::string error_of(const std::string& text) {
  try {
    parse_network(text, "bad.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// Header lines 1-3; layers start on line 4.
std::string net(const std::string& layers) {
  return "name: t\ninput: {channels: 8, height: 8, width: 8}\nlayers:\n" + layers;
}

const std::string kConv =
    "  - {name: c0, type: conv2d, out_channels: 8, kernel: 3, padding: 1}\n";  // line 4
}  // namespace

TEST_CASE("unknown layer type names the layer, the line and the nearest type",
          "[workload][errors]") {
  auto e = error_of(net(kConv + "  - {name: c1, type: conv, out_channels: 8, kernel: 3}\n"));
  CHECK_THAT(e, Catch::StartsWith("bad.yaml:5: layers[1] (c1).type: unknown layer type 'conv'"));
  CHECK_THAT(e, Catch::Contains("did you mean 'conv2d'?"));
}

TEST_CASE("misspelled key is refused with a suggestion", "[workload][errors]") {
  auto e =
      error_of(net(kConv + "  - {name: c1, type: conv2d, out_channels: 8, kernel: 3, strid: 2}\n"));
  CHECK_THAT(e, Catch::StartsWith(
                    "bad.yaml:5: layers[1] (c1).strid: unknown key 'strid' for a conv2d layer"));
  CHECK_THAT(e, Catch::Contains("did you mean 'stride'?"));
  // A key valid for another type is still unknown here.
  e = error_of(net(kConv + "  - {name: r, type: relu, kernel: 3}\n"));
  CHECK_THAT(e, Catch::StartsWith(
                    "bad.yaml:5: layers[1] (r).kernel: unknown key 'kernel' for a relu layer"));
}

TEST_CASE("missing required keys", "[workload][errors]") {
  CHECK_THAT(
      error_of(net(kConv + "  - {name: c1, type: conv2d, kernel: 3}\n")),
      Catch::StartsWith(
          "bad.yaml:5: layers[1] (c1): missing required key 'out_channels' for a conv2d layer"));
  CHECK_THAT(error_of(net(kConv + "  - {type: relu}\n")),
             Catch::StartsWith("bad.yaml:5: layers[1]: missing required key 'name'"));
  CHECK_THAT(error_of(net(kConv + "  - {name: x}\n")),
             Catch::StartsWith("bad.yaml:5: layers[1] (x): missing required key 'type'"));
  CHECK_THAT(error_of("name: t\nlayers:\n  - {name: r, type: relu}\n"),
             Catch::StartsWith("bad.yaml:1: missing required key 'input' for a network file"));
  CHECK_THAT(
      error_of("name: t\ninput: {channels: 1, width: 2}\nlayers:\n  - {name: r, type: relu}\n"),
      Catch::StartsWith("bad.yaml:2: input: missing required key 'height'"));
}

TEST_CASE("wrong value types and ranges", "[workload][errors]") {
  CHECK_THAT(
      error_of(net(kConv + "  - {name: c1, type: conv2d, out_channels: 8, kernel: 1.5}\n")),
      Catch::StartsWith(
          "bad.yaml:5: layers[1] (c1).kernel: expected an integer in [1, 65536], got '1.5'"));
  CHECK_THAT(
      error_of(net(kConv + "  - {name: c1, type: conv2d, out_channels: 8, kernel: [3, 3, 3]}\n")),
      Catch::StartsWith(
          "bad.yaml:5: layers[1] (c1).kernel: expected an integer or a list [height, width]"));
  CHECK_THAT(
      error_of(net(kConv + "  - {name: c1, type: conv2d, out_channels: 0, kernel: 1}\n")),
      Catch::StartsWith("bad.yaml:5: layers[1] (c1).out_channels: expected an integer in [1, "));
  CHECK_THAT(
      error_of(
          net(kConv + "  - {name: c1, type: conv2d, out_channels: 8, kernel: 1, bias: maybe}\n")),
      Catch::StartsWith("bad.yaml:5: layers[1] (c1).bias: expected true or false, got 'maybe'"));
  CHECK_THAT(
      error_of(
          net(kConv + "  - {name: c1, type: conv2d, out_channels: 8, kernel: 1, padding: -1}\n")),
      Catch::StartsWith(
          "bad.yaml:5: layers[1] (c1).padding: expected an integer in [0, 65536], got -1"));
  CHECK_THAT(error_of(net(kConv + "  - {name: d, type: dropout, p: 2}\n")),
             Catch::StartsWith("bad.yaml:5: layers[1] (d).p: expected a number in [0"));
  CHECK_THAT(error_of("name: t\ninput: {channels: x, height: 1, width: 1}\nlayers:\n  - {name: r, "
                      "type: relu}\n"),
             Catch::StartsWith("bad.yaml:2: input.channels: expected an integer"));
}

TEST_CASE("unknown input and input defined later are told apart", "[workload][errors]") {
  CHECK_THAT(
      error_of(net(kConv + "  - {name: a, type: add, inputs: [c0, c9]}\n")),
      Catch::StartsWith(
          "bad.yaml:5: layers[1] (a).inputs[1]: unknown input 'c9': no earlier layer has that "
          "name (did you mean 'c0'?)"));
  auto e = error_of(
      net(kConv + "  - {name: a, type: add, inputs: [c0, r]}\n  - {name: r, type: relu}\n"));
  CHECK_THAT(e, Catch::StartsWith(
                    "bad.yaml:5: layers[1] (a).inputs[1]: input 'r' is defined later (layers[2])"));
  CHECK_THAT(e, Catch::Contains("topological order"));
  // A layer cannot be its own input either.
  CHECK_THAT(error_of(net(kConv + "  - {name: r, type: relu, inputs: [r]}\n")),
             Catch::StartsWith(
                 "bad.yaml:5: layers[1] (r).inputs[0]: input 'r' is defined later (layers[1])"));
}

TEST_CASE("add of mismatching shapes and concat of mismatching sizes", "[workload][errors]") {
  const std::string two =
      kConv + "  - {name: p, type: maxpool, kernel: 2, inputs: [input]}\n";  // 8x4x4
  CHECK(error_of(net(two + "  - {name: a, type: add, inputs: [c0, p]}\n")) ==
        "bad.yaml:6: layers[2] (a).inputs[1]: expected every input of add to have the same shape: "
        "'c0' is 8x8x8, "
        "'p' is 8x4x4");
  CHECK_THAT(
      error_of(net(two + "  - {name: k, type: concat, inputs: [c0, p]}\n")),
      Catch::StartsWith(
          "bad.yaml:6: layers[2] (k).inputs[1]: expected the inputs of concat to have the same "
          "height and width"));
}

TEST_CASE("input counts: add and concat need two, others exactly one", "[workload][errors]") {
  CHECK_THAT(
      error_of(net(kConv + "  - {name: a, type: add, inputs: [c0]}\n")),
      Catch::StartsWith("bad.yaml:5: layers[1] (a).inputs: expected at least 2 inputs for add"));
  CHECK_THAT(error_of(net(kConv + "  - {name: r, type: relu, inputs: [c0, input]}\n")),
             Catch::StartsWith(
                 "bad.yaml:5: layers[1] (r).inputs: expected exactly 1 input for relu, got 2"));
  CHECK_THAT(error_of(net(kConv + "  - {name: r, type: relu, inputs: c0}\n")),
             Catch::StartsWith(
                 "bad.yaml:5: layers[1] (r).inputs: expected a non-empty list of layer names"));
}

TEST_CASE("linear needs a flat input", "[workload][errors]") {
  CHECK(error_of(net(kConv + "  - {name: fc, type: linear, out_features: 10}\n")) ==
        "bad.yaml:5: layers[1] (fc): expected a flat input (Nx1x1) for linear, got 8x8x8; add a "
        "flatten layer "
        "before it");
}

TEST_CASE("kernel larger than the padded input", "[workload][errors]") {
  CHECK(error_of(
            net(kConv +
                "  - {name: big, type: conv2d, out_channels: 4, kernel: [3, 11], padding: 1}\n")) ==
        "bad.yaml:5: layers[1] (big).kernel: expected the kernel to fit in the padded input: "
        "kernel width extent 11 "
        "> input 8 + 2*padding 1 = 10");
  CHECK_THAT(error_of(net(
                 kConv + "  - {name: d, type: conv2d, out_channels: 4, kernel: 3, dilation: 4}\n")),
             Catch::Contains("kernel height extent 9 > input 8"));
  CHECK_THAT(error_of(net(kConv + "  - {name: p, type: maxpool, kernel: 9}\n")),
             Catch::StartsWith("bad.yaml:5: layers[1] (p).kernel: expected the kernel to fit"));
  CHECK_THAT(
      error_of(net(kConv + "  - {name: p, type: maxpool, kernel: 3, padding: 2}\n")),
      Catch::StartsWith(
          "bad.yaml:5: layers[1] (p).padding: expected padding at most half the kernel size"));
}

TEST_CASE("channels not divisible by groups", "[workload][errors]") {
  CHECK(error_of(
            net(kConv + "  - {name: g, type: conv2d, out_channels: 12, kernel: 1, groups: 3}\n")) ==
        "bad.yaml:5: layers[1] (g).groups: expected groups (3) to divide both the input channels "
        "(8) and "
        "out_channels (12)");
}

TEST_CASE("duplicate layer names and duplicate keys", "[workload][errors]") {
  CHECK(error_of(net(kConv + "  - {name: c0, type: relu}\n")) ==
        "bad.yaml:5: layers[1] (c0).name: duplicate layer name 'c0' (first defined at layers[0], "
        "line 4)");
  CHECK_THAT(error_of(net(kConv + "  - {name: r, type: relu, name: s}\n")),
             Catch::StartsWith("bad.yaml:5: layers[1] (r).name: duplicate key 'name'"));
  CHECK_THAT(error_of(net("  - {name: input, type: relu}\n")),
             Catch::StartsWith(
                 "bad.yaml:4: layers[0] (input).name: expected another name: 'input' stands for"));
}

TEST_CASE("file-level problems: syntax, unknown keys, empty layer list", "[workload][errors]") {
  CHECK_THAT(error_of("name: t\ninput: {channels: 1\n"), Catch::StartsWith("bad.yaml:"));
  CHECK_THAT(error_of("name: t\ninput: {channels: 1\n"), Catch::Contains("expected valid YAML"));
  CHECK_THAT(
      error_of(""),
      Catch::StartsWith("bad.yaml: expected a mapping with keys 'name', 'input' and 'layers'"));
  CHECK_THAT(error_of(net(kConv) + "outputs: [c0]\n"),
             Catch::StartsWith("bad.yaml:5: outputs: unknown key 'outputs' for a network file"));
  CHECK_THAT(error_of("name: t\ninput: {channels: 1, height: 1, width: 1}\nlayers: []\n"),
             Catch::StartsWith("bad.yaml:3: layers: expected a non-empty list of layers"));
  CHECK_THAT(error_of(net("  - relu\n")),
             Catch::StartsWith("bad.yaml:4: layers[0]: expected a mapping {name: ..., type: ...}"));
}

TEST_CASE("products that overflow 64 bits are refused, not wrapped", "[workload][errors]") {
  // Tensors are bounded by the limit tensor_elements (2^32, sim/core/limits.h) before any
  // product of them is formed, so a size that would overflow stops there, naming the limit.
  // 1e6 x 1e6 x 1 input: 1e12 elements.
  CHECK_THAT(
      error_of("name: t\ninput: {channels: 1000000, height: 1000000, width: 1}\nlayers:\n"
               "  - {name: c, type: conv2d, out_channels: 1000000000, kernel: 1, bias: false}\n"),
      Catch::StartsWith("bad.yaml:2: input: expected at most 4294967296 elements, got "
                        "1000000000000 (limit tensor_elements"));
  // 2^30 x 2^30 x 2^30 input elements: the product itself overflows 64 bits.
  CHECK_THAT(
      error_of(
          "name: t\ninput: {channels: 1073741824, height: 1073741824, width: 1073741824}\nlayers:\n"
          "  - {name: r, type: relu}\n"),
      Catch::StartsWith("bad.yaml:2: input: expected at most 4294967296 elements, got more (limit "
                        "tensor_elements"));
  // 4 x 2^15 x 2^15 = 2^32 fits; the concat of two is 2^33, which does not.
  CHECK_THAT(
      error_of("name: t\ninput: {channels: 4, height: 32768, width: 32768}\nlayers:\n"
               "  - {name: r, type: relu}\n  - {name: k, type: concat, inputs: [input, r]}\n"),
      Catch::StartsWith("bad.yaml:5: layers[1] (k): expected at most 4294967296 elements, got "
                        "8589934592 (limit tensor_elements"));
}
