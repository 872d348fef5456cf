#include "sim/chip/buffer_plan.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/core/int_math.h"

namespace cimsim::chip {

int64_t buffer_capacity_bytes(const BufferParams& b) {
  return static_cast<int64_t>(std::floor(b.size_kB * 1024.0 + 1e-9));
}

namespace {

// The line buffer of one input edge [bytes]: the producer vectors it must hold at once.
int64_t edge_bytes(const InEdge& e, int64_t bytes_per_vector) {
  int64_t vectors = 1;
  switch (e.dep) {
    case Dependency::Window: {
      const int64_t rows = std::min<int64_t>(e.prod_h, int64_t{e.kh - 1} * e.dh + 1);
      vectors = rows * e.prod_w;
      break;
    }
    case Dependency::All:
      vectors = e.prod_h * e.prod_w;
      break;
    case Dependency::Same:
      vectors = 1;
      break;
  }
  return vectors * bytes_per_vector;
}

}  // namespace

void plan_buffers(Plan& plan, const workload::Network& net, const ChipParams& chip) {
  const int64_t cap = buffer_capacity_bytes(chip.tile.buffer);
  plan.tile_buffer_capacity_bytes = cap;
  plan.tile_buffer_need_max_bytes = 0;
  int64_t tiles = 0;
  for (const Stage& st : plan.stages)
    for (const auto& rt : st.replica_tiles)
      for (int64_t t : rt) tiles = std::max(tiles, t + 1);
  // What the global buffer holds anyway: two input rows (the input streamer's row buffers) and
  // one output image (the output sink reads it out).
  const Stage& last = plan.stages[static_cast<size_t>(plan.output_stage)];
  const int64_t gb_fixed =
      2 * plan.input_w * plan.input_bytes_per_vector + last.vectors() * last.out_bytes;
  const int64_t gb_free =
      std::max<int64_t>(0, buffer_capacity_bytes(chip.global_buffer) - gb_fixed);

  std::vector<int64_t> used(static_cast<size_t>(tiles), 0);  // per tile, this group
  std::vector<int64_t> need(static_cast<size_t>(tiles), 0);  // per tile, this stage
  for (int g = 0; g < plan.groups; ++g) {
    std::fill(used.begin(), used.end(), 0);
    int64_t gb_left = gb_free;
    for (Stage& st : plan.stages) {
      if (st.group != g) continue;
      const workload::Layer& l = net.layers[static_cast<size_t>(st.layer)];
      // A global (or adaptive) average pool sums its input as it streams in: one vector.
      const bool running_sum = l.type == workload::LayerType::GlobalAvgPool ||
                               l.type == workload::LayerType::AdaptiveAvgPool;
      int64_t lines = 0;
      for (const InEdge& e : st.inputs) {
        const int64_t per_vector = e.producer < 0
                                       ? plan.input_bytes_per_vector
                                       : plan.stages[static_cast<size_t>(e.producer)].out_bytes;
        lines += running_sum ? per_vector : edge_bytes(e, per_vector);
      }
      // One output vector of partial sums on each home tile (several row blocks to add).
      const int64_t psum =
          st.acc_ops > 0 ? core::ceil_div(l.cols * l.groups * chip.psum_bits, 8) : 0;
      std::fill(need.begin(), need.end(), -1);
      for (const auto& rt : st.replica_tiles)
        for (int64_t t : rt) {
          int64_t& n = need[static_cast<size_t>(t)];
          if (n < 0) n = lines;  // one line buffer per tile, shared by its replicas
          if (t == rt.front()) n += psum;
        }
      int64_t overflow = 0;
      for (int64_t t = 0; t < tiles; ++t) {
        const int64_t n = need[static_cast<size_t>(t)];
        if (n < 0) continue;
        int64_t& u = used[static_cast<size_t>(t)];
        const int64_t fit = std::min(n, std::max<int64_t>(0, cap - u));
        u += n;
        overflow += n - fit;
        st.line_buffer_bytes = std::max(st.line_buffer_bytes, n);
        plan.tile_buffer_need_max_bytes = std::max(plan.tile_buffer_need_max_bytes, u);
      }
      st.spill_bytes_per_row = overflow;
      st.spill_to_dram = false;
      if (overflow > 0) {
        if (overflow <= gb_left)
          gb_left -= overflow;
        else
          st.spill_to_dram = true;
      }
    }
  }
}

}  // namespace cimsim::chip
