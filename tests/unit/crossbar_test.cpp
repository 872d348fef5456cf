// Analog crossbar: the full chain (DAC levels, conductance slices, column currents, ADC,
// shift-and-add) is exact with ideal devices and enough ADC bits; with fewer bits the error
// matches the quantization analysis; each non-ideality is zero at zero and grows monotonically.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "sim/crossbar/crossbar.h"
#include "sim/crossbar/dcim_macro.h"

using namespace cimsim;
using crossbar::ArrayParams;
using crossbar::CrossbarArray;
using crossbar::SignedMode;
using crossbar::VectorI64;

namespace {

ArrayParams analog(int rows, int cols, int wb, int ib, SignedMode mode,
                   bool signed_inputs = false) {
  ArrayParams p;
  p.type = crossbar::ArrayType::Analog;
  p.rows = rows;
  p.cols = cols;
  p.weight_bits = wb;
  p.input_bits = ib;
  p.signed_weights = mode != SignedMode::Unsigned;
  p.signed_inputs = signed_inputs;
  p.analog.cell_bits = 2;
  p.analog.signed_mode = mode;
  p.analog.G_on_uS = 100;
  p.analog.G_off_uS = 1;
  p.analog.read_voltage_V = 0.2;
  return p;
}

adc::AdcParams adc_bits(int bits) {
  adc::AdcParams a;
  a.bits = bits;
  a.cols_per_adc = 1;
  return a;
}

Eigen::MatrixXi random_matrix(std::mt19937_64& g, int r, int c, int lo, int hi) {
  Eigen::MatrixXi m(r, c);
  for (int i = 0; i < r; ++i)
    for (int j = 0; j < c; ++j)
      m(i, j) = lo + static_cast<int>(g() % static_cast<uint64_t>(hi - lo + 1));
  return m;
}

// Mean |error| of `trials` random signed 8-bit MVMs on a 64×64 differential array.
double mean_abs_error(const ArrayParams& p, int trials = 8) {
  CrossbarArray xb(p, 1, adc_bits(12));
  std::mt19937_64 g(11);
  Eigen::MatrixXi w = random_matrix(g, p.rows, xb.outputs(), -128, 127);
  xb.program(w);
  double sum = 0;
  int n = 0;
  for (int t = 0; t < trials; ++t) {
    Eigen::VectorXi x = random_matrix(g, p.rows, 1, 0, 255);
    VectorI64 y;
    xb.mvm(x, y);
    const VectorI64 ref = crossbar::reference_mvm(w, x);
    for (int o = 0; o < y.size(); ++o, ++n) sum += std::abs(static_cast<double>(y(o) - ref(o)));
  }
  return sum / n;
}

}  // namespace

TEST_CASE("crossbar: ideal devices and enough ADC bits give the exact integer MVM", "[crossbar]") {
  std::mt19937_64 g(5);
  struct Case {
    SignedMode mode;
    bool signed_in;
    int dac_bits;
  };
  for (Case c : {Case{SignedMode::Offset, false, 1}, Case{SignedMode::Differential, false, 1},
                 Case{SignedMode::Offset, true, 1}, Case{SignedMode::Differential, true, 2},
                 Case{SignedMode::Unsigned, false, 2}}) {
    ArrayParams p = analog(64, 64, 8, 8, c.mode, c.signed_in);
    // 64 rows × (2^dac−1) × 3: 192 (8 bits) or 576 (10 bits) fits without rounding.
    CrossbarArray xb(p, c.dac_bits, adc_bits(c.dac_bits == 1 ? 8 : 10));
    REQUIRE(xb.quantizer().exact_for_integers());
    const int lo = c.mode == SignedMode::Unsigned ? 0 : -128,
              hi = c.mode == SignedMode::Unsigned ? 255 : 127;
    const int xlo = c.signed_in ? -128 : 0, xhi = c.signed_in ? 127 : 255;
    for (int t = 0; t < 5; ++t) {
      Eigen::MatrixXi w = random_matrix(g, 60, xb.outputs(), lo, hi);
      w(0, 0) = lo;  // range ends
      w(1, 0) = hi;
      xb.program(w);
      Eigen::VectorXi x = random_matrix(g, 60, 1, xlo, xhi);
      x(0) = xlo;
      x(1) = xhi;
      VectorI64 y;
      xb.mvm(x, y);
      INFO("mode " << crossbar::to_string(c.mode) << " signed inputs " << c.signed_in << " dac "
                   << c.dac_bits);
      REQUIRE(y == crossbar::reference_mvm(w, x));
    }
  }
}

