#pragma once
// A functional run over a data set: the exact integer reference and the mapped chip on every
// image, their top-1 (where labels are known), how often they agree, and how far the chip's
// outputs are from the reference's.
#include <cstdint>
#include <string>
#include <vector>

#include "mapper/mapping.h"
#include "sim/functional/chip_engine.h"
#include "sim/functional/quant_net.h"

namespace cimsim::functional {

// The reference's outputs of every image, computed once and shared by every chip trial.
struct ReferenceRun {
  std::vector<QTensor> outputs;
  std::vector<int64_t> top1;
  int64_t labeled = 0, correct = 0;
  double top1_accuracy() const { return labeled ? double(correct) / double(labeled) : 0; }
};
ReferenceRun run_reference(const QuantNet& qn, const std::vector<Image>& data);

struct ChipRun {
  int64_t images = 0, labeled = 0, correct = 0;
  int64_t agree = 0;         // chip top-1 == reference top-1
  int64_t exact = 0;         // every output equal to the reference's
  double rms_error_lsb = 0;  // RMS over all outputs of (chip - reference), in output LSBs
  ChipEngineStats engine;
  std::vector<QTensor> outputs;  // kept when asked (dumps)
  double top1_accuracy() const { return labeled ? double(correct) / double(labeled) : 0; }
  double agreement() const { return images ? double(agree) / double(images) : 0; }
  double exact_fraction() const { return images ? double(exact) / double(images) : 0; }
};
ChipRun run_chip(const QuantNet& qn, const mapper::Mapping& mapping, const pe::PeParams& pe,
                 int64_t psum_bits, uint64_t seed, const std::vector<Image>& data,
                 const ReferenceRun& ref, bool keep_outputs);

// Mean and half-width of the 95 % interval of the mean (Student's t) of `v`.
struct Interval {
  double mean = 0, half_width = 0;
};
Interval mean_interval(const std::vector<double>& v);

// Seed of Monte Carlo trial t (trial 0 is the run's seed itself).
uint64_t trial_seed(uint64_t seed, int64_t trial);

}  // namespace cimsim::functional
