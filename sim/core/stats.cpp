#include "sim/core/stats.h"

#include <utility>

namespace cimsim::core {

const char* to_string(EnergyCategory c) {
  switch (c) {
    case EnergyCategory::Compute:
      return "compute";
    case EnergyCategory::Readout:
      return "readout";
    case EnergyCategory::Accumulation:
      return "accumulation";
    case EnergyCategory::Buffer:
      return "buffer";
    case EnergyCategory::Interconnect:
      return "interconnect";
    case EnergyCategory::Dram:
      return "dram";
    case EnergyCategory::Digital:
      return "digital";
    case EnergyCategory::Leakage:
      return "leakage";
  }
  return "?";
}

StatGroup::StatGroup(std::string name, std::string description)
    : m_name(std::move(name)), m_description(std::move(description)) {}

StatGroup& StatGroup::group(const std::string& name, const std::string& description) {
  for (StatGroup& g : m_children)
    if (g.m_name == name) return g;
  return m_children.emplace_back(name, description);
}

const StatGroup* StatGroup::find_group(const std::string& name) const {
  for (const StatGroup& g : m_children)
    if (g.m_name == name) return &g;
  return nullptr;
}

void StatGroup::set(const std::string& name, double value, const std::string& unit,
                    const std::string& description) {
  for (Counter& c : m_counters)
    if (c.name == name) {
      c.value = value;
      return;
    }
  m_counters.push_back(Counter{name, unit, description, value});
}

void StatGroup::add(const std::string& name, double value, const std::string& unit,
                    const std::string& description) {
  for (Counter& c : m_counters)
    if (c.name == name) {
      c.value += value;
      return;
    }
  m_counters.push_back(Counter{name, unit, description, value});
}

const Counter* StatGroup::find(const std::string& name) const {
  for (const Counter& c : m_counters)
    if (c.name == name) return &c;
  return nullptr;
}

double StatGroup::value(const std::string& name) const {
  const Counter* c = find(name);
  return c ? c->value : 0.0;
}

void StatGroup::add_energy(const std::string& name, EnergyCategory category, double count,
                           double pJ_each, const std::string& source) {
  for (EnergyTerm& t : m_energy)
    if (t.name == name && t.pJ_per_action == pJ_each) {
      t.count += count;
      return;
    }
  m_energy.push_back(EnergyTerm{name, category, count, pJ_each, source});
}

void StatGroup::add_leakage(const std::string& name, double mW, double time_ns,
                            const std::string& source) {
  // mW x ns = 1e-3 J/s x 1e-9 s = 1e-12 J = 1 pJ
  add_energy(name, EnergyCategory::Leakage, time_ns, mW, source);
}

double StatGroup::total_energy_pJ() const {
  double sum = 0;
  for (const EnergyTerm& t : m_energy) sum += t.energy_pJ();
  for (const StatGroup& g : m_children) sum += g.total_energy_pJ();
  return sum;
}

std::vector<double> StatGroup::energy_by_category_pJ() const {
  std::vector<double> out(kEnergyCategories, 0.0);
  for (const EnergyTerm& t : m_energy) out[static_cast<int>(t.category)] += t.energy_pJ();
  for (const StatGroup& g : m_children) {
    std::vector<double> sub = g.energy_by_category_pJ();
    for (int i = 0; i < kEnergyCategories; ++i) out[i] += sub[i];
  }
  return out;
}

}  // namespace cimsim::core
