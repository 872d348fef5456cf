#include "sim/functional/chip_engine.h"

#include <algorithm>

#include "sim/core/errors.h"
#include "sim/crossbar/device_rng.h"

namespace cimsim::functional {

namespace {

uint64_t mix(uint64_t h, uint64_t v) {  // splitmix64 step over a running hash
  uint64_t state = h + v;
  return crossbar::splitmix64_next(state);
}

}  // namespace

ChipEngine::ChipEngine(const QuantNet& qn, const mapper::Mapping& mapping, const pe::PeParams& pe,
                       int64_t psum_bits, uint64_t seed)
    : m_qn(qn), m_pe(pe), m_seed(seed), m_layers(qn.net().layers.size()) {
  const std::unique_ptr<pe::ArrayModel> model = pe::make_array_model(pe);
  m_array_rows = pe.array.rows;
  m_outputs = model->outputs();
  const int b = static_cast<int>(std::min<int64_t>(psum_bits, 63));
  m_psum_lo = -(int64_t{1} << (b - 1));
  m_psum_hi = (int64_t{1} << (b - 1)) - 1;
  m_in_mask = pe.array.input_bits >= 64 ? ~0ULL : (1ULL << pe.array.input_bits) - 1;
  const auto& layers = qn.net().layers;
  if (mapping.layers.size() != layers.size())
    throw core::InputError("functional run: the mapping does not match the network");
  for (size_t l = 0; l < layers.size(); ++l) {
    const workload::Layer& L = layers[l];
    if (!L.is_matrix()) continue;
    LayerArrays& la = m_layers[l];
    for (int64_t g = 0; g < L.groups; ++g)
      for (int64_t r0 = 0; r0 < L.rows; r0 += m_array_rows)
        for (int64_t c0 = 0; c0 < L.cols; c0 += m_outputs)
          la.blocks.push_back(
              {g, r0, std::min(m_array_rows, L.rows - r0), c0, std::min(m_outputs, L.cols - c0)});
    if (la.blocks.size() >
        static_cast<size_t>(L.groups) *
            static_cast<size_t>((L.cols + m_outputs - 1) / m_outputs)) {  // several row blocks
      la.partial = true;
      int need = 1;  // bits of the largest |acc| with its sign
      for (int64_t m = qn.max_abs_acc(static_cast<int>(l)); m > 0; m >>= 1) ++need;
      la.shift = std::max(0, need - b);
    }
    LayerActivity act;
    act.layer = L.name;
    act.input_bits = pe.array.input_bits;
    act.weight_bits = pe.array.weight_bits;
    act.output_log2.assign(65, 0);
    const uint64_t wmask = pe.array.weight_bits >= 64 ? ~0ULL : (1ULL << pe.array.weight_bits) - 1;
    for (int32_t w : qn.weights(static_cast<int>(l))) {
      ++act.weights;
      if (w == 0) ++act.zero_weights;
      act.weight_one_bits += __builtin_popcountll(static_cast<uint64_t>(int64_t{w}) & wmask);
    }
    la.activity = m_stats.activity.size();
    m_stats.activity.push_back(std::move(act));
    const size_t reps = std::max<size_t>(1, mapping.layers[l].replicas.size());
    la.arrays.resize(reps);
    for (auto& r : la.arrays) r.resize(la.blocks.size());
  }
}

pe::FunctionalArray& ChipEngine::array(int layer, int64_t replica, size_t block) {
  std::unique_ptr<pe::FunctionalArray>& a =
      m_layers[layer].arrays[static_cast<size_t>(replica)][block];
  if (a) return *a;
  pe::PeParams p = m_pe;
  p.array.analog.seed =
      mix(mix(mix(m_seed, static_cast<uint64_t>(layer)), static_cast<uint64_t>(replica)), block);
  a = pe::make_array_model(p)->make_functional();
  const Block& b = m_layers[layer].blocks[block];
  const workload::Layer& L = m_qn.net().layers[layer];
  const std::vector<int32_t>& w = m_qn.weights(layer);
  Eigen::MatrixXi wb(b.rows, b.cols);
  for (int64_t c = 0; c < b.cols; ++c) {
    const int32_t* wr = w.data() + (b.g * L.cols + b.c0 + c) * L.rows + b.r0;
    for (int64_t r = 0; r < b.rows; ++r) wb(r, c) = wr[r];
  }
  a->program(wb);
  ++m_stats.arrays_programmed;
  return *a;
}

void ChipEngine::matrix(int l, const QTensor& in, std::vector<int64_t>& acc) {
  const workload::Layer& L = m_qn.net().layers[l];
  LayerArrays& la = m_layers[l];
  const int64_t OH = L.out_shape.height, OW = L.out_shape.width;
  const int64_t reps = static_cast<int64_t>(la.arrays.size());
  acc.assign(static_cast<size_t>(L.out_shape.elements()), 0);
  // Up to kBatch input vectors of one replica go through its arrays in one call each.
  constexpr int64_t kBatch = 256;
  m_xs.resize(L.rows, kBatch);
  m_pixels.resize(kBatch);
  const size_t per_group = la.blocks.size() / static_cast<size_t>(L.groups);
  LayerActivity& act = m_stats.activity[la.activity];
  int64_t n = 0;
  auto flush = [&](int64_t g, int64_t rep) {
    for (size_t bi = g * per_group; bi < (g + 1) * per_group; ++bi) {
      const Block& b = la.blocks[bi];
      array(l, rep, bi).mvm_batch(m_xs.block(b.r0, 0, b.rows, n), m_ys);
      m_stats.array_mvms += n;
      for (int64_t j = 0; j < n; ++j) {
        int64_t* out = acc.data() + (g * L.cols + b.c0) * OH * OW + m_pixels[j];
        for (int64_t c = 0; c < b.cols; ++c) {
          int64_t& s = out[c * OH * OW];
          s += m_ys(c, j) >> la.shift;  // arithmetic shift: floor
          if (la.partial && (s > m_psum_hi || s < m_psum_lo)) {
            s = std::clamp(s, m_psum_lo, m_psum_hi);
            ++m_stats.psum_saturations;
          }
        }
      }
    }
    n = 0;
  };
  // Row y of the output is computed by replica y mod replicas; each replica's arrays see their
  // vectors in pixel order.
  for (int64_t g = 0; g < L.groups; ++g)
    for (int64_t rep = 0; rep < std::min(reps, OH); ++rep) {
      for (int64_t y = rep; y < OH; y += reps)
        for (int64_t x = 0; x < OW; ++x) {
          int32_t* col = m_xs.col(n).data();
          m_qn.gather(l, in, g, y, x, col);
          act.inputs += L.rows;
          for (int64_t r = 0; r < L.rows; ++r) {
            act.zero_inputs += col[r] == 0;
            act.input_one_bits +=
                __builtin_popcountll(static_cast<uint64_t>(int64_t{col[r]}) & m_in_mask);
          }
          m_pixels[static_cast<size_t>(n)] = y * OW + x;
          if (++n == kBatch) flush(g, rep);
        }
      if (n > 0) flush(g, rep);
    }
  if (la.shift > 0)
    for (int64_t& s : acc) s *= int64_t{1} << la.shift;
  std::vector<int64_t>& hist = act.output_log2;
  for (int64_t s : acc) {
    uint64_t m = static_cast<uint64_t>(s < 0 ? -s : s);
    int b = 0;
    while (m) ++b, m >>= 1;
    ++hist[static_cast<size_t>(b)];
  }
}

}  // namespace cimsim::functional
