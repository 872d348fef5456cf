// Digital SRAM CIM macro: exact bit-serial MVM (two's complement of weights and inputs), and the
// pass/cycle schedule.
#include <catch2/catch.hpp>

#include <random>

#include "sim/crossbar/dcim_macro.h"

using cimsim::crossbar::ArrayParams;
using cimsim::crossbar::ArrayType;
using cimsim::crossbar::DcimMacro;
using cimsim::crossbar::reference_mvm;
using cimsim::crossbar::VectorI64;

namespace {

ArrayParams isscc_like(int wbits = 8, int ibits = 8, bool sw = true, bool si = true) {
  ArrayParams p;
  p.type = ArrayType::Digital;
  p.rows = 512;
  p.cols = 64;
  p.weight_bits = wbits;
  p.input_bits = ibits;
  p.signed_weights = sw;
  p.signed_inputs = si;
  p.digital.compartments = 32;
  p.digital.rows_active_per_compartment = 1;
  p.digital.overhead_cycles_per_pass = 3;
  return p;
}

// Deterministic draws in [lo, hi] (test data only).
Eigen::MatrixXi random_dcim_matrix(std::mt19937_64& g, int r, int c, int lo, int hi) {
  Eigen::MatrixXi m(r, c);
  for (int i = 0; i < r; ++i)
    for (int j = 0; j < c; ++j)
      m(i, j) = lo + static_cast<int>(g() % static_cast<uint64_t>(hi - lo + 1));
  return m;
}

}  // namespace

TEST_CASE("dcim: signed INT8 bit-serial MVM equals the plain reference", "[dcim]") {
  DcimMacro m(isscc_like());
  std::mt19937_64 g(42);
  for (int trial = 0; trial < 20; ++trial) {
    Eigen::MatrixXi w = random_dcim_matrix(g, 512, 8, -128, 127);
    Eigen::VectorXi x = random_dcim_matrix(g, 512, 1, -128, 127);
    m.load_weights(w);
    VectorI64 y;
    m.mvm(x, y);
    REQUIRE(y == reference_mvm(w, x));
  }
}

TEST_CASE("dcim: extremes -128 and 127 and all-zero inputs are exact", "[dcim]") {
  DcimMacro m(isscc_like());
  Eigen::MatrixXi w(512, 8);
  Eigen::VectorXi x(512);
  VectorI64 y;
  // Every corner of the signed range: the largest magnitude sum 512·(−128)·(−128) = 2^23.
  for (int wv : {-128, 127})
    for (int xv : {-128, 127}) {
      w.setConstant(wv);
      x.setConstant(xv);
      m.load_weights(w);
      m.mvm(x, y);
      CHECK(y(0) == int64_t{512} * wv * xv);
      CHECK(y == reference_mvm(w, x));
    }
  x.setZero();
  m.mvm(x, y);
  CHECK(y == VectorI64::Zero(8));
  // Mixed columns, including the MSB pattern 0x80 in weights and inputs.
  std::mt19937_64 g(7);
  w = random_dcim_matrix(g, 512, 8, -128, 127);
  w.col(3).setConstant(-128);
  x = random_dcim_matrix(g, 512, 1, -128, 127);
  x.head(100).setConstant(-128);
  m.load_weights(w);
  m.mvm(x, y);
  CHECK(y == reference_mvm(w, x));
}

TEST_CASE("dcim: unsigned and 4-bit precisions, partial row use", "[dcim]") {
  std::mt19937_64 g(3);
  {
    DcimMacro m(isscc_like(8, 8, false, false));
    Eigen::MatrixXi w = random_dcim_matrix(g, 300, 8, 0, 255);
    Eigen::VectorXi x = random_dcim_matrix(g, 300, 1, 0, 255);
    m.load_weights(w);
    VectorI64 y;
    m.mvm(x, y);
    CHECK(y == reference_mvm(w, x));
  }
  {
    DcimMacro m(isscc_like(4, 4));
    CHECK(m.outputs() == 16);
    Eigen::MatrixXi w = random_dcim_matrix(g, 512, 16, -8, 7);
    Eigen::VectorXi x = random_dcim_matrix(g, 512, 1, -8, 7);
    m.load_weights(w);
    VectorI64 y;
    m.mvm(x, y);
    CHECK(y == reference_mvm(w, x));
  }
}

TEST_CASE("dcim: out-of-range values are refused", "[dcim]") {
  DcimMacro m(isscc_like());
  Eigen::MatrixXi w = Eigen::MatrixXi::Zero(4, 2);
  w(0, 0) = 128;
  CHECK_THROWS_AS(m.load_weights(w), std::invalid_argument);
  w(0, 0) = -129;
  CHECK_THROWS_AS(m.load_weights(w), std::invalid_argument);
}

TEST_CASE("dcim: cycles per MVM follow the pass schedule", "[dcim][timing]") {
  DcimMacro m(isscc_like());
  // 32 rows per pass (one WL in each of 32 compartments); 8 input bits + 3 overhead per pass.
  CHECK(m.rows_per_group() == 32);
  CHECK(m.cycles_per_mvm(1) == 11);
  CHECK(m.cycles_per_mvm(32) == 11);  // boundary: 32 rows still one pass
  CHECK(m.cycles_per_mvm(33) == 22);  // 33 rows need a second pass
  CHECK(m.cycles_per_mvm(512) == 176);
  const auto e = m.events_per_mvm(512, 8);
  CHECK(e.bitcell_ops == 512.0 * 64 * 8);
  CHECK(e.adder_tree_ops == 64.0 * 8 * 16);
  CHECK(e.shift_acc_ops == 8.0 * 8 * 16);
  CHECK(e.driver_ops == 512.0 * 8);
  CHECK(e.cycles == 176);
}
