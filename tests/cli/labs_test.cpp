// Each lab of docs/labs/ runs its sweep and checks the observations its handout promises.
#include <catch2/catch.hpp>
#include <chrono>
#include <map>

#include "tests/cli/run_cli.h"
#include "tests/cli/sweep_csv.h"

using cimsim::test::csv_rows;
using cimsim::test::num;
using cimsim::test::run_cli;
using cimsim::test::temp_dir;
using Rows = std::vector<std::map<std::string, std::string>>;

namespace {
Rows run_lab(const std::string& sweep, const std::string& name) {
  const auto start = std::chrono::steady_clock::now();
  auto r = run_cli("sweep " + sweep + " -j 2 --quiet --out " + temp_dir() + "/" + name);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  WARN(name << ": sweep took " << s << " s (the handout promises < 60 s on 2 cores)");
  Rows rows = csv_rows(temp_dir() + "/" + name + "/sweep.csv");
  for (const auto& row : rows) REQUIRE(row.at("status") == "ok");
  return rows;
}
Rows where(const Rows& rows, const std::string& col, const std::string& value) {
  Rows out;
  for (const auto& r : rows)
    if (r.at(col) == value) out.push_back(r);
  return out;
}
}  // namespace

TEST_CASE("lab 1: latency falls with DRAM bandwidth until a knee near 50 GB/s", "[lab]") {
  const Rows rows = run_lab("docs/labs/01-memory-wall/lab1_memory_wall.yaml", "lab1");
  REQUIRE(rows.size() == 16);
  const Rows small = where(rows, "chip.tiles_x", "4"), big = where(rows, "chip.tiles_x", "8");
  REQUIRE(small.size() == 8);
  const double compute_ns =
      num(small[0], "summary.latency_ns") - num(small[0], "memory.reload_time_ns");
  for (size_t i = 0; i < small.size(); ++i) {
    CHECK(num(small[i], "summary.reload_groups") > 1);
    CHECK(num(small[i], "memory.weight_reload_bytes") == 12973440);
    // Latency = compute + reload: the difference stays constant (within 1 %).
    CHECK(num(small[i], "summary.latency_ns") - num(small[i], "memory.reload_time_ns") ==
          Approx(compute_ns).epsilon(0.01));
    CHECK(num(small[i], "energy_per_image_pJ.dram") == num(small[0], "energy_per_image_pJ.dram"));
    CHECK(num(big[i], "summary.latency_ns") ==
          Approx(num(big[0], "summary.latency_ns")).epsilon(0.02));
    CHECK(num(big[i], "summary.latency_ns") < num(small[i], "summary.latency_ns"));
    CHECK(num(big[i], "summary.reload_groups") == 1);
    if (i == 0) continue;
    const double bw = num(small[i], "chip.dram.bandwidth_GBps");
    const double gain =
        1 - num(small[i], "summary.latency_ns") / num(small[i - 1], "summary.latency_ns");
    INFO("doubling to " << bw << " GB/s cuts latency by " << gain);
    if (bw <= 51.2)
      CHECK(gain > 0.30);  // below the knee: the memory wall
    else
      CHECK(gain < 0.25);  // above it: diminishing returns
  }
  const double knee_GBps = num(small[0], "memory.weight_reload_bytes") / compute_ns;
  CHECK(knee_GBps == Approx(50).epsilon(0.1));
}

