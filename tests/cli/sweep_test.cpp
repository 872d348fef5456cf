#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "app/sweep_spec.h"
#include "sim/core/errors.h"
#include "tests/cli/run_cli.h"
#include "tests/cli/sweep_csv.h"

using cimsim::test::csv_rows;
using cimsim::test::kBin;
using cimsim::test::kSrc;
using cimsim::test::run_cli;
using cimsim::test::slurp;
using cimsim::test::temp_dir;
using cimsim::test::write_temp_file;
namespace fs = std::filesystem;

namespace {
std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// The shell's exit code of `cmd` (run in the source folder).
int sh(const std::string& cmd) {
  const std::string full = std::string("cd '") + CIMSIM_SOURCE_DIR + "' && " + cmd;
  const int status = std::system(full.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string tiny_sweep(const std::string& name, const std::string& extra) {
  return write_temp_file(name, "config: " + kSrc + "/configs/isscc28nm.yaml\nnet: " + kSrc +
                                   "/tests/data/tiny_cnn.yaml\nimages: 1\n" + extra);
}

size_t json_files(const std::string& dir) {
  size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) n += e.path().extension() == ".json";
  return n;
}
}  // namespace

TEST_CASE("sweep runs the product of parameter values, one process per point, into one CSV",
          "[cli][sweep]") {
  const std::string sweep = tiny_sweep(
      "s.yaml",
      "parameters:\n"
      "  chip.tiles_x: [2, 3]\n"
      "  chip.tile.pe.arrays: [4, 8]\n"
      "metrics: [summary.macs_per_image, summary.reload_groups, layers.fc.macs_per_image]\n");
  auto r = run_cli("sweep " + sweep + " -j 2 --quiet --out " + temp_dir() + "/sw");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto rows = lines_of(temp_dir() + "/sw/sweep.csv");
  REQUIRE(rows.size() == 5);
  CHECK(rows[0] ==
        "point,config,net,images,chip.tiles_x,chip.tile.pe.arrays,status,summary.macs_per_image,"
        "summary.reload_groups,layers.fc.macs_per_image,key");
  const std::string prefix = "0," + kSrc + "/configs/isscc28nm.yaml," + kSrc +
                             "/tests/data/tiny_cnn.yaml,1,2,4,ok,177664,1,";
  CHECK(rows[1].substr(0, prefix.size()) == prefix);
  CHECK(rows[4].find(",3,8,ok,177664,1,") != std::string::npos);
  // fc: 16 x 4 x 4 inputs x 10 outputs = 2560 MACs, read by layer name from the layers array.
  CHECK(csv_rows(temp_dir() + "/sw/sweep.csv")[0]["layers.fc.macs_per_image"] == "2560");
  CHECK(json_files(temp_dir() + "/sw/points") == 4);
}

TEST_CASE("every point's config is checked before any point runs", "[cli][sweep]") {
  const std::string sweep = tiny_sweep("f.yaml", "parameters: {chip.tiles_x: [2, 0]}\n");
  auto r = run_cli("sweep " + sweep + " --quiet --out " + temp_dir() + "/sf");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("f.yaml: point 1 (") != std::string::npos);
  CHECK(r.err.find("chip.tiles_x=0): --set: chip.tiles_x: expected an integer in [1, 256]") !=
        std::string::npos);
  CHECK(!fs::exists(temp_dir() + "/sf"));  // nothing ran, nothing was written
  auto bad =
      run_cli("sweep " + write_temp_file("b.yaml", "config: x.yaml\nnet: vgg8\nparams: {}\n"));
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("b.yaml:3: params: unknown key") != std::string::npos);
  auto unknown_key = run_cli("sweep " + tiny_sweep("k.yaml", "parameters: {chip.tilez_x: [2]}\n"));
  CHECK(unknown_key.exit_code == 2);
  CHECK(unknown_key.err.find("chip.tilez_x: unknown key") != std::string::npos);
  auto bad_net = run_cli("sweep " + write_temp_file("n.yaml", "config: isscc28nm\nnet: vgg9\n"));
  CHECK(bad_net.exit_code == 2);
  CHECK(bad_net.err.find("n.yaml: point 0 (config=isscc28nm, net=vgg9)") != std::string::npos);
}

TEST_CASE("an unknown metric path stops the sweep before any point runs", "[cli][sweep]") {
  const std::string sweep =
      tiny_sweep("m.yaml", "parameters: {chip.tiles_x: [2, 3]}\nmetrics: [summary.latncy_ns]\n");
  auto r = run_cli("sweep " + sweep + " --quiet --out " + temp_dir() + "/sm");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("m.yaml: metrics: 'summary.latncy_ns' is not in the report.json (summary "
                   "has: ") != std::string::npos);
  CHECK(r.err.find("latency_ns") != std::string::npos);
  CHECK(!fs::exists(temp_dir() + "/sm"));
}

