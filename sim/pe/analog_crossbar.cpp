// ArrayModel of an analog ReRAM crossbar with its converters (sim/pe/analog_crossbar.h).
#include "sim/pe/analog_crossbar.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/adc/adc_model.h"
#include "sim/core/cycles.h"
#include "sim/crossbar/crossbar.h"
#include "sim/pe/array_model.h"
#include "sim/tech/technology.h"

namespace cimsim::pe {

using core::EnergyCategory;

namespace {
int64_t cycles_of_ns(double ns, double clock_MHz) {
  // 100 ns at 1280 MHz is exactly 128 cycles despite rounding (core::whole_cycles).
  return core::whole_cycles(ns * clock_MHz / 1000.0);
}
}  // namespace

AreaItem shift_add_area_item(const PeParams& p) {
  return {"shift_add", static_cast<double>(p.shift_add.units), p.shift_add.area_um2,
          core::source(p.shift_add, &ShiftAddParams::area_um2)};
}

AnalogConversions analog_conversions(const PeParams& p) {
  return crossbar::analog_conversions(p.array, p.dac.bits, p.integrator, p.adc);
}

AnalogTiming analog_timing(const PeParams& p) {
  AnalogTiming t;
  t.settle_cycles = cycles_of_ns(p.array.analog.settle_ns, p.clock_MHz);
  t.conv_cycles = adc::adc_conversion_cycles(p.adc, p.clock_MHz);
  const AnalogConversions c = analog_conversions(p);
  t.steps = c.steps;
  if (p.integrator.present()) {
    // Nothing overlaps (the neuron integrates and converts on one capacitor): the phases add up.
    const double f = p.clock_MHz / 1000.0;  // cycles per ns
    for (size_t k = 0; k < c.widths.size(); ++k) {
      const int w = c.widths[k];
      t.latency_cycles +=
          core::whole_cycles(w * p.array.analog.settle_ns * f, 0) +
          core::whole_cycles((std::pow(2.0, w) - 1) * p.integrator.step_ns * f, 0) +
          core::whole_cycles(p.integrator.phase_ns * f, 0) +
          static_cast<int64_t>(p.adc.cols_per_adc) *
              adc::adc_conversion_cycles_for_bits(p.adc, p.clock_MHz, c.adc_bits[k]);
    }
    t.latency_cycles = std::max<int64_t>(1, t.latency_cycles);
    t.period_cycles = t.latency_cycles;
    t.interval_cycles = t.latency_cycles;
    return t;
  }
  return pipelined_timing(t.settle_cycles, t.conv_cycles,
                          static_cast<int64_t>(p.adc.cols_per_adc) * t.conv_cycles, t.steps);
}

AnalogTiming pipelined_timing(int64_t settle_cycles, int64_t conv_cycles, int64_t adc_busy,
                              int64_t steps) {
  AnalogTiming t;
  t.settle_cycles = settle_cycles;
  t.conv_cycles = conv_cycles;
  t.steps = steps;
  t.period_cycles = std::max(settle_cycles, adc_busy);
  t.latency_cycles = (steps - 1) * t.period_cycles + settle_cycles + adc_busy;
  t.interval_cycles = steps * t.period_cycles;
  return t;
}

int64_t analog_schedule_last_done(const PeParams& p) {
  const AnalogTiming t = analog_timing(p);
  if (p.integrator.present()) return t.latency_cycles;  // a plain sum: nothing to walk
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
  // As written when the config gives it (0 too); else V² [V²] × G [µS] × t [ns] = fJ over the
  // real conduction time (read_pulse_ns), a peak figure (every cell at the mean conductance).
  const double cell_fJ = a.cell_energy_given ? a.cell_read_energy_fJ
                                             : a.read_voltage_V * a.read_voltage_V * 0.5 *
                                                   (a.G_on_uS + a.G_off_uS) * a.read_pulse_ns;
  return cell_fJ * 1e-3;
}

AnalogLineEnergy analog_line_energy(const PeParams& p) {
  AnalogLineEnergy l;
  const crossbar::AnalogArrayParams& a = p.array.analog;
  if (a.line_energy != crossbar::AnalogArrayParams::LineEnergy::Wires) return l;
  // Word line: cols cells of pitch √area, 0.2 fF/µm, plus the cells' own load, charged to the
  // array supply once per input step; bit line: rows cells, swung by the read voltage.
  const double pitch_um = std::sqrt(a.cell_area_um2);
  const double wl_fF = p.array.cols * (pitch_um * tech::kWireCapFemtofaradPerUm + a.line_load_fF);
  const double bl_fF = p.array.rows * (pitch_um * tech::kWireCapFemtofaradPerUm + a.line_load_fF);
  const double va = tech::supply_V(p.array.tech, tech::Domain::Array);
  l.wordline_pJ = tech::switching_energy_fJ(wl_fF, va) * 1e-3;
  l.bitline_pJ = tech::switching_energy_fJ(bl_fF, a.read_voltage_V) * 1e-3;
  l.source = "wire model: sqrt(" + core::source(a, &crossbar::AnalogArrayParams::cell_area_um2) +
             ") pitch x 0.2 fF/um + " +
             core::source(a, &crossbar::AnalogArrayParams::line_load_fF) + ", at " +
             tech::supply_source(p.array.tech, tech::Domain::Array) + " (word) and " +
             core::source(a, &crossbar::AnalogArrayParams::read_voltage_V) + " (bit)";
  return l;
}

namespace {

class AnalogFunctional final : public FunctionalArray {
 public:
  explicit AnalogFunctional(const PeParams& p) : m_xb(p.array, p.dac.bits, p.adc, p.integrator) {}
  void program(const Eigen::MatrixXi& w) override { m_xb.program(w); }
  void mvm(const Eigen::VectorXi& x, VectorI64& y) override { m_xb.mvm(x, y); }
  void mvm_batch(const Eigen::Ref<const Eigen::MatrixXi>& x, MatrixI64& y) override {
    m_xb.mvm_batch(x, y);
  }

