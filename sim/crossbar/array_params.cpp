#include "sim/crossbar/array_params.h"

#include "sim/crossbar/column_adder_array.h"
#include "sim/crossbar/dcim_gates.h"

namespace cimsim::crossbar {

using core::bool_field;
using core::choice_field;
using core::int_field;
using core::kInf;
using core::real_field;

const core::ParamTable<ArrayParams>& param_table(const ArrayParams&) {
  using P = ArrayParams;
  static const core::ParamTable<P> t{
      "array",
      "chip.tile.pe.array",
      "one compute array: digital SRAM CIM macro, analog ReRAM crossbar, charge-domain SRAM "
      "array or column-adder SRAM array",
      {choice_field(&P::type, "type", "",
                    {{"digital", ArrayType::Digital},
                     {"analog", ArrayType::Analog},
                     {"charge", ArrayType::Charge},
                     {"column_adder", ArrayType::ColumnAdder}},
                    "digital: SRAM CIM macro, ADC-less; analog: ReRAM crossbar with DACs and "
                    "ADCs; charge: charge-domain SRAM array (1-bit cells on compute lines, "
                    "binary-weighted capacitors) with DACs and ADCs; column_adder: digital "
                    "SRAM array with a full adder per cell, partial sums rippling down the "
                    "columns (Colonnade)"),
       int_field(&P::rows, "rows", "", "", 1, 65536, "wordlines (inputs) of one array"),
       int_field(&P::cols, "cols", "", "", 1, 65536, "bitlines (physical columns) of one array"),
       int_field(&P::weight_bits, "weight_bits", "bit", "8", 1, 16, "bits of one weight"),
       int_field(&P::input_bits, "input_bits", "bit", "8", 1, 16,
                 "bits of one input (applied bit-serially)"),
       bool_field(&P::signed_weights, "signed_weights", "true",
                  "weights are two's-complement signed"),
       bool_field(&P::signed_inputs, "signed_inputs", "false",
                  "inputs are two's-complement signed"),
       real_field(&P::leakage_uW, "leakage_uW", "uW", "0", 0, kInf, "static power of one array")},
      {"analog", "digital", "charge", "column_adder"}};
  return t;
}

const core::ParamTable<AnalogArrayParams>& param_table(const AnalogArrayParams&) {
  using P = AnalogArrayParams;
  static const core::ParamTable<P> t{
      "analog",
      "chip.tile.pe.array.analog",
      "ReRAM crossbar parameters (array type: analog only)",
      {int_field(&P::cell_bits, "cell_bits", "bit", "2", 1, 8,
                 "bits per cell (2^cell_bits conductance levels)"),
       // Unsigned weights (signed_weights: false) have no signed_mode: the reader presets it.
       choice_field(&P::signed_mode, "signed_mode", "offset",
                    {{"differential", SignedMode::Differential}, {"offset", SignedMode::Offset}},
                    "signed weights: differential column pairs, or one column group holding "
                    "W+2^(B-1) with the offset removed digitally")
           .when([](const P& p) { return p.signed_mode != SignedMode::Unsigned; }),
       real_field(&P::G_on_uS, "G_on_uS", "uS", "100", 1e-6, kInf, "highest cell conductance"),
       real_field(&P::G_off_uS, "G_off_uS", "uS", "1", 0, kInf, "lowest cell conductance"),
       real_field(&P::read_voltage_V, "read_voltage_V", "V", "0.2", 1e-3, 5,
                  "read voltage of a fully-on input"),
       real_field(&P::settle_ns, "settle_ns", "ns", "10", 0, kInf,
                  "one input step: DAC drive, column settle and sample-and-hold acquisition"),
       real_field(&P::cell_read_energy_fJ, "cell_read_energy_fJ", "fJ", "0", 0, kInf,
                  "energy of one cell for one input step, as written (0 too); absent: "
                  "V_read^2 x (G_on+G_off)/2 x read_pulse_ns")
           .when([](const P& p) { return p.cell_energy_given; }),
       real_field(&P::read_pulse_ns, "read_pulse_ns", "ns", "", 0, kInf,
                  "conduction time of one input step (required without cell_read_energy_fJ)")
           .when([](const P& p) { return !p.cell_energy_given; }),
       choice_field(&P::line_energy, "line_energy", "none",
                    {{"none", P::LineEnergy::None}, {"wires", P::LineEnergy::Wires}},
                    "word/bit-line switching: none, or wires (cell pitch x 0.2 fF/um + "
                    "line_load_fF per cell, at tech.array_V and read_voltage_V; needs "
                    "tech.node_nm)"),
       real_field(&P::line_load_fF, "line_load_fF", "fF", "0", 0, kInf,
                  "capacitance each cell adds to its word line and its bit line (line_energy: "
                  "wires)")
           .when([](const P& p) { return p.line_energy == P::LineEnergy::Wires; }),
       real_field(&P::cell_area_um2, "cell_area_um2", "um2", "0.01", 0, kInf, "area of one cell"),
       real_field(&P::variation_sigma, "variation_sigma", "", "0", 0, 2,
                  "device-to-device lognormal sigma of conductance"),
       real_field(&P::stuck_on_rate, "stuck_on_rate", "", "0", 0, 1,
                  "fraction of cells stuck at G_on"),
       real_field(&P::stuck_off_rate, "stuck_off_rate", "", "0", 0, 1,
                  "fraction of cells stuck at G_off"),
       real_field(&P::read_noise_sigma, "read_noise_sigma", "", "0", 0, 1,
                  "relative Gaussian sigma of a column current per read"),
       real_field(&P::wire_resistance_ohm, "wire_resistance_ohm", "ohm", "0", 0, kInf,
                  "wire resistance per cell pitch (first-order IR drop)"),
       real_field(&P::drift_time_s, "drift_time_s", "s", "0", 0, 1e12,
                  "time since programming for conductance drift (no drift at or below "
                  "drift_t0_s)"),
       real_field(&P::drift_t0_s, "drift_t0_s", "s", "1", 1e-9, 1e12,
                  "reference time of the drift law G(t) = G(t0) (t/t0)^-nu"),
       real_field(&P::drift_nu, "drift_nu", "", "0", 0, 1,
                  "mean drift exponent nu (phase-change memory: about 0.05)"),
       real_field(&P::drift_nu_sigma, "drift_nu_sigma", "", "0", 0, 1,
                  "device-to-device sigma of the drift exponent"),
       bool_field(&P::drift_compensation, "drift_compensation", "false",
                  "global drift compensation: column currents scaled by (t/t0)^drift_nu"),
       real_field(&P::adc_offset_sigma_lsb, "adc_offset_sigma_lsb", "LSB", "0", 0, 64,
                  "sigma of each ADC's input-referred offset (fixed per programmed array)"),
       real_field(&P::adc_gain_sigma, "adc_gain_sigma", "", "0", 0, 0.5,
                  "sigma of each ADC's relative gain error (fixed per programmed array)"),
       bool_field(&P::flip_encoding, "flip_encoding", "false",
                  "ISAAC's encoding: a column whose levels sum over half the maximum is "
                  "stored flipped, halving the ADC's full scale"),
       choice_field(&P::input_sign, "input_sign", "offset",
                    {{"offset", P::InputSign::Offset}, {"polarity", P::InputSign::Polarity}},
                    "signed inputs: offset (shifted to unsigned, input_bits steps) or polarity "
                    "(the sign sets the pulse polarity, input_bits-1 magnitude bits applied)"),
       int_field(&P::seed, "seed", "", "1", 0, 9.0e15,
                 "seed of the device draws (variation, faults, noise)")},
      {}};
  return t;
}

const core::ParamTable<DigitalMacroParams>& param_table(const DigitalMacroParams&) {
  using P = DigitalMacroParams;
  static const core::ParamTable<P> t{
      "digital",
      "chip.tile.pe.array.digital",
      "digital SRAM CIM macro parameters (array type: digital only): bit-serial inputs, in-cell "
      "AND, "
      "adder tree, shift-accumulate",
      {int_field(&P::compartments, "compartments", "", "1", 1, 65536,
                 "row groups with their own local compute; rows must divide"),
       int_field(&P::rows_active_per_compartment, "rows_active_per_compartment", "", "1", 1, 65536,
                 "wordlines evaluated per compartment per cycle"),
       int_field(
           &P::overhead_cycles_per_pass, "overhead_cycles_per_pass", "cycles", "0", 0, 1024,
           "cycles added to each pass over one row group (precharge, adder pipeline, write-back)"),
       real_field(&P::bitcell_energy_fJ, "bitcell_energy_fJ", "fJ", "0.5", 0, kInf,
                  "one cell's in-cell AND for one input bit"),
       real_field(&P::adder_tree_energy_fJ, "adder_tree_energy_fJ", "fJ", "10", 0, kInf,
                  "one column's adder tree (popcount) for one cycle"),
       real_field(&P::shift_acc_energy_fJ, "shift_acc_energy_fJ", "fJ", "20", 0, kInf,
                  "one output's shift-accumulate for one cycle"),
       real_field(&P::driver_energy_fJ, "driver_energy_fJ", "fJ", "4", 0, kInf,
                  "one active wordline/input driver for one cycle"),
       real_field(&P::control_energy_fJ, "control_energy_fJ", "fJ", "50", 0, kInf,
                  "control and clock tree, per macro cycle"),
       real_field(&P::bitcell_area_um2, "bitcell_area_um2", "um2", "0.6", 0, kInf,
                  "one cell: storage + local compute"),
       real_field(&P::adder_tree_area_um2, "adder_tree_area_um2", "um2", "60", 0, kInf,
                  "one column's adder tree"),
       real_field(&P::shift_acc_area_um2, "shift_acc_area_um2", "um2", "150", 0, kInf,
                  "one output's shift-accumulator"),
       real_field(&P::driver_area_um2, "driver_area_um2", "um2", "4", 0, kInf,
                  "one row's wordline/input driver"),
       real_field(&P::control_area_um2, "control_area_um2", "um2", "0", 0, kInf,
                  "control, timing and I/O of the macro"),
       choice_field(&P::energy_model, "energy_model", "given",
                    {{"given", P::Model::Given}, {"gates", P::Model::Gates}},
                    "given: the *_energy_fJ keys; gates: each one not written comes from gate "
                    "counts x a full adder at tech.node_nm and the supplies (docs/validation.md)"),
       choice_field(&P::area_model, "area_model", "given",
                    {{"given", P::Model::Given}, {"gates", P::Model::Gates}},
                    "given: the *_area_um2 keys; gates: each one not written from gate counts x "
                    "standard-cell areas at tech.node_nm"),
       real_field(&P::activity, "activity", "", "0.5", 0, 1,
                  "gate model: fraction of logic nodes toggling per evaluation (0.5: random "
                  "data)")
           .when([](const P& p) { return p.energy_model == P::Model::Gates; }),
       real_field(&P::bitcell_F2, "bitcell_F2", "F2", "0", 0, 1e5,
                  "gate area model: one cell in F^2 at tech.node_nm (0: bitcell_area_um2)")
           .when([](const P& p) { return p.area_model == P::Model::Gates; })},
      {}};
  return t;
}

const core::ParamTable<ChargeArrayParams>& param_table(const ChargeArrayParams&) {
  using P = ChargeArrayParams;
  static const core::ParamTable<P> t{
      "charge",
      "chip.tile.pe.array.charge",
      "charge-domain SRAM array parameters (array type: charge only): 1-bit cells couple charge "
      "onto compute lines, the PE's DACs drive the rows and its ADCs convert (docs/arrays.md)",
      {choice_field(&P::weighting, "weighting", "binary_caps",
                    {{"binary_caps", P::Weighting::BinaryCaps},
                     {"c2c", P::Weighting::C2C},
                     {"per_column", P::Weighting::PerColumn}},
                    "binary_caps: a weight's bit columns charge-share over binary-weighted "
                    "capacitors (2^B units) and convert once (adc.cols_per_adc counts weights); "
                    "c2c: each row's MAC unit weights its bits on a C-2C ladder (3B units), "
                    "converted once per weight; per_column: every column converted and "
                    "shift-added"),
       int_field(&P::weight_sets, "weight_sets", "", "1", 1, 64,
                 "stored weight sets per active cell, one active (area and compute-line "
                 "length x weight_sets)"),
       int_field(&P::step_cycles, "step_cycles", "cycles", "1", 1, 1 << 20,
                 "PE cycles of one input step (all pulses of a pulse-count input, charge "
                 "sharing, sampling); the ADC converts while the next step runs"),
       real_field(&P::line_load_fF, "line_load_fF", "fF", "0", 0, kInf,
                  "capacitance one cell adds to its word line and its compute line (besides "
                  "the wire: cell pitch x 0.2 fF/um)"),
       real_field(&P::bitcell_F2, "bitcell_F2", "F2", "0", 0, 1e5,
                  "one cell in F^2 at tech.node_nm (0: cell_area_um2)"),
       real_field(&P::cell_area_um2, "cell_area_um2", "um2", "0", 0, kInf,
                  "area of one cell (bitcell_F2 0 only)")
           .when([](const P& p) { return p.bitcell_F2 <= 0; }),
       real_field(&P::weighting_unit_fF, "weighting_unit_fF", "fF", "1", 0, kInf,
                  "unit capacitor of the weighting (binary_caps: 2^B units per weight; c2c: 3B "
                  "units per row and weight)")
           .when([](const P& p) { return p.per_weight(); }),
       real_field(&P::capacitor_density_fF_per_um2, "capacitor_density_fF_per_um2", "fF/um2", "2",
                  1e-3, 1e3, "capacitance per area of the weighting capacitors (MOM/MIM)")
           .when([](const P& p) { return p.per_weight(); })},
      {}};
  return t;
}

const core::ParamTable<ColumnAdderParams>& param_table(const ColumnAdderParams&) {
  using P = ColumnAdderParams;
  static const core::ParamTable<P> t{
      "column_adder",
      "chip.tile.pe.array.column_adder",
      "column-adder SRAM array parameters (array type: column_adder only): a full adder in every "
      "cell, partial sums rippling down the columns, energies and areas from gate counts at "
      "tech.node_nm (docs/arrays.md)",
      {int_field(&P::registers_per_column, "registers_per_column", "", "1", 1, 65536,
                 "pipeline registers cutting each column into equal segments (a divisor of "
                 "rows)"),
       bool_field(&P::bit_pipelined, "bit_pipelined", "true",
                  "the next input bit enters as soon as the first segment is free (false: each "
                  "bit flushes through every segment first)"),
       real_field(&P::full_adder_delay_ps, "full_adder_delay_ps", "ps", "400", 1e-3, 1e6,
                  "delay of one in-cell full adder, at tech.clock_reference_V (alpha-power law) "
                  "or as written without one; the critical path is (weight columns + rows per "
                  "segment + 2) of them"),
       choice_field(&P::clock, "clock", "given",
                    {{"given", P::Clock::Given}, {"critical_path", P::Clock::CriticalPath}},
                    "given: the PE's clock_MHz; critical_path: the fastest clock the critical "
                    "path allows (then the PE writes no clock_MHz)"),
       real_field(&P::sram_cell_F2, "sram_cell_F2", "F2", "150", 1, 1e5,
                  "the storage part of one cell (6T SRAM) in F^2 at tech.node_nm"),
       real_field(&P::cell_extra_nand2, "cell_extra_nand2", "", "1", 0, 1000,
                  "cell logic besides the full adder in NAND2 equivalents (1: the AND of input "
                  "and weight bit)"),
       real_field(&P::cell_activity, "cell_activity", "", "0.5", 0, 16,
                  "toggles per cell logic node and evaluation for typical data (glitches in the "
                  "ripple chains can make it exceed 1)"),
       real_field(&P::line_load_fF, "line_load_fF", "fF", "0", 0, kInf,
                  "load one cell adds to its word line besides the wire (cell pitch x 0.2 "
                  "fF/um) and one gate input"),
       real_field(&P::control_area_um2, "control_area_um2", "um2", "0", 0, kInf,
                  "control, timing and I/O of one array (as written)")},
      {}};
  return t;
}

const core::ComponentSchema& array_schema() { return param_table(ArrayParams{}).schema(); }
const core::ComponentSchema& analog_array_schema() {
  return param_table(AnalogArrayParams{}).schema();
}
const core::ComponentSchema& digital_macro_schema() {
  return param_table(DigitalMacroParams{}).schema();
}
const core::ComponentSchema& charge_array_schema() {
  return param_table(ChargeArrayParams{}).schema();
}
const core::ComponentSchema& column_adder_schema() {
  return param_table(ColumnAdderParams{}).schema();
}

namespace {

AnalogArrayParams read_analog(const core::ConfigSection& s, bool signed_weights, bool signed_inputs,
                              const tech::TechParams& t) {
  AnalogArrayParams p;
  p.path = s.path();
  // Written (0 too) means that energy; absent means the conductance model, whose conduction
  // time read_pulse_ns must then be written (it is not the settle time).
  p.cell_energy_given = s.has("cell_read_energy_fJ");
  if (!signed_weights) {
    p.signed_mode = SignedMode::Unsigned;  // signed_mode does not apply (its field is skipped)
    if (s.has("signed_mode"))
      s.fail("signed_mode", "expected no signed_mode with signed_weights: false");
  }
  param_table(p).read(s, p);
  if (!signed_inputs && p.input_sign == AnalogArrayParams::InputSign::Polarity)
    s.fail("input_sign", "expected no input_sign: polarity with signed_inputs: false");
  if (!p.cell_energy_given) s.computed("cell_read_energy_fJ");
  if (p.G_off_uS >= p.G_on_uS)
    s.fail("G_off_uS", "expected G_off_uS below G_on_uS (" + std::to_string(p.G_on_uS) + ")");
  p.cell_energy_source = p.cell_energy_given
                             ? core::source(p, &AnalogArrayParams::cell_read_energy_fJ)
                             : core::source(p, &AnalogArrayParams::read_voltage_V) +
                                   "^2 x (G_on+G_off)/2 x " +
                                   core::source(p, &AnalogArrayParams::read_pulse_ns);
  if (p.line_energy == AnalogArrayParams::LineEnergy::Wires && !t.has_node())
    s.fail("line_energy", "expected chip.tile.pe.tech.node_nm for line_energy: wires");
  if (p.stuck_on_rate + p.stuck_off_rate > 1)
    s.fail("stuck_off_rate", "expected stuck_on_rate + stuck_off_rate <= 1");
  return p;
}

void apply_models(const core::ConfigSection& s, const ArrayParams& a, DigitalMacroParams& p,
                  const tech::TechParams& t) {
  using P = DigitalMacroParams;
  double P::*energy[5] = {&P::bitcell_energy_fJ, &P::adder_tree_energy_fJ, &P::shift_acc_energy_fJ,
                          &P::driver_energy_fJ, &P::control_energy_fJ};
  double P::*area[5] = {&P::bitcell_area_um2, &P::adder_tree_area_um2, &P::shift_acc_area_um2,
                        &P::driver_area_um2, &P::control_area_um2};
  for (int i = 0; i < 5; ++i) {
    p.energy_source[i] = core::source(p, energy[i]);
    p.area_source[i] = core::source(p, area[i]);
  }
  const bool gates_e = p.energy_model == P::Model::Gates, gates_a = p.area_model == P::Model::Gates;
  if (!gates_e && !gates_a) return;
  if (!t.has_node())
    s.fail(gates_e ? "energy_model" : "area_model",
           "expected chip.tile.pe.tech.node_nm for the gate model");
  if (gates_a && p.bitcell_F2 > 0 && s.has("bitcell_area_um2"))
    s.fail("bitcell_F2", "expected either bitcell_F2 or bitcell_area_um2, not both");
  const DcimGateFigures g = dcim_gate_figures(a, p, t);
  static const char* kWhat[5] = {"bitcell (1 NAND2)", "adder tree", "shift-acc", "driver",
                                 "control (clock pins)"};
  for (int i = 0; i < 5; ++i) {
    const std::string& key = param_table(p).key_of(energy[i]);
    if (gates_e && !s.has(key)) {
      s.computed(key);
      p.*energy[i] = g.energy_fJ[i];
      p.energy_source[i] =
          "gate model: " + std::string(kWhat[i]) + " at " + t.path + ".node_nm (" +
          core::format_bound(t.node_nm) + " nm), " +
          tech::supply_source(t, i == 0 || i == 3 ? tech::Domain::Array : tech::Domain::Digital) +
          (i < 4 ? ", x " + core::source(p, &P::activity) : std::string());
    }
    const std::string& akey = param_table(p).key_of(area[i]);
    if (gates_a && i < 4 && !s.has(akey) && (i != 0 || p.bitcell_F2 > 0)) {
      s.computed(akey);
      p.*area[i] = g.area_um2[i];
      p.area_source[i] = i == 0 ? core::source(p, &P::bitcell_F2) + " x F^2"
                                : "gate model: " + std::string(kWhat[i]) + " standard cells at " +
                                      core::format_bound(t.node_nm) + " nm";
    }
  }
}

DigitalMacroParams read_digital(const core::ConfigSection& s, const ArrayParams& a,
                                const tech::TechParams& t) {
  const int rows = a.rows;
  DigitalMacroParams p;
  p.path = s.path();
  param_table(p).read(s, p);
  if (rows % p.compartments != 0)
    s.fail("compartments", "expected a divisor of rows (" + std::to_string(rows) + "), got " +
                               std::to_string(p.compartments));
  const int per = rows / p.compartments;
  if (per % p.rows_active_per_compartment != 0)
    s.fail("rows_active_per_compartment", "expected a divisor of the rows per compartment (" +
                                              std::to_string(per) + "), got " +
                                              std::to_string(p.rows_active_per_compartment));
  apply_models(s, a, p, t);
  return p;
}

ChargeArrayParams read_charge(const core::ConfigSection& s, const tech::TechParams& t) {
  ChargeArrayParams p;
  p.path = s.path();
  param_table(p).read(s, p);
  if (p.bitcell_F2 > 0 && s.has("cell_area_um2"))
    s.fail("bitcell_F2", "expected either bitcell_F2 or cell_area_um2, not both");
  if (p.bitcell_F2 > 0 && !t.has_node())
    s.fail("bitcell_F2", "expected chip.tile.pe.tech.node_nm for bitcell_F2");
  // The line energies charge to the array supply: a node (nominal supply) or array_V is needed.
  if (!t.has_node() && t.array_V <= 0)
    s.fail("line_load_fF",
           "expected chip.tile.pe.tech.node_nm or tech.array_V (the supply the "
           "charge-domain lines swing to)");
  return p;
}

ColumnAdderParams read_column_adder(const core::ConfigSection& s, const ArrayParams& a,
                                    const tech::TechParams& t) {
  ColumnAdderParams p;
  p.path = s.path();
  param_table(p).read(s, p);
  if (a.rows % p.registers_per_column != 0)
    s.fail("registers_per_column", "expected a divisor of rows (" + std::to_string(a.rows) +
                                       "), got " + std::to_string(p.registers_per_column));
  // The gate model needs a node: every energy and area of this type comes from it.
  if (!t.has_node())
    s.fail("sram_cell_F2",
           "expected chip.tile.pe.tech.node_nm (a column-adder array's energies and areas come "
           "from gate counts at the node)");
  return p;
}

}  // namespace

ArrayParams read_array_params(const core::ConfigSection& s, const tech::TechParams& t) {
  ArrayParams p;
  p.path = s.path();
  p.tech = t;
  param_table(p).read(s, p);
  if (p.type == ArrayType::Digital) {
    // Weight bits sit side by side on the bitlines: a weight needs weight_bits columns.
    if (p.cols % p.weight_bits != 0)
      s.fail("cols", "expected a multiple of weight_bits (" + std::to_string(p.weight_bits) +
                         ") for a digital macro, got " + std::to_string(p.cols));
    p.digital = read_digital(s.section("digital", digital_macro_schema()), p, t);
  } else if (p.type == ArrayType::Charge) {
    if (p.cols % p.weight_bits != 0)
      s.fail("cols", "expected a multiple of weight_bits (" + std::to_string(p.weight_bits) +
                         ") for a charge-domain array of 1-bit cells, got " +
                         std::to_string(p.cols));
    p.charge = read_charge(s.section("charge", charge_array_schema()), t);
  } else if (p.type == ArrayType::ColumnAdder) {
    p.column_adder = read_column_adder(s.section("column_adder", column_adder_schema()), p, t);
    const int cpw = column_adder_columns_per_weight(p);
    if (cpw > p.cols)
      s.fail("cols", "expected at least " + std::to_string(cpw) + " columns: one " +
                         std::to_string(p.weight_bits) +
                         "-bit weight with its guard columns "
                         "for " +
                         std::to_string(p.rows) + " rows takes " + std::to_string(cpw) + ", got " +
                         std::to_string(p.cols));
  } else {
    p.analog = read_analog(s.section("analog", analog_array_schema()), p.signed_weights,
                           p.signed_inputs, t);
  }
  return p;
}

const char* to_string(ArrayType t) {
  switch (t) {
    case ArrayType::Digital:
      return "digital";
    case ArrayType::Analog:
      return "analog";
    case ArrayType::Charge:
      return "charge";
    case ArrayType::ColumnAdder:
      return "column_adder";
  }
  return "?";
}

const char* to_string(SignedMode m) {
  switch (m) {
    case SignedMode::Differential:
      return "differential";
    case SignedMode::Offset:
      return "offset";
    case SignedMode::Unsigned:
      return "unsigned";
  }
  return "?";
}

}  // namespace cimsim::crossbar
