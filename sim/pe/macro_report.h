#pragma once
// `cimsim macro`: one array (crossbar or macro) and one PE in isolation, as a circuit designer
// calibrates a config against silicon: peak ops/s, TOPS/W, area, TOPS/mm², energy/area breakdown.
// Throughput is the back-to-back MVM rate (interval, not latency); power is Σ events per MVM ×
// energy per event / interval + leakage.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/pe/pe_model.h"

namespace cimsim::pe {

struct BreakdownRow {
  std::string component;
  std::string category;  // energy rows: EnergyCategory name
  double count = 0;      // events per MVM (energy) or instances (area)
  double each = 0;       // pJ per event, or µm² per instance
  double energy_pJ = 0;  // per MVM (energy rows)
  double power_mW = 0;   // at the peak MVM rate (energy rows)
  double area_mm2 = 0;   // (area rows)
  double share = 0;      // fraction of the scope's total
  std::string source;    // config key of `each`
};

struct ScopeReport {
  std::string scope;            // "array" or "pe"
  int64_t latency_cycles = 0;   // one MVM, start to finished outputs
  int64_t interval_cycles = 0;  // back-to-back MVMs
  double interval_ns = 0;
  double ops_per_mvm = 0;  // 2 per MAC
  double peak_GOPS = 0;
  double energy_per_mvm_pJ = 0;  // dynamic + leakage over one interval
  double leakage_mW = 0;
  double power_mW = 0;
  double TOPS_per_W = 0;
  double area_mm2 = 0;
  double TOPS_per_mm2 = 0;
  std::vector<BreakdownRow> energy;
  std::vector<BreakdownRow> area;
};

struct MacroReport {
  std::string array_type;        // "digital" | "analog"
  std::string data = "typical";  // operand statistics the energies are for (evaluate_macro)
  DataStats stats;
  int arrays_per_pe = 1;
  double clock_MHz = 0;
  // The array's critical path and the fastest clock it allows, where its model predicts one
  // (ArrayModel::critical_path_ns; 0: not predicted).
  double critical_path_ns = 0;
  double max_clock_MHz = 0;
  int rows = 0, cols = 0, weight_bits = 0, input_bits = 0;
  int columns_per_weight = 0;
  int weights_per_array_row = 0;
  ScopeReport array;
  ScopeReport pe;
};

MacroReport evaluate_macro(const PeParams& p);
// The same for data with statistics d, labelled `data` ("best", "worst", "measured", ...).
MacroReport evaluate_macro(const PeParams& p, const DataStats& d, const std::string& data);
// `--data` names: best = all-zero operand bits (bit densities 0, 0), typical = (0.5, 0.5),
// worst = all ones (1, 1), or "IN,W" with two densities in [0, 1]. False if the text is none.
bool parse_data_stats(const std::string& text, DataStats& d);
std::string format_macro_table(const MacroReport& r);
nlohmann::ordered_json macro_json(const MacroReport& r);
// One line per scope figure and per breakdown row:
// scope,kind,component,count,each,energy_pJ,power_mW,area_mm2,share,source
std::string macro_csv(const MacroReport& r);

}  // namespace cimsim::pe