TEST_CASE("lab 2: one weight load serves every image, line buffers spill until a knee at 27 kB",
          "[lab]") {
  const Rows rows = run_lab("docs/labs/02-buffers-and-reuse/lab2_buffers_reuse.yaml", "lab2");
  REQUIRE(rows.size() == 35);
  const Rows base = where(rows, "chip.tile.buffer.size_kB", "64");
  REQUIRE(base.size() == 5);
  // DRAM energy per image = weight loads / N + the image's own input and output.
  const double dram1 = num(base[0], "energy_per_image_pJ.dram");
  const double io = 2 * num(base[1], "energy_per_image_pJ.dram") - dram1;
  CHECK(io > 0);
  CHECK(io < 0.001 * dram1);
  for (size_t i = 0; i < base.size(); ++i) {
    const double n = num(base[i], "images");
    CHECK(num(base[i], "memory.weight_reload_bytes") == 12973440);
    CHECK(num(base[i], "energy_per_image_pJ.dram") == Approx((dram1 - io) / n + io).epsilon(1e-9));
    if (i == 0) continue;
    CHECK(num(base[i], "summary.throughput_images_per_s") >
          num(base[i - 1], "summary.throughput_images_per_s"));
    CHECK(num(base[i], "summary.latency_ns") > num(base[i - 1], "summary.latency_ns"));
    if (i >= 2)  // each doubling gains less than the previous one
      CHECK(num(base[i], "summary.throughput_images_per_s") /
                num(base[i - 1], "summary.throughput_images_per_s") <
            num(base[i - 1], "summary.throughput_images_per_s") /
                num(base[i - 2], "summary.throughput_images_per_s"));
  }
  // Buffer size: the knee is the largest tile demand (27 648 bytes). Below it spilled bytes per
  // image fall strictly as the buffer grows; from 32 kB on nothing spills and every figure is
  // that of the 64 kB chip.
  for (const std::string n : {"1", "2", "4", "8", "16"}) {
    const Rows by_size = where(rows, "images", n);
    REQUIRE(by_size.size() == 7);  // 2, 4, 8, 16, 32, 64, 256 kB
    const auto at64 = where(by_size, "chip.tile.buffer.size_kB", "64").at(0);  // a copy
    const double images = num(at64, "images");
    for (size_t i = 0; i < by_size.size(); ++i) {
      const auto& r = by_size[i];
      INFO(n << " images, " << r.at("chip.tile.buffer.size_kB") << " kB");
      const double kB = num(r, "chip.tile.buffer.size_kB");
      CHECK(num(r, "memory.tile_buffer_need_max_bytes") == 27648);
      const double spill = num(r, "memory.buffer_spill_bytes");
      if (kB * 1024 >= 27648) {
        CHECK(spill == 0);
        CHECK(num(r, "memory.buffer_spill_wait_ns") == 0);
        for (const std::string m :
             {"summary.latency_ns", "summary.energy_per_image_uJ", "summary.area_mm2"})
          CHECK(r.at(m) == at64.at(m));
        continue;
      }
      CHECK(spill > 0);
      CHECK(num(r, "memory.buffer_spill_wait_ns") > 0);
      // The overflow fits in the global buffer: DRAM traffic is that of the 64 kB chip, the
      // buffer energy is higher.
      CHECK(num(r, "energy_per_image_pJ.dram") == num(at64, "energy_per_image_pJ.dram"));
      CHECK(num(r, "energy_per_image_pJ.buffer") > num(at64, "energy_per_image_pJ.buffer"));
      CHECK(num(r, "summary.energy_per_image_uJ") > num(at64, "summary.energy_per_image_uJ"));
      if (i > 0) {
        CHECK(spill < num(by_size[i - 1], "memory.buffer_spill_bytes"));
        CHECK(num(r, "summary.energy_per_image_uJ") <
              num(by_size[i - 1], "summary.energy_per_image_uJ"));
      }
      // Spills per image are the same for every batch (once per output row of every image).
      CHECK(spill / images == num(where(where(rows, "images", "1"), "chip.tile.buffer.size_kB",
                                        r.at("chip.tile.buffer.size_kB"))
                                      .at(0),
                                  "memory.buffer_spill_bytes"));
    }
    // Latency falls as the buffer grows from 2 to 8 kB, and 2 kB costs at least 20 % more than
    // no spill at all.
    CHECK(num(by_size[0], "summary.latency_ns") > num(by_size[1], "summary.latency_ns"));
    CHECK(num(by_size[1], "summary.latency_ns") > num(by_size[2], "summary.latency_ns"));
    CHECK(num(by_size[0], "summary.latency_ns") > 1.2 * num(at64, "summary.latency_ns"));
  }
  CHECK(num(where(where(rows, "images", "1"), "chip.tile.buffer.size_kB", "2").at(0),
            "memory.buffer_spill_bytes") ==
        8024064);  // the run's figure since the layer cost model (h13)
}

TEST_CASE("lab 3: ADC energy doubles per bit and dominates an 8-bit ISAAC crossbar", "[lab]") {
  const Rows rows = run_lab("docs/labs/03-adc-precision/lab3_adc_precision.yaml", "lab3");
  REQUIRE(rows.size() == 6);
  for (size_t i = 1; i < rows.size(); ++i) {
    CHECK(num(rows[i], "array.energy_per_mvm_pJ") > num(rows[i - 1], "array.energy_per_mvm_pJ"));
    CHECK(num(rows[i], "array.TOPS_per_W") < num(rows[i - 1], "array.TOPS_per_W"));
    CHECK(num(rows[i], "array.peak_GOPS") == num(rows[0], "array.peak_GOPS"));
    CHECK(num(rows[i], "array.area_mm2") == num(rows[0], "array.area_mm2"));
    if (i >= 2) {  // the step doubles: the ADC part is conversions x E0 x 2^B
      const double step =
          num(rows[i], "array.energy_per_mvm_pJ") - num(rows[i - 1], "array.energy_per_mvm_pJ");
      const double prev =
          num(rows[i - 1], "array.energy_per_mvm_pJ") - num(rows[i - 2], "array.energy_per_mvm_pJ");
      CHECK(step == Approx(2 * prev).epsilon(1e-6));
    }
  }
  // 128 columns x 16 input bit-steps = 2048 conversions per MVM.
  const double per_conversion = num(rows[5], "chip.tile.pe.adc.energy_per_conversion_pJ") -
                                num(rows[4], "chip.tile.pe.adc.energy_per_conversion_pJ");
  CHECK((num(rows[5], "array.energy_per_mvm_pJ") - num(rows[4], "array.energy_per_mvm_pJ")) /
            per_conversion ==
        Approx(2048));
  const double ratio = num(rows[0], "array.TOPS_per_W") / num(rows[5], "array.TOPS_per_W");
  CHECK(ratio > 2.5);
  CHECK(ratio < 4);
}

