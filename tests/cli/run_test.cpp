// End-to-end properties of `cimsim run` (each case runs the binary, so each is its own process).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/cli/run_cli.h"

using cimsim::test::run_cli;
using cimsim::test::slurp;
using cimsim::test::temp_dir;
using json = nlohmann::json;

namespace {

const std::string kSmall =
    "--config configs/isscc28nm.yaml --set chip.tiles_x=2 --set chip.tiles_y=2 ";

json run_json(const std::string& args) {
  auto r = run_cli(args + " --format json --quiet --out " + temp_dir() + "/last");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(slurp(temp_dir() + "/last/report.json"));
}

}  // namespace

TEST_CASE("ops are 2 x the network's MACs: stride and padding respected, each MAC once",
          "[cli][run]") {
  // tiny_cnn: conv1 27x16 weights x 8x8 outputs (stride 2, pad 1) = 27,648; conv2 144x16 x 8x8
  // = 147,456; fc 256x10 = 2,560: 177,664 MACs.
  json j = run_json(kSmall + "--net tests/data/tiny_cnn.yaml --images 3");
  CHECK(j["summary"]["macs_per_image"] == 177664);
  CHECK(j["summary"]["ops_per_image"] == 2 * 177664);
  int64_t layer_macs = 0;
  for (const auto& L : j["layers"]) layer_macs += L["macs_per_image"].get<int64_t>();
  CHECK(layer_macs == 177664);
}

TEST_CASE("the energy total is the sum of its breakdowns", "[cli][run]") {
  json j = run_json(kSmall + "--net tests/data/tiny_cnn.yaml");
  const double total = j["energy_per_image_pJ"]["total"];
  double by_cat = 0, by_group = 0;
  for (auto it = j["energy_per_image_pJ"].begin(); it != j["energy_per_image_pJ"].end(); ++it)
    if (it.key() != "total") by_cat += it.value().get<double>();
  for (auto it = j["energy_per_image_by_group_pJ"].begin();
       it != j["energy_per_image_by_group_pJ"].end(); ++it)
    by_group += it.value().get<double>();
  CHECK(total > 0);
  CHECK(by_cat == Approx(total).epsilon(1e-12));
  CHECK(by_group == Approx(total).epsilon(1e-12));
  double layers = 0;
  for (const auto& L : j["layers"]) layers += L["energy_per_image_pJ"].get<double>();
  CHECK(layers == Approx(j["energy_per_image_by_group_pJ"]["layers"].get<double>()).epsilon(1e-9));
}

TEST_CASE("two identical runs write byte-identical results", "[cli][run]") {
  const std::string args = kSmall + "--net tests/data/tiny_cnn.yaml --quiet --out ";
  REQUIRE(run_cli(args + temp_dir() + "/a").exit_code == 0);
  REQUIRE(run_cli(args + temp_dir() + "/b").exit_code == 0);
  for (const char* f : {"report.json", "layers.csv", "mapping.yaml", "config.resolved.yaml"}) {
    INFO(f);
    const std::string a = slurp(temp_dir() + "/a/" + f);
    CHECK(!a.empty());
    CHECK(a == slurp(temp_dir() + "/b/" + f));
  }
}

TEST_CASE("a saved mapping and the resolved config reproduce the run", "[cli][run]") {
  const std::string dir = temp_dir() + "/orig";
  REQUIRE(run_cli(kSmall + "--net tests/data/tiny_cnn.yaml --quiet --out " + dir).exit_code == 0);
  json orig = json::parse(slurp(dir + "/report.json"));
  json again = run_json("--config " + dir + "/config.resolved.yaml --mapping " + dir +
                        "/mapping.yaml --net tests/data/tiny_cnn.yaml");
  CHECK(again["summary"] == orig["summary"]);
  CHECK(again["layers"] == orig["layers"]);
  CHECK(again["energy_per_image_pJ"] == orig["energy_per_image_pJ"]);
}

