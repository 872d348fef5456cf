// The array interface (sim/pe/array_model.h): the factory picks the model by array type, each
// model's functional hook computes the MVM the hardware does, and the row-dependent timing of a
// digital macro (passes over row groups) shows through the interface at the pass boundary.
#include <catch2/catch.hpp>

#include <random>

#include "sim/crossbar/dcim_macro.h"
#include "sim/pe/analog_crossbar.h"
#include "sim/pe/array_model.h"

using namespace cimsim;

namespace {

pe::PeParams ideal_analog() {
  pe::PeParams p;
  p.array.type = crossbar::ArrayType::Analog;
  p.array.rows = 16;
  p.array.cols = 16;
  p.array.weight_bits = 4;
  p.array.input_bits = 4;
  p.array.signed_weights = true;
  p.array.analog.cell_bits = 2;
  p.array.analog.signed_mode = crossbar::SignedMode::Offset;
  p.dac.bits = 1;
  p.adc.bits = 12;  // LSB of one unit product and no clipping: the exact integer MVM
  p.adc.cols_per_adc = 1;
  return p;
}

pe::PeParams digital() {
  pe::PeParams p;
  p.array.type = crossbar::ArrayType::Digital;
  p.array.rows = 512;
  p.array.cols = 64;
  p.array.weight_bits = 8;
  p.array.input_bits = 8;
  p.array.signed_weights = true;
  p.array.signed_inputs = true;
  p.array.digital.compartments = 32;
  p.array.digital.rows_active_per_compartment = 1;
  p.array.digital.overhead_cycles_per_pass = 3;
  return p;
}

Eigen::MatrixXi random_matrix(std::mt19937_64& g, int r, int c, int lo, int hi) {
  Eigen::MatrixXi m(r, c);
  for (int i = 0; i < r; ++i)
    for (int j = 0; j < c; ++j)
      m(i, j) = lo + static_cast<int>(g() % static_cast<uint64_t>(hi - lo + 1));
  return m;
}

}  // namespace

TEST_CASE("array factory: one model per array type, named and shaped by it", "[pe][array]") {
  const auto a = pe::make_array_model(ideal_analog());
  CHECK(std::string(a->name()) == "analog ReRAM crossbar");
  CHECK(a->columns_per_weight() == 2);  // 4-bit weights in 2-bit cells, offset: one group
  CHECK(a->outputs() == 8);
  CHECK_FALSE(a->timing_depends_on_rows());
  REQUIRE(a->event_kinds().size() == 8);  // + word/bit lines (wires), integrator
  CHECK(a->event_kinds()[pe::kAdcConversions].name == "adc");
  CHECK(a->event_kinds()[pe::kShiftAddOps].name == "shift_add");
  CHECK(a->event_kinds()[pe::kWordlineSwitches].name == "wordlines");
  CHECK(a->event_kinds()[pe::kBitlineSwitches].name == "bitlines");

  const auto d = pe::make_array_model(digital());
  CHECK(std::string(d->name()) == "digital SRAM CIM macro");
  CHECK(d->columns_per_weight() == 8);
  CHECK(d->outputs() == 8);
  CHECK(d->timing_depends_on_rows());
  CHECK(d->event_kinds().size() == 5);
}

TEST_CASE("array functional hook: both types compute the exact integer MVM when ideal",
          "[pe][array]") {
  std::mt19937_64 g(7);
  {
    const auto m = pe::make_array_model(ideal_analog());
    auto f = m->make_functional();
    const Eigen::MatrixXi w = random_matrix(g, 16, 8, -8, 7);
    const Eigen::VectorXi x = random_matrix(g, 16, 1, 0, 15);
    f->program(w);
    pe::VectorI64 y;
    f->mvm(x, y);
    CHECK(y == crossbar::reference_mvm(w, x));
  }
  {
    const auto m = pe::make_array_model(digital());
    auto f = m->make_functional();
    const Eigen::MatrixXi w = random_matrix(g, 100, 8, -128, 127);
    const Eigen::VectorXi x = random_matrix(g, 100, 1, -128, 127);
    f->program(w);
    pe::VectorI64 y;
    f->mvm(x, y);
    CHECK(y == crossbar::reference_mvm(w, x));
  }
}

TEST_CASE("array timing for the rows used: a digital macro's passes (T-1 / T)", "[pe][array]") {
  // Row groups of 32 compartments x 1 row; a pass is 8 input bits + 3 overhead = 11 cycles.
  const auto d = pe::make_array_model(digital());
  CHECK(d->cycles_for_rows(1) == 11);
  CHECK(d->cycles_for_rows(32) == 11);
  CHECK(d->cycles_for_rows(33) == 22);
  CHECK(d->cycles_for_rows(512) == int64_t{16} * 11);
  CHECK(d->latency_cycles() == int64_t{16} * 11);
  // An analog array's schedule does not depend on the rows driven.
  const auto a = pe::make_array_model(ideal_analog());
  CHECK(a->cycles_for_rows(1) == a->latency_cycles());
  CHECK(a->latency_cycles() == pe::analog_timing(ideal_analog()).latency_cycles);
  CHECK(a->pe_latency_cycles() == a->latency_cycles() + ideal_analog().shift_add.latency_cycles);
}
