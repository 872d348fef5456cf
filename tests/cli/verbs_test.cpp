#include <catch2/catch.hpp>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;

TEST_CASE("an unknown verb is refused with exit code 2", "[cli]") {
  auto r = run_cli("frobnicate");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("unknown verb 'frobnicate'") != std::string::npos);
}

TEST_CASE("cimsim --help lists every verb", "[cli]") {
  auto r = run_cli("--help");
  CHECK(r.exit_code == 0);
  for (const char* v : {"run", "macro", "map", "noc", "sweep", "describe", "net"})
    CHECK(r.out.find(std::string("  ") + v) != std::string::npos);
}