TEST_CASE("wider DRAM never slows a memory-bound run", "[cli][run]") {
  // 6x6 tiles of 8 PEs hold vgg8's largest layer (fc1: 256 PEs) but not the whole network
  // (about 400 PEs): layer groups run in turn with weights reloaded from DRAM.
  const std::string chip =
      "--config configs/isscc28nm.yaml --set chip.tiles_x=6 --set chip.tiles_y=6 ";
  json slow = run_json(chip + "--net vgg8 --images 1 --set chip.dram.bandwidth_GBps=12.8");
  json fast = run_json(chip + "--net vgg8 --images 1 --set chip.dram.bandwidth_GBps=51.2");
  REQUIRE(slow["summary"]["reload_groups"].get<int>() > 1);
  CHECK(slow["memory"]["weight_reload_bytes"].get<int64_t>() > 0);
  CHECK(fast["summary"]["latency_ns"].get<double>() < slow["summary"]["latency_ns"].get<double>());
  CHECK(fast["memory"]["reload_time_ns"].get<double>() <
        slow["memory"]["reload_time_ns"].get<double>());
}

TEST_CASE("run input errors: one line naming the file or key, exit code 2", "[cli][run]") {
  auto no_config = run_cli("--net vgg8");
  CHECK(no_config.exit_code == 2);
  CHECK(no_config.err == "cimsim: error: --config FILE is required\n");
  auto missing = run_cli("--config configs/nothere.yaml --net vgg8");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "cimsim: error: configs/nothere.yaml: cannot read file\n");
  auto bad_set =
      run_cli("--config configs/isscc28nm.yaml --net vgg8 --set chip.tile.buffer.size_KB=3");
  CHECK(bad_set.exit_code == 2);
  CHECK(bad_set.err.find(
            "--set: chip.tile.buffer.size_KB: unknown key in 'buffer' (did you mean 'size_kB'?)") !=
        std::string::npos);
  auto range = run_cli("--config configs/isscc28nm.yaml --net vgg8 --set chip.tiles_x=0");
  CHECK(range.exit_code == 2);
  CHECK(range.err.find("chip.tiles_x: expected an integer in [1, 256] tiles, got 0") !=
        std::string::npos);
  auto net = run_cli("--config configs/isscc28nm.yaml --net resnet19");
  CHECK(net.exit_code == 2);
  CHECK(net.err.find("resnet19") != std::string::npos);
  auto images = run_cli("--config configs/isscc28nm.yaml --net vgg8 --images 0");
  CHECK(images.exit_code == 2);
  CHECK(images.err.find("--images") != std::string::npos);
  std::string map = cimsim::test::write_temp_file("bad_map.yaml", "network: x\n");
  auto bad_map = run_cli(kSmall + "--net tests/data/tiny_cnn.yaml --mapping " + map);
  CHECK(bad_map.exit_code == 2);
  CHECK(bad_map.err.find("bad_map.yaml") != std::string::npos);
  for (const auto* r : {&no_config, &missing, &bad_set, &range, &net, &images, &bad_map}) {
    CHECK(std::count(r->err.begin(), r->err.end(), '\n') == 1);  // one line
  }
}

TEST_CASE("a network larger than the chip is refused when the config says so", "[cli][run]") {
  auto r = run_cli(
      "--config configs/isscc28nm.yaml --set chip.tiles_x=6 --set chip.tiles_y=6 --net vgg8 "
      "--set mapping.on_overflow=refuse");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("mapping.on_overflow = refuse") != std::string::npos);
}

