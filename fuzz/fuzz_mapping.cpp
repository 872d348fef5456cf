// Fuzzes the mapping reader (mapper::mapping_from_yaml) against a fixed network and chip
// (tests/data/tiny_cnn.yaml on a 2x2-tile isscc28nm). An accepted mapping must build a stage plan
// (chip::build_plan, what the chip run reads) and survive a write/read round trip.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "fuzz/fuzz_common.h"
#include "mapper/mapping.h"
#include "sim/chip/chip_config.h"
#include "sim/chip/stage_plan.h"
#include "sim/pe/pe_cost_from.h"
#include "sim/workload/network.h"

namespace {

struct Fixture {
  cimsim::chip::ChipConfig cfg;
  cimsim::workload::Network net;
  cimsim::chip::PeCost pe;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const Fixture& fixture() {
  static const Fixture f = [] {
    Fixture x;
    x.cfg = cimsim::chip::load_chip_config(CIMSIM_SOURCE_DIR "/configs/isscc28nm.yaml",
                                           {"chip.tiles_x=2", "chip.tiles_y=2"});
    x.net = cimsim::workload::parse_network(slurp(CIMSIM_SOURCE_DIR "/tests/data/tiny_cnn.yaml"),
                                            "tiny_cnn.yaml");
    x.pe = cimsim::pe::pe_cost_from(x.cfg.pe);
    return x;
  }();
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Fixture& f = fixture();
  return cimsim::fuzz::run_one(data, size, [&](const std::string& text) {
    const cimsim::mapper::Mapping m =
        cimsim::mapper::mapping_from_yaml(text, "fuzz.yaml", f.net, f.cfg.chip, f.pe);
    cimsim::chip::build_plan(f.net, m, f.cfg.chip, f.pe);
    const std::string yaml = cimsim::mapper::mapping_to_yaml(m, f.net);
    try {
      const cimsim::mapper::Mapping again =
          cimsim::mapper::mapping_from_yaml(yaml, "again.yaml", f.net, f.cfg.chip, f.pe);
      if (cimsim::mapper::mapping_to_yaml(again, f.net) != yaml)
        cimsim::fuzz::finding("mapping.yaml does not read back to itself");
    } catch (const cimsim::core::InputError& e) {
      cimsim::fuzz::finding(std::string("the written mapping of an accepted one is refused: ") +
                            e.what());
    }
  });
}
