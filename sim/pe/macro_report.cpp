#include "sim/pe/macro_report.h"

#include <exception>
#include <string>

#include <fmt/format.h>

namespace cimsim::pe {

namespace {

ScopeReport make_scope(const PeModel& m, const char* scope, const MvmEvents& ev,
                       const std::vector<AreaItem>& areas, double ops, int64_t latency,
                       double leakage_mW) {
  ScopeReport s;
  s.scope = scope;
  s.latency_cycles = latency;
  s.interval_cycles = m.array_interval_cycles();
  s.interval_ns = static_cast<double>(s.interval_cycles) * m.period_ns();
  s.ops_per_mvm = ops;
  s.peak_GOPS = ops / s.interval_ns;  // ops per ns = Gops/s
  s.leakage_mW = leakage_mW;
  double dynamic_pJ = 0;
  for (const EnergyItem& it : m.energy_items(ev)) {
    BreakdownRow r;
    r.component = it.name;
    r.category = core::to_string(it.category);
    r.count = it.count;
    r.each = it.pJ_each;
    r.energy_pJ = it.energy_pJ();
    r.power_mW = r.energy_pJ / s.interval_ns;  // pJ/ns = mW
    r.source = it.source;
    dynamic_pJ += r.energy_pJ;
    s.energy.push_back(r);
  }
  const double leak_pJ = leakage_mW * s.interval_ns;  // mW × ns = pJ
  if (leakage_mW > 0) {
    BreakdownRow r;
    r.component = "leakage";
    r.category = core::to_string(core::EnergyCategory::Leakage);
    r.count = s.interval_ns;
    r.each = leakage_mW;
    r.energy_pJ = leak_pJ;
    r.power_mW = leakage_mW;
    const tech::TechParams& t = m.params().tech;
    r.source = m.array_model().leakage_source() +
               (std::string(scope) == "pe" ? " + register and control leakage_uW" : "") +
               (t.leakage_reference_V > 0
                    ? " (at " + t.path + ".leakage_reference_V, following each supply)"
                    : "");
    s.energy.push_back(r);
  }
  s.energy_per_mvm_pJ = dynamic_pJ + leak_pJ;
  for (BreakdownRow& r : s.energy)
    r.share = s.energy_per_mvm_pJ > 0 ? r.energy_pJ / s.energy_per_mvm_pJ : 0;
  s.power_mW = s.energy_per_mvm_pJ / s.interval_ns;
  s.TOPS_per_W = s.energy_per_mvm_pJ > 0 ? ops / s.energy_per_mvm_pJ : 0;  // ops/pJ = TOPS/W
  for (const AreaItem& it : areas) {
    BreakdownRow r;
    r.component = it.name;
    r.count = it.count;
    r.each = it.um2_each;
    r.area_mm2 = it.mm2();
    r.source = it.source;
    s.area_mm2 += r.area_mm2;
    s.area.push_back(r);
  }
  for (BreakdownRow& r : s.area) r.share = s.area_mm2 > 0 ? r.area_mm2 / s.area_mm2 : 0;
  s.TOPS_per_mm2 = s.area_mm2 > 0 ? s.peak_GOPS * 1e-3 / s.area_mm2 : 0;
  return s;
}

}  // namespace

MacroReport evaluate_macro(const PeParams& p) { return evaluate_macro(p, DataStats{}, "typical"); }

bool parse_data_stats(const std::string& text, DataStats& d) {
  if (text == "best") {
    d = {0.0, 0.0};
  } else if (text == "typical") {
    d = {0.5, 0.5};
  } else if (text == "worst") {
    d = {1.0, 1.0};
  } else {
    const size_t comma = text.find(',');
    if (comma == std::string::npos) return false;
    try {
      size_t n1 = 0, n2 = 0;
      const std::string a = text.substr(0, comma), b = text.substr(comma + 1);
      d.input_bit_density = std::stod(a, &n1);
      d.weight_bit_density = std::stod(b, &n2);
      if (n1 != a.size() || n2 != b.size()) return false;
    } catch (const std::exception&) {
      return false;
    }
    auto in01 = [](double v) { return v >= 0 && v <= 1; };
    if (!in01(d.input_bit_density) || !in01(d.weight_bit_density)) return false;
  }
  return true;
}

MacroReport evaluate_macro(const PeParams& p, const DataStats& d, const std::string& data) {
  const PeModel m(p);
  MacroReport r;
  r.data = data;
  r.stats = d;
  r.array_type = crossbar::to_string(p.array.type);
  r.arrays_per_pe = p.arrays;
  r.clock_MHz = p.clock_MHz;
  r.critical_path_ns = m.array_model().critical_path_ns();
  r.max_clock_MHz = r.critical_path_ns > 0 ? 1e3 / r.critical_path_ns : 0;
  r.rows = p.array.rows;
  r.cols = p.array.cols;
  r.weight_bits = p.array.weight_bits;
  r.input_bits = p.array.input_bits;
  r.columns_per_weight = m.columns_per_weight();
  r.weights_per_array_row = m.weights_per_array_row();
  // Array scope: one array's events (no PE-scope events: pe_events_for with one array adds them,
  // so the array scope keeps array_events() scaled to the data).
  MvmEvents arr = m.array_events();
  MvmEvents pe_ev = m.pe_events();
  if (!d.typical()) {
    m.array_model().scale_for_data(d, arr);
    pe_ev = m.pe_events_for(p.arrays, p.array.rows, m.weights_per_array_row(), d);
  }
  r.array = make_scope(m, "array", arr, m.array_area_items(), m.ops_per_array_mvm(),
                       m.array_latency_cycles(), m.array_leakage_mW());
  r.pe = make_scope(m, "pe", pe_ev, m.pe_area_items(), m.ops_per_array_mvm() * p.arrays,
                    m.pe_latency_cycles(), m.pe_leakage_mW());
  return r;
}

namespace {

void table_scope(std::string& out, const ScopeReport& s) {
  out += fmt::format("\n[{}]\n", s.scope);
  out += fmt::format("  latency           {} cycles\n", s.latency_cycles);
  out +=
      fmt::format("  interval          {} cycles ({:.2f} ns)\n", s.interval_cycles, s.interval_ns);
  out += fmt::format("  ops per MVM       {:.0f}\n", s.ops_per_mvm);
  out += fmt::format("  peak              {:.3f} GOPS\n", s.peak_GOPS);
  out += fmt::format("  energy per MVM    {:.3f} pJ\n", s.energy_per_mvm_pJ);
  out += fmt::format("  power             {:.4f} mW\n", s.power_mW);
  out += fmt::format("  efficiency        {:.3f} TOPS/W\n", s.TOPS_per_W);
  out += fmt::format("  area              {:.6f} mm2\n", s.area_mm2);
  out += fmt::format("  density           {:.4f} TOPS/mm2\n", s.TOPS_per_mm2);
  out += fmt::format("  {:<18} {:>14} {:>12} {:>12} {:>11} {:>7}  {}\n", "energy", "events/MVM",
                     "pJ/event", "pJ/MVM", "mW", "share", "source");
  for (const BreakdownRow& r : s.energy)
    out +=
        fmt::format("  {:<18} {:>14.0f} {:>12.6f} {:>12.4f} {:>11.6f} {:>6.1f}%  {}\n", r.component,
                    r.count, r.each, r.energy_pJ, r.power_mW, 100 * r.share, r.source);
  out += fmt::format("  {:<18} {:>14} {:>12} {:>12} {:>7}  {}\n", "area", "instances", "um2 each",
                     "mm2", "share", "source");
  for (const BreakdownRow& r : s.area)
    out += fmt::format("  {:<18} {:>14.0f} {:>12.6f} {:>12.7f} {:>6.1f}%  {}\n", r.component,
                       r.count, r.each, r.area_mm2, 100 * r.share, r.source);
}

nlohmann::ordered_json json_scope(const ScopeReport& s) {
  nlohmann::ordered_json j;
  j["latency_cycles"] = s.latency_cycles;
  j["interval_cycles"] = s.interval_cycles;
  j["interval_ns"] = s.interval_ns;
  j["ops_per_mvm"] = s.ops_per_mvm;
  j["peak_GOPS"] = s.peak_GOPS;
  j["energy_per_mvm_pJ"] = s.energy_per_mvm_pJ;
  j["leakage_mW"] = s.leakage_mW;
  j["power_mW"] = s.power_mW;
  j["TOPS_per_W"] = s.TOPS_per_W;
  j["area_mm2"] = s.area_mm2;
  j["TOPS_per_mm2"] = s.TOPS_per_mm2;
  nlohmann::ordered_json e = nlohmann::ordered_json::array();
  for (const BreakdownRow& r : s.energy)
    e.push_back({{"component", r.component},
                 {"category", r.category},
                 {"events_per_mvm", r.count},
                 {"pJ_per_event", r.each},
                 {"energy_pJ", r.energy_pJ},
                 {"power_mW", r.power_mW},
                 {"share", r.share},
                 {"source", r.source}});
  j["energy"] = e;
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (const BreakdownRow& r : s.area)
    a.push_back({{"component", r.component},
                 {"instances", r.count},
                 {"um2_each", r.each},
                 {"area_mm2", r.area_mm2},
                 {"share", r.share},
                 {"source", r.source}});
  j["area"] = a;
  return j;
}

}  // namespace

std::string format_macro_table(const MacroReport& r) {
  std::string out;
  out += fmt::format(
      "macro: {} array {}x{}, {}-bit weights, {}-bit inputs, {} per PE, clock {:.3f} MHz\n",
      r.array_type, r.rows, r.cols, r.weight_bits, r.input_bits, r.arrays_per_pe, r.clock_MHz);
  out += fmt::format("mapping: {} columns per weight, {} weights per array row\n",
                     r.columns_per_weight, r.weights_per_array_row);
  if (r.critical_path_ns > 0)
    out += fmt::format("critical path: {:.3f} ns, fastest clock {:.3f} MHz{}\n", r.critical_path_ns,
                       r.max_clock_MHz,
                       r.clock_MHz > r.max_clock_MHz * (1 + 1e-9)
                           ? " (the clock is faster: the model's adder delay says it fails timing)"
                           : "");
  if (r.data != "typical")
    out += fmt::format("data: {} (input bit density {:g}, weight bit density {:g})\n", r.data,
                       r.stats.input_bit_density, r.stats.weight_bit_density);
  table_scope(out, r.array);
  table_scope(out, r.pe);
  return out;
}

nlohmann::ordered_json macro_json(const MacroReport& r) {
  nlohmann::ordered_json j;
  j["array_type"] = r.array_type;
  j["arrays_per_pe"] = r.arrays_per_pe;
  j["clock_MHz"] = r.clock_MHz;
  if (r.critical_path_ns > 0) {
    j["critical_path_ns"] = r.critical_path_ns;
    j["max_clock_MHz"] = r.max_clock_MHz;
  }
  j["rows"] = r.rows;
  j["cols"] = r.cols;
  j["weight_bits"] = r.weight_bits;
  j["input_bits"] = r.input_bits;
  j["columns_per_weight"] = r.columns_per_weight;
  j["weights_per_array_row"] = r.weights_per_array_row;
  if (r.data != "typical")
    j["data"] = {{"name", r.data},
                 {"input_bit_density", r.stats.input_bit_density},
                 {"weight_bit_density", r.stats.weight_bit_density}};
  j["array"] = json_scope(r.array);
  j["pe"] = json_scope(r.pe);
  return j;
}

std::string macro_csv(const MacroReport& r) {
  std::string out = "scope,kind,component,count,each,energy_pJ,power_mW,area_mm2,share,source\n";
  for (const ScopeReport* s : {&r.array, &r.pe}) {
    out += fmt::format("{},summary,peak_GOPS,,,,,,,{}\n", s->scope, s->peak_GOPS);
    out += fmt::format("{},summary,TOPS_per_W,,,,,,,{}\n", s->scope, s->TOPS_per_W);
    out += fmt::format("{},summary,area_mm2,,,,,,,{}\n", s->scope, s->area_mm2);
    out += fmt::format("{},summary,TOPS_per_mm2,,,,,,,{}\n", s->scope, s->TOPS_per_mm2);
    out += fmt::format("{},summary,power_mW,,,,,,,{}\n", s->scope, s->power_mW);
    out += fmt::format("{},summary,interval_cycles,,,,,,,{}\n", s->scope, s->interval_cycles);
    for (const BreakdownRow& b : s->energy)
      out += fmt::format("{},energy,{},{},{},{},{},,{},{}\n", s->scope, b.component, b.count,
                         b.each, b.energy_pJ, b.power_mW, b.share, b.source);
    for (const BreakdownRow& b : s->area)
      out += fmt::format("{},area,{},{},{},,,{},{},{}\n", s->scope, b.component, b.count, b.each,
                         b.area_mm2, b.share, b.source);
  }
  return out;
}

}  // namespace cimsim::pe
