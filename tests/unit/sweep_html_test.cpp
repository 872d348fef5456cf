// sweep.html from a hand-written sweep.csv: CSV quoting, categorical keys, failed points, the
// Pareto front (tested in a browser by tests/cli/visualize_test.cpp).
#include <catch2/catch.hpp>

#include "sim/report/sweep_html.h"

using cimsim::report::parse_csv;
using cimsim::report::sweep_html;

namespace {
size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = 0; (p = s.find(what, p)) != std::string::npos; p += what.size()) ++n;
  return n;
}
}  // namespace

TEST_CASE("parse_csv reads RFC 4180 quoting", "[sweep_html]") {
  const auto rows = parse_csv("a,\"b,c\",\"d\"\"e\"\r\n1,,3\n\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == std::vector<std::string>{"a", "b,c", "d\"e"});
  CHECK(rows[1] == std::vector<std::string>{"1", "", "3"});
}

TEST_CASE("sweep.html plots every metric against each key and names the Pareto front",
          "[sweep_html]") {
  // Point 0 is fastest, point 2 uses least energy, point 1 is dominated by point 0; point 3
  // failed. summary.area_mm2 is the same everywhere: named, not plotted.
  const std::string csv =
      "point,net,chip.noc.model,chip.noc.flit_bits,status,summary.latency_ns,"
      "summary.energy_per_image_uJ,summary.area_mm2\n"
      "0,vgg8,cycle,32,ok,100,50,7\n"
      "1,vgg8,cycle,64,ok,120,60,7\n"
      "2,vgg8,simple,32,ok,150,40,7\n"
      "3,vgg8,simple,64,\"error: bad, very\",,,\n";
  const std::string page = sweep_html(csv, "t");
  CHECK(page.find("data-points=\"4\" data-ok=\"3\"") != std::string::npos);
  CHECK(page.find("1 failed") != std::string::npos);
  for (const char* id :
       {"line-chip_noc_model-summary_latency_ns", "line-chip_noc_model-summary_energy_per_image_uJ",
        "line-chip_noc_flit_bits-summary_latency_ns",
        "line-chip_noc_flit_bits-summary_energy_per_image_uJ"})
    CHECK(page.find(std::string("id=\"") + id + "\"") != std::string::npos);
  CHECK(page.find("line-chip_noc_model-summary_area_mm2") == std::string::npos);
  CHECK(page.find("id=\"constant-metrics\"") != std::string::npos);
  // The categorical key's values label its x axis.
  CHECK(page.find(">cycle</text>") != std::string::npos);
  CHECK(page.find(">simple</text>") != std::string::npos);
  CHECK(count(page, "class=\"pareto-point\"") == 2);
  CHECK(page.find("data-point=\"0\"") != std::string::npos);
  CHECK(page.find("data-point=\"2\"") != std::string::npos);
  CHECK(page.find("data-point=\"1\"") == std::string::npos);
  CHECK(page.find("http") == std::string::npos);  // nothing to fetch
}

TEST_CASE("higher-is-better metrics turn the Pareto front around", "[sweep_html]") {
  CHECK(cimsim::report::higher_is_better("summary.tops_per_w"));
  CHECK(cimsim::report::higher_is_better("summary.throughput_images_per_s"));
  CHECK_FALSE(cimsim::report::higher_is_better("summary.latency_ns"));
  // Without latency and energy the first two metrics are used: TOPS/W up, area down.
  const std::string csv =
      "point,net,k,status,summary.tops_per_w,summary.area_mm2\n"
      "0,n,1,ok,10,5\n"
      "1,n,2,ok,12,6\n"
      "2,n,3,ok,9,6\n";
  const std::string page = sweep_html(csv, "t");
  CHECK(count(page, "class=\"pareto-point\"") == 2);  // 0 (smallest) and 1 (most efficient)
  CHECK(page.find("data-point=\"2\"") == std::string::npos);
}
