#pragma once
// Platform-independent random draws for device non-idealities. The std::*_distribution classes
// are not specified bit-exactly, so the transforms come from Boost (a fixed algorithm and
// tables: the same draws on every platform for one Boost version) over splitmix64 (Steele, Lea
// and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014; passes BigCrush),
// a 64-bit state and a few multiplies per draw: a ResNet-18 image on an analog chip draws
// ~0.5 G device values when it programs its arrays and ~2 G read-noise values as it converts.
#include <cstdint>

#include <boost/random/normal_distribution.hpp>

namespace cimsim::crossbar {

// One splitmix64 step: advances `state` and returns the next 64 random bits.
inline uint64_t splitmix64_next(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class DeviceRng {
 public:
  // NOLINTNEXTLINE(readability-identifier-naming): the name a random engine must have
  using result_type = uint64_t;
  explicit DeviceRng(uint64_t seed) : m_state(seed) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() { return splitmix64_next(m_state); }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }
  // Standard normal: Boost's ziggurat.
  double normal() { return boost::random::normal_distribution<double>()(*this); }

 private:
  uint64_t m_state;
};

}  // namespace cimsim::crossbar
