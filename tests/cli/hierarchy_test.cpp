// `cimsim run --hierarchy`: the elaborated design of a bundled chip, with its counts.
#include <catch2/catch.hpp>

#include <filesystem>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;

TEST_CASE("run --hierarchy prints isscc28nm's module tree: 64 tiles, 512 PEs, 4096 macros",
          "[cli][hierarchy]") {
  // configs/isscc28nm.yaml: 8 x 8 tiles of 8 PEs of 8 digital macros, an 8 x 8 mesh.
  const std::string out = cimsim::test::temp_dir() + "/never";
  auto r = run_cli("run --config configs/isscc28nm.yaml --net resnet18 --hierarchy --out " + out);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  INFO(r.out);
  for (const char* line : {
           "\n  noc                             1  chip.noc  threads: 1\n",
           "\n    router                       64  chip.noc.router_0_0 ...\n",
           "\n  tile                           64  chip.tile0 ...\n",
           "\n    pe                          512  chip.tile0.pe0 ...  (8 per tile)\n",
           "\n      digital_sram_macro       4096  chip.tile0.pe0.array0 ...  (8 per pe)\n",
           "\n  input_streamer                  1  chip.input_streamer  threads: 1\n",
       })
    CHECK(r.out.find(line) != std::string::npos);
  // ResNet-18's layers: a replica module (compute + drain thread) per matrix-layer replica, a
  // digital-stage module (one thread) per pooling / residual add not fused into a conv.
  CHECK(r.out.find("    replica ") != std::string::npos);
  CHECK(r.out.find("    digital_stage ") != std::string::npos);
  // Nothing simulated, nothing written.
  CHECK(r.out.find("latency") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out));
}
