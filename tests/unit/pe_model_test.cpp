// PE model: analog MVM timing (closed form vs event-by-event schedule, boundaries), event counts,
// partial activations, and the chip.tile.pe config reader (errors name the key).
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "sim/core/errors.h"
#include "sim/pe/analog_crossbar.h"
#include "sim/pe/pe_cost_from.h"
#include "sim/pe/pe_model.h"
#include "tests/unit/input_error.h"
#include "tests/unit/pe_test_util.h"

using namespace cimsim;

using cimsim::test::error_of;

namespace {

pe::PeParams small_analog(double settle_ns, int cols_per_adc, double sample_rate_MHz,
                          double clock_MHz = 1000) {
  pe::PeParams p;
  p.arrays = 2;
  p.clock_MHz = clock_MHz;
  p.array.type = crossbar::ArrayType::Analog;
  p.array.rows = 16;
  p.array.cols = 16;
  p.array.weight_bits = 4;
  p.array.input_bits = 4;
  p.array.analog.cell_bits = 2;
  p.array.analog.signed_mode = crossbar::SignedMode::Offset;
  p.array.analog.settle_ns = settle_ns;
  p.adc.cols_per_adc = cols_per_adc;
  p.adc.sample_rate_MHz = sample_rate_MHz;
  p.dac.bits = 1;
  p.shift_add.latency_cycles = 1;
  return p;
}

const char* kDigitalPe = R"(chip:
  tile:
    pe:
      arrays: 4
      clock_MHz: 500
      array:
        type: digital
        rows: 64
        cols: 32
        digital:
          compartments: 8
)";

}  // namespace

TEST_CASE("analog timing: closed form equals the event-by-event conversion schedule",
          "[pe][timing]") {
  // Settle-bound, ADC-bound and balanced cases, several conversion lengths.
  for (double settle : {1.0, 3.0, 8.0, 10.0, 17.0})
    for (int g : {1, 2, 4, 8})
      for (double rate : {1000.0, 500.0, 333.0}) {
        const pe::PeParams p = small_analog(settle, g, rate);
        const pe::AnalogTiming t = pe::analog_timing(p);
        INFO("settle " << settle << " cols_per_adc " << g << " rate " << rate);
        CHECK(pe::analog_schedule_last_done(p) == t.latency_cycles);
        CHECK(t.interval_cycles == t.steps * std::max(t.settle_cycles, g * t.conv_cycles));
      }
}

TEST_CASE("analog timing: hand-derived cycles and the settle/ADC boundary (T-1 / T)",
          "[pe][timing]") {
  // 4 input steps; settle 8 cycles; 4 columns per ADC at 1 cycle each → settle-bound, period 8.
  pe::AnalogTiming t = pe::analog_timing(small_analog(8, 4, 1000));
  CHECK(t.settle_cycles == 8);
  CHECK(t.conv_cycles == 1);
  CHECK(t.period_cycles == 8);
  CHECK(t.latency_cycles == 3 * 8 + 8 + 4);  // last step sampled at 32, 4 conversions → 36
  CHECK(t.interval_cycles == 32);
  // Balanced: 8 columns per ADC = settle 8: still period 8 (the S+H is released exactly in time).
  t = pe::analog_timing(small_analog(8, 8, 1000));
  CHECK(t.period_cycles == 8);
  CHECK(pe::analog_schedule_last_done(small_analog(8, 8, 1000)) == 3 * 8 + 8 + 8);
  // One more column per ADC than settle cycles: ADC-bound, one cycle longer per step.
  t = pe::analog_timing(small_analog(7, 8, 1000));
  CHECK(t.period_cycles == 8);
  t = pe::analog_timing(small_analog(9, 8, 1000));
  CHECK(t.period_cycles == 9);
  // ISAAC: 100 ns at 1280 MHz is 128 cycles, 128 columns at one per cycle: period 128.
  pe::PeParams isaac = test::pe_params_from_config("isaac32nm.yaml");
  t = pe::analog_timing(isaac);
  CHECK(t.settle_cycles == 128);
  CHECK(t.period_cycles == 128);
  CHECK(t.latency_cycles == 15 * 128 + 128 + 128);
  CHECK(pe::analog_schedule_last_done(isaac) == t.latency_cycles);
  CHECK(pe::PeModel(isaac).pe_latency_cycles() == t.latency_cycles + 1);  // + final shift-add
  // At Table I's rounded 1.2 GS/s a conversion needs 2 cycles of the 1280 MHz clock.
  isaac.adc.sample_rate_MHz = 1200;
  CHECK(pe::analog_timing(isaac).period_cycles == 256);
}

