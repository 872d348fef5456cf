#include "sim/pe/pe_model.h"

namespace cimsim::pe {

using core::EnergyCategory;

MvmEvents& MvmEvents::operator+=(const MvmEvents& o) {
  for (int i = 0; i < kMaxArrayEvents; ++i) array[i] += o.array[i];
  input_reg_bits += o.input_reg_bits;
  output_reg_bits += o.output_reg_bits;
  return *this;
}

MvmEvents MvmEvents::scaled(double k) const {
  MvmEvents e = *this;
  for (double& n : e.array) n *= k;
  e.input_reg_bits *= k;
  e.output_reg_bits *= k;
  return e;
}

PeModel::PeModel(const PeParams& p) : m_p(p), m_array(make_array_model(m_p)) {
  m_array_latency = m_array->latency_cycles();
  m_array_interval = m_array->interval_cycles();
  m_pe_latency = m_array->pe_latency_cycles();
  m_input_reg_bit_pJ = m_p.input_register.energy_per_bit_fJ * 1e-3;
  m_output_reg_bit_pJ = m_p.output_register.energy_per_bit_fJ * 1e-3;
  m_array_events = array_events_for(m_p.array.rows, weights_per_array_row());
  m_pe_events = pe_events_for(m_p.arrays, m_p.array.rows, weights_per_array_row());
}

MvmEvents PeModel::array_events_for(int rows_used, int outputs_used) const {
  MvmEvents e;
  m_array->add_array_events(rows_used, outputs_used, e);
  return e;
}

MvmEvents PeModel::pe_events_for(int arrays_used, int rows_used, int outputs_used) const {
  return pe_events_for(arrays_used, rows_used, outputs_used, DataStats{});
}

MvmEvents PeModel::pe_events_for(int arrays_used, int rows_used, int outputs_used,
                                 const DataStats& d) const {
  MvmEvents e = array_events_for(rows_used, outputs_used).scaled(arrays_used);
  if (!d.typical()) m_array->scale_for_data(d, e);
  m_array->add_pe_events(e);
  // Inputs are written once and each bit read once per step; outputs written and read once.
  e.input_reg_bits = 2.0 * arrays_used * rows_used * m_p.array.input_bits;
  e.output_reg_bits = 2.0 * arrays_used * outputs_used * m_p.output_register.output_bits;
  return e;
}

double PeModel::energy_pJ(const MvmEvents& e) const {
  const std::vector<ArrayEventKind>& kinds = m_array->event_kinds();
  double pJ = 0;
  for (size_t i = 0; i < kinds.size(); ++i) pJ += e.array[i] * kinds[i].pJ_each;
  return pJ + e.input_reg_bits * m_input_reg_bit_pJ + e.output_reg_bits * m_output_reg_bit_pJ;
}

std::vector<EnergyItem> PeModel::energy_items(const MvmEvents& e) const {
  const std::vector<ArrayEventKind>& kinds = m_array->event_kinds();
  std::vector<EnergyItem> v;
  for (size_t i = 0; i < kinds.size(); ++i) {
    const ArrayEventKind& k = kinds[i];
    if (k.omit_if_zero && !(e.array[i] > 0)) continue;
    v.push_back({k.name, k.category, e.array[i], k.pJ_each, k.source});
  }
  if (e.input_reg_bits > 0)
    v.push_back({"input_register", EnergyCategory::Buffer, e.input_reg_bits, m_input_reg_bit_pJ,
                 core::source(m_p.input_register, &RegisterParams::energy_per_bit_fJ)});
  if (e.output_reg_bits > 0)
    v.push_back({"output_register", EnergyCategory::Buffer, e.output_reg_bits, m_output_reg_bit_pJ,
                 core::source(m_p.output_register, &RegisterParams::energy_per_bit_fJ)});
  return v;
}

double PeModel::array_leakage_mW() const { return m_array->leakage_uW() * 1e-3; }

double PeModel::pe_leakage_mW() const {
  return m_p.arrays * array_leakage_mW() +
         (m_p.input_register.leakage_uW + m_p.output_register.leakage_uW) * 1e-3 +
         m_p.control_leakage_uW * 1e-3;
}

std::vector<AreaItem> PeModel::array_area_items() const { return m_array->area_items(); }

std::vector<AreaItem> PeModel::pe_area_items() const {
  std::vector<AreaItem> v = array_area_items();
  for (AreaItem& it : v) it.count *= m_p.arrays;
  m_array->add_pe_area_items(v);
  v.push_back({"input_register", static_cast<double>(m_p.input_register.bytes),
               m_p.input_register.area_um2_per_byte,
               core::source(m_p.input_register, &RegisterParams::area_um2_per_byte)});
  v.push_back({"output_register", static_cast<double>(m_p.output_register.bytes),
               m_p.output_register.area_um2_per_byte,
               core::source(m_p.output_register, &RegisterParams::area_um2_per_byte)});
  // Only when written: the bundled configs' breakdowns keep their rows.
  if (m_p.control_area_um2 > 0)
    v.push_back(
        {"pe_control", 1.0, m_p.control_area_um2, core::source(m_p, &PeParams::control_area_um2)});
  return v;
}

double PeModel::array_area_mm2() const {
  double s = 0;
  for (const AreaItem& it : array_area_items()) s += it.mm2();
  return s;
}

double PeModel::pe_area_mm2() const {
  double s = 0;
  for (const AreaItem& it : pe_area_items()) s += it.mm2();
  return s;
}

}  // namespace cimsim::pe
