#pragma once
// One level of the hybrid-parallelism planner: a group of PEs is cut into two halves and every
// layer picks how it is split across the cut (docs/parallelism.md is the reference).
//
// The problem holds each layer as the group sees it (its share of the batch, of the weights, of
// the tensors; odd sizes are rounded up, i.e. the larger half is modelled). Costs are per cut:
// `bytes` are the bytes each half receives from its sibling (transfers are symmetric, so the
// bytes that cross the cut are twice that), `cycles` are compute cycles of one half plus the
// cycles of those transfers on the cut's links. All figures are exact integers.
#include <cstdint>
#include <string>
#include <vector>

namespace cimsim::mapper {

// HyPar's three partitions of a layer's weight matrix W (Di rows × Do columns).
enum class ParType : uint8_t {
  Data = 0,    // HyPar Type I: replicate W, split the work items (images, or output pixels)
  Model = 1,   // HyPar Type III: split Do (columns, output channels)
  Tensor = 2,  // HyPar Type II: split Di (rows, input channels): partial sums are reduced
};

// How a tensor is spread over the two halves.
enum class Layout : uint8_t {
  Pixel = 0,    // split by work item: half the images (batch ≥ 2) or half the pixels
  Channel = 1,  // split by channel (feature)
};

// What a consumer needs of a producer's tensor in each half.
enum class Need : uint8_t { Pixel, Channel, Full, Any };

const char* par_type_name(ParType t);  // "data", "model", "tensor"
const char* layout_name(Layout l);     // "pixel", "channel"

// Input index that stands for the network input (it is delivered in any layout at no cost).
constexpr int kPlanInput = -1;

enum class LevelKind : uint8_t { Matrix, Elementwise, Flatten };

struct LevelLayer {
  LevelKind kind = LevelKind::Elementwise;
  std::vector<int> producers;  // earlier indices in the same problem, or kPlanInput
  int64_t images = 1;          // images this group processes
  int64_t vectors = 1;         // output pixels per image this group computes
  int64_t out_per_image = 0;   // [elements] output tensor share (reduced values)
  int64_t psum_per_image = 0;  // [elements] partial sums a tensor split must reduce (matrix)
  int64_t halo_per_image = 0;  // [elements] input a half needs from its sibling when pixels split
  int64_t act_bytes = 1;       // [bytes] per activation element
  // Element-wise layer that reduces all pixels of an image to one (global pooling): with one
  // image it may also split its input pixels and reduce partial sums, like a tensor split.
  bool pixel_reduce = false;
  // Matrix layers: the weight slice (per group of a grouped conv) and its storage.
  int64_t rows = 0;             // Di share
  int64_t cols = 0;             // Do share (weights, not array columns)
  int64_t groups = 1;           // conv groups share (model split halves groups first)
  int64_t cols_per_weight = 1;  // array columns one weight occupies
  // [cycles] one input vector through this layer's arrays (mapper/layer_cost.h: the buffer read
  // and the MVM for the rows its blocks use); 0: LevelCosts::mvm_cycles.
  int64_t vector_cycles = 0;
  std::string name;  // for messages only
};

// What the cut costs to use. Arrays are those of the whole group being cut.
struct LevelCosts {
  int64_t mvm_cycles = 1;           // [cycles] one input vector through a layer's arrays
  int64_t cut_bytes_per_cycle = 1;  // [bytes/cycle] one direction, all links of the cut together
  int64_t latency_cycles = 0;       // [cycles] added to every non-empty transfer (hops × per hop)
  int64_t psum_bytes = 4;           // [bytes] per partial sum (accumulator width)
  int64_t array_rows = 128;
  int64_t array_cols = 128;
  int64_t arrays_per_pe = 1;     // a slice takes whole PEs (mapper/layer_cost.h)
  int64_t levels_below = 0;      // cuts still to come inside each half (for array footprints)
  int64_t capacity_arrays = -1;  // arrays of the whole group; -1: unlimited
  // Price of arrays in the objective, in objective units (cycles or bytes) per 1024 arrays:
  // makes a cut weigh the arrays a copy takes from the cuts below (0: arrays are free).
  int64_t array_price = 0;
};

enum class Objective : uint8_t {
  Cycles = 0,  // minimise cycles, then bytes
  Bytes = 1,   // minimise bytes each half receives, then cycles (HyPar's objective)
};

struct LevelChoice {
  ParType type = ParType::Data;
  Layout out = Layout::Pixel;  // the layout its output is left in
  bool operator==(const LevelChoice& o) const { return type == o.type && out == o.out; }
};

struct LevelCost {
  int64_t cycles = 0;  // [cycles]
  int64_t bytes = 0;   // [bytes] received by each half
  int64_t arrays = 0;  // arrays the whole group needs (all copies), at the finest split below
  int64_t priced = 0;  // Σ arrays · array_price (the objective's charge for arrays)
  // Objective Cycles: (1024·cycles + priced, bytes) lexicographically; Bytes: (1024·bytes +
  // priced, cycles).
  bool better_than(const LevelCost& o, Objective obj) const;
};

// Allowed partitions for matrix layers (bit i = ParType i); other layers choose freely.
using TypeMask = uint8_t;
constexpr TypeMask kAllTypes = 0x7;
constexpr TypeMask type_bit(ParType t) { return static_cast<TypeMask>(1u << static_cast<int>(t)); }

struct LevelProblem {
  std::vector<LevelLayer> layers;  // topological order
  LevelCosts costs;
  std::vector<TypeMask> allowed;  // per layer; empty: kAllTypes everywhere
};

// The choices a layer may take (feasibility and `allowed` applied; never empty for a valid
// layer: a matrix layer restricted to an infeasible type falls back to Model).
std::vector<LevelChoice> layer_choices(const LevelProblem& p, int layer);

// Arrays the whole group needs for layer `l` under `choice`, assuming the cuts below split
// the weights in the way that needs fewest arrays (exact when levels_below == 0).
int64_t footprint_arrays(const LevelProblem& p, int layer, const LevelChoice& choice);
// Arrays for one weight slice rows × cols × groups (one copy), counted in whole PEs: the
// packing rule of mapper/layer_cost.h (slice_blocks), the one the realizer and the run use.
int64_t slice_arrays(int64_t rows, int64_t cols, int64_t groups, int64_t cols_per_weight,
                     int64_t array_rows, int64_t array_cols, int64_t arrays_per_pe = 1);

// Per layer: what it costs in this assignment (its compute, its partial-sum reduction and the
// transfer of its output to all its consumers, counted once per producer: the union of what the
// consumers need).
struct LayerLevelCost {
  int64_t compute_cycles = 0;
  int64_t reduce_bytes = 0, reduce_cycles = 0;
  int64_t send_bytes = 0, send_cycles = 0;
  int64_t arrays = 0;
};
struct LevelEvaluation {
  LevelCost total;
  std::vector<LayerLevelCost> layers;
};
// Direct evaluation of an assignment (one choice per layer); does not check capacity.
LevelEvaluation evaluate_level(const LevelProblem& p, const std::vector<LevelChoice>& choices);

struct LevelSolution {
  bool feasible = false;  // false: nothing fits the capacity
  std::vector<LevelChoice> choices;
  LevelCost cost;
};
// The dynamic programme (exact for any DAG; its state is the set of live layers, see docs).
LevelSolution solve_level(const LevelProblem& p, Objective obj);
// Exhaustive search over all assignments (tests; exponential).
LevelSolution brute_force_level(const LevelProblem& p, Objective obj);

// Checks the problem (topological order, sizes); throws core::InputError naming the layer.
void validate_level(const LevelProblem& p);

}  // namespace cimsim::mapper
