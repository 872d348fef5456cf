// `cimsim accuracy`: values through the mapped chip on the bundled digits model and on random
// data, against the exact integer reference.
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

const std::string kDigits =
    "accuracy --net digits_cnn --weights tests/data/digits/weights.npz "
    "--data tests/data/digits/test.npz --calib tests/data/digits/calib.npz ";

json accuracy(const std::string& args) {
  auto r = run_cli(args + " --format json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("digits on the digital-macro chip: every output equals the integer reference",
          "[cli][accuracy]") {
  json j = accuracy(kDigits + "--config configs/isscc28nm.yaml");
  CHECK(j["images"] == 450);
  CHECK(j["labeled_images"] == 450);
  CHECK(j["exact_outputs"]["mean"] == 1.0);
  CHECK(j["chip_top1"]["mean"] == j["reference_top1"]);
  CHECK(j["psum_saturations"] == 0);
  // The trained model works: scripts/train_digits.py reaches 98.9 % in float; INT8 keeps it.
  CHECK(j["reference_top1"].get<double>() > 0.97);
}

TEST_CASE("digits on a column-adder chip (Colonnade's array): every output equals the reference",
          "[cli][accuracy]") {
  // 8-bit signed weights sum down 128 rows in 15-bit columns: no column overflows, so the
  // chip computes the integer reference exactly.
  json j = accuracy(kDigits +
                    "--config configs/validation/kim_jssc21_colonnade.yaml --set chip.tiles_x=4 "
                    "--set chip.tiles_y=4 --set chip.tile.pes=8 "
                    "--set chip.tile.pe.array.input_bits=8 "
                    "--set chip.tile.pe.array.signed_weights=true");
  CHECK(j["exact_outputs"]["mean"] == 1.0);
  CHECK(j["chip_top1"]["mean"] == j["reference_top1"]);
  CHECK(j["psum_saturations"] == 0);
}

TEST_CASE("digits on the analog chip: ideal devices with enough ADC bits are exact",
          "[cli][accuracy]") {
  // isaac32nm's column sums reach 128 x 3 = 384 unit products: a 9-bit ADC (LSB < 1) reads
  // them exactly; with 48-bit partial sums nothing is truncated either.
  json j = accuracy(kDigits +
                    "--config configs/isaac32nm.yaml --set chip.tile.pe.adc.bits=9 "
                    "--set chip.psum_bits=48");
  CHECK(j["exact_outputs"]["mean"] == 1.0);
  CHECK(j["chip_top1"]["mean"] == j["reference_top1"]);
  // The bundled config: 8-bit ADCs made exact by ISAAC's flipped columns (192 unit products
  // full scale), but 16-bit partial sums drop LSBs of conv2's two row blocks: small errors,
  // the same top-1 as the integer reference.
  json t = accuracy(kDigits + "--config configs/isaac32nm.yaml");
  CHECK(t["chip_top1"]["mean"] == t["reference_top1"]);
  CHECK(t["exact_outputs"]["mean"] < 1.0);
  CHECK(t["rms_output_error_lsb"]["mean"].get<double>() > 0);
  CHECK(t["rms_output_error_lsb"]["mean"].get<double>() < 10);
  CHECK(t["agreement"]["mean"].get<double>() > 0.99);
}

TEST_CASE("explicit zero non-idealities equal the ideal chip", "[cli][accuracy]") {
  const std::string base = kDigits +
                           "--images 60 --config configs/isaac32nm.yaml "
                           "--set chip.tile.pe.adc.bits=9 --set chip.psum_bits=48 ";
  json j = accuracy(base +
                    "--set chip.tile.pe.array.analog.variation_sigma=0 "
                    "--set chip.tile.pe.array.analog.read_noise_sigma=0 --trials 2");
  CHECK(j["exact_outputs"]["mean"] == 1.0);
  CHECK(j["exact_outputs"]["ci95"] == 0.0);
}

TEST_CASE("accuracy does not rise with device variation (sweep into one CSV)", "[cli][accuracy]") {
  const std::string csv = temp_dir() + "/sigma.csv";
  auto r = run_cli(kDigits +
                   "--images 100 --trials 3 --config configs/isaac32nm.yaml "
                   "--set chip.tile.pe.adc.bits=9 --set chip.psum_bits=48 "
                   "--sweep chip.tile.pe.array.analog.variation_sigma=0,0.2,0.5 --csv " +
                   csv + " --quiet");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::istringstream in(slurp(csv));
  std::string line;
  std::getline(in, line);
  CHECK(line.rfind("chip.tile.pe.array.analog.variation_sigma,network,chip,", 0) == 0);
  std::vector<double> mean, ci;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    std::string x;
    while (std::getline(ls, x, ',')) f.push_back(x);
    REQUIRE(f.size() == 12);
    mean.push_back(std::stod(f[6]));
    ci.push_back(std::stod(f[7]));
  }
  REQUIRE(mean.size() == 3);
  CHECK(mean[0] == Approx(0.99).margin(0.02));
  CHECK(ci[0] == 0.0);  // no variation: every trial is the same chip
  for (size_t i = 1; i < mean.size(); ++i) CHECK(mean[i] <= mean[i - 1] + ci[i] + ci[i - 1]);
  CHECK(mean[2] < mean[0]);  // σ = 0.5 costs accuracy
}

TEST_CASE("random weights and data on a bundled network: the digital chip is exact",
          "[cli][accuracy]") {
  json j = accuracy(
      "accuracy --config configs/isscc28nm.yaml --net tests/data/tiny_cnn.yaml "
      "--data random:3");
  CHECK(j["labeled_images"] == 0);
  CHECK(j["exact_outputs"]["mean"] == 1.0);
  CHECK(j["rms_output_error_lsb"]["mean"] == 0.0);
  CHECK(j["array_mvms"].get<int64_t>() > 0);
}

