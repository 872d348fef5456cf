// Stats arithmetic (energy = count x energy per action, leakage = mW x ns) and atomic output.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/core/atomic_output.h"
#include "sim/core/errors.h"
#include "sim/core/stats.h"

using namespace cimsim::core;
namespace fs = std::filesystem;

TEST_CASE("energy is count x energy per action, summed over the tree", "[core][stats]") {
  StatGroup root;
  StatGroup& pe = root.group("pe");
  pe.add_energy("adc_conversions", EnergyCategory::Readout, 1000, 1.25, "pe.adc.energy_pJ");
  pe.add_energy("adc_conversions", EnergyCategory::Readout, 24, 1.25, "pe.adc.energy_pJ");
  root.group("noc").add_energy("link_flits", EnergyCategory::Interconnect, 10, 0.5, "noc.link_pJ");
  root.add_leakage("chip_leakage", 2.0, 300.0, "chip.leakage_mW");  // 2 mW x 300 ns = 600 pJ
  CHECK(root.total_energy_pJ() == Approx(1024 * 1.25 + 5.0 + 600.0));
  auto cat = root.energy_by_category_pJ();
  CHECK(cat[static_cast<int>(EnergyCategory::Readout)] == Approx(1280.0));
  CHECK(cat[static_cast<int>(EnergyCategory::Interconnect)] == Approx(5.0));
  CHECK(cat[static_cast<int>(EnergyCategory::Leakage)] == Approx(600.0));
  double sum = 0;
  for (double v : cat) sum += v;
  CHECK(sum == Approx(root.total_energy_pJ()));
  REQUIRE(root.find_group("pe")->energy_terms().size() == 1);  // accumulated, not duplicated
  CHECK(&root.group("pe") == &pe);                             // created once
}

TEST_CASE("counters set and accumulate", "[core][stats]") {
  StatGroup g("tile");
  g.add("mvms", 3, "events", "");
  g.add("mvms", 4, "events", "");
  g.set("cycles", 10, "cycles", "");
  g.set("cycles", 12, "cycles", "");
  CHECK(g.value("mvms") == 7);
  CHECK(g.value("cycles") == 12);
  CHECK(g.value("absent") == 0);
}

TEST_CASE("a result folder is replaced whole, never mixed", "[core][output]") {
  fs::path dir = fs::temp_directory_path() / "cimsim-atomic-test" / "run";
  fs::remove_all(dir.parent_path());
  write_folder_atomically(dir.string(), {{"a.txt", "one"}, {"b.txt", "two"}});
  write_folder_atomically(dir.string(), {{"a.txt", "three"}});
  CHECK(fs::exists(dir / "a.txt"));
  CHECK_FALSE(fs::exists(dir / "b.txt"));  // nothing of the earlier run survives
  std::ifstream in(dir / "a.txt");
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str() == "three");
  int entries = 0;
  for (auto& e : fs::directory_iterator(dir.parent_path())) (void)e, ++entries;
  CHECK(entries == 1);  // no staging or old folders left behind
}

TEST_CASE("remove_stale_output: a killed run's staging folder and free lock go, the rest stays",
          "[core][output]") {
  const fs::path root = fs::temp_directory_path() / "cimsim-stale-test";
  fs::remove_all(root);
  fs::create_directories(root);
  const fs::path dir = root / "run";
  // What a run killed while writing `dir` leaves: a staging folder holding the marker, a lock.
  const fs::path stale = root / ".run.staging-999999";
  fs::create_directories(stale);
  std::ofstream(stale / kMarkerFile) << "# Written by cimsim. `--out` replaces this folder only "
                                        "while it holds nothing but the files listed here.\n";
  std::ofstream(root / ".run.lock") << "999999";
  const fs::path foreign = root / ".run.staging-999998";  // not cimsim's: kept
  fs::create_directories(foreign);
  std::ofstream(foreign / "notes.txt") << "keep";
  remove_stale_output(dir.string());
  CHECK_FALSE(fs::exists(stale));
  CHECK_FALSE(fs::exists(root / ".run.lock"));
  CHECK(fs::exists(foreign / "notes.txt"));
  // A live run's lock is kept.
  {
    OutputFolder live(dir.string());
    REQUIRE(fs::exists(root / ".run.lock"));
    remove_stale_output(dir.string());
    CHECK(fs::exists(root / ".run.lock"));
  }
  CHECK_FALSE(fs::exists(root / ".run.lock"));  // the live run removed its own
  fs::remove_all(root);
}

TEST_CASE("write_file_atomically: a missing folder is made, one that cannot be is bad input",
          "[core][output]") {
  const fs::path root = fs::temp_directory_path() / "cimsim-atomic-file-test";
  fs::remove_all(root);
  fs::create_directories(root);
  write_file_atomically((root / "new" / "dir" / "f.txt").string(), "made");
  std::ifstream in(root / "new" / "dir" / "f.txt");
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str() == "made");
  // A regular file where the folder would be: an InputError (the CLI's exit 2, one line), not a
  // std::filesystem error (the CLI's "internal error", exit 1).
  std::ofstream(root / "blocker") << "a file\n";
  const std::string path = (root / "blocker" / "sub" / "f.txt").string();
  try {
    write_file_atomically(path, "x");
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    const std::string msg = e.what();
    CHECK(msg.find(path + ": cannot create its folder " + (root / "blocker" / "sub").string() +
                   ": ") != std::string::npos);
    CHECK(msg.find('\n') == std::string::npos);
  }
  fs::remove_all(root);
}
