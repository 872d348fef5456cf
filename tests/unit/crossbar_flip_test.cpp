// ISAAC's flipped-column encoding: with it, 128 rows of 2-bit cells (column sums up to 384 unit
// products per 1-bit input step) read exactly through an 8-bit ADC; without it they do not.
#include <catch2/catch.hpp>

#include <random>

#include "sim/crossbar/crossbar.h"
#include "sim/crossbar/dcim_macro.h"

using namespace cimsim;
using crossbar::ArrayParams;
using crossbar::CrossbarArray;

namespace {

ArrayParams isaac_like(bool flip) {
  ArrayParams p;
  p.type = crossbar::ArrayType::Analog;
  p.rows = 128;
  p.cols = 128;
  p.weight_bits = 16;
  p.input_bits = 16;
  p.signed_weights = true;
  p.signed_inputs = false;
  p.analog.cell_bits = 2;
  p.analog.signed_mode = crossbar::SignedMode::Offset;
  p.analog.flip_encoding = flip;
  return p;
}

}  // namespace

TEST_CASE("crossbar: flip encoding halves the column range, 8 bits become exact",
          "[crossbar][adc][flip]") {
  adc::AdcParams a;
  a.bits = 8;
  std::mt19937_64 g(5);
  std::uniform_int_distribution<int> wd(-32768, 32767), xd(0, 65535);
  Eigen::MatrixXi w(128, 16);
  for (int r = 0; r < 128; ++r)
    for (int o = 0; o < 16; ++o) w(r, o) = wd(g);
  // Dense inputs and large weights push column sums past 255 without the encoding.
  w.col(0).setConstant(32767);
  CrossbarArray plain(isaac_like(false), 1, a), flipped(isaac_like(true), 1, a);
  CHECK(plain.quantizer().lsb() == 2);    // full scale 384 over 255 codes
  CHECK(flipped.quantizer().lsb() == 1);  // full scale 192
  plain.program(w);
  flipped.program(w);
  int plain_exact = 0;
  for (int k = 0; k < 20; ++k) {
    Eigen::VectorXi x(128);
    for (int r = 0; r < 128; ++r) x(r) = xd(g);
    crossbar::VectorI64 yp, yf;
    plain.mvm(x, yp);
    flipped.mvm(x, yf);
    CHECK(yf == crossbar::reference_mvm(w, x));
    plain_exact += yp == crossbar::reference_mvm(w, x);
  }
  CHECK(plain_exact == 0);
}