TEST_CASE("pe events: full and partial activations", "[pe]") {
  const pe::PeModel m(small_analog(8, 4, 1000));
  // 16×16 array, 4-bit weights over 2 cells (offset): 2 columns per weight, 8 weights per row.
  CHECK(m.columns_per_weight() == 2);
  CHECK(m.weights_per_array_row() == 8);
  const pe::MvmEvents& a = m.array_events();
  CHECK(a.array[pe::kCellReads] == 16.0 * 16 * 4);
  CHECK(a.array[pe::kDacConversions] == 16.0 * 4);
  CHECK(a.array[pe::kAdcConversions] == 16.0 * 4);
  CHECK(a.array[pe::kShSamples] == 16.0 * 4);
  CHECK(a.array[pe::kShiftAddOps] == 0);  // PE scope only
  const pe::MvmEvents& e = m.pe_events();
  CHECK(e.array[pe::kAdcConversions] == 2 * 64.0);
  CHECK(e.array[pe::kShiftAddOps] == 2 * 64.0);
  CHECK(e.input_reg_bits == 2.0 * 2 * 16 * 4);
  CHECK(e.output_reg_bits == 2.0 * 2 * 8 * 16);
  // One array, 10 rows, 3 outputs: 6 columns converted; driven rows draw current on all 16.
  const pe::MvmEvents part = m.pe_events_for(1, 10, 3);
  CHECK(part.array[pe::kCellReads] == 10.0 * 16 * 4);
  CHECK(part.array[pe::kDacConversions] == 10.0 * 4);
  CHECK(part.array[pe::kAdcConversions] == 6.0 * 4);
  CHECK(m.energy_pJ(part) < m.energy_pJ(e));
}

TEST_CASE("pe config: a digital PE reads its macro, analog keys are errors", "[pe][config]") {
  const pe::PeParams p = test::pe_params_from_yaml(kDigitalPe);
  CHECK(p.arrays == 4);
  CHECK(p.array.type == crossbar::ArrayType::Digital);
  CHECK(p.array.digital.compartments == 8);
  CHECK(p.input_register.bytes == 4 * 64 * 8 / 8);  // sized to one activation
  const pe::PeModel m(p);
  CHECK(m.weights_per_array_row() == 4);
  CHECK(m.array_interval_cycles() ==
        int64_t{8} * (8 + 0));  // 64 rows / 8 per pass = 8 passes of 8 bits

  std::string with_adc = std::string(kDigitalPe) + "      adc:\n        bits: 6\n";
  CHECK(error_of([&] { test::pe_params_from_yaml(with_adc); }).find("chip.tile.pe.adc.bits") !=
        std::string::npos);
  std::string with_analog = kDigitalPe;
  with_analog += "        analog:\n          cell_bits: 2\n";
  CHECK(error_of([&] {
          test::pe_params_from_yaml(with_analog);
        }).find("chip.tile.pe.array.analog.cell_bits") != std::string::npos);
}

