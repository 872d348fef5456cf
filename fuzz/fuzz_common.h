#pragma once
// Shared by the libFuzzer harnesses (scripts/fuzz.sh builds and runs them, docs/reliability.md).
// The rule they check is the README's promise: any input is either accepted or refused with a
// core::InputError (exit code 2 in the CLI). Any other exception, a crash, a sanitizer report, a
// hang (-timeout) or a blow-up in memory (-rss_limit_mb) is a finding.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "sim/core/errors.h"

namespace cimsim::fuzz {

// A finding that is not a crash by itself (a broken property): print it and abort, so that
// libFuzzer saves the input.
[[noreturn]] inline void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
  std::abort();
}

// Runs `body` on the input; InputError is the one accepted way to refuse it.
template <typename F>
int run_one(const uint8_t* data, size_t size, F body) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    body(text);
  } catch (const core::InputError&) {
    // refused with a one-line message: fine
  } catch (const std::exception& e) {
    finding(std::string("not an InputError (the CLI would say 'internal error', exit 1): ") +
            e.what());
  }
  return 0;
}

}  // namespace cimsim::fuzz
