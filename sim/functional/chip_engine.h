#pragma once
// The mapped chip as a MatrixEngine: every matrix layer's weight blocks are programmed into the
// functional models of the arrays that hold them (sim/pe/array_model.h), and each output pixel
// goes through the arrays of the replica that computes it on the chip (row y -> replica
// y mod replicas, as the chip run's VectorWalk). A replica of a layer holds groups x row_blocks
// x col_blocks arrays; block (g, rb, cb) holds weight rows [rb*array_rows, ...) of output
// columns [cb*outputs, ...) of conv group g. A layer with several row blocks adds their partial
// sums at `psum_bits` in fixed point: each partial sum drops the `shift` LSBs that make the
// layer's largest calibrated |acc| fit psum_bits (two's complement; what still overflows
// saturates and is counted), and the sum is scaled back. A layer in one row block keeps its
// exact array outputs. Each programmed array draws its own
// device variation and faults from a seed mixed from the run seed, the layer, the replica and
// the block, so the same seed gives the same chip.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mapper/mapping.h"
#include "sim/functional/quant_net.h"
#include "sim/pe/array_model.h"
#include "sim/pe/pe_params.h"

namespace cimsim::functional {

// Operand statistics of one matrix layer as its arrays saw them (im2col vectors with their
// padding zeros; bits in the arrays' input and weight formats, two's complement when signed).
struct LayerActivity {
  std::string layer;
  int64_t inputs = 0, zero_inputs = 0, input_one_bits = 0;  // over every MVM input element
  int input_bits = 0;
  int64_t weights = 0, zero_weights = 0, weight_one_bits = 0;
  int weight_bits = 0;
  std::vector<int64_t> output_log2;  // |acc| histogram: bucket b holds 2^(b-1) <= |acc| < 2^b
  double input_zero_fraction() const { return inputs ? double(zero_inputs) / double(inputs) : 0; }
  double input_bit_density() const {
    return inputs ? double(input_one_bits) / (double(inputs) * input_bits) : 0;
  }
  double weight_zero_fraction() const {
    return weights ? double(zero_weights) / double(weights) : 0;
  }
  double weight_bit_density() const {
    return weights ? double(weight_one_bits) / (double(weights) * weight_bits) : 0;
  }
};

struct ChipEngineStats {
  int64_t array_mvms = 0;
  int64_t arrays_programmed = 0;
  int64_t psum_saturations = 0;         // partial sums clipped to psum_bits
  std::vector<LayerActivity> activity;  // matrix layers, in network order
};

class ChipEngine final : public MatrixEngine {
 public:
  ChipEngine(const QuantNet& qn, const mapper::Mapping& mapping, const pe::PeParams& pe,
             int64_t psum_bits, uint64_t seed);
  void matrix(int layer, const QTensor& in, std::vector<int64_t>& acc) override;
  const ChipEngineStats& stats() const { return m_stats; }

 private:
  struct Block {
    int64_t g = 0, r0 = 0, rows = 0, c0 = 0, cols = 0;
  };
  struct LayerArrays {
    std::vector<Block> blocks;
    bool partial = false;  // several row blocks: partial sums added at psum_bits
    int shift = 0;         // LSBs each partial sum drops
    size_t activity = 0;   // index in m_stats.activity
    // arrays[replica][block], programmed on first use
    std::vector<std::vector<std::unique_ptr<pe::FunctionalArray>>> arrays;
  };
  pe::FunctionalArray& array(int layer, int64_t replica, size_t block);

  const QuantNet& m_qn;
  pe::PeParams m_pe;
  int64_t m_array_rows, m_outputs;
  int64_t m_psum_lo, m_psum_hi;
  uint64_t m_in_mask;
  uint64_t m_seed;
  std::vector<LayerArrays> m_layers;
  ChipEngineStats m_stats;
  Eigen::MatrixXi m_xs;           // im2col vectors of one batch, one per column
  std::vector<int64_t> m_pixels;  // y·OW + x of each
  pe::MatrixI64 m_ys;
};

}  // namespace cimsim::functional