TEST_CASE("crossbar: columns per weight and slices", "[crossbar]") {
  ArrayParams p = analog(128, 128, 16, 16, SignedMode::Offset);
  CHECK(crossbar::analog_slices(p) == 8);  // ISAAC: 16-bit weight over 8 cells of 2 bits
  CHECK(crossbar::analog_columns_per_weight(p) == 8);
  p.analog.signed_mode = SignedMode::Differential;
  CHECK(crossbar::analog_columns_per_weight(p) == 16);
  p.weight_bits = 7;
  CHECK(crossbar::analog_slices(p) == 4);  // ceil(7/2)
}

TEST_CASE("crossbar: ADC rounding error matches the quantization analysis", "[crossbar][adc]") {
  // 128 rows × 1-bit inputs × 3 levels = 384: a 6-bit ADC needs LSB 8 (63·8 = 504, no clipping).
  ArrayParams p = analog(128, 128, 8, 8, SignedMode::Unsigned);
  CrossbarArray xb(p, 1, adc_bits(6));
  REQUIRE(xb.quantizer().lsb() == 8);
  std::mt19937_64 g(9);
  Eigen::MatrixXi w = random_matrix(g, 128, xb.outputs(), 0, 255);
  xb.program(w);
  double sum = 0, sum2 = 0;
  int n = 0;
  for (int t = 0; t < 300; ++t) {
    Eigen::VectorXi x = random_matrix(g, 128, 1, 0, 255);
    VectorI64 y;
    xb.mvm(x, y);
    const VectorI64 ref = crossbar::reference_mvm(w, x);
    for (int o = 0; o < y.size(); ++o, ++n) {
      const double e = static_cast<double>(y(o) - ref(o));
      sum += e;
      sum2 += e * e;
    }
  }
  const double mean = sum / n, var = sum2 / n - mean * mean;
  const double want_mean = xb.predicted_error_mean(), want_var = xb.predicted_error_variance();
  // Per conversion: mean 1/2, variance (64−1)/12 = 5.25, scaled by 2^(t + 2k) over 8 steps × 4
  // slices.
  CHECK(want_mean == Approx(0.5 * 255 * 85));  // Σ 2^t · Σ 4^k = 255 · 85
  // Σ scale² = Σ_t 4^t · Σ_k 16^k = 21845 · 4369
  CHECK(want_var == Approx(5.25 * 21845.0 * 4369.0));
  // Measured against predicted: 4800 samples; the mean within 4 standard errors, the variance
  // within 15 %.
  CHECK(std::abs(mean - want_mean) < 4 * std::sqrt(want_var / n));
  CHECK(var == Approx(want_var).epsilon(0.15));
  // And the ideal case: more bits, no error at all.
  CrossbarArray exact(p, 1, adc_bits(9));
  exact.program(w);
  Eigen::VectorXi x = random_matrix(g, 128, 1, 0, 255);
  VectorI64 y;
  exact.mvm(x, y);
  CHECK(y == crossbar::reference_mvm(w, x));
  CHECK(exact.predicted_error_variance() == 0);
}