TEST_CASE("a sweep past the points limit is refused without being built", "[cli][sweep]") {
  std::string params = "parameters:\n";
  std::string values = "[";
  for (int v = 1; v <= 100; ++v) values += std::to_string(v) + (v < 100 ? "," : "]");
  for (int k = 0; k < 6; ++k) params += "  chip.k" + std::to_string(k) + ".x: " + values + "\n";
  auto r = run_cli("sweep " + tiny_sweep("big.yaml", params));  // 10^12 points
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("big.yaml:1: parameters: the sweep has more than max_sweep_points = 100000") !=
        std::string::npos);
}

TEST_CASE("the sweep parser is a function: zip groups, run options, several configs",
          "[cli][sweep]") {
  using cimsim::app::parse_sweep;
  const auto s = parse_sweep(
      "config: [a.yaml, isscc28nm]\nnets: [vgg8, ../nets/n.yaml]\n"
      "parameters:\n  images: [1, 2]\n  parallelism: [pipeline, hybrid]\n"
      "zip:\n  chip.tiles_x: [4, 8, 16]\n  chip.tiles_y: [2, 4, 8]\n",
      "/labs/x/s.yaml");
  CHECK(s.points == 2 * 2 * 2 * 2 * 3);
  REQUIRE(s.columns.size() == 6);
  CHECK(cimsim::app::sweep_point(s, 0) ==
        std::vector<std::string>{"a.yaml", "vgg8", "1", "pipeline", "4", "2"});
  // The last dimension (the zip group) varies fastest, its columns together.
  CHECK(cimsim::app::sweep_point(s, 2) ==
        std::vector<std::string>{"a.yaml", "vgg8", "1", "pipeline", "16", "8"});
  CHECK(cimsim::app::sweep_point(s, 47) ==
        std::vector<std::string>{"isscc28nm", "../nets/n.yaml", "2", "hybrid", "16", "8"});
  CHECK(cimsim::app::sweep_relative(s, "../nets/n.yaml") == "/labs/nets/n.yaml");
  auto err = [](const std::string& text) {
    try {
      parse_sweep(text, "e.yaml");
    } catch (const cimsim::core::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(err("config: c\nnet: n\nzip:\n  chip.a.b: [1, 2]\n  chip.c.d: [1, 2, 3]\n") ==
        "e.yaml:5: zip.chip.c.d: expected 2 values like the other lists of its zip group, got 3");
  CHECK(err("config: c\nnet: n\nparameters: {imags: [1]}\n")
            .find("e.yaml:3: imags: unknown run option") == 0);
  CHECK(err("config: c\nnet: n\nparameters: {images: [1, 0]}\n") ==
        "e.yaml:3: images: expected an integer in [1, 1000000], got '0'");
  CHECK(err("config: c\nnet: n\nseed: 99999999999999999999\n") ==
        "e.yaml:3: seed: expected a non-negative integer, got '99999999999999999999'");
  CHECK(err("config: c\nnet: n\nseed: 9999999999999999999\n") ==
        "e.yaml:3: seed: expected a non-negative integer, got '9999999999999999999'");
  CHECK(err("config: c\nnet: n\nimages: 1\nparameters: {images: [2]}\n") ==
        "e.yaml:4: images: given twice in the sweep");
  CHECK(err("study: macro\nconfig: c\nnet: n\n").find("a macro study has no network") !=
        std::string::npos);
  CHECK(err("config: c\n") == "e.yaml:1: net: missing required key (a network name or file)");
  CHECK(err("? [a, b]\n: 1\n").find("expected a plain key") != std::string::npos);
  CHECK(err("config: c\nconfig: d\nnet: n\n") == "e.yaml:2: config: given twice");
}

TEST_CASE("a sweep resolves its paths against the sweep file and sweeps run options",
          "[cli][sweep]") {
  const std::string dir = temp_dir() + "/rel";
  fs::create_directories(dir + "/nets");
  fs::copy_file(kSrc + "/tests/data/tiny_cnn.yaml", dir + "/nets/tiny.yaml");
  write_temp_file("rel/s.yaml",
                  "config: [isscc28nm, " + kSrc +
                      "/configs/isaac32nm.yaml]\n"
                      "net: nets/tiny.yaml\n"
                      "parameters:\n  images: [1, 3]\n  parallelism: [pipeline, hybrid]\n"
                      "metrics: [run.images, run.config]\n");
  // Run from another folder: the net is found next to the sweep file.
  const int rc = sh("cd '" + temp_dir() + "' && '" + kBin + "' sweep rel/s.yaml -j 2 --quiet");
  REQUIRE(rc == 0);
  auto rows = csv_rows(temp_dir() + "/results/sweep-s/sweep.csv");
  REQUIRE(rows.size() == 8);
  CHECK(rows[0]["net"] == "nets/tiny.yaml");
  CHECK(rows[0]["run.images"] == "1");
  CHECK(rows[1]["parallelism"] == "hybrid");
  CHECK(rows[2]["run.images"] == "3");
  CHECK(rows[7]["config"] == kSrc + "/configs/isaac32nm.yaml");
  for (const auto& row : rows) CHECK(row.at("status") == "ok");
}

TEST_CASE("a sweep resumes: finished points are reused, only the missing ones run",
          "[cli][sweep]") {
  const std::string sweep = tiny_sweep("r.yaml", "parameters: {chip.tiles_x: [2, 3, 4]}\n");
  const std::string out = temp_dir() + "/sr";
  REQUIRE(run_cli("sweep " + sweep + " --quiet --out " + out).exit_code == 0);
  const std::string first = slurp(out + "/sweep.csv");
  const auto rows = csv_rows(out + "/sweep.csv");
  fs::remove(out + "/points/" + rows[1].at("key") + ".json");
  // What a sweep killed while a point wrote its report leaves: the point's --out folder, its
  // staging folder and lock (core/atomic_output.h), its log. The rerun removes them.
  const std::string left = out + "/points/";
  const std::string key = rows[0].at("key");  // a reused point: only the start-up clean-up runs
  fs::create_directories(left + ".run-" + key);
  fs::create_directories(left + "..run-" + key + ".staging-999999");
  write_temp_file("sr/points/..run-" + key + ".staging-999999/report.json", "{");
  write_temp_file("sr/points/..run-" + key + ".lock", "999999");
  write_temp_file("sr/points/.log-" + key, "");
  auto r = run_cli("sweep " + sweep + " --out " + out);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("sweep: 3/3 points done (2 reused), 0 failed") != std::string::npos);
  CHECK(slurp(out + "/sweep.csv") == first);  // byte-identical
  for (const auto& e : fs::directory_iterator(left)) CHECK(e.path().extension() == ".json");
  // A changed value is a new point; the others are reused.
  const std::string more = tiny_sweep("r.yaml", "parameters: {chip.tiles_x: [2, 3, 5]}\n");
  auto r2 = run_cli("sweep " + more + " --out " + out);
  CHECK(r2.err.find("sweep: 3/3 points done (2 reused), 0 failed") != std::string::npos);
  // A folder that is not a sweep's is refused.
  fs::create_directories(temp_dir() + "/notasweep");
  write_temp_file("notasweep/mine.txt", "keep me\n");
  auto r3 = run_cli("sweep " + sweep + " --out " + temp_dir() + "/notasweep");
  CHECK(r3.exit_code == 2);
  CHECK(r3.err.find("exists and is not a sweep's folder") != std::string::npos);
  CHECK(slurp(temp_dir() + "/notasweep/mine.txt") == "keep me\n");
}

TEST_CASE("SIGINT leaves a consistent partial CSV and the rerun completes it", "[cli][sweep]") {
  const std::string sweep =
      write_temp_file("int.yaml",
                      "config: isscc28nm\nnet: resnet18\nimages: 1\nparameters:\n"
                      "  chip.dram.bandwidth_GBps: [6.4, 12.8, 25.6, 51.2, 102.4, 204.8]\n"
                      "  chip.clock_MHz: [200, 250, 300]\n");
  const std::string out = temp_dir() + "/si";
  // Once the first point is filed, a second sweep on the folder is refused (without touching
  // the running points), then the first gets SIGINT, as from Ctrl-C.
  const int rc = sh("'" + kBin + "' sweep " + sweep + " --quiet --out " + out + " 2>" + out +
                    ".err & pid=$!; for i in $(seq 600); do ls " + out +
                    "/points/*.json >/dev/null 2>&1 && break; sleep 0.05; done; '" + kBin +
                    "' sweep " + sweep + " --quiet --out " + out + " 2>" + out +
                    ".second; echo $? >" + out + ".second_rc; kill -INT $pid; wait $pid");
  CHECK(slurp(out + ".second_rc") == "2\n");
  CHECK(slurp(out + ".second").find(": another cimsim sweep is running in this folder") !=
        std::string::npos);
  CHECK(rc == 130);
  CHECK(slurp(out + ".err").find("cimsim sweep: interrupted: ") != std::string::npos);
  auto rows = csv_rows(out + "/sweep.csv");
  REQUIRE(rows.size() == 18);
  size_t ok = 0, pending = 0;
  for (const auto& row : rows) {
    ok += row.at("status") == "ok";
    pending += row.at("status") == "pending";
    if (row.at("status") == "ok") CHECK(!row.at("summary.latency_ns").empty());
  }
  CHECK(ok >= 1);
  CHECK(ok + pending == 18);  // nothing counted as failed
  CHECK(pending >= 1);
  // No half-written point, and nothing of the killed points (staging folder, lock, log).
  for (const auto& e : fs::directory_iterator(out + "/points"))
    CHECK(e.path().extension() == ".json");
  auto r = run_cli("sweep " + sweep + " -j 2 --out " + out);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("sweep: 18/18 points done (" + std::to_string(ok)) != std::string::npos);
  for (const auto& row : csv_rows(out + "/sweep.csv")) CHECK(row.at("status") == "ok");
}

