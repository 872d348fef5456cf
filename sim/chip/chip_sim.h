#pragma once
// The chip run: a network, mapped, through the whole chip in SystemC (sim/chip/chip_sim_sc.cpp),
// event-driven with integer cycles. This header is plain C++ so the CLI and the report don't
// need SystemC.
#include <cstdint>
#include <string>
#include <vector>

#include "mapper/mapping.h"
#include "sim/arch/chip_params.h"
#include "sim/arch/pe_cost.h"
#include "sim/chip/stage_plan.h"
#include "sim/core/stats.h"
#include "sim/noc/noc_params.h"
#include "sim/workload/network.h"

namespace cimsim::chip {

class TraceRecorder;  // sim/chip/trace_recorder.h

struct RunOptions {
  int64_t images = 2;              // images streamed through the pipeline
  TraceRecorder* trace = nullptr;  // records intervals and counters over time; null: off
};

struct StageResult {
  std::string name;  // the layer, "+fused activations" when there are any
  int layer = 0;
  mapper::StageKind kind = mapper::StageKind::Digital;
  int group = 0;
  int replicas = 0;
  int64_t tiles = 0;  // distinct tiles used
  // Time [ps] (SystemC time; divide by the chip period for cycles).
  int64_t first_start_ps = -1;   // first vector of image 0 started
  int64_t image0_end_ps = 0;     // last vector of image 0 emitted
  int64_t end_ps = 0;            // last vector of the last image emitted
  int64_t busy_ps = 0;           // busiest replica's compute time (the largest over replicas)
  int64_t input_wait_ps = 0;     // that replica's time waiting for inputs (on a busy tie, the
                                 // longest wait among the busiest)
  int64_t psum_wait_ps = 0;      // time waiting for partial sums over the NoC
  int64_t noc_delay_cycles = 0;  // its input packets' latency beyond zero-load [NoC cycles]
  int64_t noc_packets_in = 0;    // input packets that came over the NoC
  // Events (whole run).
  int64_t vectors = 0, array_mvms = 0, macs = 0, buffer_reads = 0, buffer_writes = 0;
  int64_t acc_ops = 0, unit_ops = 0, fused_ops = 0, bus_ops = 0;
  int64_t packets_out = 0, flit_hops_out = 0, flits_out = 0;
  // Line-buffer overflow (buffer_plan.h), whole run: bytes out and back (both ways), the
  // global-buffer accesses of each way, the DRAM bytes, and the time its replicas waited for it
  // (summed over replicas).
  int64_t spill_bytes = 0, spill_gb_accesses = 0, spill_dram_bytes = 0, spill_wait_ps = 0;
  DigitalUnit unit = DigitalUnit::None;
};

struct RunResult {
  int64_t images = 0;
  double chip_cycle_ns = 0;
  double noc_cycle_ns = 0;
  std::vector<int64_t> image_done_ps;  // completion of each image (written to DRAM)
  int64_t end_ps = 0;
  std::vector<StageResult> stages;
  int groups = 1;
  int64_t reload_ps = 0;  // time spent loading weights between groups
  int64_t dram_read_bytes = 0, dram_write_bytes = 0;
  int64_t weight_reload_bytes = 0, spill_bytes = 0;
  int64_t gb_reads = 0, gb_writes = 0;  // global buffer accesses of width_bits
  // NoC summary.
  int64_t noc_packets = 0, noc_flits = 0;
  double noc_avg_latency_cycles = 0;
  int64_t noc_max_latency_cycles = 0;
  std::string noc_hottest_link;             // "router (x, y) east" (a link) or "... local0" (an
                                            // ejection port); "" without NoC traffic
  double noc_hottest_link_utilization = 0;  // flits per NoC cycle over the run
  int64_t noc_hottest_link_flits = 0;
  double noc_avg_link_utilization = 0;
  // Flits out of every router port, router * ports + port (Interconnect::link_flits), over
  // noc_cycles NoC cycles: the heat map of the HTML report.
  std::vector<uint64_t> noc_link_flits;
  int64_t noc_cycles = 0;
  core::StatGroup stats{"chip"};  // counters and energy terms of every component
};

// Runs the simulation of `plan` (build_plan: network + mapping + PE, everything the run needs)
// on `mapping`'s tiles. One SystemC elaboration: call once per process.
RunResult simulate(const Plan& plan, const mapper::Mapping& mapping, const ChipParams& chip,
                   const noc::NocParams& noc, const RunOptions& opts);

// The module tree simulate() would elaborate (chip -> tiles -> PEs -> arrays, the NoC and its
// routers, the modules holding the processes), folded by kind with counts; nothing is simulated.
// Also one elaboration per process.
std::string elaborated_hierarchy(const Plan& plan, const mapper::Mapping& mapping,
                                 const ChipParams& chip, const noc::NocParams& noc,
                                 const RunOptions& opts);

}  // namespace cimsim::chip
