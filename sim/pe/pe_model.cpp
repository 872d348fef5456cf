#include "sim/pe/pe_model.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/adc/adc_model.h"
#include "sim/crossbar/crossbar.h"
#include "sim/crossbar/dcim_macro.h"

namespace cimsim::pe {

using core::EnergyCategory;
using crossbar::ArrayType;

MvmEvents& MvmEvents::operator+=(const MvmEvents& o) {
  cell_reads += o.cell_reads;
  dac_conversions += o.dac_conversions;
  sh_samples += o.sh_samples;
  adc_conversions += o.adc_conversions;
  shift_add_ops += o.shift_add_ops;
  dcim_bitcell_ops += o.dcim_bitcell_ops;
  dcim_adder_tree_ops += o.dcim_adder_tree_ops;
  dcim_shift_acc_ops += o.dcim_shift_acc_ops;
  dcim_driver_ops += o.dcim_driver_ops;
  dcim_cycles += o.dcim_cycles;
  input_reg_bits += o.input_reg_bits;
  output_reg_bits += o.output_reg_bits;
  return *this;
}

MvmEvents MvmEvents::scaled(double k) const {
  MvmEvents e = *this;
  e.cell_reads *= k;
  e.dac_conversions *= k;
  e.sh_samples *= k;
  e.adc_conversions *= k;
  e.shift_add_ops *= k;
  e.dcim_bitcell_ops *= k;
  e.dcim_adder_tree_ops *= k;
  e.dcim_shift_acc_ops *= k;
  e.dcim_driver_ops *= k;
  e.dcim_cycles *= k;
  e.input_reg_bits *= k;
  e.output_reg_bits *= k;
  return e;
}

namespace {
int64_t cycles_of_ns(double ns, double clock_MHz) {
  // Tolerance so that 100 ns at 1280 MHz is exactly 128 cycles despite rounding.
  const int64_t c = static_cast<int64_t>(std::ceil(ns * clock_MHz / 1000.0 - 1e-9));
  return c < 1 ? 1 : c;
}
}  // namespace

AnalogTiming analog_timing(const PeParams& p) {
  AnalogTiming t;
  t.settle_cycles = cycles_of_ns(p.array.analog.settle_ns, p.clock_MHz);
  t.conv_cycles = adc::adc_conversion_cycles(p.adc, p.clock_MHz);
  t.steps = crossbar::analog_input_steps(p.array, p.dac.bits);
  const int64_t adc_busy = static_cast<int64_t>(p.adc.cols_per_adc) * t.conv_cycles;
  t.period_cycles = std::max(t.settle_cycles, adc_busy);
  t.latency_cycles = (t.steps - 1) * t.period_cycles + t.settle_cycles + adc_busy;
  t.interval_cycles = t.steps * t.period_cycles;
  return t;
}

int64_t analog_schedule_last_done(const PeParams& p) {
  const AnalogTiming t = analog_timing(p);
  const int n = p.array.cols, g = p.adc.cols_per_adc;
  std::vector<int64_t> ready(n), start(n), done(n), adc_free((n + g - 1) / g, 0);
  int64_t step_start = 0, last_done = 0;
  for (int64_t k = 0; k < t.steps; ++k) {
    const int64_t r = step_start + t.settle_cycles;  // sample valid from this cycle
    std::fill(ready.begin(), ready.end(), r);
    adc::schedule_conversions(ready.data(), n, g, static_cast<int>(t.conv_cycles), adc_free.data(),
                              start.data(), done.data());
    const int64_t last_start = *std::max_element(start.begin(), start.end());
    last_done = *std::max_element(done.begin(), done.end());
    // Next step: the array is free once sampled; its sample may land in the S+H only after the
    // ADC has taken the last column of this step (cycle last_start), i.e. from last_start + 1.
    step_start = std::max(r, last_start + 1 - t.settle_cycles);
  }
  return last_done;
}

PeModel::PeModel(const PeParams& p) : m_p(p) {
  const auto& a = m_p.array;
  if (analog()) {
    m_cpw = crossbar::analog_columns_per_weight(a);
    m_outputs = a.cols / m_cpw;
    m_steps = crossbar::analog_input_steps(a, m_p.dac.bits);
    const AnalogTiming t = analog_timing(m_p);
    m_array_latency = t.latency_cycles;
    m_array_interval = t.interval_cycles;
    m_pe_latency = m_array_latency + m_p.shift_add.latency_cycles;
    const double cell_fJ = a.analog.cell_read_energy_fJ > 0
                               ? a.analog.cell_read_energy_fJ
                               // V² [V²] × G [µS] × t [ns] = fJ
                               : a.analog.read_voltage_V * a.analog.read_voltage_V * 0.5 *
                                     (a.analog.G_on_uS + a.analog.G_off_uS) * a.analog.settle_ns;
    m_energy.cell_read_pJ = cell_fJ * 1e-3;
    m_energy.dac_pJ = adc::dac_energy_per_conversion_pJ(m_p.dac);
    m_energy.sh_pJ = m_p.sample_hold.energy_per_sample_fJ * 1e-3;
    m_energy.adc_pJ = adc::adc_energy_per_conversion_pJ(m_p.adc);
    m_energy.shift_add_pJ = m_p.shift_add.energy_per_op_fJ * 1e-3;
  } else {
    m_cpw = a.weight_bits;
    m_outputs = a.cols / a.weight_bits;
    m_steps = a.input_bits;
    m_array_latency = crossbar::dcim_cycles_per_mvm(a, a.rows);
    m_array_interval = m_array_latency;  // passes do not overlap (overhead counted per pass)
    m_pe_latency = m_array_latency;      // the macro's shift-accumulators finish the outputs
    m_energy.dcim_bitcell_pJ = a.digital.bitcell_energy_fJ * 1e-3;
    m_energy.dcim_adder_tree_pJ = a.digital.adder_tree_energy_fJ * 1e-3;
    m_energy.dcim_shift_acc_pJ = a.digital.shift_acc_energy_fJ * 1e-3;
    m_energy.dcim_driver_pJ = a.digital.driver_energy_fJ * 1e-3;
    m_energy.dcim_cycle_pJ = a.digital.control_energy_fJ * 1e-3;
  }
  m_energy.input_reg_bit_pJ = m_p.input_register.energy_per_bit_fJ * 1e-3;
  m_energy.output_reg_bit_pJ = m_p.output_register.energy_per_bit_fJ * 1e-3;
  m_array_events = array_events_for(a.rows, m_outputs);
  m_pe_events = pe_events_for(m_p.arrays, a.rows, m_outputs);
}

MvmEvents PeModel::array_events_for(int rows_used, int outputs_used) const {
  const auto& a = m_p.array;
  MvmEvents e;
  if (analog()) {
    const double steps = m_steps;
    const double cols_used = static_cast<double>(outputs_used) * m_cpw;
    e.cell_reads =
        static_cast<double>(rows_used) * a.cols * steps;  // driven rows conduct on every column
    e.dac_conversions = static_cast<double>(rows_used) * steps;
    e.sh_samples = cols_used * steps;
    e.adc_conversions = cols_used * steps;
  } else {
    const crossbar::DcimEvents d = crossbar::dcim_events(a, rows_used, outputs_used);
    e.dcim_bitcell_ops = d.bitcell_ops;
    e.dcim_adder_tree_ops = d.adder_tree_ops;
    e.dcim_shift_acc_ops = d.shift_acc_ops;
    e.dcim_driver_ops = d.driver_ops;
    e.dcim_cycles = d.cycles;
  }
  return e;
}

MvmEvents PeModel::pe_events_for(int arrays_used, int rows_used, int outputs_used) const {
  MvmEvents e = array_events_for(rows_used, outputs_used).scaled(arrays_used);
  if (analog()) e.shift_add_ops = e.adc_conversions;  // every ADC result is shifted and added
  // Inputs are written once and each bit read once per step; outputs written and read once.
  e.input_reg_bits = 2.0 * arrays_used * rows_used * m_p.array.input_bits;
  e.output_reg_bits = 2.0 * arrays_used * outputs_used * m_p.output_register.output_bits;
  return e;
}

double PeModel::energy_pJ(const MvmEvents& e) const {
  const EventEnergies& w = m_energy;
  return e.cell_reads * w.cell_read_pJ + e.dac_conversions * w.dac_pJ + e.sh_samples * w.sh_pJ +
         e.adc_conversions * w.adc_pJ + e.shift_add_ops * w.shift_add_pJ +
         e.dcim_bitcell_ops * w.dcim_bitcell_pJ + e.dcim_adder_tree_ops * w.dcim_adder_tree_pJ +
         e.dcim_shift_acc_ops * w.dcim_shift_acc_pJ + e.dcim_driver_ops * w.dcim_driver_pJ +
         e.dcim_cycles * w.dcim_cycle_pJ + e.input_reg_bits * w.input_reg_bit_pJ +
         e.output_reg_bits * w.output_reg_bit_pJ;
}

std::vector<EnergyItem> PeModel::energy_items(const MvmEvents& e) const {
  const EventEnergies& w = m_energy;
  const std::string& pe = m_p.path;
  std::vector<EnergyItem> v;
  if (analog()) {
    v.push_back({"crossbar_cells", EnergyCategory::Compute, e.cell_reads, w.cell_read_pJ,
                 m_p.array.analog.cell_energy_source});
    v.push_back(
        {"dac", EnergyCategory::Readout, e.dac_conversions, w.dac_pJ, m_p.dac.energy_source});
    v.push_back({"sample_hold", EnergyCategory::Readout, e.sh_samples, w.sh_pJ,
                 pe + ".sample_hold.energy_per_sample_fJ"});
    v.push_back(
        {"adc", EnergyCategory::Readout, e.adc_conversions, w.adc_pJ, m_p.adc.energy_source});
    if (e.shift_add_ops > 0)
      v.push_back({"shift_add", EnergyCategory::Accumulation, e.shift_add_ops, w.shift_add_pJ,
                   pe + ".shift_add.energy_per_op_fJ"});
  } else {
    const std::string& d = m_p.array.digital.source_prefix;
    v.push_back({"dcim_bitcells", EnergyCategory::Compute, e.dcim_bitcell_ops, w.dcim_bitcell_pJ,
                 d + ".bitcell_energy_fJ"});
    v.push_back({"dcim_adder_trees", EnergyCategory::Accumulation, e.dcim_adder_tree_ops,
                 w.dcim_adder_tree_pJ, d + ".adder_tree_energy_fJ"});
    v.push_back({"dcim_shift_acc", EnergyCategory::Accumulation, e.dcim_shift_acc_ops,
                 w.dcim_shift_acc_pJ, d + ".shift_acc_energy_fJ"});
    v.push_back({"dcim_drivers", EnergyCategory::Compute, e.dcim_driver_ops, w.dcim_driver_pJ,
                 d + ".driver_energy_fJ"});
    v.push_back({"dcim_control", EnergyCategory::Compute, e.dcim_cycles, w.dcim_cycle_pJ,
                 d + ".control_energy_fJ"});
  }
  if (e.input_reg_bits > 0)
    v.push_back({"input_register", EnergyCategory::Buffer, e.input_reg_bits, w.input_reg_bit_pJ,
                 pe + ".input_register.energy_per_bit_fJ"});
  if (e.output_reg_bits > 0)
    v.push_back({"output_register", EnergyCategory::Buffer, e.output_reg_bits, w.output_reg_bit_pJ,
                 pe + ".output_register.energy_per_bit_fJ"});
  return v;
}

double PeModel::array_leakage_mW() const {
  double uW = m_p.array.leakage_uW;
  if (analog()) uW += adcs_per_array() * m_p.adc.leakage_uW;
  return uW * 1e-3;
}

double PeModel::pe_leakage_mW() const {
  return m_p.arrays * array_leakage_mW() +
         (m_p.input_register.leakage_uW + m_p.output_register.leakage_uW) * 1e-3;
}

std::vector<AreaItem> PeModel::array_area_items() const {
  const auto& a = m_p.array;
  const std::string& pe = m_p.path;
  std::vector<AreaItem> v;
  if (analog()) {
    v.push_back({"crossbar_cells", static_cast<double>(a.rows) * a.cols, a.analog.cell_area_um2,
                 pe + ".array.analog.cell_area_um2"});
    v.push_back({"dac", static_cast<double>(a.rows), m_p.dac.area_um2, pe + ".dac.area_um2"});
    v.push_back({"sample_hold", static_cast<double>(a.cols), m_p.sample_hold.area_um2,
                 pe + ".sample_hold.area_um2"});
    v.push_back(
        {"adc", static_cast<double>(adcs_per_array()), m_p.adc.area_um2, pe + ".adc.area_um2"});
  } else {
    const auto& d = a.digital;
    const std::string& s = d.source_prefix;
    v.push_back({"dcim_bitcells", static_cast<double>(a.rows) * a.cols, d.bitcell_area_um2,
                 s + ".bitcell_area_um2"});
    v.push_back({"dcim_adder_trees", static_cast<double>(a.cols), d.adder_tree_area_um2,
                 s + ".adder_tree_area_um2"});
    v.push_back({"dcim_shift_acc", static_cast<double>(m_outputs), d.shift_acc_area_um2,
                 s + ".shift_acc_area_um2"});
    v.push_back(
        {"dcim_drivers", static_cast<double>(a.rows), d.driver_area_um2, s + ".driver_area_um2"});
    v.push_back({"dcim_control", 1.0, d.control_area_um2, s + ".control_area_um2"});
  }
  return v;
}

std::vector<AreaItem> PeModel::pe_area_items() const {
  std::vector<AreaItem> v = array_area_items();
  for (AreaItem& it : v) it.count *= m_p.arrays;
  const std::string& pe = m_p.path;
  if (analog())
    v.push_back({"shift_add", static_cast<double>(m_p.shift_add.units), m_p.shift_add.area_um2,
                 pe + ".shift_add.area_um2"});
  v.push_back({"input_register", static_cast<double>(m_p.input_register.bytes),
               m_p.input_register.area_um2_per_byte, pe + ".input_register.area_um2_per_byte"});
  v.push_back({"output_register", static_cast<double>(m_p.output_register.bytes),
               m_p.output_register.area_um2_per_byte, pe + ".output_register.area_um2_per_byte"});
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
