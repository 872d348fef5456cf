// --out never destroys: foreign paths, the working folder, its ancestors and the inputs' folders
// are refused; names from configs stay inside results/; replacement is atomic and locked.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;
using cimsim::test::slurp;
using cimsim::test::temp_dir;
namespace fs = std::filesystem;

namespace {

const std::string kRun =
    "run --config configs/isscc28nm.yaml --set chip.tiles_x=2 --set chip.tiles_y=2 "
    "--net tests/data/tiny_cnn.yaml --quiet ";

void refused(const cimsim::test::CliResult& r, const std::string& expected) {
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(expected) != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

}  // namespace

TEST_CASE("out: refuses a file or a folder cimsim did not make, and leaves it intact",
          "[cli][out]") {
  const fs::path file = cimsim::test::write_temp_file("out_file.txt", "precious\n");
  refused(run_cli(kRun + "--out " + file.string()), "exists and is not a folder");
  CHECK(slurp(file) == "precious\n");

  const fs::path dir = fs::path(temp_dir()) / "someone_elses";
  cimsim::test::write_temp_file("someone_elses/notes.txt", "mine\n");
  refused(run_cli(kRun + "--out " + dir.string()),
          "exists and was not made by cimsim (no .cimsim-results in it)");
  CHECK(slurp(dir / "notes.txt") == "mine\n");

  // A cimsim folder with a file added by hand is not replaced either.
  const fs::path ours = fs::path(temp_dir()) / "ours";
  REQUIRE(run_cli(kRun + "--out " + ours.string()).exit_code == 0);
  CHECK(fs::exists(ours / ".cimsim-results"));
  std::ofstream(ours / "my_notes.txt") << "keep\n";
  refused(run_cli(kRun + "--out " + ours.string()),
          "holds my_notes.txt, which cimsim did not write");
  CHECK(slurp(ours / "my_notes.txt") == "keep\n");
  fs::remove(ours / "my_notes.txt");
  // Without it, the folder is cimsim's again and is replaced.
  CHECK(run_cli(kRun + "--out " + ours.string()).exit_code == 0);
  // An empty folder holds nothing to lose: it is used.
  fs::create_directories(fs::path(temp_dir()) / "empty");
  CHECK(run_cli(kRun + "--out " + temp_dir() + "/empty").exit_code == 0);
  CHECK(fs::exists(fs::path(temp_dir()) / "empty" / "report.json"));
}

TEST_CASE("out: refuses the working folder, its ancestors and the inputs' folders", "[cli][out]") {
  // run_cli runs in the source folder, which holds configs/ and tests/.
  refused(run_cli(kRun + "--out ."), "--out .: is the working folder or one of its ancestors");
  refused(run_cli(kRun + "--out .."), "--out ..: is the working folder or one of its ancestors");
  refused(run_cli(kRun + "--out /"), "--out /: refusing to replace the root folder");
  refused(run_cli(kRun + "--out tests/data"),
          "--out tests/data: holds the input tests/data/tiny_cnn.yaml");
  const std::string cfg = cimsim::test::write_temp_file(
      "cfgdir/chip.yaml", "include: " CIMSIM_SOURCE_DIR "/configs/isscc28nm.yaml\n");
  refused(run_cli("run --config " + cfg + " --net tests/data/tiny_cnn.yaml --out " + temp_dir() +
                  "/cfgdir"),
          "/cfgdir: holds the input " + cfg);
  CHECK(fs::exists(CIMSIM_SOURCE_DIR "/tests/data/tiny_cnn.yaml"));
  CHECK(fs::exists(cfg));
}

TEST_CASE("out: a chip name from the config stays one folder inside results/", "[cli][out]") {
  const fs::path work = fs::path(temp_dir()) / "names";
  fs::create_directories(work);
  const std::string cmd = "cd " + work.string() + " && '" + CIMSIM_BINARY +
                          "' run --config " CIMSIM_SOURCE_DIR
                          "/configs/isscc28nm.yaml --set chip.tiles_x=2 --set chip.tiles_y=2 "
                          "--net " CIMSIM_SOURCE_DIR
                          "/tests/data/tiny_cnn.yaml --quiet --set chip.name=../../x >/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::vector<std::string> made;
  for (const auto& e : fs::directory_iterator(work)) made.push_back(e.path().filename().string());
  REQUIRE(made == std::vector<std::string>{"results"});
  std::vector<std::string> inside;
  for (const auto& e : fs::directory_iterator(work / "results"))
    inside.push_back(e.path().filename().string());
  // One folder, the sanitized run name plus the hash of the overrides (app/run_names.h).
  REQUIRE(inside.size() == 1);
  CHECK(inside[0].rfind("_._.._x-tiny_cnn-", 0) == 0);
  CHECK(inside[0].size() == std::string("_._.._x-tiny_cnn-").size() + 8);
  CHECK(!fs::exists(fs::path(temp_dir()).parent_path() / "x-tiny_cnn"));
}

TEST_CASE("out: a killed run's staging folder is removed by the next run, foreign ones are not",
          "[cli][out]") {
  const fs::path out = fs::path(temp_dir()) / "staged";
  REQUIRE(run_cli(kRun + "--out " + out.string()).exit_code == 0);
  const std::string before = slurp(out / "report.json");
  // What a run killed while writing leaves: a staging folder with the marker and some files.
  const fs::path stale = fs::path(temp_dir()) / ".staged.staging-999999";
  fs::create_directories(stale);
  std::ofstream(stale / ".cimsim-results")
      << "# Written by cimsim. `--out` replaces this folder only while it holds nothing but the "
         "files listed here.\nreport.json\n";
  std::ofstream(stale / "report.json") << "{half";
  // A folder that only looks like one, with a file cimsim did not list.
  const fs::path foreign = fs::path(temp_dir()) / ".staged.staging-999998";
  fs::create_directories(foreign);
  std::ofstream(foreign / "thesis.tex") << "keep";
  REQUIRE(run_cli(kRun + "--out " + out.string() + " --images 3").exit_code == 0);
  CHECK(!fs::exists(stale));
  CHECK(slurp(foreign / "thesis.tex") == "keep");
  CHECK(slurp(out / "report.json") != before);  // replaced by the 3-image run
  // Nothing else is left next to it: no staging folder, no old folder, no lock file.
  for (const auto& e : fs::directory_iterator(temp_dir())) {
    const std::string n = e.path().filename().string();
    CHECK((n.rfind(".staged", 0) != 0 || n == foreign.filename().string()));
  }
}

TEST_CASE(
    "out: two runs on one folder: one winner, a clear error for the other, never a half folder",
    "[cli][out]") {
  const fs::path out = fs::path(temp_dir()) / "contended";
  REQUIRE(run_cli(kRun + "--out " + out.string()).exit_code == 0);
  const fs::path lock = fs::path(temp_dir()) / ".contended.lock";
  const fs::path first_rc = fs::path(temp_dir()) / "first.rc";
  // The first run holds the folder for a few seconds (vgg8, 30 images on the full chip).
  const std::string first = "cd " CIMSIM_SOURCE_DIR " && ( '" CIMSIM_BINARY
                            "' run --config configs/isscc28nm.yaml --net vgg8 --images 30 "
                            "--quiet --out " +
                            out.string() + " 2>/dev/null; echo $? > " + first_rc.string() +
                            " ) >/dev/null 2>&1 &";
  REQUIRE(std::system(first.c_str()) == 0);
  for (int i = 0; i < 2000 && !fs::exists(lock); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE(fs::exists(lock));
  auto second = run_cli(kRun + "--out " + out.string());
  refused(second, "is writing this folder; wait for it or choose another --out");
  CHECK(second.err.find("another cimsim run (pid ") != std::string::npos);
  // Meanwhile the folder is the old complete one.
  CHECK(fs::exists(out / "report.json"));
  for (int i = 0; i < 12000 && !fs::exists(first_rc); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(slurp(first_rc) == "0\n");
  CHECK(slurp(out / "report.json").find("\"network\": \"vgg8\"") != std::string::npos);
  CHECK(!fs::exists(lock));
}
