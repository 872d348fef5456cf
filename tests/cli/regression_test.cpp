// Golden regression: each bundled run's report.json and layers.csv equal the committed ones in
// tests/regression/NAME/ (integers and strings exactly, floats to 1e-9 relative). The run
// arguments live in tests/regression/cases.txt; scripts/regen_golden.sh rewrites the files.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;
using cimsim::test::temp_dir;
using json = nlohmann::json;

namespace {

constexpr double kRelTol = 1e-9;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string case_args(const std::string& name) {
  std::ifstream in(std::string(CIMSIM_SOURCE_DIR) + "/tests/regression/cases.txt");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string first;
    ls >> first;
    if (first == name) return line.substr(first.size());
  }
  FAIL("no case " << name << " in tests/regression/cases.txt");
  return {};
}

bool close(double a, double b) {
  if (a == b) return true;
  return std::fabs(a - b) <= kRelTol * std::max(std::fabs(a), std::fabs(b));
}

// Appends one line per difference between `want` (golden) and `got`.
void diff_json(const json& want, const json& got, const std::string& path,
               std::vector<std::string>& out) {
  if (want.is_number_float() || got.is_number_float()) {
    if (!want.is_number() || !got.is_number() || !close(want.get<double>(), got.get<double>()))
      out.push_back(path + ": golden " + want.dump() + ", run " + got.dump());
    return;
  }
  if (want.type() != got.type()) {
    out.push_back(path + ": golden " + want.dump() + ", run " + got.dump());
    return;
  }
  if (want.is_object()) {
    for (auto it = want.begin(); it != want.end(); ++it) {
      if (!got.contains(it.key()))
        out.push_back(path + "." + it.key() + ": missing from the run");
      else
        diff_json(it.value(), got.at(it.key()), path + "." + it.key(), out);
    }
    for (auto it = got.begin(); it != got.end(); ++it)
      if (!want.contains(it.key())) out.push_back(path + "." + it.key() + ": not in the golden");
  } else if (want.is_array()) {
    if (want.size() != got.size())
      out.push_back(path + ": golden has " + std::to_string(want.size()) + " entries, run " +
                    std::to_string(got.size()));
    for (size_t i = 0; i < std::min(want.size(), got.size()); ++i)
      diff_json(want[i], got[i], path + "[" + std::to_string(i) + "]", out);
  } else if (want != got) {
    out.push_back(path + ": golden " + want.dump() + ", run " + got.dump());
  }
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) v.push_back(line);
  return v;
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> v;
  std::string cur;
  for (char c : line) {
    if (c == ',') {
      v.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  v.push_back(cur);
  return v;
}

bool parse_number(const std::string& s, double& v, bool& integral) {
  if (s.empty()) return false;
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  integral = s.find_first_of(".eE") == std::string::npos;
  return end == s.c_str() + s.size();
}

void diff_csv(const std::string& want, const std::string& got, std::vector<std::string>& out) {
  const auto wl = split_lines(want), gl = split_lines(got);
  if (wl.size() != gl.size())
    out.push_back("layers.csv: golden has " + std::to_string(wl.size()) + " lines, run " +
                  std::to_string(gl.size()));
  for (size_t i = 0; i < std::min(wl.size(), gl.size()); ++i) {
    const auto wf = split_fields(wl[i]), gf = split_fields(gl[i]);
    const std::string where = "layers.csv:" + std::to_string(i + 1);
    if (wf.size() != gf.size()) {
      out.push_back(where + ": golden '" + wl[i] + "', run '" + gl[i] + "'");
      continue;
    }
    for (size_t k = 0; k < wf.size(); ++k) {
      double a = 0, b = 0;
      bool ia = false, ib = false;
      const bool numeric = parse_number(wf[k], a, ia) && parse_number(gf[k], b, ib);
      const bool same = numeric ? (ia && ib ? wf[k] == gf[k] : close(a, b)) : wf[k] == gf[k];
      if (!same)
        out.push_back(where + " field " + std::to_string(k + 1) + ": golden " + wf[k] + ", run " +
                      gf[k]);
    }
  }
}

void check_golden(const std::string& name) {
  const std::string out = temp_dir() + "/" + name;
  auto r = run_cli("run " + case_args(name) + " --quiet --out " + out);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string golden = std::string(CIMSIM_SOURCE_DIR) + "/tests/regression/" + name;
  std::vector<std::string> diffs;
  diff_json(json::parse(slurp(golden + "/report.json")), json::parse(slurp(out + "/report.json")),
            "report", diffs);
  diff_csv(slurp(golden + "/layers.csv"), slurp(out + "/layers.csv"), diffs);
  std::string shown;
  for (size_t i = 0; i < diffs.size() && i < 20; ++i) shown += diffs[i] + "\n";
  INFO(diffs.size() << " difference(s) from " << golden
                    << " (scripts/regen_golden.sh rewrites it):\n"
                    << shown);
  CHECK(diffs.empty());
}

}  // namespace

TEST_CASE("golden: isscc28nm vgg8", "[cli][golden]") { check_golden("isscc28nm-vgg8"); }
TEST_CASE("golden: isscc28nm resnet18", "[cli][golden]") { check_golden("isscc28nm-resnet18"); }
TEST_CASE("golden: isscc28nm mobilenet_v2", "[cli][golden]") {
  check_golden("isscc28nm-mobilenet_v2");
}
TEST_CASE("golden: isaac32nm vgg8", "[cli][golden]") { check_golden("isaac32nm-vgg8"); }
TEST_CASE("golden: isaac32nm resnet18", "[cli][golden]") { check_golden("isaac32nm-resnet18"); }
TEST_CASE("golden: isaac32nm mobilenet_v2", "[cli][golden]") {
  check_golden("isaac32nm-mobilenet_v2");
}
TEST_CASE("golden: isscc28nm resnet18 hybrid", "[cli][golden]") {
  check_golden("isscc28nm-resnet18-hybrid");
}

TEST_CASE("golden comparison catches a moved figure", "[cli][golden]") {
  json a = json::parse(R"({"x": 1.0, "n": 3, "s": "a", "v": [1, 2]})");
  json b = a;
  std::vector<std::string> d;
  diff_json(a, b, "r", d);
  CHECK(d.empty());
  b["x"] = 1.0 + 1e-12;
  diff_json(a, b, "r", d);
  CHECK(d.empty());
  b["x"] = 1.0 + 1e-6;
  b["n"] = 4;
  b["v"].push_back(3);
  diff_json(a, b, "r", d);
  CHECK(d.size() == 3);
  d.clear();
  diff_csv("a,1,2.5\n", "a,1,2.5000001\n", d);
  CHECK(d.size() == 1);
}
