// Fuzzes the config loader: core::ConfigDoc::load_string and the chip config readers on top of it
// (chip::load_chip_config_string). An accepted config's resolved YAML must load again to the
// same resolved YAML (config.resolved.yaml reproduces the run).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_common.h"
#include "sim/chip/chip_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return cimsim::fuzz::run_one(data, size, [](const std::string& text) {
    const std::string resolved =
        cimsim::chip::load_chip_config_string(text, "fuzz.yaml").resolved_yaml();
    std::string again;
    try {
      again = cimsim::chip::load_chip_config_string(resolved, "resolved.yaml").resolved_yaml();
    } catch (const cimsim::core::InputError& e) {
      cimsim::fuzz::finding(std::string("the resolved config of an accepted one is refused: ") +
                            e.what());
    }
    if (again != resolved) cimsim::fuzz::finding("the resolved config does not resolve to itself");
  });
}