TEST_CASE("pe config: cross-field checks name the key", "[pe][config]") {
  // cols not divisible by cols_per_adc.
  const std::string analog = R"(chip:
  tile:
    pe:
      array:
        type: analog
        rows: 128
        cols: 128
        analog:
          cell_bits: 2
          read_pulse_ns: 10
      adc:
        cols_per_adc: 48
)";
  std::string err = error_of([&] { test::pe_params_from_yaml(analog); });
  CHECK(err.find("test.yaml:12: chip.tile.pe.adc.cols_per_adc: expected a divisor of the array's "
                 "cols (128), got 48") != std::string::npos);
  // Compartments must divide the rows.
  err = error_of([&] {
    test::pe_params_from_yaml(kDigitalPe, {"chip.tile.pe.array.digital.compartments=7"});
  });
  CHECK(
      err.find("chip.tile.pe.array.digital.compartments: expected a divisor of rows (64), got 7") !=
      std::string::npos);
  // A digital macro's columns must hold whole weights.
  err = error_of([&] { test::pe_params_from_yaml(kDigitalPe, {"chip.tile.pe.array.cols=30"}); });
  CHECK(err.find("chip.tile.pe.array.cols: expected a multiple of weight_bits (8)") !=
        std::string::npos);
  // A register too small for one activation.
  err = error_of([&] {
    test::pe_params_from_yaml(std::string(kDigitalPe) +
                              "      input_register:\n        bytes: 100\n");
  });
  CHECK(err.find("chip.tile.pe.input_register.bytes: expected at least 256 bytes") !=
        std::string::npos);
  // Unknown type.
  err = error_of(
      [&] { test::pe_params_from_yaml(kDigitalPe, {"chip.tile.pe.array.type=photonic"}); });
  CHECK(err.find("chip.tile.pe.array.type") != std::string::npos);
  // A sense amplifier has one bit.
  err = error_of([&] {
    test::pe_params_from_yaml(
        analog, {"chip.tile.pe.adc.cols_per_adc=1", "chip.tile.pe.adc.type=sense_amp"});
  });
  CHECK(err.find("chip.tile.pe.adc.bits: expected 1 for a sense amplifier") != std::string::npos);
  // The periphery supply a DAC (supply_V: 0) or a measured ADC energy (energy_reference_V)
  // follows needs a node or tech.periphery_V; with periphery_V the same config reads.
  const std::vector<std::string> dac0 = {"chip.tile.pe.adc.cols_per_adc=1",
                                         "chip.tile.pe.dac.energy_model=capacitive",
                                         "chip.tile.pe.dac.supply_V=0"};
  err = error_of([&] { test::pe_params_from_yaml(analog, dac0); });
  CHECK(err.find("chip.tile.pe.dac.supply_V: expected a supply above 0, or "
                 "chip.tile.pe.tech.node_nm or tech.periphery_V") != std::string::npos);
  std::vector<std::string> dac_v = dac0;
  dac_v.push_back("chip.tile.pe.tech.periphery_V=0.9");
  dac_v.push_back("chip.tile.pe.adc.bits=9");
  CHECK(test::pe_params_from_yaml(analog, dac_v).dac.supply_V == 0.9);
  const std::vector<std::string> ref = {"chip.tile.pe.adc.cols_per_adc=1",
                                        "chip.tile.pe.adc.energy_reference_V=0.8"};
  err = error_of([&] { test::pe_params_from_yaml(analog, ref); });
  CHECK(err.find("chip.tile.pe.adc.energy_reference_V: expected chip.tile.pe.tech.node_nm or "
                 "tech.periphery_V") != std::string::npos);
}

TEST_CASE("pe cost for the chip run: geometry, times and energy per array MVM", "[pe]") {
  const pe::PeParams p = test::pe_params_from_config("isaac32nm.yaml");
  const chip::PeCost c = pe::pe_cost_from(p);
  CHECK(c.array_rows == 128);
  CHECK(c.array_weight_cols == 16);
  CHECK(c.arrays_per_pe == 8);
  CHECK(c.mvm_interval_ns == Approx(1600.0));      // 16 steps of 100 ns
  CHECK(c.mvm_ns == Approx((2176.0 + 1) / 1.28));  // + the last column's conversion and S+A
  // One array's share of the IMA: 24.08 mW ÷ 8 over 1600 ns.
  CHECK(c.mvm_energy_pJ() == Approx(24.08 / 8 * 1600).epsilon(1e-3));
  const auto full = c.events_for(8, 128, 16);
  double e = 0;
  for (const auto& ev : full) e += ev.count_per_mvm * ev.pJ_each;
  CHECK(e == Approx(24.08 * 1600).epsilon(1e-3));
  // A partial activation costs less: 2 arrays, 64 rows, 4 outputs.
  double part = 0;
  for (const auto& ev : c.events_for(2, 64, 4)) part += ev.count_per_mvm * ev.pJ_each;
  CHECK(part < e / 4);
  CHECK(c.area_mm2() == Approx(0.01312).epsilon(0.01));
}