TEST_CASE("more ADCs per crossbar never make a layer slower", "[cli][run]") {
  // ISAAC's crossbars with slow ADCs (320 MS/s: 128 shared columns take 400 ns per input step,
  // four times the 100 ns settle): sharing each ADC by fewer columns shortens the MVM until the
  // settle time dominates.
  const std::string base =
      "--config configs/isaac32nm.yaml --net tests/data/tiny_cnn.yaml --images 1 "
      "--set chip.tile.pe.adc.sample_rate_MHz=320 --set chip.tile.pe.adc.cols_per_adc=";
  std::vector<json> runs;
  for (int cols : {128, 64, 32, 16, 8}) runs.push_back(run_json(base + std::to_string(cols)));
  for (size_t i = 1; i < runs.size(); ++i) {
    INFO("cols_per_adc step " << i);
    CHECK(runs[i]["pe"]["mvm_ns"].get<double>() <= runs[i - 1]["pe"]["mvm_ns"].get<double>());
    CHECK(runs[i]["summary"]["latency_ns"].get<double>() <=
          runs[i - 1]["summary"]["latency_ns"].get<double>());
    for (size_t l = 0; l < runs[i]["layers"].size(); ++l)
      CHECK(runs[i]["layers"][l]["busy_cycles"].get<int64_t>() <=
            runs[i - 1]["layers"][l]["busy_cycles"].get<int64_t>());
  }
  CHECK(runs.back()["summary"]["latency_ns"].get<double>() <
        runs.front()["summary"]["latency_ns"].get<double>());
}

TEST_CASE("every parallelism runs, executes each MAC once, and its mapping reproduces the run",
          "[cli][run][parallel]") {
  for (const char* p : {"pipeline", "data", "model", "tensor", "hybrid"}) {
    INFO(p);
    const std::string dir = temp_dir() + "/par-" + p;
    auto r = run_cli(kSmall + "--net tests/data/tiny_cnn.yaml --quiet --parallelism " + p +
                     " --out " + dir);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    json first = json::parse(slurp(dir + "/report.json"));
    CHECK(first["summary"]["ops_per_image"] == 2 * 177664);
    json again =
        run_json(kSmall + "--net tests/data/tiny_cnn.yaml --mapping " + dir + "/mapping.yaml");
    CHECK(again["summary"] == first["summary"]);
    CHECK(again["layers"] == first["layers"]);
  }
  auto bad = run_cli(kSmall + "--net tests/data/tiny_cnn.yaml --parallelism diagonal");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("mapping.parallelism: expected one of pipeline|data|model|tensor|hybrid") !=
        std::string::npos);
}

TEST_CASE("narrow NoC links make the run interconnect-bound, wide ones do not", "[cli][run][noc]") {
  const std::string base = "--config configs/isscc28nm.yaml --net vgg8 --set chip.noc.flit_bits=";
  json narrow = run_json(base + "64");
  json wide = run_json(base + "256");
  auto count = [](const json& j, const char* bound) {
    int n = 0;
    for (const auto& L : j["layers"]) n += L["bound"] == bound;
    return n;
  };
  CHECK(count(narrow, "interconnect") > count(narrow, "compute"));
  CHECK(count(wide, "interconnect") < count(wide, "compute"));
  CHECK(narrow["summary"]["latency_ns"].get<double>() >
        2 * wide["summary"]["latency_ns"].get<double>());
  CHECK(narrow["noc"]["avg_packet_latency_cycles"].get<double>() >
        3 * wide["noc"]["avg_packet_latency_cycles"].get<double>());
  CHECK(!narrow["noc"]["hottest_link"].get<std::string>().empty());
  // (The hottest link's utilization is not compared: it is flits over the run time, and the
  // narrow run is more than twice as long; with vgg8's replication balanced on the cycles the run
  // charges, mapper/layer_cost.h, the wide run's hottest link is the busier, 0.39 against 0.37.)
}

TEST_CASE("the README's main job prints the full report", "[cli][run]") {
  auto r = run_cli("--config configs/isscc28nm.yaml --net resnet18 --out " + temp_dir() + "/main");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  for (const char* line :
       {"latency (one image)", "throughput", "energy per image", "TOPS/W", "TOPS/mm2", "area",
        "energy per image by component:", "readout", "leakage",
        "area by component:", "NoC:", "DRAM:", "l4b2_conv2", "fc", "bound"})
    CHECK(r.out.find(line) != std::string::npos);
  json j = json::parse(slurp(temp_dir() + "/main/report.json"));
  CHECK(j["summary"]["macs_per_image"] == 1814073344);
  // The DRAM preset included by the config is in the resolved config.
  CHECK(slurp(temp_dir() + "/main/config.resolved.yaml").find("bandwidth_GBps: 25.6") !=
        std::string::npos);
}