TEST_CASE("crossbar: clipping when the ADC range is narrowed", "[crossbar][adc]") {
  ArrayParams p = analog(64, 64, 8, 8, SignedMode::Unsigned);
  adc::AdcParams a = adc_bits(8);
  a.input_range_fraction = 0.25;  // full scale 48 unit products: column sums above clip
  CrossbarArray xb(p, 1, a);
  Eigen::MatrixXi w = Eigen::MatrixXi::Constant(64, xb.outputs(), 255);
  xb.program(w);
  Eigen::VectorXi x = Eigen::VectorXi::Constant(64, 255);
  VectorI64 y;
  xb.mvm(x, y);
  CHECK(y == crossbar::reference_mvm(w, x));
  // Every column sums 64·3 = 192 per step but reads at most 255·1 (lsb 1, 8 bits): no clip;
  // so narrow further with a 5-bit ADC: LSB 2 (31·2 = 62 ≥ 48), top value 62 < 192 → clipped.
  a.bits = 5;
  CrossbarArray clip(p, 1, a);
  clip.program(w);
  clip.mvm(x, y);
  const int64_t want_clipped = int64_t{62} * 255 * 85;  // every conversion at 62
  CHECK(y(0) == want_clipped);
  CHECK(y(0) < crossbar::reference_mvm(w, x)(0));
}

TEST_CASE("crossbar: non-idealities are zero at zero and monotone", "[crossbar][nonideal]") {
  const ArrayParams base = analog(64, 64, 8, 8, SignedMode::Differential);
  CHECK(mean_abs_error(base) == 0);

  auto sweep = [&](auto set, std::initializer_list<double> values) {
    std::vector<double> errs;
    for (double v : values) {
      ArrayParams p = base;
      set(p, v);
      errs.push_back(mean_abs_error(p));
    }
    return errs;
  };
  SECTION("lognormal device variation") {
    auto e = sweep([](ArrayParams& p, double v) { p.analog.variation_sigma = v; },
                   {0, 0.02, 0.05, 0.1, 0.2});
    CHECK(e[0] == 0);
    for (size_t i = 1; i < e.size(); ++i) CHECK(e[i] > e[i - 1]);
  }
  SECTION("stuck-at-on faults") {
    auto e =
        sweep([](ArrayParams& p, double v) { p.analog.stuck_on_rate = v; }, {0, 0.005, 0.02, 0.1});
    CHECK(e[0] == 0);
    for (size_t i = 1; i < e.size(); ++i) CHECK(e[i] > e[i - 1]);
  }
  SECTION("stuck-at-off faults") {
    auto e =
        sweep([](ArrayParams& p, double v) { p.analog.stuck_off_rate = v; }, {0, 0.005, 0.02, 0.1});
    CHECK(e[0] == 0);
    for (size_t i = 1; i < e.size(); ++i) CHECK(e[i] > e[i - 1]);
  }
  SECTION("read noise") {
    auto e = sweep([](ArrayParams& p, double v) { p.analog.read_noise_sigma = v; },
                   {0, 0.005, 0.02, 0.08});
    CHECK(e[0] == 0);
    for (size_t i = 1; i < e.size(); ++i) CHECK(e[i] > e[i - 1]);
  }
  SECTION("first-order IR drop") {
    auto e =
        sweep([](ArrayParams& p, double v) { p.analog.wire_resistance_ohm = v; }, {0, 2, 8, 32});
    CHECK(e[0] == 0);
    for (size_t i = 1; i < e.size(); ++i) CHECK(e[i] > e[i - 1]);
  }
}

TEST_CASE("crossbar: device draws are seeded and deterministic", "[crossbar][nonideal]") {
  ArrayParams p = analog(32, 32, 8, 8, SignedMode::Offset);
  p.analog.variation_sigma = 0.1;
  p.analog.read_noise_sigma = 0.02;
  std::mt19937_64 g(1);
  Eigen::MatrixXi w = random_matrix(g, 32, 4, -128, 127);
  Eigen::VectorXi x = random_matrix(g, 32, 1, 0, 255);
  auto run = [&](uint64_t seed) {
    ArrayParams q = p;
    q.analog.seed = seed;
    CrossbarArray xb(q, 1, adc_bits(10));
    xb.program(w);
    VectorI64 y;
    xb.mvm(x, y);
    return y;
  };
  CHECK(run(7) == run(7));
  CHECK(run(7) != run(8));
  // IR drop lowers the effective conductance most far from the driver and the sense node.
  p.analog.variation_sigma = 0;
  p.analog.wire_resistance_ohm = 10;
  CrossbarArray xb(p, 1, adc_bits(10));
  xb.program(Eigen::MatrixXi::Constant(32, 4, 127));
  CHECK(xb.g_eff_uS(0, 31) < xb.g_eff_uS(31, 0));
}

