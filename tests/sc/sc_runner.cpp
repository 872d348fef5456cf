// Catch2 runner for SystemC tests: SystemC wants sc_main, and its fatals must throw.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>
#include <systemc>

#include "sim/core/sc_support.h"

int sc_main(int argc, char* argv[]) {
  cimsim::core::make_systemc_reports_throw();
  return Catch::Session().run(argc, argv);
}

// The banner would otherwise be read as test names by catch_discover_tests.
int main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