TEST_CASE("ISAAC runs vgg8, and a preset swap moves the memory numbers", "[cli][run]") {
  json j =
      run_json("--config configs/isaac32nm.yaml --net vgg8 --set chip.noc.model=simple --images 1");
  CHECK(j["summary"]["macs_per_image"] == 615917568);
  CHECK(j["pe"]["model"] == "analog ReRAM crossbar");
  CHECK(j["energy_per_image_pJ"]["readout"].get<double>() > 0);  // ADCs
  const std::string hbm = cimsim::test::write_temp_file(
      "hbm.yaml", "include: " + std::string(CIMSIM_SOURCE_DIR) +
                      "/configs/isscc28nm.yaml\n"
                      "chip:\n  dram:\n    bandwidth_GBps: 256\n    energy_pJ_per_bit: 3.9\n");
  json lp = run_json(
      "--config configs/isscc28nm.yaml --net tests/data/tiny_cnn.yaml --set chip.tiles_x=2 --set "
      "chip.tiles_y=2");
  json hb = run_json("--config " + hbm +
                     " --net tests/data/tiny_cnn.yaml --set chip.tiles_x=2 --set chip.tiles_y=2");
  CHECK(hb["energy_per_image_pJ"]["dram"].get<double>() <
        lp["energy_per_image_pJ"]["dram"].get<double>());
  // The first input row is in sooner (the end-to-end latency may move either way by a cycle or
  // so: the tile buffers' ports then see the rows' writes at other times).
  CHECK(hb["layers"][0]["start_cycle"].get<int64_t>() <
        lp["layers"][0]["start_cycle"].get<int64_t>());
}

TEST_CASE("the steady-state interval sets the throughput and is below the latency", "[cli][run]") {
  // (interval >= every resource's work per image restated how the interval is defined; what
  // is left are the relations a pipeline must show.)
  for (int images : {2, 5}) {
    json j = run_json(kSmall + "--net tests/data/tiny_cnn.yaml --images " + std::to_string(images));
    const double interval_ns = j["summary"]["interval_ns"];
    CHECK(j["summary"]["throughput_images_per_s"].get<double>() == Approx(1e9 / interval_ns));
    CHECK(interval_ns <= j["summary"]["latency_ns"].get<double>());
  }
}

TEST_CASE("a network with layers larger than the chip runs them in parts with weight reloads",
          "[cli][run]") {
  // alexnet's fc1 (9216 x 4096) needs 1152 PEs of isscc28nm's 512.
  json j = run_json("--config configs/isscc28nm.yaml --net alexnet --images 1");
  CHECK(j["summary"]["macs_per_image"] == 714188480);
  CHECK(j["summary"]["ops_per_image"] == 2 * 714188480LL);
  CHECK(j["summary"]["reload_groups"].get<int>() > 1);
  CHECK(j["memory"]["weight_reload_bytes"].get<int64_t>() == 61090496);  // every INT8 weight once
  bool part = false;
  for (const auto& L : j["layers"]) part |= L["name"] == "fc1#0";
  CHECK(part);
}

