#pragma once
// What `cimsim accuracy` and `cimsim run --functional` share: the options naming weights and
// data, and one functional run (reference + chip over Monte Carlo trials) of a prepared run.
#include <cstdint>
#include <string>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "app/run_setup.h"
#include "sim/functional/accuracy.h"

namespace cimsim::app {

struct FunctionalInputs {
  std::string weights;        // --weights FILE|model|random ("": model for ONNX, else random)
  std::string data;           // --data FILE|random:N
  std::string calib;          // --calib FILE|random:N
  int64_t images = -1;        // --images N (accuracy) / --functional-images N (run)
  int64_t calib_images = -1;  // all of --calib, or the first 32 of --data
  int64_t trials = 1;
  std::string dump;  // --dump FILE: every image's outputs, reference and chip (first trial)
};

// --weights --data --calib --calib-images --trials --dump; `images_option` names the option
// that limits the images ("images" for accuracy; run's --images is its timing option).
void add_functional_options(boost::program_options::options_description& desc, FunctionalInputs& in,
                            const char* images_option);
// Range checks of the options (InputError naming the option).
void check_functional_options(const FunctionalInputs& in,
                              const boost::program_options::variables_map& vm,
                              const char* images_option);

struct FunctionalResult {
  std::string net, chip;
  int64_t images = 0, labeled = 0, trials = 0;
  double ref_top1 = 0;
  functional::Interval chip_top1, agreement, exact, rms;
  functional::ChipEngineStats engine;  // first trial
};

// The functional run of `s` (config, network after the mapper's preparation, mapping).
FunctionalResult run_functional(const RunSetup& s, const FunctionalInputs& in, uint64_t seed);

// Writes the operand statistics the first trial measured into the matrix layers of `net`
// (Layer::stats, by layer name), where the energy model reads them.
void apply_measured_activity(const FunctionalResult& r, workload::Network& net);

// The report section: accuracies, agreement, output error, activity measured.
nlohmann::ordered_json functional_json(const FunctionalResult& r);
// The human-readable lines of the same.
std::string functional_table(const FunctionalResult& r);

}  // namespace cimsim::app
