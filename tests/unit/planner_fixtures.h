#pragma once
// Small builders for planner tests: layers with shapes computed the way the network loader does.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "mapper/parallel_plan.h"
#include "sim/arch/chip_params.h"
#include "sim/arch/pe_cost.h"
#include "sim/noc/noc_params.h"

namespace cimsim::mapper::test {

// An ISAAC-sized chip: 12×14 tiles of 12 PEs of 8 arrays of 128 rows × 32 8-bit weights,
// 1 GHz, one MVM every 100 ns; a 32-bit NoC at 1 GHz with a 5-cycle hop.
struct IsaacLikeChip {
  chip::ChipParams chip;
  chip::PeCost pe;
  noc::NocParams noc;
  IsaacLikeChip() {
    chip.name = "isaac_like";
    chip.clock_MHz = 1000;
    chip.tiles_x = 12;
    chip.tiles_y = 14;
    chip.tile.pes = 12;
    pe.array_rows = 128;
    pe.array_weight_cols = 32;
    pe.arrays_per_pe = 8;
    pe.weight_bits = 8;
    pe.mvm_ns = 100;
    noc.flit_bits = 32;
    noc.clock_MHz = 1000;
  }
};

// Square conv, padding (k−1)/2: Hout = ceil(Hin / stride).
inline PlanLayer conv(const std::string& name, std::vector<int> prods, int64_t cin, int64_t cout,
                      int64_t k, int64_t stride, int64_t hin) {
  PlanLayer l;
  l.name = name;
  l.kind = PlanLayerKind::Matrix;
  l.producers = std::move(prods);
  const int64_t hout = (hin + stride - 1) / stride;
  l.vectors = hout * hout;
  l.in_elements = cin * hin * hin;
  l.out_elements = cout * hout * hout;
  l.halo_elements = window_halo_elements(k, stride, hin, cin);
  l.rows = cin * k * k;
  l.cols = cout;
  return l;
}

inline PlanLayer linear(const std::string& name, std::vector<int> prods, int64_t in, int64_t out) {
  PlanLayer l;
  l.name = name;
  l.kind = PlanLayerKind::Matrix;
  l.producers = std::move(prods);
  l.vectors = 1;
  l.in_elements = in;
  l.out_elements = out;
  l.rows = in;
  l.cols = out;
  return l;
}

inline PlanLayer eltwise(const std::string& name, std::vector<int> prods, int64_t c, int64_t h) {
  PlanLayer l;
  l.name = name;
  l.kind = PlanLayerKind::Elementwise;
  l.producers = std::move(prods);
  l.vectors = h * h;
  l.in_elements = c * h * h;
  l.out_elements = c * h * h;
  return l;
}

inline PlanLayer pool2(const std::string& name, std::vector<int> prods, int64_t c, int64_t hin) {
  PlanLayer l = eltwise(name, std::move(prods), c, hin / 2);
  l.in_elements = c * hin * hin;
  return l;
}

inline PlanLayer flatten(const std::string& name, std::vector<int> prods, int64_t elements) {
  PlanLayer l;
  l.name = name;
  l.kind = PlanLayerKind::Flatten;
  l.producers = std::move(prods);
  l.vectors = 1;
  l.in_elements = elements;
  l.out_elements = elements;
  return l;
}

// Uniform integer in [lo, hi] from a seeded engine (no std::*_distribution: identical everywhere).
inline int64_t uniform(std::mt19937_64& rng, int64_t lo, int64_t hi) {
  return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo + 1));
}

}  // namespace cimsim::mapper::test
