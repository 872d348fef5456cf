#pragma once
// The hybrid-parallelism planner (HyPar, HPCA 2019; AccPar, HPCA 2020) for a weight-stationary
// CIM chip: the chip's PE groups are cut in two, again and again (`levels` times), and at every
// cut each layer is split one of three ways (data / model / tensor). A dynamic programme per cut
// picks the split of every layer; docs/parallelism.md derives every cost.
//
// The planner has its own small input so that it does not depend on the network loader or the
// chip config: the mapper fills a PlanNetwork from a workload::Network and a PlanHardware from
// the chip parameters (see make_mesh_hardware for the links of a mesh).
#include <cstdint>
#include <string>
#include <vector>

#include "mapper/plan_level.h"

namespace cimsim::mapper {

enum class PlanLayerKind : uint8_t {
  Matrix,       // conv2d / linear: weights on the arrays
  Elementwise,  // activation, pool, batchnorm, add, concat, dropout, softmax: no weights
  Flatten,      // C×H×W → C·H·W features
};

struct PlanLayer {
  std::string name;
  PlanLayerKind kind = PlanLayerKind::Elementwise;
  std::vector<int> producers;  // earlier layer indices, or kPlanInput (-1) for the network input
  // Per image:
  int64_t vectors = 1;       // output pixels Hout·Wout (1 for a flat tensor / linear)
  int64_t in_elements = 0;   // A(F): input elements (first input); informational
  int64_t out_elements = 0;  // A(F'): output elements
  // [elements] input rows a half must receive from its sibling when the output pixels of one
  // image are split in two (a kh×kw window of stride s needs about (kh − s)/2 extra rows of
  // Win·Cin elements on each side of the cut); 0 for 1×1 windows and linear layers.
  int64_t halo_elements = 0;
  int64_t act_bytes = 1;     // [bytes] per activation element (activation bits / 8)
  bool global_pool = false;  // element-wise layer pooling all pixels of an image into one
  // Matrix layers (workload::Layer rows/cols/groups): weight matrix per conv group.
  int64_t rows = 0;  // Di = (Cin/groups)·kh·kw
  int64_t cols = 0;  // Do = Cout/groups
  int64_t groups = 1;
  int64_t weight_bits = 8;
  int64_t vector_cycles = 0;  // [cycles] one vector through its arrays; 0: PlanHardware::mvm_cycles
};

struct PlanNetwork {
  std::string name;
  std::vector<PlanLayer> layers;  // topological order
  int64_t batch = 1;              // images processed together (1: latency, N: a stream)
};

// The links of one cut: between the two halves of a group at that level.
struct CutLinks {
  int64_t links = 1;  // parallel links crossing the cut, per direction
  int64_t hops = 1;   // [hops] typical distance between a tile and its counterpart across the cut
};

struct PlanHardware {
  int levels = 0;                // binary cuts; the chip has 2^levels leaf groups
  int64_t arrays_per_group = 0;  // arrays in one leaf group (weight capacity)
  int64_t array_rows = 128;
  int64_t array_cols = 128;
  int64_t cell_bits = 2;              // a weight of b bits occupies ceil(b / cell_bits) columns
  int64_t arrays_per_pe = 1;          // a slice takes whole PEs (mapper/layer_cost.h)
  int64_t mvm_cycles = 8;             // [cycles] one input vector through one array activation
  int64_t link_bytes_per_cycle = 16;  // [bytes/cycle] one link, one direction
  int64_t hop_cycles = 1;             // [cycles] per hop, added once per transfer
  int64_t psum_bytes = 4;             // [bytes] partial sums exchanged by tensor splits
  std::vector<CutLinks> cuts;         // one per level (level 0 = the top cut); size == levels
};

enum class Strategy : uint8_t { Hybrid, Data, Model, Tensor };
const char* strategy_name(Strategy s);  // "hybrid", "data", "model", "tensor"
// Parses "hybrid" | "data" | "model" | "tensor"; throws core::InputError naming `key`.
Strategy parse_strategy(const std::string& text, const std::string& key);

struct PlanOptions {
  Strategy strategy = Strategy::Hybrid;
  Objective objective = Objective::Cycles;
  // Price on arrays (objective units per 1024 arrays) each cut is solved with. -1 (hybrid):
  // scan 0, 1, 4, ..., 4^15 and keep the best whole plan; ≥ 0: that price only.
  int64_t array_price = -1;
};

struct LayerPlan {
  std::string name;
  std::vector<ParType> types;            // one per level, top cut first (no-weight layers: data =
                                         // pixel split, model = channel split)
  std::vector<Layout> out_layouts;       // layout its output is left in, per level
  int64_t replication = 1;               // weight copies on the chip: 2^(levels that chose data)
  int64_t arrays = 0;                    // arrays over the whole chip (all copies and slices)
  int64_t arrays_per_group = 0;          // arrays in each leaf group
  std::vector<int64_t> bytes_per_level;  // [bytes] crossing the cuts of each level, whole chip
                                         // (its partial-sum reduction + sending its output)
  int64_t compute_cycles = 0;            // [cycles] its work in one leaf group
  int64_t comm_cycles = 0;               // [cycles] its transfers, summed over the levels
  int64_t cycles = 0;                    // compute + comm (layers run one after another)
};

struct ParallelPlan {
  std::string network;
  Strategy strategy = Strategy::Hybrid;
  Objective objective = Objective::Cycles;
  std::vector<LayerPlan> layers;
  std::vector<int64_t> bytes_per_level;  // [bytes] whole chip
  int64_t bytes = 0;                     // [bytes] all levels
  int64_t arrays = 0;                    // arrays used on the chip
  int64_t capacity_arrays = 0;           // arrays on the chip
  int64_t cycles = 0;                    // [cycles] estimated latency of one batch
  // Hybrid only: the hierarchical DP lost to this uniform strategy, whose plan is returned
  // (rare: see docs/parallelism.md, "Limits"); Strategy::Hybrid when the DP's plan won.
  Strategy uniform_fallback = Strategy::Hybrid;
  int64_t array_price = 0;  // price on arrays (per 1024) the cuts were solved with (hybrid scan)
};

// Plans the network. Throws core::InputError when the input is malformed or the weights do not
// fit the chip (the message says how many arrays are needed and available).
ParallelPlan plan_parallelism(const PlanNetwork& net, const PlanHardware& hw,
                              const PlanOptions& opt = {});

// The level-0 problem the planner solves first (exposed for tests and the docs' tables).
LevelProblem top_level_problem(const PlanNetwork& net, const PlanHardware& hw, Strategy s);

// Halo of a pixel split for a window of height `kernel_h` and stride `stride_h` over an input
// of `in_w` × `in_c` (rows per side rounded up): the PlanLayer::halo_elements convention.
int64_t window_halo_elements(int64_t kernel_h, int64_t stride_h, int64_t in_w, int64_t in_c);

}  // namespace cimsim::mapper