TEST_CASE("a sweep where every point fails says why up front", "[cli][sweep]") {
  write_temp_file("broken_mapping.yaml", "not: a mapping\n");
  const std::string sweep =
      tiny_sweep("af.yaml", "mapping: broken_mapping.yaml\nparameters: {chip.tiles_x: [2, 3]}\n");
  auto r = run_cli("sweep " + sweep + " --quiet --out " + temp_dir() + "/af");
  CHECK(r.exit_code == 1);
  INFO(r.err);
  CHECK(r.err.rfind("cimsim sweep: every point failed; point 0 says: cimsim: error: ", 0) == 0);
  CHECK(r.err.find("broken_mapping.yaml") != std::string::npos);
  auto rows = lines_of(temp_dir() + "/af/sweep.csv");
  REQUIRE(rows.size() == 3);
  // A longer sweep says so after its first four points, before running the rest.
  const std::string longer =
      tiny_sweep("af2.yaml",
                 "mapping: broken_mapping.yaml\nparameters: {chip.tiles_x: [2, 3, 4, "
                 "5, 6, 7]}\n");
  auto r2 = run_cli("sweep " + longer + " --out " + temp_dir() + "/af2");
  CHECK(r2.exit_code == 1);
  const size_t early = r2.err.find("cimsim sweep: the first 4 points all failed; point ");
  CHECK(early != std::string::npos);
  CHECK(early < r2.err.find("sweep: 6/6 points done"));
  CHECK(rows[1].find(",\"error: cimsim: error: ") != std::string::npos);
}

