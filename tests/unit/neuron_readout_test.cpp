// The neuron-style readout of an analog array (issue 10): column integrators that accumulate
// bit-serial inputs in phases, a serial ADC whose lower phases resolve fewer bits, polarity-signed
// inputs; hand-derived schedules and events, the errors of impossible combinations, and the
// NeuRRAM core written from its architecture figures (configs/validation/neurram.yaml).
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "sim/adc/converter_params.h"
#include "sim/core/errors.h"
#include "sim/crossbar/crossbar.h"
#include "sim/pe/analog_crossbar.h"
#include "sim/pe/array_model.h"
#include "sim/pe/macro_report.h"
#include "sim/pe/pe_model.h"
#include "tests/unit/pe_test_util.h"

using namespace cimsim;

namespace {

// NeuRRAM at the point (output bits, input bits): the paper's phase rule (one phase up to 3
// magnitude bits, two balanced ones above).
std::vector<std::string> neurram_point(int out_bits, int in_bits) {
  const int magnitude = std::max(1, in_bits - 1);
  const int per_phase = magnitude <= 3 ? magnitude : (magnitude + 1) / 2;
  return {"chip.tile.pe.adc.bits=" + std::to_string(out_bits),
          "chip.tile.pe.array.input_bits=" + std::to_string(in_bits),
          "chip.tile.pe.integrator.bits_per_phase=" + std::to_string(per_phase)};
}

pe::PeParams neurram_params(int out_bits, int in_bits) {
  return test::pe_params_from_config("validation/neurram.yaml", neurram_point(out_bits, in_bits));
}

std::string neuron_config_error(const std::vector<std::string>& sets) {
  try {
    (void)test::pe_params_from_config("validation/neurram.yaml", sets);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

double group_fJ_per_op(const pe::ScopeReport& s, const std::vector<std::string>& names) {
  double pJ = 0;
  for (const pe::BreakdownRow& e : s.energy)
    for (const std::string& n : names)
      if (e.component == n) pJ += e.energy_pJ;
  return pJ * 1000.0 / s.ops_per_mvm;
}

}  // namespace

TEST_CASE("neuron readout: phases, resolved bits and the schedule, derived by hand",
          "[pe][neuron]") {
  // (10,8): 7 magnitude bits in phases of 4 and 3 (most significant first). The 10-bit serial
  // ADC resolves 10 bits for the top phase and 10 - 3 = 7 for the lower one (its LSB sits 3 bits
  // below). At 100 MHz: an integration step 27 cycles, a phase 30, an ADC step 30, settle 0:
  // phase 0: 15 x 27 + 30 + 10 x 30 = 735; phase 1: 7 x 27 + 30 + 7 x 30 = 429; 1164 in all.
  const pe::PeParams p = neurram_params(10, 8);
  const pe::AnalogConversions c = pe::analog_conversions(p);
  CHECK(c.applied_bits == 7);
  CHECK(c.steps == 7);
  CHECK(c.widths == std::vector<int>{4, 3});
  CHECK(c.adc_bits == std::vector<int>{10, 7});
  CHECK(c.integration_steps == 15 + 7);
  const pe::AnalogTiming t = pe::analog_timing(p);
  CHECK(t.latency_cycles == 1164);
  CHECK(t.interval_cycles == 1164);  // nothing overlaps
  CHECK(pe::analog_schedule_last_done(p) == 1164);

  // (6,4): one phase of 3 bits: 7 x 27 + 30 + 6 x 30 = 399 cycles.
  CHECK(pe::analog_timing(neurram_params(6, 4)).interval_cycles == 399);
  // (3,1): a 1-bit signed input still applies one magnitude bit: 27 + 30 + 3 x 30 = 147.
  CHECK(pe::analog_conversions(neurram_params(3, 1)).applied_bits == 1);
  CHECK(pe::analog_timing(neurram_params(3, 1)).interval_cycles == 147);

  // Events of one MVM over all 256 rows and 128 outputs (256 columns), (10,8): one pulse per
  // applied bit on every cell, row and column; 2 conversions and 22 integration steps per column.
  const auto model = pe::make_array_model(p);
  pe::MvmEvents e;
  model->add_array_events(256, 128, e);
  CHECK(e.array[pe::kCellReads] == 256.0 * 256 * 7);
  CHECK(e.array[pe::kDacConversions] == 256.0 * 7);
  CHECK(e.array[pe::kShSamples] == 256.0 * 7);
  CHECK(e.array[pe::kAdcConversions] == 256.0 * 2);
  CHECK(e.array[pe::kIntegratorSteps] == 256.0 * 22);
  // The ADC's energy per conversion is the mean of 10 and 7 steps of 0.3 pJ.
  CHECK(model->event_kinds()[pe::kAdcConversions].pJ_each == Approx(0.3 * 17 / 2));
  CHECK(adc::adc_energy_for_bits_pJ(p.adc, 7) == Approx(2.1));
}

TEST_CASE("neuron readout: a serial ADC without an integrator resolves every bit", "[pe][neuron]") {
  pe::PeParams p = neurram_params(8, 8);
  p.integrator = {};  // each bit-serial step converted on its own, at full resolution
  const pe::AnalogConversions c = pe::analog_conversions(p);
  CHECK(c.widths == std::vector<int>(7, 1));
  CHECK(c.adc_bits == std::vector<int>(7, 8));
  CHECK(c.integration_steps == 0);
  // A serial ADC takes one step per bit: 8 x 30 cycles per conversion.
  CHECK(adc::adc_conversion_cycles(p.adc, p.clock_MHz) == 240);
}

TEST_CASE("neuron readout: impossible combinations are errors naming the key", "[pe][neuron]") {
  // Multi-bit DACs cannot feed an integrator that weights bits by repetition.
  CHECK(neuron_config_error({"chip.tile.pe.dac.bits=2"}) ==
        "--set: chip.tile.pe.dac.bits: expected 1 (bit-serial inputs) with an integrator "
        "(chip.tile.pe.integrator.bits_per_phase), got 2");
  // Polarity needs signed inputs.
  const std::string unsigned_in = neuron_config_error({"chip.tile.pe.array.signed_inputs=false"});
  CHECK(unsigned_in.find("chip.tile.pe.array.analog.input_sign: expected no input_sign: polarity "
                         "with signed_inputs: false") != std::string::npos);
  // Integrator keys without an integrator are not silently ignored.
  const std::string stray = neuron_config_error({"chip.tile.pe.integrator.bits_per_phase=0"});
  CHECK(stray.find("chip.tile.pe.integrator.step_ns") != std::string::npos);
}

// A small differential array of 3-bit cells (one slice per weight sign) with bit-serial inputs.
crossbar::ArrayParams neuron_array(int input_bits, bool polarity) {
  crossbar::ArrayParams p;
  p.type = crossbar::ArrayType::Analog;
  p.rows = 8;
  p.cols = 8;
  p.weight_bits = 3;
  p.input_bits = input_bits;
  p.signed_weights = true;
  p.signed_inputs = true;
  p.analog.cell_bits = 3;
  p.analog.signed_mode = crossbar::SignedMode::Differential;
  p.analog.input_sign = polarity ? crossbar::AnalogArrayParams::InputSign::Polarity
                                 : crossbar::AnalogArrayParams::InputSign::Offset;
  p.analog.G_on_uS = 100;
  p.analog.G_off_uS = 1;
  return p;
}

adc::IntegratorParams phases_of(int bits) {
  adc::IntegratorParams i;
  i.bits_per_phase = bits;
  return i;
}

TEST_CASE("neuron readout: exact with ideal devices and a full-precision ADC per phase",
          "[pe][neuron][crossbar]") {
  std::mt19937_64 g(5);
  Eigen::MatrixXi w(8, 4);
  for (int r = 0; r < 8; ++r)
    for (int o = 0; o < 4; ++o) w(r, o) = static_cast<int>(g() % 8) - 4;
  adc::AdcParams sar;
  sar.bits = 12;  // a phase of up to 3 bits sums to 8 x 7 x 7 = 392 at most: LSB 1
  struct Case {
    int input_bits;
    bool polarity;
    adc::IntegratorParams integrator;
    int dac_bits;
  };
  // Polarity with two phases (4 + 3 magnitude bits); offset inputs in phases; polarity with
  // 2-bit voltage steps and no integrator.
  for (const Case& c : {Case{8, true, phases_of(4), 1}, Case{6, false, phases_of(3), 1},
                        Case{7, true, adc::IntegratorParams{}, 2}}) {
    INFO("input bits " << c.input_bits << " polarity " << c.polarity);
    crossbar::CrossbarArray xb(neuron_array(c.input_bits, c.polarity), c.dac_bits, sar,
                               c.integrator);
    xb.program(w);
    const int hi = (1 << (c.input_bits - 1)) - 1;
    for (int t = 0; t < 20; ++t) {
      Eigen::VectorXi x(8);
      for (int r = 0; r < 8; ++r)  // sign-magnitude range: -hi .. hi
        x(r) = static_cast<int>(g() % static_cast<uint64_t>(2 * hi + 1)) - hi;
      crossbar::VectorI64 y;
      xb.mvm(x, y);
      const Eigen::VectorXi want = w.transpose() * x;
      for (int o = 0; o < 4; ++o) CHECK(y(o) == want(o));
    }
  }
  // The most negative two's-complement input has no sign-magnitude code: it saturates.
  crossbar::CrossbarArray xb(neuron_array(4, true), 1, sar, phases_of(3));
  xb.program(w);
  Eigen::VectorXi lo = Eigen::VectorXi::Zero(8), sat = Eigen::VectorXi::Zero(8);
  lo(2) = -8;
  sat(2) = -7;
  crossbar::VectorI64 y_lo, y_sat;
  xb.mvm(lo, y_lo);
  xb.mvm(sat, y_sat);
  CHECK(y_lo == y_sat);
}

TEST_CASE("neuron readout: a serial ADC's lower phase keeps the top phase's LSB",
          "[pe][neuron][crossbar]") {
  // Polarity inputs, 5 magnitude bits in phases of 3 (bits 4..2) and 2 (bits 1..0). The top
  // phase's sums reach 8 x 7 x 7 = 392: with 10 bits (sign + 9) its LSB is 1. The lower phase,
  // worth 2^0, resolves 10 - 2 = 8 bits at an LSB of 2^2 in its own units: its sum is rounded to a
  // multiple of 4 (half up on the magnitude), which the reference below computes by hand.
  adc::AdcParams serial;
  serial.type = adc::AdcType::Serial;
  serial.bits = 10;
  const crossbar::ArrayParams p = neuron_array(6, true);
  crossbar::CrossbarArray xb(p, 1, serial, phases_of(3));
  std::mt19937_64 g(9);
  Eigen::MatrixXi w(8, 4);
  for (int r = 0; r < 8; ++r)
    for (int o = 0; o < 4; ++o) w(r, o) = static_cast<int>(g() % 8) - 4;
  xb.program(w);
  auto round4 = [](int64_t s) {  // sign and magnitude, the magnitude rounded half up to 4s
    const int64_t m = s < 0 ? -s : s, q = (m + 2) / 4 * 4;
    return s < 0 ? -q : q;
  };
  for (int t = 0; t < 30; ++t) {
    Eigen::VectorXi x(8);
    for (int r = 0; r < 8; ++r) x(r) = static_cast<int>(g() % 63) - 31;
    crossbar::VectorI64 y;
    xb.mvm(x, y);
    for (int o = 0; o < 4; ++o) {
      int64_t want = 0;
      for (int sign_group = 0; sign_group < 2; ++sign_group) {
        int64_t top = 0, low = 0;  // Σ_r s_r·level_r·cell: the column sums of the two phases
        for (int r = 0; r < 8; ++r) {
          const int v = w(r, o), cell = sign_group == 0 ? std::max(v, 0) : std::max(-v, 0);
          const int s = x(r) < 0 ? -1 : 1, m = std::abs(x(r));
          top += s * (m >> 2) * cell;
          low += s * (m & 3) * cell;
        }
        const int64_t col = top * 4 + round4(low);
        want += sign_group == 0 ? col : -col;
      }
      CHECK(y(o) == want);
    }
  }
}

TEST_CASE("neuron readout: NeuRRAM's functional error falls with more ADC bits", "[pe][neuron]") {
  // Is a 6-bit neuron enough? The mean |error| of random 8-bit signed MVMs on the validation
  // core shrinks with every ADC bit (same weights, inputs and devices).
  std::mt19937_64 g(3);
  Eigen::MatrixXi w(256, 128);
  for (int r = 0; r < 256; ++r)
    for (int o = 0; o < 128; ++o) w(r, o) = static_cast<int>(g() % 15) - 7;
  Eigen::MatrixXi x(256, 4);
  for (int r = 0; r < 256; ++r)
    for (int j = 0; j < 4; ++j) x(r, j) = static_cast<int>(g() % 255) - 127;
  const Eigen::MatrixXi exact = w.transpose() * x;
  double previous = 1e300;
  for (int bits : {6, 8, 10, 12}) {
    const auto a = pe::make_array_model(neurram_params(bits, 8))->make_functional();
    a->program(w);
    pe::MatrixI64 y;
    a->mvm_batch(x, y);
    const double err = (y.cast<double>() - exact.cast<double>()).cwiseAbs().mean();
    INFO(bits << " bits: mean |error| " << err);
    CHECK(err < previous);
    previous = err;
  }
}

TEST_CASE("validation: NeuRRAM from its architecture and component figures",
          "[tech][validation][neuron]") {
  // docs/validation.md. Reference: CiMLoop's digitization of the paper's Fig. 12 (48 cores):
  // TOPS, TOPS/W and fJ per op of word-line switching, neuron and control, input pulses.
  struct Point {
    int out, in;
    double tops, tops_per_W, wl_fJ, neuron_fJ, pulses_fJ;
    double tops_tol, tops_per_W_tol;  // 5 % and 10 % unless docs/validation.md names it off
  };
  const std::vector<Point> points = {
      {3, 1, 2.1223, 43.079, 8.990, 10.619, 3.446, 0.05, 0.15},  // off: +12 % TOPS/W
      {4, 2, 1.7931, 40.334, 8.271, 12.387, 3.956, 0.05, 0.15},  // off: +14 % TOPS/W
      {5, 3, 1.1654, 23.091, 15.463, 20.118, 7.732, 0.05, 0.10},
      {6, 4, 0.7439, 15.954, 21.756, 29.108, 11.507, 0.07, 0.10},  // off: +6 % TOPS
      {7, 5, 0.5254, 11.032, 30.926, 44.212, 14.025, 0.05, 0.10},
      {8, 6, 0.4177, 8.257, 37.219, 52.483, 19.239, 0.05, 0.15},  // off: +14 % TOPS/W
      {9, 7, 0.3439, 7.750, 43.692, 61.833, 22.835, 0.05, 0.10},
      {10, 8, 0.2639, 6.437, 50.525, 75.857, 27.510, 0.05, 0.10},
  };
  int within_published = 0;
  for (const Point& pt : points) {
    INFO("(" << pt.out << "," << pt.in << ")");
    const pe::MacroReport r = pe::evaluate_macro(neurram_params(pt.out, pt.in));
    const double tops = 48 * r.pe.peak_GOPS / 1000;
    CHECK(std::abs(tops / pt.tops - 1) < pt.tops_tol);
    CHECK(std::abs(r.pe.TOPS_per_W / pt.tops_per_W - 1) < pt.tops_per_W_tol);
    if (std::abs(tops / pt.tops - 1) < 0.05 && std::abs(r.pe.TOPS_per_W / pt.tops_per_W - 1) < 0.1)
      ++within_published;
    // The energy breakdown: each group's share within 10 percentage points of the paper's.
    const double wl = group_fJ_per_op(r.pe, {"wordlines"});
    const double neuron = group_fJ_per_op(r.pe, {"sample_hold", "adc", "integrator", "shift_add"});
    const double pulses = group_fJ_per_op(r.pe, {"crossbar_cells", "dac", "bitlines"});
    const double ours = wl + neuron + pulses, theirs = pt.wl_fJ + pt.neuron_fJ + pt.pulses_fJ;
    CHECK(std::abs(wl / ours - pt.wl_fJ / theirs) < 0.10);
    CHECK(std::abs(neuron / ours - pt.neuron_fJ / theirs) < 0.10);
    CHECK(std::abs(pulses / ours - pt.pulses_fJ / theirs) < 0.10);
  }
  CHECK(within_published == 4);  // (5,3), (7,5), (9,7), (10,8): the table of docs/validation.md
  // The neurons' area follows from the component figures: 256 x (400 + 350 + 350 + 170) um^2.
  const pe::MacroReport r = pe::evaluate_macro(neurram_params(6, 4));
  double neuron_mm2 = 0;
  for (const pe::BreakdownRow& a : r.pe.area)
    if (a.component == "adc" || a.component == "sample_hold" || a.component == "integrator" ||
        a.component == "shift_add")
      neuron_mm2 += a.area_mm2;
  CHECK(neuron_mm2 == Approx(256 * 1270e-6));
}
