#pragma once
// The report of a chip run: energy accounting into the stats tree (count x energy per action,
// leakage x time), then every derived figure (latency, throughput, TOPS, TOPS/W, TOPS/mm2,
// utilization, per-layer bound) computed once, here, from those counters.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "mapper/mapping.h"
#include "sim/arch/chip_params.h"
#include "sim/arch/pe_cost.h"
#include "sim/chip/chip_sim.h"
#include "sim/chip/stage_plan.h"
#include "sim/noc/noc_params.h"
#include "sim/workload/network.h"

namespace cimsim::chip {

struct ReportContext {
  const workload::Network& net;
  const mapper::Mapping& mapping;
  const Plan& plan;
  const ChipParams& chip;
  const PeCost& pe;
  const noc::NocParams& noc;
  std::string run_name;
  std::string config_file;
  uint64_t seed = 1;
};

// Adds every energy term of the run to r.stats (called once, after simulate()).
void account_energy(RunResult& r, const ReportContext& ctx);

// Chip area by component [mm2] (all PEs of the chip, used or not).
struct AreaBreakdown {
  double pes_mm2 = 0, tile_buffers_mm2 = 0, tile_units_mm2 = 0, global_buffer_mm2 = 0,
         routers_mm2 = 0, dram_interface_mm2 = 0;
  double total_mm2() const {
    return pes_mm2 + tile_buffers_mm2 + tile_units_mm2 + global_buffer_mm2 + routers_mm2 +
           dram_interface_mm2;
  }
};
AreaBreakdown chip_area(const ChipParams& chip, const PeCost& pe, const noc::NocParams& noc);

nlohmann::ordered_json report_json(const RunResult& r, const ReportContext& ctx);
std::string layers_csv(const nlohmann::ordered_json& report);
std::string report_table(const nlohmann::ordered_json& report);

}  // namespace cimsim::chip
