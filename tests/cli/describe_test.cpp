#include <catch2/catch.hpp>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;

TEST_CASE("describe prints every component's table with units and defaults", "[cli][describe]") {
  auto r = run_cli("describe");
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  for (const char* comp : {"config", "chip", "tile", "buffer", "dram", "mapping"})
    CHECK(r.out.find(std::string("\n") + comp + "  (") != std::string::npos);
  CHECK(r.out.find("clock_MHz        real    MHz    required") != std::string::npos);
}

TEST_CASE("describe one component, and an unknown one", "[cli][describe]") {
  auto r = run_cli("describe dram");
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("dram  (chip.dram)", 0) == 0);
  CHECK(r.out.find("\nchip  (") == std::string::npos);
  auto bad = run_cli("describe dramm");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("unknown component 'dramm'") != std::string::npos);
  auto json = run_cli("describe dram --format json");
  CHECK(json.exit_code == 0);
  CHECK(json.out.find("\"key\": \"bandwidth_GBps\"") != std::string::npos);
}
