#pragma once
// The array interface: what the PE model needs of one compute array type (an analog crossbar
// with its converters, a digital CIM macro, ...). Everything that differs between array types
// sits behind it: timing for the rows used, the events of one MVM and their energies, area,
// leakage and the functional model. The PE model (sim/pe/pe_model.h) adds what every PE has
// (arrays in parallel, input and output registers) and never asks which type it holds.
//
// Adding an array type (docs/architecture.md): one file implementing ArrayModel, one `case` in
// make_array_model (array_model.cpp) with its declaration below, and its schema and reader in
// sim/crossbar/array_params.* (the ArrayType value and its parameters).
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "sim/core/stats.h"
#include "sim/pe/pe_params.h"

namespace cimsim::pe {

// Event kinds one array type may count per MVM (analog: 8, digital: 5, charge: 7, column adder:
// 4).
inline constexpr int kMaxArrayEvents = 8;

// Event counts of one MVM (of one array, or of a PE activation). The array-type events are
// indexed by the array model's event kinds (ArrayModel::event_kinds()); the registers are the
// PE's own. Plain numbers.
struct MvmEvents {
  std::array<double, kMaxArrayEvents> array{};  // by ArrayModel::event_kinds() index
  double input_reg_bits = 0;                    // bits written + read
  double output_reg_bits = 0;                   // bits written + read

  MvmEvents& operator+=(const MvmEvents& o);
  MvmEvents scaled(double k) const;
};

// One kind of array event: its report name, breakdown bucket, energy of one event and the config
// key that energy came from.
struct ArrayEventKind {
  std::string name;  // e.g. "adc"
  core::EnergyCategory category;
  double pJ_each = 0;
  std::string source;
  bool omit_if_zero = false;  // left out of reports when it did not happen (PE-scope events)
};

struct EnergyItem {
  std::string name;
  core::EnergyCategory category;
  double count = 0;  // events
  double pJ_each = 0;
  std::string source;  // config key of pJ_each
  double energy_pJ() const { return count * pJ_each; }
};

struct AreaItem {
  std::string name;
  double count = 0;  // instances
  double um2_each = 0;
  std::string source;  // config key of um2_each
  double mm2() const { return count * um2_each * 1e-6; }
};

using VectorI64 = Eigen::Matrix<int64_t, Eigen::Dynamic, 1>;
using MatrixI64 = Eigen::Matrix<int64_t, Eigen::Dynamic, Eigen::Dynamic>;

// Operand statistics of the data an MVM sees (issue 10, data-dependent energy): the fraction of
// 1 bits among the input bits applied and among the stored weight bits. Typical data (0.5, 0.5)
// leaves every event count as it is (the per-event energies are typical-data figures); the
// array model scales the counts of the events whose switching depends on the data.
struct DataStats {
  double input_bit_density = 0.5;
  double weight_bit_density = 0.5;
  bool typical() const { return input_bit_density == 0.5 && weight_bit_density == 0.5; }
};

// Functional model of one array: programmed with integer weights, computes y = Wᵀx the way the
// hardware does (with its quantization and non-idealities).
class FunctionalArray {
 public:
  virtual ~FunctionalArray() = default;
  // Weights rows_used × outputs_used (rows_used ≤ rows, outputs_used ≤ outputs()).
  virtual void program(const Eigen::MatrixXi& w) = 0;
  // One MVM; x has rows_used entries, y gets outputs_used entries.
  virtual void mvm(const Eigen::VectorXi& x, VectorI64& y) = 0;
  // The MVMs of the columns of x (rows_used × n), in column order: y gets outputs_used × n,
  // the same values and random draws as n calls of mvm. The default calls mvm per column; an
  // array type overrides it where vectors share work (the analog crossbar).
  virtual void mvm_batch(const Eigen::Ref<const Eigen::MatrixXi>& x, MatrixI64& y);

 private:
  Eigen::VectorXi m_x;  // scratch of the default mvm_batch
  VectorI64 m_y;
};

class ArrayModel {
 public:
  virtual ~ArrayModel() = default;

  virtual const char* name() const = 0;  // "analog ReRAM crossbar", "digital SRAM CIM macro"

  // Geometry: physical columns one weight takes, and weights (outputs) per array row.
  virtual int columns_per_weight() const = 0;
  virtual int outputs() const = 0;

  // Timing of one MVM over all rows [PE clock cycles]: latency, back-to-back interval, and the
  // PE latency (the array latency plus what finishes the outputs after it, e.g. shift-and-add).
  virtual int64_t latency_cycles() const = 0;
  virtual int64_t interval_cycles() const = 0;
  virtual int64_t pe_latency_cycles() const = 0;
  // Arrays whose schedule depends on the rows used (a digital macro walks its row groups in
  // passes) say so and give the cycles (latency = interval) of an MVM over rows_used rows.
  virtual bool timing_depends_on_rows() const { return false; }
  virtual int64_t cycles_for_rows(int /*rows_used*/) const { return latency_cycles(); }
  // The array's critical path [ns] where its model predicts one (a ripple of in-cell adders), so
  // the fastest clock it allows; 0: not predicted (the PE clock is taken as given).
  virtual double critical_path_ns() const { return 0; }

  // The event kinds this type counts (fixed order: reports list them in it).
  virtual const std::vector<ArrayEventKind>& event_kinds() const = 0;
  // Adds the events of one MVM of one array over rows_used rows and outputs_used outputs.
  virtual void add_array_events(int rows_used, int outputs_used, MvmEvents& e) const = 0;
  // Adds the PE-scope events of a PE activation whose array events are already in e.
  virtual void add_pe_events(MvmEvents& /*e*/) const {}
  // Scales the array events in e (of typical data) to data with statistics d.
  virtual void scale_for_data(const DataStats& /*d*/, MvmEvents& /*e*/) const {}

  // One array with its converters: leakage [µW] (and the keys it came from), area items.
  virtual double leakage_uW() const = 0;
  virtual std::string leakage_source() const = 0;
  virtual std::vector<AreaItem> area_items() const = 0;
  // Area the PE adds for this array type once (e.g. shared shift-and-add units).
  virtual void add_pe_area_items(std::vector<AreaItem>& /*v*/) const {}

  // A fresh functional model of one array.
  virtual std::unique_ptr<FunctionalArray> make_functional() const = 0;
};

// The factory: one line per array type (switch on p.array.type).
std::unique_ptr<ArrayModel> make_array_model(const PeParams& p);

// The array types (one file each).
std::unique_ptr<ArrayModel> make_analog_crossbar(const PeParams& p);     // analog_crossbar.cpp
std::unique_ptr<ArrayModel> make_digital_macro(const PeParams& p);       // digital_macro.cpp
std::unique_ptr<ArrayModel> make_charge_array(const PeParams& p);        // charge_array_model.cpp
std::unique_ptr<ArrayModel> make_column_adder_array(const PeParams& p);  // column_adder_model.cpp

}  // namespace cimsim::pe
