// The config system: typed reads, defaults, ranges, includes, --set, and one-line errors that
// name the file, the line and the key path.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "sim/core/config.h"

using namespace cimsim::core;

namespace {

const ComponentSchema& adc_schema() {
  static const ComponentSchema s{
      "adc",
      "chip.pe.adc",
      "test ADC",
      {int_param("bits", "bit", "8", 1, 16, "resolution"),
       real_param("energy_pJ", "pJ", "1.5", 0, kInf, "energy per conversion"),
       choice_param("kind", "sar", {"sar", "flash"}, "architecture")},
      {}};
  return s;
}
const ComponentSchema& pe_schema() {
  static const ComponentSchema s{
      "pe",
      "chip.pe",
      "test PE",
      {int_param("arrays", "", "", 1, 1024, "arrays per PE"),
       bool_param("signed", "true", "signed weights"), string_param("label", "pe", "a name")},
      {"adc"}};
  return s;
}
const ComponentSchema& root_schema() {
  static const ComponentSchema s{"config", "", "test root", {}, {"pe"}};
  return s;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

struct Read {
  int64_t arrays, bits;
  double energy;
  std::string kind;
  bool is_signed;
};

Read read_all(const std::shared_ptr<ConfigDoc>& doc) {
  ConfigSection pe = doc->root(root_schema()).section("pe", pe_schema());
  ConfigSection adc = pe.section("adc", adc_schema());
  Read r{pe.get_int("arrays"), adc.get_int("bits"), adc.get_real("energy_pJ"),
         adc.get_string("kind"), pe.get_bool("signed")};
  pe.get_string("label");
  doc->check_all_consumed();
  return r;
}

std::string temp_file(const std::string& name, const std::string& text) {
  auto dir = std::filesystem::temp_directory_path() / "cimsim-config-test";
  std::filesystem::create_directories(dir);
  auto p = dir / name;
  std::ofstream(p) << text;
  return p.string();
}

}  // namespace

TEST_CASE("values are read with their types and defaults", "[core][config]") {
  auto doc = ConfigDoc::load_string("pe:\n  arrays: 8\n  adc:\n    bits: 6\n", "t.yaml");
  Read r = read_all(doc);
  CHECK(r.arrays == 8);
  CHECK(r.bits == 6);
  CHECK(r.energy == 1.5);  // default
  CHECK(r.kind == "sar");
  CHECK(r.is_signed);
}

TEST_CASE("errors name file, line and key path", "[core][config]") {
  SECTION("wrong type") {
    auto doc = ConfigDoc::load_string("pe:\n  arrays: eight\n", "t.yaml");
    CHECK(error_of([&] { read_all(doc); }) ==
          "t.yaml:2: pe.arrays: expected an integer, got 'eight'");
  }
  SECTION("a fraction is not an integer") {
    auto doc = ConfigDoc::load_string("pe:\n  arrays: 2.5\n", "t.yaml");
    CHECK(error_of([&] { read_all(doc); }) ==
          "t.yaml:2: pe.arrays: expected an integer, got '2.5'");
  }
  SECTION("out of range") {
    auto doc = ConfigDoc::load_string("pe:\n  arrays: 4\n  adc:\n    bits: 17\n", "t.yaml");
    CHECK(error_of([&] { read_all(doc); }) ==
          "t.yaml:4: pe.adc.bits: expected an integer in [1, 16] bit, got 17");
  }
  SECTION("negative energy") {
    auto doc = ConfigDoc::load_string("pe:\n  arrays: 4\n  adc:\n    energy_pJ: -1\n", "t.yaml");
    CHECK(error_of([&] { read_all(doc); }) ==
          "t.yaml:4: pe.adc.energy_pJ: expected a value in [0, inf] pJ, got -1");
  }
  SECTION("unknown key, with a suggestion") {
    auto doc = ConfigDoc::load_string("pe:\n  arrays: 4\n  adc:\n    bitz: 4\n", "t.yaml");
    CHECK(error_of([&] { read_all(doc); }) ==
          "t.yaml:4: pe.adc.bitz: unknown key in 'adc' (did you mean 'bits'?)");
  }
  SECTION("unknown key, far from any known one") {
    auto doc = ConfigDoc::load_string("pe:\n  arrays: 4\n  frobnicate: 1\n", "t.yaml");
    CHECK(error_of([&] { read_all(doc); }) ==
          "t.yaml:3: pe.frobnicate: unknown key in 'pe' (expected one of: arrays, signed, label, "
          "adc)");
  }
  SECTION("missing required key") {
    auto doc = ConfigDoc::load_string("pe:\n  signed: false\n", "t.yaml");
    CHECK(error_of([&] { read_all(doc); }) ==
          "t.yaml:1: pe.arrays: missing required key (an integer: arrays per PE)");
  }
  SECTION("bad choice") {
    auto doc = ConfigDoc::load_string("pe:\n  arrays: 1\n  adc: {kind: pipelined}\n", "t.yaml");
    CHECK(error_of([&] { read_all(doc); }) ==
          "t.yaml:3: pe.adc.kind: expected one of sar|flash, got 'pipelined'");
  }
  SECTION("a section where a value belongs") {
    auto doc = ConfigDoc::load_string("pe:\n  arrays: {a: 1}\n", "t.yaml");
    CHECK(error_of([&] { read_all(doc); }) ==
          "t.yaml:2: pe.arrays: expected an integer, got a mapping");
  }
  SECTION("YAML syntax error") {
    CHECK(error_of([] {
            ConfigDoc::load_string("pe:\n  arrays: [1, 2\n", "t.yaml");
          }).rfind("t.yaml:3: YAML syntax error", 0) == 0);
  }
  SECTION("unreadable file") {
    CHECK(error_of([] { ConfigDoc::load_file("/nonexistent/x.yaml"); }) ==
          "/nonexistent/x.yaml: cannot read file");
  }
}

TEST_CASE("a key nothing read is an error", "[core][config]") {
  // `pe.adc` is a known child, but this reader never opens it: its keys were not consumed.
  auto doc = ConfigDoc::load_string("pe:\n  arrays: 4\n  adc:\n    bits: 4\n", "t.yaml");
  ConfigSection pe = doc->root(root_schema()).section("pe", pe_schema());
  pe.get_int("arrays");
  std::string msg = error_of([&] { doc->check_all_consumed(); });
  CHECK(msg.rfind("t.yaml:4: pe.adc.bits: is not used by this configuration", 0) == 0);
}

TEST_CASE("set overrides (--set) replace values and is checked like the file", "[core][config]") {
  auto doc =
      ConfigDoc::load_string("pe:\n  arrays: 4\n", "t.yaml", {"pe.arrays=16", "pe.adc.bits=3"});
  Read r = read_all(doc);
  CHECK(r.arrays == 16);
  CHECK(r.bits == 3);
  auto bad = ConfigDoc::load_string("pe:\n  arrays: 4\n", "t.yaml", {"pe.adc.bitz=3"});
  CHECK(error_of([&] { read_all(bad); }) ==
        "--set: pe.adc.bitz: unknown key in 'adc' (did you mean 'bits'?)");
  CHECK(error_of([] { ConfigDoc::load_string("", "t.yaml", {"pe.arrays"}); }) ==
        "--set: pe.arrays: expected key.path=value");
  CHECK(error_of([] {
          ConfigDoc::load_string("pe:\n  arrays: 4\n", "t.yaml", {"pe.arrays.x=1"});
        }) == "--set: pe.arrays: is a value, not a section; cannot set pe.arrays.x");
}

TEST_CASE("includes merge deeply and the including file wins", "[core][config]") {
  temp_file("tech.yaml", "pe:\n  arrays: 2\n  adc:\n    bits: 5\n    energy_pJ: 2.25\n");
  std::string main = temp_file("main.yaml", "include: tech.yaml\npe:\n  adc:\n    bits: 7\n");
  Read r = read_all(ConfigDoc::load_file(main));
  CHECK(r.arrays == 2);
  CHECK(r.bits == 7);
  CHECK(r.energy == 2.25);
  // Errors in an included file point into that file.
  std::string bad = temp_file("bad_tech.yaml", "pe:\n  arrays: 2\n  adc:\n    bits: 99\n");
  std::string main2 = temp_file("main2.yaml", "include: bad_tech.yaml\n");
  std::string msg = error_of([&] { read_all(ConfigDoc::load_file(main2)); });
  CHECK(msg == bad + ":4: pe.adc.bits: expected an integer in [1, 16] bit, got 99");
  std::string cyc = temp_file("cycle.yaml", "include: cycle.yaml\n");
  CHECK(error_of([&] { ConfigDoc::load_file(cyc); }).find("include cycle") != std::string::npos);
  std::string missing = temp_file("missing.yaml", "include: nothere.yaml\n");
  CHECK(error_of([&] {
          ConfigDoc::load_file(missing);
        }).find("missing.yaml:1: include: included file") != std::string::npos);
}

TEST_CASE("the resolved config holds every value read and reproduces the run", "[core][config]") {
  auto doc = ConfigDoc::load_string("pe:\n  arrays: 8\n  adc:\n    bits: 6\n", "t.yaml",
                                    {"pe.adc.energy_pJ=0.75"});
  Read first = read_all(doc);
  std::string resolved = doc->resolved_yaml();
  CHECK(resolved.find("energy_pJ: 0.75") != std::string::npos);
  CHECK(resolved.find("kind: sar") != std::string::npos);  // defaults are written out too
  auto again = ConfigDoc::load_string(resolved, "resolved.yaml");
  Read second = read_all(again);
  CHECK(second.arrays == first.arrays);
  CHECK(second.bits == first.bits);
  CHECK(second.energy == first.energy);
  CHECK(again->resolved_yaml() == resolved);
}