TEST_CASE("bert_base maps with weight reloads and the report shows where attention ran",
          "[cli][run][transformer]") {
  auto r = run_cli("--config configs/isscc28nm.yaml --net bert_base --out " + temp_dir() + "/bert");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("attention: Q.K^T and A.V on the digital matmul unit of the "
                                    "tile (chip.tile.matmul) (24 layers on"));
  CHECK_THAT(r.out, Catch::Contains("softmax / layer norm / GELU on the special-function unit"));
  const json j = json::parse(slurp(temp_dir() + "/bert/report.json"));
  CHECK(j["summary"]["reload_groups"].get<int>() > 1);  // 85 M weights do not fit
  const json& a = j["attention"];
  CHECK(a["matmul_layers"] == 24);
  CHECK(a["matmul_macs_per_image"].get<double>() == 12.0 * 2 * 128 * 128 * 768);
  CHECK(a["matmul_share_of_stage_busy_time"].get<double>() > 0.0);
  CHECK(a["matmul_share_of_stage_busy_time"].get<double>() < 1.0);
  CHECK(a["matmul_share_of_energy"].get<double>() > 0.0);
  CHECK(a["special_function_layers"] == 48);  // 2 layer norms, softmax, GELU per layer
  // Ops count the arrays' MACs and the matmul unit's: 2 x (10,871,635,968 + 301,989,888).
  CHECK(j["summary"]["ops_per_image"] == 2 * int64_t{11173625856});
  for (const auto& L : j["layers"])
    if (L["type"] == "matmul") CHECK(L["macs_per_image"] == 128 * 128 * 768);
}

TEST_CASE("an ONNX export runs end to end like its YAML twin", "[cli][run][onnx]") {
  json onnx = run_json(kSmall + "--net tests/data/onnx/resnet18.onnx");
  json yaml = run_json(kSmall + "--net resnet18");
  CHECK(onnx["run"]["network"] == "resnet18");
  CHECK(onnx["summary"]["macs_per_image"] == yaml["summary"]["macs_per_image"]);
  CHECK_FALSE(onnx.contains("attention"));
  auto bad = run_cli(kSmall + "--net tests/data/onnx/unsupported.onnx");
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("node 'my_topk' (TopK)"));
}

TEST_CASE("the lstm runs on both bundled chips", "[cli][run][recurrent]") {
  for (const char* cfg : {"configs/isscc28nm.yaml", "configs/isaac32nm.yaml"}) {
    INFO(cfg);
    json j = run_json(std::string("--config ") + cfg + " --net lstm");
    CHECK(j["summary"]["macs_per_image"] == 134217728);
  }
}

TEST_CASE("cim_write on ISAAC: ReRAM K/V writes are counted against the endurance",
          "[cli][run][transformer]") {
  json j = run_json(
      "--config configs/isaac32nm.yaml --net bert_base --set chip.noc.model=simple "
      "--set chip.attention.dynamic_matmul=cim_write");
  const json& a = j["attention"];
  CHECK_THAT(a["dynamic_matmul_on"].get<std::string>(), Catch::Contains("cim_write"));
  // 12 layers x (Q.K^T 12 x 64 x 8 + A.V 12 x 128 x 4) row writes.
  CHECK(a["kv_row_writes_per_image"] == 12 * (12 * 64 * 8 + 12 * 128 * 4));
  CHECK(a["endurance_writes"].get<double>() == 1e6);
  CHECK(a["images_until_endurance"].get<double>() == 1e6);
  CHECK(a["hours_until_endurance_at_throughput"].get<double>() ==
        Approx(1e6 * j["summary"]["interval_ns"].get<double>() * 1e-9 / 3600.0));
  CHECK(j["summary"]["ops_per_image"] == 2 * int64_t{11173625856});
  bool writes = false;  // the write energy is a term of the matmul layers' energy
  for (const auto& g : j["stats"]["groups"])
    if (g["name"] == "layers")
      for (const auto& l : g["groups"])
        for (const auto& e : l["energy"])
          if (e["name"] == "kv_array_row_writes") writes = e["pJ_each"].get<double>() == 1280;
  CHECK(writes);
}

TEST_CASE("run --format: its help and its error name html, the other verbs do not", "[cli][run]") {
  auto help = run_cli("run --help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("stdout format: table|json|csv|html") != std::string::npos);
  auto bad = run_cli(kSmall + "--net tests/data/tiny_cnn.yaml --quiet --format xml");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--format: expected one of table, json, csv, html, got 'xml'") !=
        std::string::npos);
  auto macro = run_cli("macro --help");
  CHECK(macro.out.find("stdout format: table|json|csv\n") != std::string::npos);
}
