#include "sim/pe/pe_params.h"

#include <cmath>

#include "sim/crossbar/column_adder_array.h"
#include "sim/crossbar/crossbar.h"

namespace cimsim::pe {

using core::int_field;
using core::kInf;
using core::real_field;

const core::ParamTable<PeParams>& param_table(const PeParams&) {
  static const core::ParamTable<PeParams> t{
      "pe",
      "chip.tile.pe",
      "processing element: arrays, converters, shift-and-add, input/output registers",
      {int_field(&PeParams::arrays, "arrays", "", "1", 1, 4096,
                 "arrays (crossbars or macros) per PE"),
       real_field(&PeParams::clock_MHz, "clock_MHz", "MHz", "1000", 1e-3, 1e5,
                  "PE clock; array settle, conversions and macro cycles are counted in it "
                  "(at tech.clock_reference_V when that is given)"),
       real_field(&PeParams::control_area_um2, "control_area_um2", "um2", "0", 0, kInf,
                  "control and other periphery of one PE that the array models do not size "
                  "(sequencer, decoders, timing, I/O), as written"),
       real_field(&PeParams::control_leakage_uW, "control_leakage_uW", "uW", "0", 0, kInf,
                  "static power of that control and periphery")},
      {"tech", "array", "adc", "dac", "sample_hold", "integrator", "shift_add", "input_register",
       "output_register"}};
  return t;
}

const core::ParamTable<ShiftAddParams>& param_table(const ShiftAddParams&) {
  using P = ShiftAddParams;
  static const core::ParamTable<P> t{
      "shift_add",
      "chip.tile.pe.shift_add",
      "shift-and-add units combining ADC results (analog and charge-domain PEs only)",
      {int_field(&P::units, "units", "", "1", 1, 65536, "shift-and-add units of the PE"),
       real_field(&P::energy_per_op_fJ, "energy_per_op_fJ", "fJ", "20", 0, kInf,
                  "one ADC result shifted and accumulated"),
       real_field(&P::area_um2, "area_um2", "um2", "0", 0, kInf, "area of one unit"),
       int_field(&P::latency_cycles, "latency_cycles", "cycles", "1", 0, 1024,
                 "last conversion to finished output")},
      {}};
  return t;
}

namespace {
// The input and output registers share RegisterParams; only the output one keeps output_bits.
std::vector<core::Field<RegisterParams>> register_fields(bool is_output) {
  using P = RegisterParams;
  std::vector<core::Field<P>> f;
  f.push_back(int_field(
      &P::bytes, "bytes", "B", "0", 0, 1e12,
      is_output ? "capacity; 0 = what one activation needs (arrays x outputs x "
                  "output_bits)"
                : "capacity; 0 = what one activation needs (arrays x rows x input_bits)"));
  if (is_output)
    f.push_back(
        int_field(&P::output_bits, "output_bits", "bit", "16", 1, 64, "bits kept per output"));
  f.push_back(real_field(&P::energy_per_bit_fJ, "energy_per_bit_fJ", "fJ", "0", 0, kInf,
                         "one bit written or read"));
  f.push_back(real_field(&P::area_um2_per_byte, "area_um2_per_byte", "um2", "0", 0, kInf,
                         "area per byte of capacity"));
  f.push_back(real_field(&P::leakage_uW, "leakage_uW", "uW", "0", 0, kInf, "static power"));
  return f;
}

const core::ParamTable<RegisterParams>& input_register_table() {
  static const core::ParamTable<RegisterParams> t{
      "input_register", "chip.tile.pe.input_register",
      "register holding the PE's inputs for the bit-serial steps", register_fields(false)};
  return t;
}
}  // namespace

// The output register's table binds every member (input_register has no output_bits).
const core::ParamTable<RegisterParams>& param_table(const RegisterParams&) {
  static const core::ParamTable<RegisterParams> t{"output_register", "chip.tile.pe.output_register",
                                                  "register holding the PE's finished outputs",
                                                  register_fields(true)};
  return t;
}

const core::ComponentSchema& pe_schema() { return param_table(PeParams{}).schema(); }
const core::ComponentSchema& shift_add_schema() { return param_table(ShiftAddParams{}).schema(); }
const core::ComponentSchema& input_register_schema() { return input_register_table().schema(); }
const core::ComponentSchema& output_register_schema() {
  return param_table(RegisterParams{}).schema();
}

std::vector<const core::ComponentSchema*> pe_component_schemas() {
  return {&pe_schema(),
          &tech::tech_schema(),
          &crossbar::array_schema(),
          &crossbar::digital_macro_schema(),
          &crossbar::analog_array_schema(),
          &crossbar::charge_array_schema(),
          &crossbar::column_adder_schema(),
          &adc::adc_schema(),
          &adc::dac_schema(),
          &adc::sample_hold_schema(),
          &adc::integrator_schema(),
          &shift_add_schema(),
          &input_register_schema(),
          &output_register_schema()};
}

namespace {

RegisterParams read_register(const core::ConfigSection& s, bool is_output) {
  RegisterParams r;
  r.path = s.path();
  (is_output ? param_table(r) : input_register_table()).read(s, r);
  return r;
}

void check_register_size(const core::ConfigSection& s, RegisterParams& r, int64_t needed_bits) {
  const int64_t needed = (needed_bits + 7) / 8;
  if (r.bytes == 0) {
    r.bytes = needed;
  } else if (r.bytes < needed) {
    s.fail("bytes", "expected at least " + std::to_string(needed) +
                        " bytes (one activation of every array), got " + std::to_string(r.bytes));
  }
}

// A DAC wider than the input would be charged at its full width for bits that do not exist.
void check_dac_width(const core::ConfigSection& dac_s, const PeParams& p) {
  if (p.dac.bits > p.array.input_bits)
    dac_s.fail("bits", "expected at most input_bits (" + std::to_string(p.array.input_bits) +
                           ") bits per input step, got " + std::to_string(p.dac.bits));
}

// Converter combinations that cannot work, each with its reason (issue 10, "no silent traps").
void check_converters(const core::ConfigSection& arr, const core::ConfigSection& adc_s,
                      const core::ConfigSection& dac_s, const PeParams& p) {
  const crossbar::ArrayParams& a = p.array;
  check_dac_width(dac_s, p);
  if (p.adc.type == adc::AdcType::SenseAmp && a.analog.cell_bits > 1)
    adc_s.fail("type", "a 1-bit sense amplifier cannot read " + std::to_string(a.analog.cell_bits) +
                           "-bit cells (" + arr.path() +
                           ".analog.cell_bits): expected cell_bits: "
                           "1 or a multi-bit ADC");
  if (a.analog.flip_encoding && (p.integrator.present() || crossbar::polarity_inputs(a)))
    arr.fail("analog.flip_encoding",
             "expected false with an integrator or polarity inputs (flipped columns need "
             "unsigned per-step sums)");
  if (p.integrator.present() && p.dac.bits != 1)
    dac_s.fail("bits", "expected 1 (bit-serial inputs) with an integrator (" + p.integrator.path +
                           ".bits_per_phase), got " + std::to_string(p.dac.bits));
  // The largest column sum in unit products (crossbar::CrossbarArray's quantizer); an integrator
  // sums a phase's bits with weights 1, 2, 4, ...
  const int bits_converted = p.integrator.present() ? p.integrator.bits_per_phase : p.dac.bits;
  const double levels_dac = std::pow(2.0, bits_converted) - 1,
               levels_cell = std::pow(2.0, a.analog.cell_bits) - 1;
  const double max_sum =
      static_cast<double>(a.rows) * levels_dac * levels_cell / (a.analog.flip_encoding ? 2 : 1);
  int needed = 0;
  while (std::pow(2.0, needed) - 1 < max_sum) ++needed;
  if (p.adc.bits < needed && !adc_s.has("input_range_fraction"))
    adc_s.fail("bits",
               "expected at least " + std::to_string(needed) + " bits for a column sum up to " +
                   core::format_bound(max_sum) + " (" + std::to_string(a.rows) +
                   " rows x DAC and cell levels), or a declared range (input_range_fraction: "
                   "1.0 for a coarser LSB, below 1 to clip), got " +
                   std::to_string(p.adc.bits));
}

// The charge-domain array's converters (the same traps as the crossbar's): a DAC wider than the
// input, ADCs that do not divide the converted lines, an ADC too coarse for the largest line sum
// without a declared range.
void check_charge_converters(const core::ConfigSection& arr, const core::ConfigSection& adc_s,
                             const core::ConfigSection& dac_s, const PeParams& p) {
  const crossbar::ArrayParams& a = p.array;
  check_dac_width(dac_s, p);
  const bool binary = a.charge.per_weight();
  const int lines = binary ? a.cols / a.weight_bits : a.cols;
  if (lines % p.adc.cols_per_adc != 0)
    adc_s.fail("cols_per_adc", "expected a divisor of the converted lines (" +
                                   std::to_string(lines) +
                                   (binary ? ": one per weight with " + arr.path() +
                                                 ".charge.weighting: binary_caps or c2c), got "
                                           : " columns), got ") +
                                   std::to_string(p.adc.cols_per_adc));
  const double max_sum = static_cast<double>(a.rows) * (std::pow(2.0, p.dac.bits) - 1) *
                         (binary ? std::pow(2.0, a.weight_bits) - 1 : 1.0);
  int needed = 0;
  while (std::pow(2.0, needed) - 1 < max_sum) ++needed;
  if (p.adc.bits < needed && !adc_s.has("input_range_fraction"))
    adc_s.fail("bits",
               "expected at least " + std::to_string(needed) + " bits for a line sum up to " +
                   core::format_bound(max_sum) + " (" + std::to_string(a.rows) +
                   " rows x DAC levels" + (binary ? " x weight levels" : "") +
                   "), or a declared range (input_range_fraction: 1.0 for a coarser LSB, below "
                   "1 to clip), got " +
                   std::to_string(p.adc.bits));
}

}  // namespace

PeParams read_pe_params(const core::ConfigSection& pe) {
  PeParams p;
  p.path = pe.path();
  param_table(p).read(pe, p);
  p.tech = tech::read_tech_params(pe.section("tech", tech::tech_schema()));
  p.clock_MHz = tech::scaled_clock_MHz(p.tech, p.clock_MHz);
  const core::ConfigSection arr = pe.section("array", crossbar::array_schema());
  p.array = crossbar::read_array_params(arr, p.tech);
  int outputs = 0;
  const bool own_logic = p.array.type == crossbar::ArrayType::Digital ||
                         p.array.type == crossbar::ArrayType::ColumnAdder;
  if (!own_logic) {
    // The analog crossbar and the charge-domain array use the PE's converters.
    const core::ConfigSection adc_s = pe.section("adc", adc::adc_schema());
    p.adc = adc::read_adc_params(adc_s, p.tech);
    const core::ConfigSection dac_s = pe.section("dac", adc::dac_schema());
    p.dac = adc::read_dac_params(dac_s, p.tech);
    p.sample_hold =
        adc::read_sample_hold_params(pe.section("sample_hold", adc::sample_hold_schema()));
    const core::ConfigSection sa = pe.section("shift_add", shift_add_schema());
    p.shift_add.path = sa.path();
    param_table(p.shift_add).read(sa, p.shift_add);
    if (p.array.type == crossbar::ArrayType::Charge) {
      outputs = p.array.cols / p.array.weight_bits;
      check_charge_converters(arr, adc_s, dac_s, p);
    } else {
      p.integrator =
          adc::read_integrator_params(pe.section("integrator", adc::integrator_schema()));
      if (p.array.cols % p.adc.cols_per_adc != 0)
        adc_s.fail("cols_per_adc", "expected a divisor of the array's cols (" +
                                       std::to_string(p.array.cols) + "), got " +
                                       std::to_string(p.adc.cols_per_adc));
      const int cpw = crossbar::analog_columns_per_weight(p.array);
      if (cpw > p.array.cols)
        arr.fail("cols", "expected at least " + std::to_string(cpw) + " columns: one weight of " +
                             std::to_string(p.array.weight_bits) + " bits needs " +
                             std::to_string(cpw) + " columns of " +
                             std::to_string(p.array.analog.cell_bits) + "-bit cells");
      outputs = p.array.cols / cpw;
      check_converters(arr, adc_s, dac_s, p);
    }
  } else if (p.array.type == crossbar::ArrayType::ColumnAdder) {
    outputs = crossbar::column_adder_outputs(p.array);
    // The fastest clock the array's ripple allows replaces a written one.
    if (p.array.column_adder.clock == crossbar::ColumnAdderParams::Clock::CriticalPath) {
      if (pe.has("clock_MHz"))
        pe.fail("clock_MHz",
                "expected no clock_MHz with array.column_adder.clock: critical_path (the clock "
                "is the array's critical path)");
      pe.computed("clock_MHz");  // the resolved config leaves it out, so it loads again
      p.clock_MHz = 1e3 / crossbar::column_adder_critical_path_ns(p.array);
    }
  } else {
    outputs = p.array.cols / p.array.weight_bits;
  }
  const core::ConfigSection in_s = pe.section("input_register", input_register_schema());
  p.input_register = read_register(in_s, false);
  check_register_size(in_s, p.input_register,
                      static_cast<int64_t>(p.arrays) * p.array.rows * p.array.input_bits);
  const core::ConfigSection out_s = pe.section("output_register", output_register_schema());
  p.output_register = read_register(out_s, true);
  // Written static powers hold at tech.leakage_reference_V; each follows its domain's supply.
  if (const double ref = p.tech.leakage_reference_V; ref > 0) {
    using tech::Domain;
    const auto at = [&](Domain d) { return tech::leakage_scale(tech::supply_V(p.tech, d), ref); };
    p.array.leakage_uW *= at(Domain::Array);
    p.adc.leakage_uW *= at(Domain::Periphery);
    p.input_register.leakage_uW *= at(Domain::Digital);
    p.output_register.leakage_uW *= at(Domain::Digital);
    p.control_leakage_uW *= at(Domain::Digital);
  }
  check_register_size(out_s, p.output_register,
                      static_cast<int64_t>(p.arrays) * outputs * p.output_register.output_bits);
  return p;
}

}  // namespace cimsim::pe
