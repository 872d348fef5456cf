// ArrayModel of a charge-domain SRAM array with its converters (sim/pe/charge_array_model.h,
// sim/crossbar/charge_array.h; docs/arrays.md "Charge-domain arrays").
#include "sim/pe/charge_array_model.h"

#include <cmath>
#include <vector>

#include "sim/adc/adc_model.h"
#include "sim/crossbar/charge_array.h"
#include "sim/pe/analog_crossbar.h"
#include "sim/pe/array_model.h"
#include "sim/tech/technology.h"

namespace cimsim::pe {

using core::EnergyCategory;
using crossbar::ChargeArrayParams;

double charge_weighting_units(const PeParams& p) {
  switch (p.array.charge.weighting) {
    case ChargeArrayParams::Weighting::BinaryCaps:
      return std::pow(2.0, p.array.weight_bits);
    case ChargeArrayParams::Weighting::C2C:
      return 3.0 * p.array.weight_bits;
    case ChargeArrayParams::Weighting::PerColumn:
      break;
  }
  return 0;
}

ChargeLineEnergy charge_line_energy(const PeParams& p) {
  const ChargeArrayParams& c = p.array.charge;
  ChargeLineEnergy e;
  e.cell_um2 = c.cell_um2(p.array.tech.node_nm);
  // A line of n cells: n × (pitch × 0.2 fF/µm + line_load_fF), charged to the array supply.
  const double per_cell_fF = std::sqrt(e.cell_um2) * tech::kWireCapFemtofaradPerUm + c.line_load_fF;
  const double va = tech::supply_V(p.array.tech, tech::Domain::Array);
  e.wordline_pJ = tech::switching_energy_fJ(p.array.cols * per_cell_fF, va) * 1e-3;
  // A compute line passes every stored weight set of its rows.
  e.compute_line_pJ =
      tech::switching_energy_fJ(p.array.rows * c.weight_sets * per_cell_fF, va) * 1e-3;
  const std::string area_key = c.bitcell_F2 > 0
                                   ? core::source(c, &ChargeArrayParams::bitcell_F2) + " x F^2"
                                   : core::source(c, &ChargeArrayParams::cell_area_um2);
  const std::string at = tech::supply_source(p.array.tech, tech::Domain::Array);
  e.line_source = "line model: sqrt(" + area_key + ") pitch x 0.2 fF/um + " +
                  core::source(c, &ChargeArrayParams::line_load_fF) + " per cell, at " + at;
  if (c.per_weight()) {
    e.weighting_units = charge_weighting_units(p);
    e.weighting_pJ = tech::switching_energy_fJ(e.weighting_units * c.weighting_unit_fF, va) * 1e-3;
    e.weighting_source = std::string(c.weighting == ChargeArrayParams::Weighting::C2C
                                         ? "3 x weight_bits (C-2C ladder) x "
                                         : "2^weight_bits x ") +
                         core::source(c, &ChargeArrayParams::weighting_unit_fF) + ", at " + at;
  }
  return e;
}

double charge_wordline_charges_per_step(const PeParams& p) {
  const bool pulses =
      p.dac.bits == 1 || p.dac.energy_model == adc::DacParams::EnergyModel::Temporal;
  return pulses ? 0.5 * (std::pow(2.0, p.dac.bits) - 1.0) : 1.0;
}

namespace {

class ChargeFunctional final : public FunctionalArray {
 public:
  explicit ChargeFunctional(const PeParams& p) : m_a(p.array, p.dac.bits, p.adc) {}
  void program(const Eigen::MatrixXi& w) override { m_a.program(w); }
  void mvm(const Eigen::VectorXi& x, VectorI64& y) override { m_a.mvm(x, y); }

 private:
  crossbar::ChargeArray m_a;
};

class ChargeDomainArray final : public ArrayModel {
 public:
  explicit ChargeDomainArray(const PeParams& p)
      : m_p(p),
        m_binary(p.array.charge.per_weight()),
        m_c2c(p.array.charge.weighting == ChargeArrayParams::Weighting::C2C),
        m_outputs(p.array.cols / p.array.weight_bits),
        m_steps((p.array.input_bits + p.dac.bits - 1) / p.dac.bits),
        m_lines(charge_line_energy(p)),
        m_wl_per_step(charge_wordline_charges_per_step(p)) {
    const int64_t conv = adc::adc_conversion_cycles(p.adc, p.clock_MHz);
    m_timing = pipelined_timing(p.array.charge.step_cycles, conv,
                                static_cast<int64_t>(p.adc.cols_per_adc) * conv, m_steps);
    using core::source;
    m_kinds = {
        {"charge_wordlines", EnergyCategory::Compute, m_lines.wordline_pJ, m_lines.line_source,
         false},
        {"charge_compute_lines", EnergyCategory::Compute, m_lines.compute_line_pJ,
         m_lines.line_source, false},
        {"charge_weighting_caps", EnergyCategory::Compute, m_lines.weighting_pJ,
         m_lines.weighting_source, true},
        {"dac", EnergyCategory::Readout, adc::dac_energy_per_conversion_pJ(p.dac),
         p.dac.energy_source, false},
        {"sample_hold", EnergyCategory::Readout, p.sample_hold.energy_per_sample_fJ * 1e-3,
         source(p.sample_hold, &adc::SampleHoldParams::energy_per_sample_fJ), false},
        {"adc", EnergyCategory::Readout, adc::adc_energy_per_conversion_pJ(p.adc),
         p.adc.energy_source, false},
        {"shift_add", EnergyCategory::Accumulation, p.shift_add.energy_per_op_fJ * 1e-3,
         source(p.shift_add, &ShiftAddParams::energy_per_op_fJ), true},
    };
  }

