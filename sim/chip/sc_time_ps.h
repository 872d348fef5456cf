#pragma once
// Picoseconds as SystemC times. The chip run keeps SystemC's default time resolution of 1 ps
// (nothing calls sc_set_time_resolution), so an sc_time's value() is picoseconds; from_value
// skips the floating-point scaling of sc_time(double, SC_PS), which the processes paid on
// every wait and notification (about 1 % of the main job's instructions).
#include <systemc>

#include <cstdint>
#include <stdexcept>

namespace cimsim::chip {

inline sc_core::sc_time ps_time(int64_t ps) {
  if (ps < 0) throw std::logic_error("chip: a wait or notification into the past");
  return sc_core::sc_time::from_value(static_cast<sc_core::sc_time::value_type>(ps));
}

}  // namespace cimsim::chip