TEST_CASE("a macro study sweeps cimsim macro, no network", "[cli][sweep]") {
  const std::string sweep = write_temp_file(
      "mac.yaml",
      "study: macro\nconfig: isaac32nm\nzip:\n  chip.tile.pe.adc.bits: [4, 6, 8]\n"
      "  chip.tile.pe.adc.energy_per_conversion_pJ: [0.09765625, 0.390625, 1.5625]\n"
      "metrics: [array.energy_per_mvm_pJ, array.TOPS_per_W, array.area_mm2]\n");
  auto r = run_cli("sweep " + sweep + " --quiet --out " + temp_dir() + "/mac");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto rows = csv_rows(temp_dir() + "/mac/sweep.csv");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].count("net") == 0);
  // More ADC bits cost energy per MVM (here 2^B scaling from ISAAC's 8-bit figure, zipped).
  CHECK(std::stod(rows[0]["array.energy_per_mvm_pJ"]) <
        std::stod(rows[1]["array.energy_per_mvm_pJ"]));
  CHECK(std::stod(rows[1]["array.energy_per_mvm_pJ"]) <
        std::stod(rows[2]["array.energy_per_mvm_pJ"]));
  CHECK(std::stod(rows[0]["array.TOPS_per_W"]) > std::stod(rows[2]["array.TOPS_per_W"]));
}

