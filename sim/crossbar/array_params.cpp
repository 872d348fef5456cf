#include "sim/crossbar/array_params.h"

namespace cimsim::crossbar {

using core::bool_param;
using core::choice_param;
using core::int_param;
using core::kInf;
using core::real_param;

const core::ComponentSchema& array_schema() {
  static const core::ComponentSchema s{
      "array",
      "chip.tile.pe.array",
      "one compute array: digital SRAM CIM macro or analog ReRAM crossbar",
      {choice_param("type", "", {"digital", "analog"},
                    "digital: SRAM CIM macro, ADC-less; analog: ReRAM crossbar with DACs and ADCs"),
       int_param("rows", "", "", 1, 65536, "wordlines (inputs) of one array"),
       int_param("cols", "", "", 1, 65536, "bitlines (physical columns) of one array"),
       int_param("weight_bits", "bit", "8", 1, 16, "bits of one weight"),
       int_param("input_bits", "bit", "8", 1, 16, "bits of one input (applied bit-serially)"),
       bool_param("signed_weights", "true", "weights are two's-complement signed"),
       bool_param("signed_inputs", "false", "inputs are two's-complement signed"),
       real_param("leakage_uW", "uW", "0", 0, kInf, "static power of one array")},
      {"analog", "digital"}};
  return s;
}

const core::ComponentSchema& analog_array_schema() {
  static const core::ComponentSchema s{
      "analog",
      "chip.tile.pe.array.analog",
      "ReRAM crossbar parameters (array type: analog only)",
      {int_param("cell_bits", "bit", "2", 1, 8, "bits per cell (2^cell_bits conductance levels)"),
       choice_param("signed_mode", "offset", {"differential", "offset"},
                    "signed weights: differential column pairs, or one column group holding "
                    "W+2^(B-1) with the offset removed digitally"),
       real_param("G_on_uS", "uS", "100", 1e-6, kInf, "highest cell conductance"),
       real_param("G_off_uS", "uS", "1", 0, kInf, "lowest cell conductance"),
       real_param("read_voltage_V", "V", "0.2", 1e-3, 5, "read voltage of a fully-on input"),
       real_param("settle_ns", "ns", "10", 0, kInf,
                  "one input step: DAC drive, column settle and sample-and-hold acquisition"),
       real_param(
           "cell_read_energy_fJ", "fJ", "0", 0, kInf,
           "energy of one cell for one input step; 0 = V_read^2 x (G_on+G_off)/2 x settle_ns"),
       real_param("cell_area_um2", "um2", "0.01", 0, kInf, "area of one cell"),
       real_param("variation_sigma", "", "0", 0, 2,
                  "device-to-device lognormal sigma of conductance"),
       real_param("stuck_on_rate", "", "0", 0, 1, "fraction of cells stuck at G_on"),
       real_param("stuck_off_rate", "", "0", 0, 1, "fraction of cells stuck at G_off"),
       real_param("read_noise_sigma", "", "0", 0, 1,
                  "relative Gaussian sigma of a column current per read"),
       real_param("wire_resistance_ohm", "ohm", "0", 0, kInf,
                  "wire resistance per cell pitch (first-order IR drop)"),
       core::bool_param("flip_encoding", "false",
                        "ISAAC's encoding: a column whose levels sum over half the maximum is "
                        "stored flipped, halving the ADC's full scale"),
       int_param("seed", "", "1", 0, 9.0e15,
                 "seed of the device draws (variation, faults, noise)")},
      {}};
  return s;
}

const core::ComponentSchema& digital_macro_schema() {
  static const core::ComponentSchema s{
      "digital",
      "chip.tile.pe.array.digital",
      "digital SRAM CIM macro parameters (array type: digital only): bit-serial inputs, in-cell "
      "AND, "
      "adder tree, shift-accumulate",
      {int_param("compartments", "", "1", 1, 65536,
                 "row groups with their own local compute; rows must divide"),
       int_param("rows_active_per_compartment", "", "1", 1, 65536,
                 "wordlines evaluated per compartment per cycle"),
       int_param(
           "overhead_cycles_per_pass", "cycles", "0", 0, 1024,
           "cycles added to each pass over one row group (precharge, adder pipeline, write-back)"),
       real_param("bitcell_energy_fJ", "fJ", "0.5", 0, kInf,
                  "one cell's in-cell AND for one input bit"),
       real_param("adder_tree_energy_fJ", "fJ", "10", 0, kInf,
                  "one column's adder tree (popcount) for one cycle"),
       real_param("shift_acc_energy_fJ", "fJ", "20", 0, kInf,
                  "one output's shift-accumulate for one cycle"),
       real_param("driver_energy_fJ", "fJ", "4", 0, kInf,
                  "one active wordline/input driver for one cycle"),
       real_param("control_energy_fJ", "fJ", "50", 0, kInf,
                  "control and clock tree, per macro cycle"),
       real_param("bitcell_area_um2", "um2", "0.6", 0, kInf, "one cell: storage + local compute"),
       real_param("adder_tree_area_um2", "um2", "60", 0, kInf, "one column's adder tree"),
       real_param("shift_acc_area_um2", "um2", "150", 0, kInf, "one output's shift-accumulator"),
       real_param("driver_area_um2", "um2", "4", 0, kInf, "one row's wordline/input driver"),
       real_param("control_area_um2", "um2", "0", 0, kInf, "control, timing and I/O of the macro")},
      {}};
  return s;
}

namespace {

AnalogArrayParams read_analog(const core::ConfigSection& s, bool signed_weights) {
  AnalogArrayParams p;
  p.cell_bits = static_cast<int>(s.get_int("cell_bits"));
  if (signed_weights) {
    p.signed_mode = s.get_string("signed_mode") == "differential" ? SignedMode::Differential
                                                                  : SignedMode::Offset;
  } else {
    p.signed_mode = SignedMode::Unsigned;
    if (s.has("signed_mode"))
      s.fail("signed_mode", "expected no signed_mode with signed_weights: false");
  }
  p.G_on_uS = s.get_real("G_on_uS");
  p.G_off_uS = s.get_real("G_off_uS");
  if (p.G_off_uS >= p.G_on_uS)
    s.fail("G_off_uS", "expected G_off_uS below G_on_uS (" + std::to_string(p.G_on_uS) + ")");
  p.read_voltage_V = s.get_real("read_voltage_V");
  p.settle_ns = s.get_real("settle_ns");
  p.cell_read_energy_fJ = s.get_real("cell_read_energy_fJ");
  p.cell_energy_source =
      p.cell_read_energy_fJ > 0
          ? s.key_path("cell_read_energy_fJ")
          : s.key_path("read_voltage_V") + "^2 x (G_on+G_off)/2 x " + s.key_path("settle_ns");
  p.cell_area_um2 = s.get_real("cell_area_um2");
  p.variation_sigma = s.get_real("variation_sigma");
  p.stuck_on_rate = s.get_real("stuck_on_rate");
  p.stuck_off_rate = s.get_real("stuck_off_rate");
  if (p.stuck_on_rate + p.stuck_off_rate > 1)
    s.fail("stuck_off_rate", "expected stuck_on_rate + stuck_off_rate <= 1");
  p.read_noise_sigma = s.get_real("read_noise_sigma");
  p.wire_resistance_ohm = s.get_real("wire_resistance_ohm");
  p.flip_encoding = s.get_bool("flip_encoding");
  p.seed = static_cast<uint64_t>(s.get_int("seed"));
  return p;
}

DigitalMacroParams read_digital(const core::ConfigSection& s, int rows) {
  DigitalMacroParams p;
  p.compartments = static_cast<int>(s.get_int("compartments"));
  if (rows % p.compartments != 0)
    s.fail("compartments", "expected a divisor of rows (" + std::to_string(rows) + "), got " +
                               std::to_string(p.compartments));
  p.rows_active_per_compartment = static_cast<int>(s.get_int("rows_active_per_compartment"));
  const int per = rows / p.compartments;
  if (per % p.rows_active_per_compartment != 0)
    s.fail("rows_active_per_compartment", "expected a divisor of the rows per compartment (" +
                                              std::to_string(per) + "), got " +
                                              std::to_string(p.rows_active_per_compartment));
  p.overhead_cycles_per_pass = static_cast<int>(s.get_int("overhead_cycles_per_pass"));
  p.bitcell_energy_fJ = s.get_real("bitcell_energy_fJ");
  p.adder_tree_energy_fJ = s.get_real("adder_tree_energy_fJ");
  p.shift_acc_energy_fJ = s.get_real("shift_acc_energy_fJ");
  p.driver_energy_fJ = s.get_real("driver_energy_fJ");
  p.control_energy_fJ = s.get_real("control_energy_fJ");
  p.bitcell_area_um2 = s.get_real("bitcell_area_um2");
  p.adder_tree_area_um2 = s.get_real("adder_tree_area_um2");
  p.shift_acc_area_um2 = s.get_real("shift_acc_area_um2");
  p.driver_area_um2 = s.get_real("driver_area_um2");
  p.control_area_um2 = s.get_real("control_area_um2");
  p.source_prefix = s.path();
  return p;
}

}  // namespace

ArrayParams read_array_params(const core::ConfigSection& s) {
  ArrayParams p;
  p.type = s.get_string("type") == "digital" ? ArrayType::Digital : ArrayType::Analog;
  p.rows = static_cast<int>(s.get_int("rows"));
  p.cols = static_cast<int>(s.get_int("cols"));
  p.weight_bits = static_cast<int>(s.get_int("weight_bits"));
  p.input_bits = static_cast<int>(s.get_int("input_bits"));
  p.signed_weights = s.get_bool("signed_weights");
  p.signed_inputs = s.get_bool("signed_inputs");
  p.leakage_uW = s.get_real("leakage_uW");
  if (p.type == ArrayType::Digital) {
    // Weight bits sit side by side on the bitlines: a weight needs weight_bits columns.
    if (p.cols % p.weight_bits != 0)
      s.fail("cols", "expected a multiple of weight_bits (" + std::to_string(p.weight_bits) +
                         ") for a digital macro, got " + std::to_string(p.cols));
    p.digital = read_digital(s.section("digital", digital_macro_schema()), p.rows);
  } else {
    p.analog = read_analog(s.section("analog", analog_array_schema()), p.signed_weights);
  }
  return p;
}

const char* to_string(ArrayType t) { return t == ArrayType::Digital ? "digital" : "analog"; }

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
