#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/chip/chip_config.h"
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

// One declaration per parameter (issue 9 item 4): every component `cimsim describe` lists is
// bound to its struct by a ParamTable, and a default-constructed struct holds exactly the
// schema's defaults (five once disagreed, e.g. digital.compartments 32 vs 1).
TEST_CASE("every component's struct defaults are its schema's defaults", "[cli][describe]") {
  auto json = run_cli("describe --format json");
  REQUIRE(json.exit_code == 0);
  const auto schemas = cimsim::chip::all_schemas();
  size_t listed = 0;  // components describe prints
  for (size_t at = json.out.find("\"component\":"); at != std::string::npos;
       at = json.out.find("\"component\":", at + 1))
    ++listed;
  CHECK(listed == schemas.size());
  CHECK(schemas.size() >= 18);
  for (const cimsim::core::ComponentSchema* s : schemas) {
    INFO(s->name);
    CHECK(json.out.find("\"component\": \"" + s->name + "\"") != std::string::npos);
    REQUIRE(s->default_mismatches);  // bound to a struct
    CHECK(s->default_mismatches() == std::vector<std::string>{});
  }
}
