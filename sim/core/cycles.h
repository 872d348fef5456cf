#pragma once
// Times to whole clock cycles. A time within 1e-6 (relative; absolute below one cycle) of a whole
// number of cycles is that number: clocks written as 333.333333 MHz or a few ppm off an integer
// ratio must not add a cycle (issue 10, "no silent traps"); anything further rounds up.
#include <cmath>
#include <cstdint>

namespace cimsim::core {

inline constexpr double kCycleTolerance = 1e-6;

// ceil(cycles) with the tolerance above; at least `min_cycles`.
inline int64_t whole_cycles(double cycles, int64_t min_cycles = 1) {
  const double nearest = std::round(cycles);
  const double tol = kCycleTolerance * (nearest > 1 ? nearest : 1.0);
  const double c = std::fabs(cycles - nearest) <= tol ? nearest : std::ceil(cycles);
  const int64_t n = static_cast<int64_t>(c);
  return n < min_cycles ? min_cycles : n;
}

}  // namespace cimsim::core
