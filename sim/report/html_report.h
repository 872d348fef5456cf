#pragma once
// results/<run>/report.html: one self-contained page (inline CSS, inline SVG, a few lines of
// inline script; no network) showing a chip run: summary, energy and area breakdowns, the
// pipeline as a per-layer Gantt chart, the NoC mesh as a heat map of link utilization, DRAM
// bandwidth and NoC flits over time, and the per-layer table with its bound. It only reads what
// the run recorded: report.json's figures, the run's per-port flit counts and the recorder's
// binned profile. docs/visualizing.md explains every chart.
#include <string>

#include <nlohmann/json.hpp>

#include "sim/chip/chip_sim.h"
#include "sim/chip/trace_recorder.h"
#include "sim/noc/noc_params.h"

namespace cimsim::report {

std::string run_report_html(const nlohmann::ordered_json& report, const chip::RunResult& r,
                            const noc::NocParams& noc, const chip::TraceRecorder::Profile& profile);

}  // namespace cimsim::report
