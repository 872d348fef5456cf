#pragma once
// Parameters of one compute array: an analog ReRAM crossbar, a digital SRAM CIM macro, a
// charge-domain SRAM array or a column-adder SRAM array. `ArrayParams` holds what they share; the
// type-specific parts sit in AnalogArrayParams, DigitalMacroParams, ChargeArrayParams and
// ColumnAdderParams (YAML: chip.tile.pe.array.analog / .digital / .charge / .column_adder; those
// that do not apply must be absent, which the config system enforces because they are never
// read).
#include <array>
#include <cstdint>
#include <string>

#include "sim/core/config.h"
#include "sim/core/param_table.h"
#include "sim/core/params.h"
#include "sim/tech/technology.h"

namespace cimsim::crossbar {

enum class ArrayType { Digital, Analog, Charge, ColumnAdder };
// How signed weights are stored in an analog crossbar:
//   Differential : a positive and a negative column group per weight, subtracted after the ADC;
//   Offset       : one column group holding W + 2^(B−1); the offset × Σ inputs is removed
//                  digitally (ISAAC's scheme);
//   Unsigned     : weights are non-negative (signed_weights: false).
enum class SignedMode { Differential, Offset, Unsigned };

struct AnalogArrayParams {
  int cell_bits = 2;  // bits per cell: 2^cell_bits conductance levels
  SignedMode signed_mode = SignedMode::Offset;
  double G_on_uS = 100;  // highest conductance [µS]
  double G_off_uS = 1;   // lowest conductance [µS]
  double read_voltage_V = 0.2;
  double settle_ns = 10;  // DAC drive + array settle + S+H acquisition of one input step [ns]
  // Energy of one cell for one input step [fJ]: as written when the config gives it (0 too), else
  // the conductance model V_read² · (G_on+G_off)/2 · read_pulse_ns (the real conduction time,
  // which the config must then give: it is not the settle time).
  double cell_read_energy_fJ = 0;
  bool cell_energy_given = false;  // cell_read_energy_fJ was written (the reader sets it)
  double read_pulse_ns = 10;       // conduction time of one input step (conductance model)
  // Word-line and bit-line switching: none, or wires: each driven row charges its word line
  // (cols × cell pitch × 0.2 fF/µm + cols × line_load_fF) to the array supply once per step, and
  // each column charges its bit line (rows × pitch × 0.2 fF/µm + rows × line_load_fF) to the read
  // voltage; the pitch is √cell_area_um2. Needs chip.tile.pe.tech.node_nm.
  enum class LineEnergy { None, Wires } line_energy = LineEnergy::None;
  double line_load_fF = 0;  // capacitance each cell adds to its word and bit line
  double cell_area_um2 = 0.01;
  // Non-idealities, all off by default; drawn once when weights are programmed, from `seed`.
  double variation_sigma = 0;      // device-to-device lognormal σ of conductance (median kept)
  double stuck_on_rate = 0;        // probability a cell is stuck at G_on
  double stuck_off_rate = 0;       // probability a cell is stuck at G_off
  double read_noise_sigma = 0;     // relative Gaussian σ of each column current per read
  double wire_resistance_ohm = 0;  // wire resistance of one cell pitch (first-order IR drop)
  // Conductance drift after programming (power law of Ielmini et al., IEEE TED 54(2), 2007, used
  // for PCM and ReRAM relaxation): G(t) = G(t0) · (t / t0)^(−ν), ν ~ N(drift_nu, drift_nu_sigma)
  // per cell (clipped at 0), for t > t0. Stuck cells do not drift.
  double drift_time_s = 0;    // time since programming; ≤ drift_t0_s = no drift
  double drift_t0_s = 1;      // reference time at which the programmed conductance holds
  double drift_nu = 0;        // mean drift exponent (PCM ~0.05; Joshi et al., Nat. Commun. 2020)
  double drift_nu_sigma = 0;  // device-to-device σ of the exponent
  // Global drift compensation: every column current is multiplied by (t / t0)^drift_nu, which
  // undoes the mean drift exactly and leaves only the spread of ν (Joshi et al. 2020, "GDC").
  bool drift_compensation = false;
  // Errors of the column readout, one draw per ADC (column c uses ADC c / cols_per_adc), fixed
  // for the programmed array: the ADC sees x·(1 + gain) + offset·LSB before it quantizes.
  double adc_offset_sigma_lsb = 0;  // σ of the input-referred offset [LSB]
  double adc_gain_sigma = 0;        // σ of the relative gain error
  // ISAAC's weight encoding (Shafiee et al., ISCA 2016): a column whose stored levels sum to more
  // than half of rows x top level is stored flipped (top level - level) with a flag; the true sum
  // is top level x Σ inputs minus the converted one. Every column sum then stays within half the
  // unflipped range, so the ADC's full scale (and with it the bits needed for LSB 1) halves.
  bool flip_encoding = false;
  // Signed inputs (signed_inputs: true): offset, shifted to unsigned and applied over input_bits
  // steps with the offset removed digitally; or polarity, the sign sets the pulse polarity and
  // only the max(1, input_bits − 1) magnitude bits are applied (NeuRRAM).
  enum class InputSign { Offset, Polarity } input_sign = InputSign::Offset;
  uint64_t seed = 1;
  std::string path = "chip.tile.pe.array.analog";  // where it was read from (names sources)
  // Config key(s) of the cell energy (see read_array_params).
  std::string cell_energy_source =
      "chip.tile.pe.array.analog.read_voltage_V^2 x (G_on+G_off)/2 x "
      "chip.tile.pe.array.analog.settle_ns";
};

struct DigitalMacroParams {
  int compartments = 1;                 // row groups, each with its own local compute
  int rows_active_per_compartment = 1;  // wordlines evaluated per compartment per cycle
  int overhead_cycles_per_pass = 0;  // per pass over one row group: precharge, pipeline, write-back
  // Energy per event [fJ].
  double bitcell_energy_fJ = 0.5;    // one cell's in-cell AND for one input bit
  double adder_tree_energy_fJ = 10;  // one column's adder tree for one cycle
  double shift_acc_energy_fJ = 20;   // one output's shift-accumulate for one cycle
  double driver_energy_fJ = 4;       // one active wordline/input driver for one cycle
  double control_energy_fJ = 50;     // control and clocking, per cycle
  // Area [µm²].
  double bitcell_area_um2 = 0.6;    // one cell (storage + local compute)
  double adder_tree_area_um2 = 60;  // one column's adder tree
  double shift_acc_area_um2 = 150;  // one output's shift-accumulator
  double driver_area_um2 = 4;       // one row's driver
  double control_area_um2 = 0;      // control, timing, I/O of the macro
  // Models: given = the energies/areas above; gates = each one the config does not write comes
  // from gate counts × a unit full adder at the node and supply (sim/crossbar/dcim_gates.h).
  enum class Model { Given, Gates };
  Model energy_model = Model::Given;
  Model area_model = Model::Given;
  double activity = 0.5;  // gates: fraction of logic nodes toggling per evaluation (data)
  double bitcell_F2 = 0;  // gates area: one cell in F² (0: bitcell_area_um2 as written)
  std::string path = "chip.tile.pe.array.digital";  // where it was read from (names sources)
  // Source of each energy and area (config key or the gate model), in DcimEvent order:
  // bitcell, adder tree, shift-acc, driver, control.
  std::array<std::string, 5> energy_source;
  std::array<std::string, 5> area_source;
};

// A charge-domain SRAM array (Sinangil et al., JSSC 2021; Jia et al., JSSC 2020): 1-bit cells
// couple charge onto their column's compute line while their row's input pulses; the PE's DACs
// (1 bit: bit-serial; more bits: voltage levels or, energy_model temporal, pulse counts) drive
// the rows and its ADCs convert. With binary_caps the bit columns of one weight are charge-shared
// over binary-weighted capacitors (2^weight_bits units, the termination included) and converted
// once per weight; with c2c every MAC unit (row × weight) weights its bits on a C-2C ladder
// (3 units per bit: C and 2C) and the units share charge along the weight's line, converted once
// per weight (Wang et al., VLSI 2022); with per_column every column is converted and shift-added
// as in a crossbar.
// Energies (sim/pe/charge_array_model.cpp, docs/arrays.md): a word line (cols cells of pitch
// √cell_area × 0.2 fF/µm + line_load_fF each) charged to tech.array_V per input pulse; a compute
// line (rows cells, the same per-cell load) swung from the array supply by the share of its
// largest sum it carries, C·V²·(sum / largest); the weighting capacitors likewise.
struct ChargeArrayParams {
  enum class Weighting { BinaryCaps, C2C, PerColumn } weighting = Weighting::BinaryCaps;
  // Stored weight sets per active cell, one active (Wang et al.: 8): the cells' area and the
  // compute lines' length take them all.
  int weight_sets = 1;
  int step_cycles = 1;           // PE cycles of one input step: pulses, charge sharing, sampling
  double line_load_fF = 0;       // capacitance one cell adds to its word line and its compute line
  double cell_area_um2 = 0;      // one cell (0 with bitcell_F2 > 0)
  double bitcell_F2 = 0;         // one cell in F² at tech.node_nm (0: cell_area_um2)
  double weighting_unit_fF = 1;  // unit capacitor of the binary weighting
  double capacitor_density_fF_per_um2 = 2;         // area density of the weighting capacitors
  std::string path = "chip.tile.pe.array.charge";  // where it was read from (names sources)
  // One conversion per weight (binary caps or a C-2C ladder), not per bit column.
  bool per_weight() const { return weighting != Weighting::PerColumn; }
  double cell_um2(double node_nm) const {
    return bitcell_F2 > 0 ? bitcell_F2 * node_nm * node_nm * 1e-6 : cell_area_um2;
  }
};

// A digital SRAM array with a full adder in every cell (Colonnade: Kim et al., JSSC 2021): one
// input bit per cycle reaches every row; each cell ANDs it with its weight bit and adds the
// product into the partial sum arriving from the row above, a weight's cells of one row forming
// a ripple-carry adder as wide as the weight plus ceil(log2(rows)) guard columns (so a column's
// sum never overflows); registers_per_column pipeline registers cut the columns into segments,
// and a shift-accumulator per weight combines the input bits. No converters. Energies and areas
// come from gate counts at the PE's node and digital supply (sim/crossbar/column_adder_array.h).
struct ColumnAdderParams {
  int registers_per_column = 1;  // pipeline registers cutting each column into equal segments
  // true: the next input bit enters as soon as the first segment is free (one bit per cycle);
  // false: a bit flushes through every segment before the next one enters.
  bool bit_pipelined = true;
  // Delay of one in-cell full adder [ps], at tech.clock_reference_V (alpha-power law) or as
  // written without one; sets the critical path and so the fastest clock.
  double full_adder_delay_ps = 400;
  // given: the PE clock_MHz; critical_path: the fastest clock the critical path allows.
  enum class Clock { Given, CriticalPath } clock = Clock::Given;
  double sram_cell_F2 = 150;    // the storage part of a cell (6T SRAM) in F²
  double cell_extra_nand2 = 1;  // cell logic besides the full adder, in NAND2 equivalents
  double cell_activity = 0.5;   // toggles per logic node and evaluation (ripple glitches: > 1)
  double line_load_fF = 0;      // extra load one cell puts on its word line (besides wire + gate)
  double control_area_um2 = 0;  // control, timing, I/O of the array
  std::string path = "chip.tile.pe.array.column_adder";  // where it was read from
};

struct ArrayParams {
  ArrayType type = ArrayType::Analog;
  int rows = 128;
  int cols = 128;
  int weight_bits = 8;
  int input_bits = 8;
  bool signed_weights = true;
  bool signed_inputs = false;
  double leakage_uW = 0;                    // static power of one array [µW]
  std::string path = "chip.tile.pe.array";  // where it was read from (names sources)
  AnalogArrayParams analog;
  DigitalMacroParams digital;
  ChargeArrayParams charge;
  ColumnAdderParams column_adder;
  tech::TechParams tech;  // the PE's technology (read_pe_params sets it)
};

// 2^k (k in [0, 62]).
inline int64_t pow2(int k) { return int64_t{1} << k; }
// The integers a weight or an input of `bits` bits holds: [−2^(B−1), 2^(B−1) − 1] signed,
// [0, 2^B − 1] unsigned.
struct IntRange {
  int64_t lo = 0, hi = 0;
};
inline IntRange value_range(int bits, bool is_signed) {
  return is_signed ? IntRange{-pow2(bits - 1), pow2(bits - 1) - 1} : IntRange{0, pow2(bits) - 1};
}

// Parameter tables (sim/core/param_table.h).
const core::ParamTable<ArrayParams>& param_table(const ArrayParams&);
const core::ParamTable<AnalogArrayParams>& param_table(const AnalogArrayParams&);
const core::ParamTable<DigitalMacroParams>& param_table(const DigitalMacroParams&);
const core::ParamTable<ChargeArrayParams>& param_table(const ChargeArrayParams&);
const core::ParamTable<ColumnAdderParams>& param_table(const ColumnAdderParams&);

const core::ComponentSchema& array_schema();
const core::ComponentSchema& analog_array_schema();
const core::ComponentSchema& digital_macro_schema();
const core::ComponentSchema& charge_array_schema();
const core::ComponentSchema& column_adder_schema();
// Reads chip.tile.pe.array (and its analog, digital, charge or column-adder part, whichever `type`
// says); `t` is
// the PE's technology (component models that need a node fail without one).
ArrayParams read_array_params(const core::ConfigSection& s, const tech::TechParams& t = {});

const char* to_string(ArrayType t);
const char* to_string(SignedMode m);

}  // namespace cimsim::crossbar