TEST_CASE("the PyTorch fake-quant reference agrees with the functional run bit for bit",
          "[cli][accuracy]") {
  const std::string dump = temp_dir() + "/dump.csv";
  auto r = run_cli(kDigits + "--config configs/isscc28nm.yaml --quiet --dump " + dump);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string cmd = std::string("/usr/bin/python3 ") + CIMSIM_SOURCE_DIR +
                          "/scripts/check_digits_reference.py " + dump + " >" + temp_dir() +
                          "/py.out 2>&1";
  const int rc = std::system(cmd.c_str());
  INFO(slurp(temp_dir() + "/py.out"));
  CHECK(rc == 0);
  CHECK(slurp(temp_dir() + "/py.out").find("from cimsim's chip: 0") != std::string::npos);
}

TEST_CASE("accuracy: bad weights and data are refused with exit 2", "[cli][accuracy][errors]") {
  const std::string cfg = "accuracy --config configs/isscc28nm.yaml --net digits_cnn ";
  auto r = run_cli(cfg + "--weights tests/data/digits/test.npz --data random:1");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("tests/data/digits/test.npz: no array for layer conv1 (expected shape (16, "
                   "1, 3, 3))") != std::string::npos);
  r = run_cli(cfg + "--data tests/data/digits/weights.npz");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("no array x (expected images of shape (N, 1, 8, 8))") != std::string::npos);
  r = run_cli(
      "accuracy --config configs/isscc28nm.yaml --net vgg8 "
      "--data tests/data/digits/test.npz");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("x: expected shape (N, 3, 32, 32), got (450, 1, 8, 8)") != std::string::npos);
  r = run_cli(cfg + "--data random:0");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("expected random:N") != std::string::npos);
  r = run_cli(cfg + "--data random:1 --sweep chip.psum_bits");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("expected KEY=V1,V2") != std::string::npos);
  // A .npy of 64 NaN doubles (0xff bytes) shaped like one digits image.
  std::string h = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 8, 8), }";
  while ((10 + h.size() + 1) % 64) h.push_back(' ');
  h.push_back('\n');
  std::string bytes = std::string("\x93NUMPY\x01\x00", 8);
  bytes.push_back(static_cast<char>(h.size()));
  bytes.push_back('\0');
  bytes += h + std::string(512, '\xff');
  const std::string nan = cimsim::test::write_temp_file("nan.npy", bytes);
  r = run_cli(cfg + "--data " + nan);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("contains NaN or infinite values") != std::string::npos);
}

TEST_CASE("run --functional adds the values to the timing report, without it nothing changes",
          "[cli][accuracy][run]") {
  const std::string out = temp_dir() + "/fr";
  auto r = run_cli(
      "run --config configs/isscc28nm.yaml --net digits_cnn --functional --weights "
      "tests/data/digits/weights.npz --data tests/data/digits/test.npz --functional-images 50 "
      "--quiet --out " +
      out);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json j = json::parse(slurp(out + "/report.json"));
  REQUIRE(j.contains("functional"));
  CHECK(j["functional"]["images"] == 50);
  CHECK(j["functional"]["exact_outputs"]["mean"] == 1.0);
  CHECK(j["functional"]["activity"].size() == 3);  // conv1, conv2, fc
  CHECK(j["functional"]["activity_basis"] == "measured from 50 images (first trial)");
  CHECK(j["summary"]["macs_per_image"] == 8 * 8 * 16 * 9 + 4 * 4 * 32 * 144 + 128 * 10);
  const double measured_uJ = j["summary"]["energy_per_image_uJ"].get<double>();
  r = run_cli("run --config configs/isscc28nm.yaml --net digits_cnn --quiet --out " + out);
  REQUIRE(r.exit_code == 0);
  const json typical = json::parse(slurp(out + "/report.json"));
  CHECK(!typical.contains("functional"));
  // The measured operand statistics reach the energy model: the digits data (many zero pixels
  // and ReLU zeros) switches less than the typical data (bit density 1/2) the plain run assumes.
  CHECK(measured_uJ < typical["summary"]["energy_per_image_uJ"].get<double>());
  r = run_cli("run --config configs/isscc28nm.yaml --net digits_cnn --functional --quiet");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--data FILE|random:N is required") != std::string::npos);
}

TEST_CASE("an ONNX model's initializers are its weights: the same outputs as the .npz",
          "[cli][accuracy][onnx]") {
  // scripts/export_digits_onnx.py wrote the trained digits model with float weights w_q x scale;
  // per-layer requantization recovers the same integers, so every output matches the .npz run.
  const std::string dir = temp_dir();
  const std::string data =
      "--data tests/data/digits/test.npz --calib tests/data/digits/calib.npz "
      "--config configs/isscc28nm.yaml ";
  auto a = run_cli("accuracy --net digits_cnn --weights tests/data/digits/weights.npz " + data +
                   "--dump " + dir + "/npz.csv --quiet");
  INFO(a.err);
  REQUIRE(a.exit_code == 0);
  auto b = run_cli("accuracy --net tests/data/digits/digits_cnn.onnx " + data + "--dump " + dir +
                   "/onnx.csv --quiet");
  INFO(b.err);
  REQUIRE(b.exit_code == 0);
  const std::string npz = slurp(dir + "/npz.csv"), onnx = slurp(dir + "/onnx.csv");
  CHECK(npz.size() > 4500 * 10);  // 450 images x 10 outputs
  CHECK(npz == onnx);
  // A YAML network has no initializers to read.
  auto c = run_cli("accuracy --net digits_cnn --weights model " + data);
  CHECK(c.exit_code == 2);
  CHECK(c.err.find("--weights model: the network") != std::string::npos);
}
