#pragma once
// Integer helpers for size arithmetic. Sizes read from files (PE numbers, layer shapes, group
// counts) can be anything up to INT64_MAX, so every sum or product of them goes through the
// checked forms below: std::nullopt means the exact result does not fit in int64_t, and the
// caller turns that into an InputError naming the file and key.
#include <cstdint>
#include <initializer_list>
#include <optional>

namespace cimsim::core {

// ceil(a / b) for a >= 0, b > 0; never overflows (a + b - 1 would, near INT64_MAX). Negative a
// keeps the old (a + b - 1) / b result, which some callers' figures rely on.
constexpr int64_t ceil_div(int64_t a, int64_t b) {
  return a >= 0 ? a / b + (a % b != 0 ? 1 : 0) : (a + b - 1) / b;
}

// a + b, or std::nullopt on overflow.
constexpr std::optional<int64_t> checked_add(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

// a * b, or std::nullopt on overflow.
constexpr std::optional<int64_t> checked_mul(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

// The product of all factors, or std::nullopt as soon as a partial product overflows.
constexpr std::optional<int64_t> checked_product(std::initializer_list<int64_t> factors) {
  int64_t p = 1;
  for (int64_t f : factors)
    if (__builtin_mul_overflow(p, f, &p)) return std::nullopt;
  return p;
}

}  // namespace cimsim::core
