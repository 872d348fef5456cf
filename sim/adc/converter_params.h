#pragma once
// Parameters of the data converters at the edge of an analog array: ADCs (or 1-bit sense
// amplifiers), input DACs and sample-and-hold stages. Plain structs: models never see YAML.
// Schemas and readers live here too (one ComponentSchema per component, `cimsim describe`).
#include <string>

#include "sim/core/config.h"
#include "sim/core/param_table.h"
#include "sim/core/params.h"

namespace cimsim::adc {

enum class AdcType { Sar, Flash, SenseAmp };
// How the energy per conversion is obtained:
//   Given  : energy_per_conversion_pJ as written in the config;
//   ZigZag : (100·B + 0.001·4^B)·Vdd² fJ (ZigZag-IMC's ADC model, DESIGN.md §7);
//   Flash  : (2^B − 1) comparators × comparator_energy_fJ.
enum class AdcEnergyModel { Given, ZigZag, Flash };

struct AdcParams {
  AdcType type = AdcType::Sar;
  int bits = 8;
  double sample_rate_MHz = 1000;  // conversions per µs of one ADC [MHz = MS/s]
  int cols_per_adc = 1;           // columns sharing one ADC through a mux
  AdcEnergyModel energy_model = AdcEnergyModel::Given;
  double energy_per_conversion_pJ = 1.0;  // used with Given
  double supply_V = 1.0;                  // used with ZigZag
  double comparator_energy_fJ = 10.0;     // used with Flash
  double area_um2 = 0;                    // one ADC [µm²]
  double leakage_uW = 0;                  // one ADC [µW]
  // Full scale of the ADC as a fraction of the largest possible column sum; values above it clip.
  double input_range_fraction = 1.0;
  std::string path = "chip.tile.pe.adc";  // where it was read from (names energy sources)
  // Config key(s) of the energy figure, from the schema (see read_adc_params).
  std::string energy_source = "chip.tile.pe.adc.energy_per_conversion_pJ";
};

struct DacParams {
  int bits = 1;  // 1 = bit-serial inputs (a wordline driver)
  enum class EnergyModel { Given, Capacitive } energy_model = EnergyModel::Given;
  double energy_per_conversion_pJ = 0.01;  // used with Given
  double load_capacitance_fF = 50;  // Capacitive: C·bits·Vdd² (DESIGN.md §7: 50 fF·bits·Vdd²)
  double supply_V = 1.0;            // used with Capacitive
  double area_um2 = 0;              // one DAC (one row) [µm²]
  std::string path = "chip.tile.pe.dac";
  std::string energy_source = "chip.tile.pe.dac.energy_per_conversion_pJ";
};

struct SampleHoldParams {
  double energy_per_sample_fJ = 1.0;  // one column sampled once
  double area_um2 = 0;                // one S+H (one column) [µm²]
  std::string path = "chip.tile.pe.sample_hold";
};

// Energy of one conversion [pJ] from the chosen model.
double adc_energy_per_conversion_pJ(const AdcParams& p);
// Energy of one DAC conversion (one row driven for one input step) [pJ].
double dac_energy_per_conversion_pJ(const DacParams& p);

// Cycles of a `clock_MHz` clock one conversion occupies the ADC: ceil(clock / sample rate), ≥ 1.
int adc_conversion_cycles(const AdcParams& p, double clock_MHz);

const char* to_string(AdcType t);

// Parameter tables (one declaration per parameter, sim/core/param_table.h), their schemas
// (`cimsim describe adc|dac|sample_hold`) and readers.
const core::ParamTable<AdcParams>& param_table(const AdcParams&);
const core::ParamTable<DacParams>& param_table(const DacParams&);
const core::ParamTable<SampleHoldParams>& param_table(const SampleHoldParams&);
const core::ComponentSchema& adc_schema();
const core::ComponentSchema& dac_schema();
const core::ComponentSchema& sample_hold_schema();
AdcParams read_adc_params(const core::ConfigSection& s);
DacParams read_dac_params(const core::ConfigSection& s);
SampleHoldParams read_sample_hold_params(const core::ConfigSection& s);

}  // namespace cimsim::adc
