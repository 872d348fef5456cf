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

class ArrayModule : public sc_core::sc_module {
 public:
  ArrayModule(sc_core::sc_module_name n, bool analog) : sc_module(n), m_analog(analog) {}
  const char* kind() const override { return m_analog ? "analog_crossbar" : "digital_sram_macro"; }

 private:
  bool m_analog;
};

class PeModule : public sc_core::sc_module {
 public:
  PeModule(sc_core::sc_module_name n, int64_t arrays, bool analog);
  const char* kind() const override { return "pe"; }

 private:
  std::vector<std::unique_ptr<ArrayModule>> m_arrays;
};

// A tile: its PEs, and whatever `build_here` creates while the tile is being constructed (the
// builder puts each replica and digital stage under its home tile).
class TileModule : public sc_core::sc_module {
 public:
  TileModule(sc_core::sc_module_name n, int64_t pes, int64_t arrays_per_pe, bool analog,
             const std::function<void()>& build_here);
  const char* kind() const override { return "tile"; }

 private:
  std::vector<std::unique_ptr<PeModule>> m_pes;
};

// The module tree under `top`, siblings of one kind folded into one line with their count:
//   kind  count  first-name [...]  [(N per parent-kind)]  [threads: N]
std::string hierarchy_text(const sc_core::sc_object& top);

}  // namespace cimsim::chip