  const char* name() const override { return "charge-domain SRAM array"; }
  int columns_per_weight() const override { return m_p.array.weight_bits; }
  int outputs() const override { return m_outputs; }

  int64_t latency_cycles() const override { return m_timing.latency_cycles; }
  int64_t interval_cycles() const override { return m_timing.interval_cycles; }
  int64_t pe_latency_cycles() const override {
    return m_timing.latency_cycles + m_p.shift_add.latency_cycles;
  }

  const std::vector<ArrayEventKind>& event_kinds() const override { return m_kinds; }

  // Lines converted per MVM of outputs_used outputs: one per weight, or one per bit column.
  double lines(int outputs_used) const {
    return static_cast<double>(outputs_used) * (m_binary ? 1 : m_p.array.weight_bits);
  }

  // Typical data: every row pulses half its levels; a compute line carries on average a quarter
  // of its largest sum (input and weight bits each 1 with probability 1/2), and swings that
  // share of the array supply; so do a weight's binary capacitors.
  void add_array_events(int rows_used, int outputs_used, MvmEvents& e) const override {
    const double steps = m_steps;
    const double cols_used = static_cast<double>(outputs_used) * m_p.array.weight_bits;
    e.array[kChargeWordlines] += static_cast<double>(rows_used) * steps * m_wl_per_step;
    e.array[kChargeComputeLines] += cols_used * steps * 0.25;
    // Weighting capacitors: one set per weight (binary caps), or one ladder per row and weight.
    if (m_binary)
      e.array[kChargeWeighting] +=
          static_cast<double>(outputs_used) * (m_c2c ? rows_used : 1) * steps * 0.25;
    e.array[kChargeDac] += static_cast<double>(rows_used) * steps;
    e.array[kChargeSamples] += lines(outputs_used) * steps;
    e.array[kChargeConversions] += lines(outputs_used) * steps;
  }
  // Pulses follow the input values (bit density p_in: a mean value of p_in × full scale); a line's
  // swing follows its sum, p_in × p_w of the largest. A pulse-count DAC's energy follows its
  // pulses; converters work whatever the data.
  void scale_for_data(const DataStats& d, MvmEvents& e) const override {
    const double pin = d.input_bit_density / 0.5;
    const double both = d.input_bit_density * d.weight_bit_density / 0.25;
    if (m_wl_per_step != 1.0) e.array[kChargeWordlines] *= pin;
    e.array[kChargeComputeLines] *= both;
    e.array[kChargeWeighting] *= both;
    if (m_p.dac.bits == 1 || m_p.dac.energy_model == adc::DacParams::EnergyModel::Temporal)
      e.array[kChargeDac] *= pin;
  }
  void add_pe_events(MvmEvents& e) const override {
    e.array[kChargeShiftAdd] = e.array[kChargeConversions];
  }

  int adcs() const { return static_cast<int>(lines(m_outputs)) / m_p.adc.cols_per_adc; }
  double leakage_uW() const override { return m_p.array.leakage_uW + adcs() * m_p.adc.leakage_uW; }
  std::string leakage_source() const override {
    return core::source(m_p.array, &crossbar::ArrayParams::leakage_uW) + " + " +
           core::source(m_p.adc, &adc::AdcParams::leakage_uW);
  }
  std::vector<AreaItem> area_items() const override {
    const auto& a = m_p.array;
    const ChargeArrayParams& c = a.charge;
    using core::source;
    std::vector<AreaItem> v{
        {"charge_cells", static_cast<double>(a.rows) * a.cols * c.weight_sets, m_lines.cell_um2,
         c.bitcell_F2 > 0 ? source(c, &ChargeArrayParams::bitcell_F2) + " x F^2"
                          : source(c, &ChargeArrayParams::cell_area_um2)},
        {"dac", static_cast<double>(a.rows), m_p.dac.area_um2,
         source(m_p.dac, &adc::DacParams::area_um2)},
        {"sample_hold", lines(m_outputs), m_p.sample_hold.area_um2,
         source(m_p.sample_hold, &adc::SampleHoldParams::area_um2)},
        {"adc", static_cast<double>(adcs()), adc::adc_area_um2(m_p.adc), m_p.adc.area_source}};
    if (m_binary)
      v.push_back({"charge_weighting_caps", static_cast<double>(m_outputs) * (m_c2c ? a.rows : 1),
                   m_lines.weighting_units * c.weighting_unit_fF / c.capacitor_density_fF_per_um2,
                   m_lines.weighting_source.substr(0, m_lines.weighting_source.find(", at")) +
                       " / " + source(c, &ChargeArrayParams::capacitor_density_fF_per_um2)});
    return v;
  }
  void add_pe_area_items(std::vector<AreaItem>& v) const override {
    v.push_back(shift_add_area_item(m_p));
  }

  std::unique_ptr<FunctionalArray> make_functional() const override {
    return std::make_unique<ChargeFunctional>(m_p);
  }

 private:
  PeParams m_p;
  bool m_binary;  // one conversion per weight (binary caps or C-2C)
  bool m_c2c;
  int m_outputs;
  int m_steps;
  ChargeLineEnergy m_lines;
  double m_wl_per_step;
  AnalogTiming m_timing;
  std::vector<ArrayEventKind> m_kinds;
};

}  // namespace

std::unique_ptr<ArrayModel> make_charge_array(const PeParams& p) {
  return std::make_unique<ChargeDomainArray>(p);
}

}  // namespace cimsim::pe
