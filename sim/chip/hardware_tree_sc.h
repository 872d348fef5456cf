#pragma once
// The chip's hardware as named SystemC modules: chip -> tiles -> PEs -> arrays (analog
// crossbars or digital SRAM macros), and the NoC's routers (noc_port_sc.h). PEs and arrays have
// no process of their own: a replica's threads (replica_sc.h) time all the arrays it holds at
// once, which keeps the run fast; the modules make the design visible (`cimsim run
// --hierarchy`) and are where per-array models attach. Elaboration stays cheap: one module per
// array, nothing else (4096 arrays elaborate in a few milliseconds).
#include <systemc>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cimsim::chip {

// The module kind of an array of PeCost::model_name (analog_crossbar, digital_sram_macro,
// charge_sram_array, column_adder_sram_array).
const char* array_module_kind(const std::string& model_name);

class ArrayModule : public sc_core::sc_module {
 public:
  ArrayModule(sc_core::sc_module_name n, const char* kind) : sc_module(n), m_kind(kind) {}
  const char* kind() const override { return m_kind; }

 private:
  const char* m_kind;
};

class PeModule : public sc_core::sc_module {
 public:
  PeModule(sc_core::sc_module_name n, int64_t arrays, const char* array_kind);
  const char* kind() const override { return "pe"; }

 private:
  std::vector<std::unique_ptr<ArrayModule>> m_arrays;
};

// A tile: its PEs, and whatever `build_here` creates while the tile is being constructed (the
// builder puts each replica and digital stage under its home tile).
class TileModule : public sc_core::sc_module {
 public:
  TileModule(sc_core::sc_module_name n, int64_t pes, int64_t arrays_per_pe, const char* array_kind,
             const std::function<void()>& build_here);
  const char* kind() const override { return "tile"; }

 private:
  std::vector<std::unique_ptr<PeModule>> m_pes;
};

// The module tree under `top`, siblings of one kind folded into one line with their count:
//   kind  count  first-name [...]  [(N per parent-kind)]  [threads: N]
std::string hierarchy_text(const sc_core::sc_object& top);

}  // namespace cimsim::chip
