// Column-adder SRAM arrays (array type: column_adder, docs/arrays.md §3c): the functional model
// against plain integer MVMs, the hand-derived geometry, timing, events and gate figures, the
// config errors, the directions knobs move, and the Colonnade (Kim et al., JSSC 2021) validation
// of docs/validation.md.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "sim/core/config.h"
#include "sim/core/errors.h"
#include "sim/crossbar/column_adder_array.h"
#include "sim/pe/array_model.h"
#include "sim/pe/macro_report.h"
#include "sim/pe/pe_model.h"
#include "tests/unit/pe_test_util.h"

using namespace cimsim;

namespace {

const char* kColonnade = "validation/kim_jssc21_colonnade.yaml";

pe::PeParams colonnade(const std::vector<std::string>& sets = {}) {
  return test::pe_params_from_config(kColonnade, sets);
}

std::string config_error(const std::vector<std::string>& sets) {
  try {
    (void)colonnade(sets);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

std::vector<std::string> bits(int w, int in) {
  return {"chip.tile.pe.array.weight_bits=" + std::to_string(w),
          "chip.tile.pe.array.input_bits=" + std::to_string(in)};
}

double fJ_per_MAC(const pe::MacroReport& r) {
  return r.array.energy_per_mvm_pJ * 1e3 / (r.array.ops_per_mvm / 2);
}

double energy_of(const pe::ScopeReport& s, const std::string& name) {
  for (const pe::BreakdownRow& e : s.energy)
    if (e.component == name) return e.energy_pJ;
  return 0;
}
double area_of(const pe::ScopeReport& s, const std::string& name) {
  for (const pe::BreakdownRow& a : s.area)
    if (a.component == name) return a.area_mm2;
  return 0;
}

// y = Wᵀx through the functional model for random W, x in the array's ranges, and at the corners
// of the ranges (the largest column sums the guard columns must hold).
void check_exact(const pe::PeParams& p, unsigned seed) {
  const auto a = pe::make_array_model(p)->make_functional();
  const int rows = p.array.rows, outs = crossbar::column_adder_outputs(p.array);
  const crossbar::IntRange wr = crossbar::value_range(p.array.weight_bits, p.array.signed_weights);
  const crossbar::IntRange xr = crossbar::value_range(p.array.input_bits, p.array.signed_inputs);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> w_d(static_cast<int>(wr.lo), static_cast<int>(wr.hi));
  std::uniform_int_distribution<int> x_d(static_cast<int>(xr.lo), static_cast<int>(xr.hi));
  for (int k = 0; k < 6; ++k) {
    Eigen::MatrixXi w(rows, outs);
    Eigen::VectorXi x(rows);
    for (int r = 0; r < rows; ++r) {
      for (int o = 0; o < outs; ++o)
        w(r, o) = k == 0 ? static_cast<int>(wr.hi) : k == 1 ? static_cast<int>(wr.lo) : w_d(rng);
      x(r) = k < 2 ? static_cast<int>(k == 0 ? xr.hi : xr.lo) : x_d(rng);
    }
    a->program(w);
    pe::VectorI64 y;
    a->mvm(x, y);
    const pe::VectorI64 want = w.cast<int64_t>().transpose() * x.cast<int64_t>();
    INFO("case " << k);
    CHECK(y == want);
  }
}

}  // namespace

TEST_CASE("column adder: exact integer MVM, signed and unsigned, at the range corners",
          "[pe][column_adder]") {
  check_exact(colonnade(bits(8, 8)), 1);
  check_exact(colonnade(bits(16, 16)), 2);
  check_exact(colonnade(bits(1, 1)), 3);
  check_exact(
      colonnade({"chip.tile.pe.array.signed_weights=true", "chip.tile.pe.array.signed_inputs=true",
                 "chip.tile.pe.array.input_bits=4"}),
      4);
  check_exact(colonnade({"chip.tile.pe.array.rows=100", "chip.tile.pe.array.signed_weights=true",
                         "chip.tile.pe.array.column_adder.registers_per_column=4"}),
              5);
  // The guard columns are just enough: 128 rows of the largest 8-bit weight sum to 32640, which
  // needs all 15 bits (2^14 = 16384 < 32640 < 2^15).
  const pe::PeParams p = colonnade();
  CHECK(crossbar::column_adder_guard_columns(p.array) == 7);
  CHECK(128 * 255 >= (1 << 14));
  CHECK(128 * 255 < (1 << 15));
  const auto a = pe::make_array_model(p)->make_functional();
  CHECK_THROWS_AS(a->program(Eigen::MatrixXi::Constant(128, 8, 256)), std::invalid_argument);
}

TEST_CASE("column adder: geometry, timing, events and gate figures by hand", "[pe][column_adder]") {
  const pe::PeParams p = colonnade(bits(8, 4));
  const auto m = pe::make_array_model(p);
  // 8-bit weights + 7 guard columns = 15 columns; 128 / 15 = 8 weights per row.
  CHECK(m->columns_per_weight() == 15);
  CHECK(m->outputs() == 8);
  // Bit-pipelined, 16 registers: 4 bits a 4-cycle interval, the last bit's 16 segments 19 cycles.
  CHECK(m->interval_cycles() == 4);
  CHECK(m->latency_cycles() == 19);
  // Critical path: 15 columns + 128/16 rows + 2 = 25 adders of 395.4 ps.
  CHECK(crossbar::column_adder_critical_adders(p.array) == 25);
  CHECK(m->critical_path_ns() == Approx(25 * 0.3954));
  const pe::PeParams flush = colonnade(
      {"chip.tile.pe.array.input_bits=4", "chip.tile.pe.array.column_adder.bit_pipelined=false"});
  CHECK(pe::make_array_model(flush)->interval_cycles() == 4 * 16);

  // Events of one MVM over 100 rows and 3 weights: every row of the 3 weights' 15 columns per bit;
  // half of the 100 driven word lines per bit; 16 x 128 flip-flops per cycle; 3 accumulations
  // per bit.
  pe::MvmEvents e;
  m->add_array_events(100, 3, e);
  CHECK(e.array[crossbar::kCaddCells] == 128.0 * 15 * 3 * 4);
  CHECK(e.array[crossbar::kCaddWordlines] == 0.5 * 100 * 4);
  CHECK(e.array[crossbar::kCaddRegisters] == 16.0 * 128 * 4);
  CHECK(e.array[crossbar::kCaddShiftAcc] == 3.0 * 4);

  // Gate figures at 65 nm, 0.8 V: E_FA = 3.125 fJ x 65/45 x (0.8/0.9)^2; NAND2 and FF by area.
  const double s = 65.0 / 45.0;
  const double e_fa = 3.125 * s * (0.8 / 0.9) * (0.8 / 0.9);
  const double e_nand = e_fa * 0.798 / 4.256, e_ff = e_fa * 4.522 / 4.256;
  const double cell_um2 = 130 * 0.065 * 0.065 + (4.256 + 0.798) * s * s;
  const auto& k = m->event_kinds();
  REQUIRE(k.size() == 4);
  CHECK(k[crossbar::kCaddCells].pJ_each == Approx(1.966 * (e_fa + e_nand) * 1e-3));
  const double wl_fF = 128 * (std::sqrt(cell_um2) * 0.2 + 1.6 * s);
  CHECK(k[crossbar::kCaddWordlines].pJ_each == Approx(wl_fF * 0.64 * 1e-3));
  CHECK(k[crossbar::kCaddRegisters].pJ_each == Approx(e_ff / 2 * 1e-3));
  // The accumulator holds 15 + 4 bits.
  CHECK(k[crossbar::kCaddShiftAcc].pJ_each == Approx(0.5 * 19 * (e_fa + e_ff) * 1e-3));
  const std::vector<pe::AreaItem> areas = m->area_items();
  CHECK(areas[0].um2_each == Approx(cell_um2));
  CHECK(areas[0].count == 128.0 * 128);
  CHECK(areas[2].count == 16.0 * 128);  // pipeline flip-flops
  CHECK(areas[3].um2_each == Approx(19 * (4.256 + 4.522) * s * s));
}

TEST_CASE("column adder: impossible combinations are config errors naming the key",
          "[pe][column_adder][errors]") {
  CHECK_THAT(config_error({"chip.tile.pe.array.column_adder.registers_per_column=3"}),
             Catch::Contains("chip.tile.pe.array.column_adder.registers_per_column") &&
                 Catch::Contains("divisor of rows (128)"));
  CHECK_THAT(config_error({"chip.tile.pe.array.column_adder.clock=critical_path"}),
             Catch::Contains("chip.tile.pe.clock_MHz") && Catch::Contains("expected no clock_MHz"));
  CHECK_THAT(config_error({core::unset_override("chip.tile.pe.tech.node_nm"),
                           core::unset_override("chip.tile.pe.tech.clock_reference_V")}),
             Catch::Contains("chip.tile.pe.array.column_adder") &&
                 Catch::Contains("expected chip.tile.pe.tech.node_nm"));
  // 16-bit weights on 8192 rows take 16 + 13 columns.
  CHECK_THAT(config_error({"chip.tile.pe.array.rows=8192", "chip.tile.pe.array.cols=16",
                           "chip.tile.pe.array.weight_bits=16"}),
             Catch::Contains("chip.tile.pe.array.cols") && Catch::Contains("at least 29 columns"));
  CHECK_THAT(config_error({"chip.tile.pe.array.charge.step_cycles=2"}),
             Catch::Contains("chip.tile.pe.array.charge"));
  // The critical-path clock is the array's fastest.
  const pe::PeParams p = colonnade({"chip.tile.pe.array.column_adder.clock=critical_path",
                                    core::unset_override("chip.tile.pe.clock_MHz")});
  CHECK(p.clock_MHz == Approx(1e3 / (25 * 0.3954)));
}

TEST_CASE("column adder: energy, time and area follow supply, bits, registers, node and data",
          "[pe][column_adder]") {
  // Supply: C·V² on every event at a fixed clock.
  const double e8 = fJ_per_MAC(pe::evaluate_macro(colonnade()));
  const double e6 = fJ_per_MAC(pe::evaluate_macro(colonnade({"chip.tile.pe.tech.digital_V=0.6"})));
  CHECK(e6 == Approx(e8 * 0.36 / 0.64));
  // A lower supply slows the adders (alpha-power law): a longer critical path.
  CHECK(pe::make_array_model(colonnade({"chip.tile.pe.tech.digital_V=0.6"}))->critical_path_ns() >
        pe::make_array_model(colonnade())->critical_path_ns());
  // More input bits: more cycles per MVM, the same energy per MAC per bit.
  const pe::MacroReport i1 = pe::evaluate_macro(colonnade(bits(8, 1)));
  const pe::MacroReport i4 = pe::evaluate_macro(colonnade(bits(8, 4)));
  CHECK(i4.array.interval_cycles == 4 * i1.array.interval_cycles);
  CHECK(energy_of(i4.array, "cadd_cells") == Approx(4 * energy_of(i1.array, "cadd_cells")));
  // More weight bits: more columns per weight, fewer weights, more energy per MAC.
  CHECK(fJ_per_MAC(pe::evaluate_macro(colonnade(bits(12, 1)))) > fJ_per_MAC(i1));
  // More registers per column: a shorter critical path, more register area.
  const pe::PeParams r1 = colonnade({"chip.tile.pe.array.column_adder.registers_per_column=1"});
  CHECK(pe::make_array_model(r1)->critical_path_ns() >
        pe::make_array_model(colonnade())->critical_path_ns());
  CHECK(area_of(pe::evaluate_macro(r1).array, "cadd_registers") ==
        Approx(area_of(i1.array, "cadd_registers") / 16));
  // A smaller node: smaller cells.
  CHECK(pe::evaluate_macro(colonnade({"chip.tile.pe.tech.node_nm=28"})).array.area_mm2 <
        i1.array.area_mm2);
  // Data: all-zero operands switch no cell and charge no word line.
  const pe::MacroReport best = pe::evaluate_macro(colonnade(), pe::DataStats{0, 0}, "best");
  CHECK(energy_of(best.array, "cadd_cells") == 0);
  CHECK(energy_of(best.array, "cadd_wordlines") == 0);
  CHECK(energy_of(best.array, "cadd_registers") == energy_of(i1.array, "cadd_registers"));
}

TEST_CASE("validation: Colonnade JSSC'21 from its architecture figures", "[tech][validation]") {
  // docs/validation.md. References: CiMLoop's digitization of the paper (Fig. 15a throughput,
  // Fig. 16a/b energy per MAC, Fig. 17 breakdowns). FITTED: the adder delay (to 75.07 GOPS at
  // 1 bit, 1 register) and the cell activity (to 144.35 fJ/MAC at 8-bit weights, 1-bit inputs).
  // Fig. 15a: GOPS at the critical-path clock for 1..16 input = weight bits x 1..16 registers.
  const double gops[16][5] = {
      {75.07, 138.51, 243.93, 391.42, 563.50}, {32.50, 60.42, 104.77, 168.13, 238.32},
      {18.31, 34.04, 59.03, 92.55, 127.18},    {12.52, 23.10, 39.45, 60.42, 83.03},
      {9.11, 16.43, 28.05, 42.96, 58.12},      {6.73, 12.33, 20.41, 31.26, 41.65},
      {5.81, 10.24, 17.21, 25.75, 34.84},      {4.43, 7.92, 13.32, 19.48, 25.75},
      {3.91, 6.95, 11.41, 16.81, 22.23},       {3.08, 5.38, 8.77, 12.72, 16.68},
      {2.76, 4.79, 7.99, 11.50, 14.51},        {2.14, 3.74, 6.09, 8.56, 11.06},
      {1.99, 3.48, 5.46, 7.62, 9.77},          {1.82, 3.13, 4.94, 6.95, 8.90},
      {1.43, 2.42, 3.79, 5.25, 6.63},          {1.34, 2.26, 3.51, 4.79, 5.99}};
  for (int b = 1; b <= 16; ++b)
    for (int j = 0; j < 5; ++j) {
      std::vector<std::string> s = bits(b, b);
      s.push_back("chip.tile.pe.array.column_adder.registers_per_column=" + std::to_string(1 << j));
      s.push_back("chip.tile.pe.array.column_adder.clock=critical_path");
      s.push_back(core::unset_override("chip.tile.pe.clock_MHz"));
      INFO(b << " bits, " << (1 << j) << " registers");
      CHECK(std::abs(pe::evaluate_macro(colonnade(s)).array.peak_GOPS / gops[b - 1][j] - 1) < 0.05);
    }
  // Fig. 16b at 0.8 V, 100 MHz: fJ per MAC for 1-bit inputs and 1..16-bit weights. The model is
  // within 10 % at 21 of the 32 points of Fig. 16a/b and on average; the paper's per-bit steps
  // (non-monotonic: data) are off by up to 16 %.
  const double fig16b[16] = {68.32,  77.83,  96.95,  105.27, 115.09, 131.13, 121.59, 144.35,
                             133.85, 166.73, 158.91, 204.85, 189.95, 181.04, 255.16, 243.19};
  // Fig. 16a at 0.8 V: input bits = weight bits.
  const double fig16a[16] = {68.10,   161.64,  292.03,  423.43,  591.13,  788.53,
                             844.22,  1169.65, 1252.26, 1695.97, 1748.20, 2422.11,
                             2554.14, 2632.80, 3905.33, 3995.18};
  double sum_err = 0;
  int within = 0;
  for (int b = 1; b <= 16; ++b) {
    INFO(b << " bits");
    for (int a = 0; a < 2; ++a) {
      const double ref = a == 0 ? fig16b[b - 1] : fig16a[b - 1];
      const double err =
          fJ_per_MAC(pe::evaluate_macro(colonnade(bits(b, a == 0 ? 1 : b)))) / ref - 1;
      CHECK(std::abs(err) < 0.18);
      sum_err += err;
      if (std::abs(err) < 0.10) ++within;
    }
  }
  CHECK(std::abs(sum_err / 32) < 0.03);
  CHECK(within >= 21);
  // Supply (off, docs/validation.md): the paper's energy falls 1.6x from 0.8 to 0.7 V and 4x to
  // 0.6 V at 100 MHz; C·V² gives 1.31x and 1.78x, so the model is over at both.
  const double e8 = fJ_per_MAC(pe::evaluate_macro(colonnade(bits(8, 8))));
  CHECK(std::abs(e8 / 1169.65 - 1) < 0.05);
  CHECK(fJ_per_MAC(pe::evaluate_macro(
            colonnade({"chip.tile.pe.array.input_bits=8", "chip.tile.pe.tech.digital_V=0.7"}))) >
        725.43 * 1.15);
  // Area: 0.2272 mm2 within 15 %, and the split within 10 points per component (bitcell array
  // 83.9 %, drivers 1.8 %, control + registers 12.5 %; the decoder's 1.8 % is not modelled).
  const pe::MacroReport r = pe::evaluate_macro(colonnade());
  const double total = r.array.area_mm2;
  CHECK(std::abs(total / 0.2272 - 1) < 0.15);
  CHECK(std::abs(area_of(r.array, "cadd_cells") / total - 0.839) < 0.10);
  CHECK(std::abs(area_of(r.array, "cadd_wordline_drivers") / total - 0.018) < 0.10);
  CHECK(std::abs((area_of(r.array, "cadd_registers") + area_of(r.array, "cadd_shift_acc")) / total -
                 0.125) < 0.10);
  // Energy split at the fitted point (8-bit weights, 1-bit inputs): control + registers (7.5 %)
  // within 10 points; the cells are over (86.7 % vs 60.2 %) and the drivers under (10.4 % vs
  // 28.8 %): docs/validation.md.
  const double E = r.array.energy_per_mvm_pJ;
  CHECK(std::abs((energy_of(r.array, "cadd_registers") + energy_of(r.array, "cadd_shift_acc")) / E -
                 0.075) < 0.10);
  CHECK(energy_of(r.array, "cadd_cells") / E > 0.602 + 0.10);
}
