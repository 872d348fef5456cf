// Fuzzes the network reader (workload::parse_network). An accepted network's counts must obey
// the conventions of sim/workload/network.h (macs = rows * cols * groups * vectors, ...).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_common.h"
#include "sim/workload/network.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return cimsim::fuzz::run_one(data, size, [](const std::string& text) {
    const cimsim::workload::Network net = cimsim::workload::parse_network(text, "fuzz.yaml");
    for (const cimsim::workload::Layer& l : net.layers) {
      if (l.is_matrix() && l.macs != l.rows * l.cols * l.groups * l.vectors)
        cimsim::fuzz::finding("macs != rows * cols * groups * vectors in layer " + l.name);
      if (l.out_shape.channels < 1 || l.out_shape.height < 1 || l.out_shape.width < 1)
        cimsim::fuzz::finding("an empty output shape in layer " + l.name);
      for (int in : l.inputs)
        if (in < cimsim::workload::kNetworkInput || in >= static_cast<int>(net.layers.size()))
          cimsim::fuzz::finding("an input index out of range in layer " + l.name);
    }
  });
}