TEST_CASE("pe energies: derived cell energy V^2·G·t and sources", "[pe]") {
  pe::PeParams p = small_analog(10, 4, 1000);
  p.array.analog.cell_read_energy_fJ = 0;
  p.array.analog.read_voltage_V = 0.2;
  p.array.analog.G_on_uS = 100;
  p.array.analog.G_off_uS = 1;
  // 0.2² V² × (100 + 1)/2 µS × 10 ns = 20.2 fJ
  CHECK(pe::analog_cell_read_pJ(p) == Approx(0.0202));
  CHECK(pe::PeModel(p).array_model().event_kinds()[pe::kCellReads].pJ_each == Approx(0.0202));
  const std::string yaml = R"(chip:
  tile:
    pe:
      array:
        type: analog
        rows: 64
        cols: 64
        analog:
          read_voltage_V: 0.2
          settle_ns: 10
          read_pulse_ns: 10
      adc:
        energy_model: zigzag
        supply_V: 0.9
        bits: 6
        input_range_fraction: 1.0   # 64 rows x 3 levels need 8 bits: a coarser LSB, declared
)";
  const pe::PeModel m(test::pe_params_from_yaml(yaml));
  const auto items = m.energy_items(m.pe_events());
  CHECK(items[0].source ==
        "chip.tile.pe.array.analog.read_voltage_V^2 x (G_on+G_off)/2 x "
        "chip.tile.pe.array.analog.read_pulse_ns");
  CHECK(items[3].name == "adc");
  CHECK(items[3].pJ_each == Approx((600 + 0.001 * 4096) * 0.81 * 1e-3));
  CHECK(items[3].source.find("chip.tile.pe.adc.energy_model (zigzag") == 0);
}

TEST_CASE("pe schemas: one table per component, all under chip.tile.pe", "[pe][config]") {
  const auto schemas = pe::pe_component_schemas();
  CHECK(schemas.size() == 14);
  std::set<std::string> names;
  for (const auto* s : schemas) {
    names.insert(s->name);
    CHECK(s->yaml_path.rfind("chip.tile.pe", 0) == 0);
    for (const auto& p : s->params) CHECK_FALSE(p.description.empty());
  }
  CHECK(names.size() == schemas.size());
  for (const char* n : {"analog", "digital", "charge", "adc", "dac", "integrator"})
    CHECK(names.count(n) == 1);
}

TEST_CASE("pe control and periphery: area and leakage as written, one row when given",
          "[pe][area]") {
  // ISAAC's IMA has no figure for its control; a designer who has one writes it on the PE.
  const pe::PeParams base = test::pe_params_from_config("isaac32nm.yaml");
  const pe::PeParams ctl = test::pe_params_from_config(
      "isaac32nm.yaml",
      {"chip.tile.pe.control_area_um2=5000", "chip.tile.pe.control_leakage_uW=100"});
  const pe::PeModel a(base), b(ctl);
  CHECK(b.pe_area_mm2() == Approx(a.pe_area_mm2() + 0.005));
  CHECK(b.pe_leakage_mW() == Approx(a.pe_leakage_mW() + 0.1));
  CHECK(b.array_area_mm2() == a.array_area_mm2());  // the array scope is unchanged
  const auto items = b.pe_area_items();
  REQUIRE(items.back().name == "pe_control");
  CHECK(items.back().source == "chip.tile.pe.control_area_um2");
  for (const auto& it : a.pe_area_items()) CHECK(it.name != "pe_control");
}
