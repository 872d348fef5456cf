// The config system: typed reads, defaults, ranges, includes, --set, and one-line errors that
// name the file, the line and the key path.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "sim/core/config.h"
#include "sim/core/input_file.h"
#include "sim/core/param_table.h"
#include "tests/unit/input_error.h"

using namespace cimsim::core;

using cimsim::test::error_of;

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

TEST_CASE("trees no config may hold are refused with file, line and key path", "[core][config]") {
  auto load = [](const std::string& text) {
    return error_of([&] { ConfigDoc::load_string(text, "t.yaml"); });
  };
  SECTION("a recursive alias (was: unbounded recursion)") {
    CHECK(load("pe: &x\n  adc: *x\n") ==
          "t.yaml:2: pe.adc: recursive alias: the value contains itself");
    CHECK(load("pe:\n  list: &l [1, *l]\n") ==
          "t.yaml:2: pe.list[1]: recursive alias: the value contains itself");
  }
  SECTION("aliases that expand beyond the node limit") {
    std::string text = "a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n";
    for (int i = 1; i <= 7; ++i) {  // 10^8 values once expanded
      const std::string prev = "*a" + std::to_string(i - 1);
      text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
      for (int k = 1; k < 10; ++k) text += ", " + prev;
      text += "]\n";
    }
    CHECK(load(text).find("expands to more than 1000000 values") != std::string::npos);
  }
  SECTION("a key that is not a plain scalar (was: internal error, exit 1)") {
    CHECK(load("pe:\n  ? [a, b]\n  : 1\n") ==
          "t.yaml:2: pe: expected a plain key (a name), got a list as a key");
    CHECK(load("? :").rfind("t.yaml:1: expected a plain key (a name), got ", 0) == 0);
  }
  SECTION("a key written twice (was: the last one won)") {
    CHECK(load("pe:\n  arrays: 1\n  arrays: 2\n") ==
          "t.yaml:3: pe.arrays: duplicate key (first written at line 2): write each key once");
    CHECK(load("pe:\n  arrays: 1\npe:\n  arrays: 2\n") ==
          "t.yaml:3: pe: duplicate key (first written at line 1): write each key once");
  }
  SECTION("the same checks apply to a --set value") {
    CHECK(error_of([] { ConfigDoc::load_string("", "t.yaml", {"pe.adc={a: 1, a: 2}"}); }) ==
          "--set: pe.adc.a: duplicate key: write each key once");
  }
}

TEST_CASE("input files are read with a size limit and must be files", "[core][config]") {
  CHECK(error_of([] { ConfigDoc::load_file("/dev/zero"); }) ==
        "/dev/zero: larger than the input file limit (max_input_file_MiB = 16)");
  const std::string dir = std::filesystem::path(temp_file("x.yaml", "")).parent_path().string();
  CHECK(error_of([&] { ConfigDoc::load_file(dir); }) == dir + ": is a directory, expected a file");
  const std::string inc = temp_file("inc_zero.yaml", "pe:\n  arrays: 1\ninclude: /dev/zero\n");
  CHECK(error_of([&] { ConfigDoc::load_file(inc); }) ==
        inc +
            ":3: include: included file /dev/zero: larger than the input file limit "
            "(max_input_file_MiB = 16)");
  const std::string inc_dir = temp_file("inc_dir.yaml", "include: [x.yaml, " + dir + "]\n");
  CHECK(error_of([&] { ConfigDoc::load_file(inc_dir); }) ==
        inc_dir + ":1: include: included file " + dir + ": is a directory, expected a file");
  // Exactly at the limit is read whole, one byte more is not.
  std::string big(kMaxInputFileBytes, '#');
  CHECK(read_input_file(temp_file("limit.yaml", big)) == big);
  CHECK(error_of([&] { read_input_file(temp_file("over.yaml", big + "\n")); }) ==
        temp_file("over.yaml", big + "\n") +
            ": larger than the input file limit (max_input_file_MiB = 16)");
}

TEST_CASE("include cycles name the include line", "[core][config]") {
  const std::string a = temp_file("cyc_a.yaml", "pe:\n  arrays: 1\ninclude: cyc_b.yaml\n");
  const std::string b = temp_file("cyc_b.yaml", "\ninclude:\n  - cyc_a.yaml\n");
  CHECK(error_of([&] { ConfigDoc::load_file(a); }) ==
        b + ":3: include: include cycle: '" + a + "' is already being read (it includes itself)");
}

TEST_CASE("an include name the OS refuses is bad input, not an internal error", "[core][config]") {
  // A 300-byte file name is longer than NAME_MAX (255): std::filesystem throws on it unless
  // asked for an error code (found by the config fuzzer: fuzz/regressions/config/).
  const std::string name(300, 'x');
  const std::string msg =
      error_of([&] { ConfigDoc::load_string("include: " + name + "\n", "t.yaml"); });
  CHECK(msg ==
        "t.yaml:1: include: included file '" + name + "' cannot be read: File name too long");
}

TEST_CASE("a section --set creates is blamed on --set", "[core][config]") {
  // pe.extra does not exist in the file: the unknown key is --set's, not t.yaml's.
  auto doc = ConfigDoc::load_string("pe:\n  arrays: 4\n", "t.yaml", {"pe.extra.bits=3"});
  CHECK(error_of([&] { read_all(doc); }) ==
        "--set: pe.extra: unknown key in 'pe' (expected one of: arrays, signed, label, adc)");
}

