#include <catch2/catch.hpp>

#include "sim/core/errors.h"

using cimsim::core::format_location;
using cimsim::core::Origin;

TEST_CASE("error messages are one line: file:line: key.path: message", "[core][errors]") {
  CHECK(format_location(Origin{"a.yaml", 7}, "chip.tile.pes", "expected an integer") ==
        "a.yaml:7: chip.tile.pes: expected an integer");
  CHECK(format_location(Origin{"a.yaml", 0}, "chip", "x") == "a.yaml: chip: x");
  CHECK(format_location(Origin{}, "", "two\nlines") == "two lines");
}
