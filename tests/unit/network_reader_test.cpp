// The network-reader interface (sim/workload/network_reader.h): the format comes from the file
// extension, the YAML reader reads a file and names it on errors, and a format this build cannot
// read is refused with the file's name.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>

#include "sim/core/errors.h"
#include "sim/workload/network_reader.h"

using namespace cimsim;
using workload::NetworkFormat;

namespace {
std::string error_of(const std::string& path) {
  try {
    workload::make_network_reader(path)->read(path);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST_CASE("network reader: format by extension, case-insensitive", "[workload][reader]") {
  CHECK(workload::network_format_of("a/b.yaml") == NetworkFormat::Yaml);
  CHECK(workload::network_format_of("b.YML") == NetworkFormat::Yaml);
  CHECK(workload::network_format_of("net.txt") == NetworkFormat::Yaml);  // the default format
  CHECK(workload::network_format_of("m/resnet.onnx") == NetworkFormat::Onnx);
  CHECK(workload::network_format_of("RESNET.ONNX") == NetworkFormat::Onnx);
  CHECK(workload::network_format_of("x.onnx.yaml") == NetworkFormat::Yaml);
}

TEST_CASE("network reader: YAML reads the file, errors name it", "[workload][reader]") {
  const std::string path = "network_reader_test_tiny.yaml";
  {
    std::ofstream f(path);
    f << "name: tiny\ninput: {channels: 4, height: 1, width: 1}\n"
         "layers:\n  - {name: fc, type: linear, out_features: 3}\n";
  }
  const auto r = workload::make_network_reader(path);
  CHECK(std::string(r->format()) == "yaml");
  const workload::Network net = r->read(path);
  CHECK(net.name == "tiny");
  REQUIRE(net.layers.size() == 1);
  CHECK(net.layers[0].cols == 3);
  std::remove(path.c_str());
  CHECK(error_of(path) == path + ": expected a readable network file (cannot open it)");
  // .onnx goes to the ONNX reader (sim/workload/onnx_reader.h), by extension, any case.
  CHECK(std::string(workload::make_network_reader("m.ONNX")->format()) == "onnx");
  CHECK(error_of("model.onnx") == "model.onnx: expected a readable ONNX file (cannot open it)");
}
