// ADCs: quantizer, energy models, conversion cycles and the shared-ADC conversion schedule
// (timing contracts at T−1 / T).
#include <catch2/catch.hpp>

#include <vector>

#include "sim/adc/adc_model.h"

using namespace cimsim::adc;

TEST_CASE("adc quantizer: exact with enough bits, power-of-two LSB and clipping otherwise",
          "[adc]") {
  AdcQuantizer q8(8, 255, 1.0);
  CHECK(q8.lsb() == 1);
  CHECK(q8.exact_for_integers());
  for (int x = 0; x <= 255; ++x) CHECK(q8.convert(x) == x);
  // ISAAC: 128 rows × 1-bit inputs × 2-bit cells = 384 > 255 → LSB 2.
  AdcQuantizer q(8, 384, 1.0);
  CHECK(q.lsb() == 2);
  CHECK_FALSE(q.exact_for_integers());
  CHECK(q.convert(5) == 6);  // 2.5 rounds up
  CHECK(q.convert(4.9) == 4);
  CHECK(q.convert(384) == 384);
  // Narrower range: full scale 0.25 × 384 = 96 ≤ 127 → LSB 1; sums above code 127 clip.
  AdcQuantizer c(7, 384, 0.25);
  CHECK(c.lsb() == 1);
  CHECK(c.convert(127) == 127);
  CHECK(c.convert(128) == 127);  // clips at the top code
  CHECK(c.convert(-3) == 0);
}

TEST_CASE("adc energy models", "[adc]") {
  AdcParams p;
  p.bits = 8;
  p.energy_model = AdcEnergyModel::ZigZag;
  p.supply_V = 1.0;
  // (100·8 + 0.001·4^8) fJ = 865.536 fJ
  CHECK(adc_energy_per_conversion_pJ(p) == Approx(0.865536));
  p.supply_V = 0.8;
  CHECK(adc_energy_per_conversion_pJ(p) == Approx(0.865536 * 0.64));
  p.energy_model = AdcEnergyModel::Flash;
  p.bits = 4;
  p.comparator_energy_fJ = 10;
  CHECK(adc_energy_per_conversion_pJ(p) == Approx(0.150));  // 15 comparators
  p.energy_model = AdcEnergyModel::Given;
  p.energy_per_conversion_pJ = 1.5625;
  CHECK(adc_energy_per_conversion_pJ(p) == 1.5625);
  DacParams d;
  d.bits = 2;
  d.energy_model = DacParams::EnergyModel::Capacitive;
  d.load_capacitance_fF = 50;
  d.supply_V = 1.0;
  CHECK(dac_energy_per_conversion_pJ(d) == Approx(0.1));  // 50 fF · 2 · 1 V²
}

TEST_CASE("adc conversion cycles from sample rate and clock", "[adc][timing]") {
  AdcParams p;
  p.sample_rate_MHz = 1280;
  CHECK(adc_conversion_cycles(p, 1280) == 1);
  CHECK(adc_conversion_cycles(p, 640) == 1);  // faster than the clock: still one cycle
  CHECK(adc_conversion_cycles(p, 2560) == 2);
  CHECK(adc_conversion_cycles(p, 2561) == 3);  // a fraction of a cycle rounds up
  p.sample_rate_MHz = 1200;
  CHECK(adc_conversion_cycles(p, 1280) == 2);
}

TEST_CASE("adc schedule: a conversion cannot start before its column settles (T-1 / T)",
          "[adc][timing]") {
  const int conv = 3;
  std::vector<int64_t> ready{10}, start(1), done(1), adc_free{0};
  schedule_conversions(ready.data(), 1, 1, conv, adc_free.data(), start.data(), done.data());
  CHECK(start[0] == 10);  // not at 9: the column is ready at 10
  CHECK(done[0] == 13);
  CHECK(adc_free[0] == 13);
  // The ADC busy until T: a column ready at T−1 waits until T; one ready at T starts at T.
  for (int64_t r : {12, 13, 14}) {
    std::vector<int64_t> rd{r}, st(1), dn(1), fr{13};
    schedule_conversions(rd.data(), 1, 1, conv, fr.data(), st.data(), dn.data());
    CHECK(st[0] == std::max<int64_t>(r, 13));
    CHECK(dn[0] == st[0] + conv);
  }
}

TEST_CASE("adc schedule: a shared ADC converts one column at a time, in mux order",
          "[adc][timing]") {
  // 8 columns, 4 per ADC, 2 cycles per conversion, all ready at cycle 5.
  std::vector<int64_t> ready(8, 5), start(8), done(8), adc_free(2, 0);
  schedule_conversions(ready.data(), 8, 4, 2, adc_free.data(), start.data(), done.data());
  CHECK(start == std::vector<int64_t>{5, 7, 9, 11, 5, 7, 9, 11});
  CHECK(done == std::vector<int64_t>{7, 9, 11, 13, 7, 9, 11, 13});
  CHECK(adc_free == std::vector<int64_t>{13, 13});
  // Column 1 settles late (ready 20): column 2 behind it in the mux waits too.
  std::vector<int64_t> r2{5, 20, 5, 5}, s2(4), d2(4), f2(1, 0);
  schedule_conversions(r2.data(), 4, 4, 2, f2.data(), s2.data(), d2.data());
  CHECK(s2 == std::vector<int64_t>{5, 20, 22, 24});
  CHECK(d2.back() == 26);
  // One ADC per column: no serialization.
  std::vector<int64_t> r3(4, 5), s3(4), d3(4), f3(4, 0);
  schedule_conversions(r3.data(), 4, 1, 2, f3.data(), s3.data(), d3.data());
  CHECK(d3 == std::vector<int64_t>{7, 7, 7, 7});
}