 private:
  crossbar::CrossbarArray m_xb;
};

class AnalogCrossbar final : public ArrayModel {
 public:
  explicit AnalogCrossbar(const PeParams& p)
      : m_p(p),
        m_cpw(crossbar::analog_columns_per_weight(p.array)),
        m_outputs(p.array.cols / m_cpw),
        m_conv(analog_conversions(p)),
        m_steps(static_cast<int>(m_conv.steps)),
        m_timing(analog_timing(p)),
        m_lines(analog_line_energy(p)) {
    using core::source;
    // Conversions per column and MVM, and the mean energy of one (a serial ADC's lower phases
    // resolve fewer bits).
    m_conversions = static_cast<double>(m_conv.widths.size());
    double adc_pJ = 0;
    for (int b : m_conv.adc_bits) adc_pJ += adc::adc_energy_for_bits_pJ(p.adc, b);
    adc_pJ /= m_conversions;
    m_kinds = {
        {"crossbar_cells", EnergyCategory::Compute, analog_cell_read_pJ(p),
         p.array.analog.cell_energy_source, false},
        {"dac", EnergyCategory::Readout, adc::dac_energy_per_conversion_pJ(p.dac),
         p.dac.energy_source, false},
        {"sample_hold", EnergyCategory::Readout, p.sample_hold.energy_per_sample_fJ * 1e-3,
         source(p.sample_hold, &adc::SampleHoldParams::energy_per_sample_fJ), false},
        {"adc", EnergyCategory::Readout, adc_pJ,
         p.integrator.present() && p.adc.type == adc::AdcType::Serial
             ? p.adc.energy_source + " (mean over phases: lower phases resolve fewer bits)"
             : p.adc.energy_source,
         false},
        {"shift_add", EnergyCategory::Accumulation, p.shift_add.energy_per_op_fJ * 1e-3,
         source(p.shift_add, &ShiftAddParams::energy_per_op_fJ), true},
        {"wordlines", EnergyCategory::Compute, m_lines.wordline_pJ, m_lines.source, true},
        {"bitlines", EnergyCategory::Compute, m_lines.bitline_pJ, m_lines.source, true},
        {"integrator", EnergyCategory::Readout, p.integrator.energy_per_step_fJ * 1e-3,
         source(p.integrator, &adc::IntegratorParams::energy_per_step_fJ), true},
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
    e.array[kAdcConversions] += cols_used * m_conversions;
    e.array[kIntegratorSteps] += cols_used * m_conv.integration_steps;
    if (m_lines.wordline_pJ > 0 || m_lines.bitline_pJ > 0) {
      e.array[kWordlineSwitches] += static_cast<double>(rows_used) * steps;
      e.array[kBitlineSwitches] += cols_used * steps;
    }
  }
  // A row conducts (and its 1-bit driver and word line switch) only for an input bit of 1; a
  // driven cell draws V²·G·t at its conductance, G_off + p_w·(G_on − G_off) on average against
  // (G_on + G_off)/2 for typical data; the bit line swings with the column current. Multi-bit
  // voltage DACs convert every step whatever the value; a pulse-count DAC pulses ∝ the value.
  // S+H, ADC and shift-add work once per column and step.
  void scale_for_data(const DataStats& d, MvmEvents& e) const override {
    const auto& a = m_p.array.analog;
    const double pin = d.input_bit_density / 0.5;
    const double g = (a.G_off_uS + d.weight_bit_density * (a.G_on_uS - a.G_off_uS)) /
                     (0.5 * (a.G_on_uS + a.G_off_uS));
    e.array[kCellReads] *= pin * g;
    if (m_p.dac.bits == 1 || m_p.dac.energy_model == adc::DacParams::EnergyModel::Temporal)
      e.array[kDacConversions] *= pin;
    e.array[kWordlineSwitches] *= pin;
    e.array[kBitlineSwitches] *= pin * g;
  }
  void add_pe_events(MvmEvents& e) const override {
    e.array[kShiftAddOps] = e.array[kAdcConversions];  // every ADC result is shifted and added
  }

  int adcs() const { return m_p.array.cols / m_p.adc.cols_per_adc; }  // divisor: reader checks
  double leakage_uW() const override { return m_p.array.leakage_uW + adcs() * m_p.adc.leakage_uW; }
  std::string leakage_source() const override {
    return core::source(m_p.array, &crossbar::ArrayParams::leakage_uW) + " + " +
           core::source(m_p.adc, &adc::AdcParams::leakage_uW);
  }
  std::vector<AreaItem> area_items() const override {
    const auto& a = m_p.array;
    using core::source;
    std::vector<AreaItem> v{
        {"crossbar_cells", static_cast<double>(a.rows) * a.cols, a.analog.cell_area_um2,
         source(a.analog, &crossbar::AnalogArrayParams::cell_area_um2)},
        {"dac", static_cast<double>(a.rows), m_p.dac.area_um2,
         source(m_p.dac, &adc::DacParams::area_um2)},
        {"sample_hold", static_cast<double>(a.cols), m_p.sample_hold.area_um2,
         source(m_p.sample_hold, &adc::SampleHoldParams::area_um2)},
        {"adc", static_cast<double>(adcs()), adc::adc_area_um2(m_p.adc), m_p.adc.area_source}};
    if (m_p.integrator.present())
      v.push_back({"integrator", static_cast<double>(a.cols), m_p.integrator.area_um2,
                   source(m_p.integrator, &adc::IntegratorParams::area_um2)});
    return v;
  }
  void add_pe_area_items(std::vector<AreaItem>& v) const override {
    v.push_back(shift_add_area_item(m_p));
  }

  std::unique_ptr<FunctionalArray> make_functional() const override {
    return std::make_unique<AnalogFunctional>(m_p);
  }

 private:
  PeParams m_p;
  int m_cpw, m_outputs;
  AnalogConversions m_conv;
  int m_steps;
  double m_conversions = 1;  // conversions per column and MVM
  AnalogTiming m_timing;
  AnalogLineEnergy m_lines;
  std::vector<ArrayEventKind> m_kinds;
};

}  // namespace

std::unique_ptr<ArrayModel> make_analog_crossbar(const PeParams& p) {
  return std::make_unique<AnalogCrossbar>(p);
}

}  // namespace cimsim::pe