TEST_CASE("crossbar: drift, drift compensation and ADC offset/gain error", "[crossbar][nonideal]") {
  const ArrayParams base = analog(64, 64, 8, 8, SignedMode::Differential);
  auto sweep = [&](auto set, std::initializer_list<double> values) {
    std::vector<double> errs;
    for (double v : values) {
      ArrayParams p = base;
      set(p, v);
      errs.push_back(mean_abs_error(p));
    }
    return errs;
  };
  SECTION("drift grows with time since programming; none at or below t0") {
    auto e = sweep(
        [](ArrayParams& p, double t) {
          p.analog.drift_nu = 0.05;
          p.analog.drift_nu_sigma = 0.01;
          p.analog.drift_time_s = t;
        },
        {0, 1, 10, 1e3, 1e6});
    CHECK(e[0] == 0);
    CHECK(e[1] == 0);  // t = t0
    for (size_t i = 2; i < e.size(); ++i) CHECK(e[i] > e[i - 1]);
  }
  SECTION("global compensation undoes a uniform drift exactly, and most of a spread one") {
    auto drifted = [&](bool comp, double nu_sigma) {
      ArrayParams p = base;
      p.analog.drift_nu = 0.05;
      p.analog.drift_nu_sigma = nu_sigma;
      p.analog.drift_time_s = 1e4;
      p.analog.drift_compensation = comp;
      return mean_abs_error(p);
    };
    CHECK(drifted(false, 0) > 0);
    CHECK(drifted(true, 0) == 0);
    CHECK(drifted(true, 0.01) < drifted(false, 0.01));
  }
  SECTION("ADC offset and gain errors") {
    auto off =
        sweep([](ArrayParams& p, double v) { p.analog.adc_offset_sigma_lsb = v; }, {0, 0.3, 1, 4});
    CHECK(off[0] == 0);
    for (size_t i = 1; i < off.size(); ++i) CHECK(off[i] > off[i - 1]);
    auto gain =
        sweep([](ArrayParams& p, double v) { p.analog.adc_gain_sigma = v; }, {0, 0.01, 0.03, 0.1});
    CHECK(gain[0] == 0);
    for (size_t i = 1; i < gain.size(); ++i) CHECK(gain[i] > gain[i - 1]);
  }
}

TEST_CASE("crossbar: drift of one cell derived by hand", "[crossbar][nonideal]") {
  // One row, one output, unsigned: G_off = 0 so the baseline is zero and the unit products of a
  // cell at level L read L·(t/t0)^-nu. nu = 0.05, t = 10^4 s: factor 10^-0.2 = 0.630957.
  ArrayParams p = analog(1, 4, 2, 1, SignedMode::Unsigned);
  p.analog.G_off_uS = 0;
  p.analog.drift_nu = 0.05;
  p.analog.drift_time_s = 1e4;
  CrossbarArray xb(p, 1, adc_bits(8));
  xb.program(Eigen::MatrixXi::Constant(1, 1, 3));  // level 3 = G_on
  CHECK(xb.g_eff_uS(0, 0) == Approx(100 * std::pow(10.0, -0.2)).epsilon(1e-12));
  Eigen::VectorXi x = Eigen::VectorXi::Constant(1, 1);
  VectorI64 y;
  xb.mvm(x, y);
  CHECK(y(0) == 2);  // round(3 × 0.630957 = 1.893)
  p.analog.drift_compensation = true;
  CrossbarArray comp(p, 1, adc_bits(8));
  comp.program(Eigen::MatrixXi::Constant(1, 1, 3));
  comp.mvm(x, y);
  CHECK(y(0) == 3);
  // A large ADC offset (sigma 10 LSB, one seeded draw for the only ADC) moves the code.
  ArrayParams q = analog(1, 4, 2, 1, SignedMode::Unsigned);
  q.analog.adc_offset_sigma_lsb = 10;  // large: the draw moves the code by whole LSBs
  CrossbarArray o(q, 1, adc_bits(8));
  o.program(Eigen::MatrixXi::Constant(1, 1, 3));
  o.mvm(x, y);
  CHECK(y(0) != 3);
}
