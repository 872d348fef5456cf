#pragma once
// Parameters of the data converters at the edge of an analog array: ADCs (or 1-bit sense
// amplifiers), input DACs and sample-and-hold stages. Plain structs: models never see YAML.
// Schemas and readers live here too (one ComponentSchema per component, `cimsim describe`).
#include <string>

#include "sim/core/config.h"
#include "sim/core/param_table.h"
#include "sim/core/params.h"
#include "sim/tech/technology.h"

namespace cimsim::adc {

// Ramp: a single-slope / integrating converter that counts 2^B steps per conversion. Serial: one
// decision per bit, a step each (NeuRRAM's charge-decrement neuron); a conversion of an input
// step of lower significance resolves only the bits that survive its shift (adc_bits_resolved).
enum class AdcType { Sar, Flash, SenseAmp, Ramp, Serial };
// How the energy per conversion is obtained:
//   Given  : energy_per_conversion_pJ as written in the config;
//   ZigZag : (100·B + 0.001·4^B)·Vdd² fJ (ZigZag-IMC's ADC model, DESIGN.md §7);
//   Flash  : (2^B − 1) comparators × comparator_energy_fJ (ramp type: 2^B comparator steps);
//   Survey : the envelope of Murmann's ADC survey, max(Walden FoM·2^B, Schreier bound), scaled
//            by (V / V_nominal)² at the periphery supply (adc_energy_per_conversion_pJ);
//   PerStep: energy_per_step_pJ × the steps of one conversion (adc_steps: ramp 2^B, serial and
//            SAR one per bit resolved, flash 2^B − 1 comparators, sense amplifier 1).
enum class AdcEnergyModel { Given, ZigZag, Flash, Survey, PerStep };
// How the area of one ADC is obtained: given, or ZigZag-IMC's fit 10^(1.206 − 0.0369·B)·2^B µm²
// (DESIGN.md §7; the fit names no node and is used as is).
enum class AdcAreaModel { Given, ZigZag };

struct AdcParams {
  AdcType type = AdcType::Sar;
  int bits = 8;
  double sample_rate_MHz = 1000;  // conversions per µs of one ADC [MHz = MS/s]
  int cols_per_adc = 1;           // columns sharing one ADC through a mux
  AdcEnergyModel energy_model = AdcEnergyModel::Given;
  double energy_per_conversion_pJ = 1.0;  // used with Given
  double supply_V = 1.0;                  // used with ZigZag
  double comparator_energy_fJ = 10.0;     // used with Flash
  double walden_fom_fJ = 5.0;             // used with Survey: energy per conversion step
  double schreier_fom_dB = 180.0;         // used with Survey: thermal-noise bound
  double energy_per_step_pJ = 0.1;        // used with PerStep: one step (decision) of a conversion
  // Supply at which the written energy figures (given, flash, per_step) hold; above 0 they follow
  // the PE's periphery supply as C·V²: × (tech periphery supply / energy_reference_V)². 0: as
  // written whatever the supply.
  double energy_reference_V = 0;
  AdcAreaModel area_model = AdcAreaModel::Given;
  double area_um2 = 0;    // one ADC [µm²] (area_model: given)
  double leakage_uW = 0;  // one ADC [µW]
  // Full scale of the ADC as a fraction of the largest possible column sum; values above it clip.
  double input_range_fraction = 1.0;
  std::string path = "chip.tile.pe.adc";  // where it was read from (names energy sources)
  // Config key(s) of the energy figure, from the schema (see read_adc_params).
  std::string energy_source = "chip.tile.pe.adc.energy_per_conversion_pJ";
  std::string area_source = "chip.tile.pe.adc.area_um2";
  tech::TechParams tech;  // the PE's technology (read_pe_params sets it)
};

struct DacParams {
  int bits = 1;  // 1 = bit-serial inputs (a wordline driver)
  // Given: energy_per_conversion_pJ; Capacitive: C·bits·V² (voltage DAC, R-2R or capacitive
  // ladder switching its load once per bit); Temporal: a pulse-count DAC driving its row
  // `activity`·(2^bits − 1) times per conversion, each pulse charging the load: C·V².
  enum class EnergyModel { Given, Capacitive, Temporal } energy_model = EnergyModel::Given;
  double energy_per_conversion_pJ = 0.01;  // used with Given
  double load_capacitance_fF = 50;  // Capacitive: C·bits·Vdd² (DESIGN.md §7: 50 fF·bits·Vdd²)
  double supply_V = 1.0;  // used with Capacitive and Temporal (the reader turns 0 into tech's)
  double pulse_activity = 0.5;  // Temporal: mean pulses per conversion / (2^bits − 1)
  double area_um2 = 0;          // one DAC (one row) [µm²]
  std::string path = "chip.tile.pe.dac";
  std::string energy_source = "chip.tile.pe.dac.energy_per_conversion_pJ";
};

// The column integrator of a neuron-style readout (NeuRRAM): bit-serial inputs are accumulated in
// the analog domain, bit k of a phase integrated 2^k times (binary weighting by repeated
// integration), and a phase of up to bits_per_phase input bits is converted once. Inputs of more
// bits take several phases, the most significant first. bits_per_phase 0: no integrator (each
// input step is converted on its own).
struct IntegratorParams {
  int bits_per_phase = 0;
  double step_ns = 0;             // one integration step
  double phase_ns = 0;            // per phase: reset, precharge and sampling set-up
  double energy_per_step_fJ = 0;  // one column's integration step
  double area_um2 = 0;            // one integrator (one column)
  std::string path = "chip.tile.pe.integrator";
  bool present() const { return bits_per_phase > 0; }
};

struct SampleHoldParams {
  double energy_per_sample_fJ = 1.0;  // one column sampled once
  double area_um2 = 0;                // one S+H (one column) [µm²]
  std::string path = "chip.tile.pe.sample_hold";
};

// Energy of one conversion [pJ] from the chosen model (at full resolution).
double adc_energy_per_conversion_pJ(const AdcParams& p);
// Steps (decisions) of a conversion that resolves `bits` of the ADC's bits (see PerStep).
double adc_steps(const AdcParams& p, int bits);
// Energy [pJ] and cycles of a conversion resolving `bits` (< p.bits only for type serial): the
// per-step model and a serial ADC's time scale with the steps, every other model is per
// conversion.
double adc_energy_for_bits_pJ(const AdcParams& p, int bits);
int adc_conversion_cycles_for_bits(const AdcParams& p, double clock_MHz, int bits);
// Energy of one DAC conversion (one row driven for one input step) [pJ].
double dac_energy_per_conversion_pJ(const DacParams& p);

// Cycles of a `clock_MHz` clock one conversion occupies the ADC: ceil(clock / sample rate), ≥ 1
// (core::whole_cycles); a ramp converter takes 2^bits steps of ceil(clock / step rate).
int adc_conversion_cycles(const AdcParams& p, double clock_MHz);
// Area of one ADC [µm²] from the chosen area model.
double adc_area_um2(const AdcParams& p);

const char* to_string(AdcType t);

// Parameter tables (one declaration per parameter, sim/core/param_table.h), their schemas
// (`cimsim describe adc|dac|sample_hold`) and readers.
const core::ParamTable<AdcParams>& param_table(const AdcParams&);
const core::ParamTable<DacParams>& param_table(const DacParams&);
const core::ParamTable<SampleHoldParams>& param_table(const SampleHoldParams&);
const core::ParamTable<IntegratorParams>& param_table(const IntegratorParams&);
const core::ComponentSchema& adc_schema();
const core::ComponentSchema& integrator_schema();
const core::ComponentSchema& dac_schema();
const core::ComponentSchema& sample_hold_schema();
AdcParams read_adc_params(const core::ConfigSection& s, const tech::TechParams& t = {});
DacParams read_dac_params(const core::ConfigSection& s, const tech::TechParams& t = {});
SampleHoldParams read_sample_hold_params(const core::ConfigSection& s);
IntegratorParams read_integrator_params(const core::ConfigSection& s);

}  // namespace cimsim::adc
