#pragma once
// Parameters of one PE (chip.tile.pe): M arrays with their converters, shift-and-add units and
// input/output registers. `read_pe_params` reads the whole subtree; keys that do not apply to the
// array type (the analog part, ADC, DAC, S+H and shift-add of a digital PE; the digital part of an
// analog PE; the integrator of a charge-domain PE) are never read, so writing them is an error.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/adc/converter_params.h"
#include "sim/core/config.h"
#include "sim/core/param_table.h"
#include "sim/core/params.h"
#include "sim/crossbar/array_params.h"
#include "sim/tech/technology.h"

namespace cimsim::pe {

struct ShiftAddParams {
  int units = 1;                                // shift-and-add units of the PE
  double energy_per_op_fJ = 20;                 // one ADC result shifted and added
  double area_um2 = 0;                          // one unit
  int latency_cycles = 1;                       // from the last conversion to the finished output
  std::string path = "chip.tile.pe.shift_add";  // where it was read from (names sources)
};

struct RegisterParams {
  int64_t bytes = 0;             // capacity; 0 = exactly what one PE activation needs
  int output_bits = 16;          // output register only: bits kept per output
  double energy_per_bit_fJ = 0;  // one bit written or read
  double area_um2_per_byte = 0;
  double leakage_uW = 0;
  std::string path = "";  // chip.tile.pe.input_register or .output_register
  static RegisterParams at(std::string where) {
    RegisterParams r;
    r.path = std::move(where);
    return r;
  }
};

struct PeParams {
  int arrays = 1;
  double clock_MHz = 1000;  // PE clock domain: every PE latency is an integer number of its cycles
  // The PE's control and other periphery the array models do not size (sequencer, decoders,
  // timing, I/O), as written: area [µm²] and static power [µW] of one PE.
  double control_area_um2 = 0;
  double control_leakage_uW = 0;
  tech::TechParams tech;  // node and supplies (chip.tile.pe.tech); copied into the components
  crossbar::ArrayParams array;
  adc::AdcParams adc;                 // analog and charge arrays only
  adc::DacParams dac;                 // analog and charge arrays only
  adc::SampleHoldParams sample_hold;  // analog and charge arrays only
  adc::IntegratorParams integrator;   // analog only (absent: no integrator)
  // Analog and charge arrays only (a digital macro has its own shift-accumulators).
  ShiftAddParams shift_add;
  RegisterParams input_register = RegisterParams::at("chip.tile.pe.input_register");
  RegisterParams output_register = RegisterParams::at("chip.tile.pe.output_register");
  std::string path = "chip.tile.pe";  // where it was read from (names energy sources)
};

// Parameter tables (sim/core/param_table.h); RegisterParams' is the output register's.
const core::ParamTable<PeParams>& param_table(const PeParams&);
const core::ParamTable<ShiftAddParams>& param_table(const ShiftAddParams&);
const core::ParamTable<RegisterParams>& param_table(const RegisterParams&);

const core::ComponentSchema& pe_schema();
const core::ComponentSchema& shift_add_schema();
const core::ComponentSchema& input_register_schema();
const core::ComponentSchema& output_register_schema();
// Every schema of the PE subtree, parents first (for `cimsim describe`).
std::vector<const core::ComponentSchema*> pe_component_schemas();

// Reads chip.tile.pe (`pe` is that section, opened with pe_schema()).
PeParams read_pe_params(const core::ConfigSection& pe);

}  // namespace cimsim::pe