TEST_CASE("sweep --slurm writes a job array whose tasks --collect merges into the local CSV",
          "[cli][sweep]") {
  const std::string sweep = tiny_sweep("sl.yaml", "parameters: {chip.tiles_x: [2, 3, 4]}\n");
  const std::string out = temp_dir() + "/slurm";
  auto w = run_cli("sweep " + sweep + " --out " + out +
                   " --slurm --chunk 2 --partition p1 "
                   "--time 00:10:00");
  INFO(w.err);
  REQUIRE(w.exit_code == 0);
  const std::string job = slurp(out + "/slurm/job.sh");
  CHECK(job.find("#SBATCH --array=0-1\n") != std::string::npos);
  CHECK(job.find("#SBATCH --partition=p1\n") != std::string::npos);
  CHECK(job.find("#SBATCH --time=00:10:00\n") != std::string::npos);
  CHECK(job.find("--task \"$SLURM_ARRAY_TASK_ID\"") != std::string::npos);
  CHECK(w.out.find("3 of 3 points to run in 2 array tasks") != std::string::npos);
  // Task 0 runs two points; collecting then says one is pending.
  REQUIRE(run_cli("sweep " + sweep + " --out " + out + " --task 0").exit_code == 0);
  CHECK(json_files(out + "/points") == 2);
  auto partial = run_cli("sweep " + sweep + " --out " + out + " --collect --quiet");
  CHECK(partial.exit_code == 1);
  CHECK(partial.err.find("1 of 3 points are not finished") != std::string::npos);
  // Resubmitting covers only the unfinished point.
  auto again = run_cli("sweep " + sweep + " --out " + out + " --slurm --chunk 2");
  CHECK(again.out.find("1 of 3 points to run in 1 array tasks") != std::string::npos);
  REQUIRE(run_cli("sweep " + sweep + " --out " + out + " --task 0").exit_code == 0);
  CHECK(run_cli("sweep " + sweep + " --out " + out + " --task 1").exit_code == 2);
  REQUIRE(run_cli("sweep " + sweep + " --out " + out + " --collect --quiet").exit_code == 0);
  REQUIRE(run_cli("sweep " + sweep + " --out " + temp_dir() + "/slurm-local --quiet").exit_code ==
          0);
  CHECK(slurp(out + "/sweep.csv") == slurp(temp_dir() + "/slurm-local/sweep.csv"));
  auto bad = run_cli("sweep " + sweep + " --out " + out + " --slurm --partition 'a b'");
  CHECK(bad.exit_code == 2);
}

TEST_CASE("the bundled memory-wall lab sweep runs and shows the wall", "[cli][sweep]") {
  auto r =
      run_cli("sweep configs/sweeps/memory_wall.yaml -j 2 --quiet --out " + temp_dir() + "/mw");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto rows = csv_rows(temp_dir() + "/mw/sweep.csv");
  REQUIRE(rows.size() == 12);  // 2 chips x 6 bandwidths
  auto latency = [&](size_t row) { return std::stod(rows[row].at("summary.latency_ns")); };
  // On the small chip (rows 0-5) latency falls as DRAM gets faster.
  for (size_t i = 1; i <= 5; ++i) CHECK(latency(i) < latency(i - 1));
  CHECK(latency(6) < latency(5) / 1.5);  // the chip that holds the network beats even 102 GB/s
}

TEST_CASE("a rebuilt cimsim runs every point again: the build is part of a point's key",
          "[cli][sweep]") {
  const std::string sweep = tiny_sweep("b.yaml", "parameters: {chip.tiles_x: [2, 3]}\n");
  const std::string out = temp_dir() + "/sb";
  REQUIRE(run_cli("sweep " + sweep + " --quiet --out " + out).exit_code == 0);
  const auto before = csv_rows(out + "/sweep.csv");
  REQUIRE(before.size() == 2);
  // Another build: this binary with one byte appended (the same program, another hash).
  const std::string other = temp_dir() + "/cimsim-rebuilt";
  fs::copy_file(kBin, other, fs::copy_options::overwrite_existing);
  std::ofstream(other, std::ios::binary | std::ios::app) << '\n';
  fs::permissions(other, fs::perms::owner_all);
  const std::string err = temp_dir() + "/sb.err";
  CHECK(sh("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 '" + other + "' sweep " + sweep + " --out " + out +
           " 2>'" + err + "' >/dev/null") == 0);
  const std::string log = slurp(err);
  INFO(log);
  CHECK(log.find("sweep: 2/2 points done, 0 failed") != std::string::npos);  // none reused
  const auto after = csv_rows(out + "/sweep.csv");
  REQUIRE(after.size() == 2);
  for (size_t i = 0; i < 2; ++i) CHECK(after[i].at("key") != before[i].at("key"));
  // The same build again reuses its own points: none is run (the point files stay untouched).
  const std::string point = out + "/points/" + after[0].at("key") + ".json";
  const auto written = fs::last_write_time(point);
  CHECK(sh("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 '" + other + "' sweep " + sweep + " --out " + out +
           " 2>'" + err + "' >/dev/null") == 0);
  CHECK(fs::last_write_time(point) == written);
  CHECK(csv_rows(out + "/sweep.csv").at(0).at("key") == after[0].at("key"));
}
