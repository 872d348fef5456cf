#pragma once
// The stats tree. Components keep their event counts in plain integer members (nothing on the
// hot path but `++m_count`) and export them into a StatGroup after the run. Energy is never
// stored: an EnergyTerm holds an action count and the energy per action (with the config key
// the number came from), and totals are computed when asked. Derived figures (TOPS, TOPS/W,
// pJ/MAC, utilization) are computed at report time from these.
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

namespace cimsim::core {

// Energy breakdown buckets used by every report.
enum class EnergyCategory {
  Compute,       // array / bitcell / local compute
  Readout,       // ADC, sense amplifiers, DAC, sample-and-hold
  Accumulation,  // shift-and-add, adder trees, accumulators
  Buffer,        // registers, tile buffers, global buffer
  Interconnect,  // NoC routers and links, buses
  Dram,          // off-chip memory
  Digital,       // pooling, activation, residual add
  Leakage,       // static power x time
};
const char* to_string(EnergyCategory c);
constexpr int kEnergyCategories = 8;

struct Counter {
  std::string name;
  std::string unit;  // "events", "cycles", "bytes", "flits", ...
  std::string description;
  double value = 0;
};

struct EnergyTerm {
  std::string name;  // e.g. "adc_conversions"
  EnergyCategory category;
  double count = 0;          // actions (or ns of leakage)
  double pJ_per_action = 0;  // or mW for leakage terms (mW x ns = pJ)
  std::string source;        // config key the per-action energy came from
  double energy_pJ() const { return count * pJ_per_action; }
};

class StatGroup {
 public:
  explicit StatGroup(std::string name = "root", std::string description = "");

  // The child group `name`, created on first use (order of creation is kept).
  StatGroup& group(const std::string& name, const std::string& description = "");
  const StatGroup* find_group(const std::string& name) const;

  void set(const std::string& name, double value, const std::string& unit,
           const std::string& description);
  void add(const std::string& name, double value, const std::string& unit,
           const std::string& description);  // accumulates if it exists
  const Counter* find(const std::string& name) const;
  double value(const std::string& name) const;  // 0 when absent

  // count actions of pJ_each energy each (accumulates into an existing term of that name).
  void add_energy(const std::string& name, EnergyCategory category, double count, double pJ_each,
                  const std::string& source);
  // Static power [mW] over a time [ns]: energy = mW x ns = pJ.
  void add_leakage(const std::string& name, double mW, double time_ns, const std::string& source);

  double total_energy_pJ() const;                     // this group and all below
  std::vector<double> energy_by_category_pJ() const;  // indexed by EnergyCategory

  const std::string& name() const { return m_name; }
  const std::string& description() const { return m_description; }
  const std::vector<Counter>& counters() const { return m_counters; }
  const std::vector<EnergyTerm>& energy_terms() const { return m_energy; }
  const std::deque<StatGroup>& children() const { return m_children; }

 private:
  std::string m_name;
  std::string m_description;
  std::vector<Counter> m_counters;
  std::vector<EnergyTerm> m_energy;
  std::deque<StatGroup> m_children;  // deque: references stay valid as children are added
};

}  // namespace cimsim::core
