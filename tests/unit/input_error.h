#pragma once
// The one-line message of the core::InputError that `f` throws, "(no error)" when it throws none:
// what the error tests of the unit runner compare.
#include <functional>
#include <string>

#include "sim/core/errors.h"

namespace cimsim::test {

inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace cimsim::test