TEST_CASE("unset (--unset) removes a value or a section before --set applies", "[core][config]") {
  const std::string text = "pe:\n  arrays: 4\n  adc:\n    bits: 6\n    energy_pJ: 2\n";
  SECTION("a value: its default comes back") {
    Read r = read_all(ConfigDoc::load_string(text, "t.yaml", {unset_override("pe.adc.energy_pJ")}));
    CHECK(r.energy == 1.5);
    CHECK(r.bits == 6);
  }
  SECTION("a section, then a --set into it") {
    Read r = read_all(
        ConfigDoc::load_string(text, "t.yaml", {unset_override("pe.adc"), "pe.adc.kind=flash"}));
    CHECK(r.bits == 8);
    CHECK(r.energy == 1.5);
    CHECK(r.kind == "flash");
  }
  SECTION("a key that is not there is an error") {
    CHECK(error_of([&] {
            ConfigDoc::load_string(text, "t.yaml", {unset_override("pe.adc.bitz")});
          }) == "--unset: pe.adc.bitz: no such key in the config (nothing to remove)");
    CHECK(error_of([&] {
            ConfigDoc::load_string(text, "t.yaml", {unset_override("pe.arrays.x")});
          }) == "--unset: pe.arrays.x: no such key in the config (nothing to remove)");
    CHECK(error_of([&] { ConfigDoc::load_string(text, "t.yaml", {unset_override("pe..x")}); }) ==
          "--unset: pe..x: empty key in the path");
  }
}

namespace {
enum class Kind { Sar, Flash };
struct Bound {
  int bits = 8;
  double energy_pJ = 1.5;
  Kind kind = Kind::Sar;
  double flash_fJ = 10;  // read only with kind: flash
  std::string path = "chip.pe.adc";
};
const ParamTable<Bound>& param_table(const Bound&) {
  static const ParamTable<Bound> t{
      "adc",
      "chip.pe.adc",
      "bound test ADC",
      {int_field(&Bound::bits, "bits", "bit", "8", 1, 16, "resolution"),
       real_field(&Bound::energy_pJ, "energy_pJ", "pJ", "1.5", 0, kInf, "energy"),
       choice_field(&Bound::kind, "kind", "sar", {{"sar", Kind::Sar}, {"flash", Kind::Flash}},
                    "architecture"),
       real_field(&Bound::flash_fJ, "flash_fJ", "fJ", "10", 0, kInf, "comparator energy")
           .when([](const Bound& b) { return b.kind == Kind::Flash; })}};
  return t;
}
struct Disagrees {
  int a = 2;
  bool b = true;
};
const ComponentSchema& pe_with(const ComponentSchema& adc) {
  static const ComponentSchema s{"pe", "chip.pe", "PE", {}, {adc.name}};
  return s;
}
const ComponentSchema& top() {
  static const ComponentSchema s{"config", "", "root", {}, {"pe"}};
  return s;
}
Bound read_bound(const std::string& text) {
  auto doc = ConfigDoc::load_string(text, "t.yaml");
  const ParamTable<Bound>& t = param_table(Bound{});
  ConfigSection adc =
      doc->root(top()).section("pe", pe_with(t.schema())).section("adc", t.schema());
  Bound b;
  b.path = adc.path();
  t.read(adc, b);
  doc->check_all_consumed();
  return b;
}
}  // namespace

TEST_CASE("a parameter table reads members, skips what does not apply, names sources",
          "[core][config]") {
  Bound b = read_bound("pe:\n  adc:\n    bits: 6\n    kind: flash\n    flash_fJ: 7\n");
  CHECK(b.bits == 6);
  CHECK(b.energy_pJ == 1.5);
  CHECK(b.kind == Kind::Flash);
  CHECK(b.flash_fJ == 7);
  // flash_fJ does not apply to a SAR ADC: writing it is an unused key.
  CHECK(error_of([] {
          read_bound("pe:\n  adc:\n    flash_fJ: 7\n");
        }).rfind("t.yaml:3: pe.adc.flash_fJ: is not used by this configuration", 0) == 0);
  CHECK(error_of([] { read_bound("pe:\n  adc:\n    kind: pipelined\n"); }) ==
        "t.yaml:3: pe.adc.kind: expected one of sar|flash, got 'pipelined'");
  CHECK(cimsim::core::source(b, &Bound::flash_fJ) == "pe.adc.flash_fJ");
  CHECK(cimsim::core::source(Bound{}, &Bound::energy_pJ) == "chip.pe.adc.energy_pJ");
  CHECK_THROWS_AS(param_table(b).key_of(&Bound::path), std::logic_error);  // not a parameter
  CHECK(param_table(b).schema().params.size() == 4);
  CHECK(param_table(b).schema().default_mismatches().empty());
}

TEST_CASE("the defaults check finds a struct that disagrees with its schema", "[core][config]") {
  static const ParamTable<Disagrees> t{"d",
                                       "d",
                                       "disagreeing defaults",
                                       {int_field(&Disagrees::a, "a", "", "3", 0, 10, "a"),
                                        bool_field(&Disagrees::b, "b", "true", "b")}};
  CHECK(t.default_mismatches() ==
        std::vector<std::string>{"a: struct default 2, schema default 3"});
  CHECK(t.schema().default_mismatches() == t.default_mismatches());
}
