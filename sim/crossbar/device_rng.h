#pragma once
// Platform-independent random draws for device non-idealities: std::mt19937_64 is specified
// bit-exactly by the standard, the std::*_distribution classes are not, so the few transforms
// needed are written here.
#include <cmath>
#include <cstdint>
#include <random>

namespace cimsim::crossbar {

class DeviceRng {
 public:
  explicit DeviceRng(uint64_t seed) : m_gen(seed) {}
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(m_gen() >> 11) * 0x1.0p-53; }
  // Standard normal by Box–Muller (one value per call; the sine half is dropped for simplicity).
  double normal() {
    const double u1 = 1.0 - uniform();  // (0, 1]: log is finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  std::mt19937_64 m_gen;
};

}  // namespace cimsim::crossbar