TEST_CASE("lab 4: digital SRAM CIM beats analog ReRAM on TOPS per W, ReRAM pays for ADCs",
          "[lab]") {
  const Rows rows = run_lab("docs/labs/04-reram-vs-sram/lab4_reram_vs_sram.yaml", "lab4");
  REQUIRE(rows.size() == 4);
  for (const std::string net : {"vgg8", "resnet18"}) {
    const Rows r = where(rows, "net", net);
    REQUIRE(r.size() == 2);
    const auto& sram = r[0].at("config") == "isscc28nm" ? r[0] : r[1];
    const auto& reram = r[0].at("config") == "isscc28nm" ? r[1] : r[0];
    CHECK(num(sram, "summary.tops_per_w") > 10 * num(reram, "summary.tops_per_w"));
    CHECK(num(sram, "energy_per_image_pJ.readout") == 0);
    CHECK(num(reram, "energy_per_image_pJ.readout") > 0);
    CHECK(num(reram, "energy_per_image_pJ.leakage") >
          0.5 * 1e6 * num(reram, "summary.energy_per_image_uJ"));
    CHECK(num(sram, "summary.latency_ns") < num(reram, "summary.latency_ns"));
    CHECK(num(sram, "summary.tops_per_mm2") > num(reram, "summary.tops_per_mm2"));
  }
}

TEST_CASE("lab 5: pipeline wins, model parallelism talks most, narrow links cost every strategy",
          "[lab]") {
  const Rows rows = run_lab("docs/labs/05-parallelism-and-noc/lab5_parallelism_noc.yaml", "lab5");
  REQUIRE(rows.size() == 10);
  for (const std::string flit : {"64", "256"}) {
    const Rows r = where(rows, "chip.noc.flit_bits", flit);
    const auto best = std::min_element(r.begin(), r.end(), [](const auto& a, const auto& b) {
      return num(a, "summary.latency_ns") < num(b, "summary.latency_ns");
    });
    CHECK(best->at("parallelism") == "pipeline");
    const auto most = std::max_element(r.begin(), r.end(), [](const auto& a, const auto& b) {
      return num(a, "noc.packets") < num(b, "noc.packets");
    });
    CHECK(most->at("parallelism") == "model");
    const auto hottest = std::max_element(r.begin(), r.end(), [](const auto& a, const auto& b) {
      return num(a, "energy_per_image_pJ.interconnect") <
             num(b, "energy_per_image_pJ.interconnect");
    });
    CHECK(hottest->at("parallelism") == "model");
  }
  for (const std::string p : {"pipeline", "data", "model", "tensor", "hybrid"}) {
    const Rows r = where(rows, "parallelism", p);
    REQUIRE(r.size() == 2);  // 64 then 256 bits
    INFO(p);
    // Narrow links cost every strategy that communicates; data parallelism hardly does, and its
    // latency moves by a couple of percent either way with the NoC's timing.
    if (p == "data")
      CHECK(num(r[0], "summary.latency_ns") ==
            Approx(num(r[1], "summary.latency_ns")).epsilon(0.03));
    else
      CHECK(num(r[0], "summary.latency_ns") > 1.2 * num(r[1], "summary.latency_ns"));
    CHECK(num(r[0], "noc.flits") / num(r[1], "noc.flits") == Approx(4).epsilon(0.05));
    CHECK(num(r[0], "noc.packets") == num(r[1], "noc.packets"));
  }
}

TEST_CASE("lab 6: fewer weight and input bits cut energy and latency on SRAM CIM", "[lab]") {
  const Rows rows =
      run_lab("docs/labs/06-quantization-and-sparsity/lab6_quantization.yaml", "lab6");
  REQUIRE(rows.size() == 6);  // weight bits 4, 8 x input bits 2, 4, 8
  for (size_t w = 0; w < 2; ++w)
    for (size_t x = 0; x < 3; ++x) {
      const auto& r = rows[w * 3 + x];
      const double bits =
          num(r, "chip.tile.pe.array.weight_bits") * num(r, "chip.tile.pe.array.input_bits");
      CHECK(num(r, "energy_per_image_pJ.compute") / bits ==
            Approx(num(rows[5], "energy_per_image_pJ.compute") / 64).epsilon(0.05));
      if (x > 0) {
        CHECK(num(r, "summary.energy_per_image_uJ") >
              num(rows[w * 3 + x - 1], "summary.energy_per_image_uJ"));
        CHECK(num(r, "summary.latency_ns") > num(rows[w * 3 + x - 1], "summary.latency_ns"));
        CHECK(num(r, "summary.tops_per_w") < num(rows[w * 3 + x - 1], "summary.tops_per_w"));
      }
      if (w == 0) {
        CHECK(num(r, "summary.arrays_used") < num(rows[3 + x], "summary.arrays_used"));
        CHECK(num(r, "summary.tops_per_w") > num(rows[3 + x], "summary.tops_per_w"));
      }
    }
}
