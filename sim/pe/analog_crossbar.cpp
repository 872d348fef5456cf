// ArrayModel of an analog ReRAM crossbar with its converters (sim/pe/analog_crossbar.h).
#include "sim/pe/analog_crossbar.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/adc/adc_model.h"
#include "sim/crossbar/crossbar.h"
#include "sim/pe/array_model.h"

namespace cimsim::pe {

using core::EnergyCategory;

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

double analog_cell_read_pJ(const PeParams& p) {
  const crossbar::AnalogArrayParams& a = p.array.analog;
  const double cell_fJ = a.cell_read_energy_fJ > 0 ? a.cell_read_energy_fJ
                                                   // V² [V²] × G [µS] × t [ns] = fJ
                                                   : a.read_voltage_V * a.read_voltage_V * 0.5 *
                                                         (a.G_on_uS + a.G_off_uS) * a.settle_ns;
  return cell_fJ * 1e-3;
}

namespace {

class AnalogFunctional final : public FunctionalArray {
 public:
  explicit AnalogFunctional(const PeParams& p) : m_xb(p.array, p.dac.bits, p.adc) {}
  void program(const Eigen::MatrixXi& w) override { m_xb.program(w); }
  void mvm(const Eigen::VectorXi& x, VectorI64& y) override { m_xb.mvm(x, y); }

 private:
  crossbar::CrossbarArray m_xb;
};

class AnalogCrossbar final : public ArrayModel {
 public:
  explicit AnalogCrossbar(const PeParams& p)
      : m_p(p),
        m_cpw(crossbar::analog_columns_per_weight(p.array)),
        m_outputs(p.array.cols / m_cpw),
        m_steps(crossbar::analog_input_steps(p.array, p.dac.bits)),
        m_timing(analog_timing(p)) {
    const std::string& pe = m_p.path;
    m_kinds = {
        {"crossbar_cells", EnergyCategory::Compute, analog_cell_read_pJ(p),
         p.array.analog.cell_energy_source, false},
        {"dac", EnergyCategory::Readout, adc::dac_energy_per_conversion_pJ(p.dac),
         p.dac.energy_source, false},
        {"sample_hold", EnergyCategory::Readout, p.sample_hold.energy_per_sample_fJ * 1e-3,
         pe + ".sample_hold.energy_per_sample_fJ", false},
        {"adc", EnergyCategory::Readout, adc::adc_energy_per_conversion_pJ(p.adc),
         p.adc.energy_source, false},
        {"shift_add", EnergyCategory::Accumulation, p.shift_add.energy_per_op_fJ * 1e-3,
         pe + ".shift_add.energy_per_op_fJ", true},
    };
  }

  const char* name() const override { return "analog ReRAM crossbar"; }
  int columns_per_weight() const override { return m_cpw; }
  int outputs() const override { return m_outputs; }

  int64_t latency_cycles() const override { return m_timing.latency_cycles; }
  int64_t interval_cycles() const override { return m_timing.interval_cycles; }
  int64_t pe_latency_cycles() const override {
    return m_timing.latency_cycles + m_p.shift_add.latency_cycles;
  }

  const std::vector<ArrayEventKind>& event_kinds() const override { return m_kinds; }

  void add_array_events(int rows_used, int outputs_used, MvmEvents& e) const override {
    const double steps = m_steps;
    const double cols_used = static_cast<double>(outputs_used) * m_cpw;
    // Driven rows conduct on every column.
    e.array[kCellReads] += static_cast<double>(rows_used) * m_p.array.cols * steps;
    e.array[kDacConversions] += static_cast<double>(rows_used) * steps;
    e.array[kShSamples] += cols_used * steps;
    e.array[kAdcConversions] += cols_used * steps;
  }
  void add_pe_events(MvmEvents& e) const override {
    e.array[kShiftAddOps] = e.array[kAdcConversions];  // every ADC result is shifted and added
  }

  int adcs() const { return m_p.array.cols / m_p.adc.cols_per_adc; }  // divisor: reader checks
  double leakage_uW() const override { return m_p.array.leakage_uW + adcs() * m_p.adc.leakage_uW; }
  std::string leakage_source() const override {
    return m_p.path + ".array.leakage_uW + " + m_p.path + ".adc.leakage_uW";
  }
  std::vector<AreaItem> area_items() const override {
    const auto& a = m_p.array;
    const std::string& pe = m_p.path;
    return {{"crossbar_cells", static_cast<double>(a.rows) * a.cols, a.analog.cell_area_um2,
             pe + ".array.analog.cell_area_um2"},
            {"dac", static_cast<double>(a.rows), m_p.dac.area_um2, pe + ".dac.area_um2"},
            {"sample_hold", static_cast<double>(a.cols), m_p.sample_hold.area_um2,
             pe + ".sample_hold.area_um2"},
            {"adc", static_cast<double>(adcs()), m_p.adc.area_um2, pe + ".adc.area_um2"}};
  }
  void add_pe_area_items(std::vector<AreaItem>& v) const override {
    v.push_back({"shift_add", static_cast<double>(m_p.shift_add.units), m_p.shift_add.area_um2,
                 m_p.path + ".shift_add.area_um2"});
  }

  std::unique_ptr<FunctionalArray> make_functional() const override {
    return std::make_unique<AnalogFunctional>(m_p);
  }

 private:
  PeParams m_p;
  int m_cpw, m_outputs, m_steps;
  AnalogTiming m_timing;
  std::vector<ArrayEventKind> m_kinds;
};

}  // namespace

std::unique_ptr<ArrayModel> make_analog_crossbar(const PeParams& p) {
  return std::make_unique<AnalogCrossbar>(p);
}

}  // namespace cimsim::pe
