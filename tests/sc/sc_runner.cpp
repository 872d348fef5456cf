// Catch2 runner for SystemC tests: SystemC wants sc_main, and its fatals must throw.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <systemc>

#include "sim/core/sc_support.h"

int sc_main(int argc, char* argv[]) {
  cimsim::core::make_systemc_reports_throw();
  return Catch::Session().run(argc, argv);
}
