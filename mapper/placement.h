#pragma once
// Placement of the planner's leaf groups on a mesh of tiles (docs/parallelism.md, "Placement").
// Leaf group g is numbered by its path in the binary split tree: bit (levels − 1 − j) of g says
// which half it is in at the cut of level j, so its sibling across that cut is g ^ (1 <<
// (levels−1−j)).
#include <cstdint>
#include <vector>

#include "mapper/parallel_plan.h"

namespace cimsim::mapper {

struct Tile {
  int64_t x = 0;  // column
  int64_t y = 0;  // row
};

enum class PlacementPolicy : uint8_t {
  Bisection,  // recursive bisection following the split tree: siblings are adjacent halves
  RowMajor,   // naive: group g takes the next tiles in row-major order
};

struct MeshPlacement {
  int64_t mesh_w = 0, mesh_h = 0;
  int levels = 0;
  std::vector<std::vector<Tile>> groups;  // per leaf group, its tiles sorted by (y, x)
};

// Throws core::InputError unless mesh_w·mesh_h is a positive multiple of 2^levels.
MeshPlacement place_groups(int64_t mesh_w, int64_t mesh_h, int levels, PlacementPolicy policy);

// Per level: links crossing between sibling subtrees (the fewest over all sibling pairs, i.e.
// the bottleneck) and the mean Manhattan distance between a tile and its counterpart (same rank
// in the sibling group), rounded up: the PlanHardware::cuts of this placement.
std::vector<CutLinks> placement_cuts(const MeshPlacement& p);

// Total distance between counterpart tiles over all sibling pairs of level j, and how many
// counterpart pairs there are (mean distance = sum / pairs).
struct CutDistance {
  int64_t sum_hops = 0;
  int64_t pairs = 0;
};
std::vector<CutDistance> placement_distances(const MeshPlacement& p);

// [bytes·hops] Σ over levels of the chip's bytes at that level × the mean counterpart distance.
double hop_bytes(const MeshPlacement& p, const std::vector<int64_t>& bytes_per_level);

}  // namespace cimsim::mapper
