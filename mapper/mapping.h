#pragma once
// Mapping v1: which PEs and tiles hold each layer's weights, how often a layer is replicated,
// and in which reload group it runs when the network does not fit the chip at once.
//
// Weight tiling: a matrix layer (conv2d via im2col, linear) has, per group, a rows x cols
// weight matrix (rows = Cin/groups*kh*kw, cols = Cout/groups). It is cut into array-sized
// blocks: row_blocks = ceil(rows / array_rows), col_blocks = ceil(cols / array_weight_cols)
// (array_weight_cols already accounts for bit slices and sign columns). A replica holds all
// groups*row_blocks*col_blocks arrays, on ceil(arrays / arrays_per_pe) PEs of its own
// (a PE never holds two layers: simple, and what NeuroSim does). PEs are numbered along the
// snake order of the tiles over the mesh (PE p is on tile tile_order[p / pes_per_tile]), so a
// range of PEs is a run of neighbouring tiles and consecutive layers sit next to each other.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/arch/chip_params.h"
#include "sim/arch/pe_cost.h"
#include "sim/workload/network.h"

namespace cimsim::mapper {

enum class StageKind {
  Matrix,   // conv2d / linear on arrays
  Digital,  // pooling, activation, residual add, concat: tile digital units
  Alias,    // batchnorm (folded), dropout, flatten: no hardware, the producer's data passes on
};
const char* to_string(StageKind k);

// A run of consecutive PEs holding `arrays` arrays of one slice of a layer replica, which
// produce partial sums for `cols` output columns (all conv groups counted).
struct PeRange {
  int64_t first_pe = 0;  // PEs first_pe .. first_pe + pes - 1
  int64_t pes = 0;
  int64_t arrays = 0;
  int64_t cols = 0;
};

// One copy of a layer's weights. Mapping v1 puts it on one run of PEs; a partitioned mapping
// (docs/parallelism.md) spreads its slices (model: column halves, tensor: row halves) over
// several PE groups. The first range's first PE is on the home tile, where partial sums are
// reduced and outputs leave.
struct Replica {
  std::vector<PeRange> ranges;
  int64_t pes() const;
  int64_t arrays() const;
  int64_t first_pe() const { return ranges.front().first_pe; }
};

struct LayerMap {
  int layer = 0;  // index in the Network
  std::string name;
  StageKind kind = StageKind::Alias;
  int group = 0;  // reload group (0 when everything fits)
  // Matrix layers: blocks of the whole (unsplit) weight matrix, and what one replica needs when
  // it is not split (mapping v1).
  int64_t row_blocks = 0, col_blocks = 0;
  int64_t arrays_per_replica = 0, pes_per_replica = 0;
  std::vector<Replica> replicas;
  // Digital layers: the tile whose units run it (the home tile of its first producer).
  int64_t tile = 0;
  // Planner output (docs/parallelism.md): partition type per level, outermost first.
  std::vector<std::string> partition;

  int64_t arrays() const;  // all replicas
  int64_t pes() const;
};

struct Mapping {
  std::string network;
  std::string chip;
  int64_t tiles = 0, pes_per_tile = 0;
  int groups = 1;                   // reload groups; > 1 means weights are reloaded from DRAM
  std::vector<LayerMap> layers;     // one per network layer, same order
  std::vector<int64_t> tile_order;  // snake order: tile_order[i] = tile id of the i-th tile

  int64_t total_pes() const { return tiles * pes_per_tile; }
  int64_t tile_of_pe(int64_t pe) const { return tile_order[pe / pes_per_tile]; }
  // The tile holding a layer's output (replica r's first PE for matrix layers).
  int64_t home_tile(int layer, int replica = 0) const;
};

// The PE as matrix layer `l` sees it (issue 14, docs/codesign.md): at the layer's own weight
// bits less the bit planes pruning removed, and its own activation bits less the all-zero input
// planes the macro skips; `pe` itself for a layer at the chip's precision. Throws
// core::InputError naming the layer (file:line) when the arrays cannot hold that precision.
const chip::PeCost& layer_pe(const chip::PeCost& pe, const workload::Layer& l,
                             const std::string& file = "");
// Bits of one activation of layer `l`'s input: its own activation_bits, else the chip's.
int64_t layer_activation_bits(const workload::Layer& l, const chip::ChipParams& chip);

// Matrix for conv2d/linear, Alias for folded batchnorm, dropout and flatten, Digital otherwise.
StageKind stage_kind_of(const workload::Layer& l);

// Puts each digital layer on the home tile of its first producer (aliases followed).
void place_digital_layers(Mapping& m, const workload::Network& net);

// Tiles in snake (boustrophedon) order over a tiles_x x tiles_y mesh: tile id = y*tiles_x + x.
std::vector<int64_t> snake_order(int64_t tiles_x, int64_t tiles_y);

// Maps `net` on the chip. Throws core::InputError when it cannot: a layer larger than the whole
// chip, or a network larger than the chip with mapping.on_overflow = refuse.
Mapping map_network(const workload::Network& net, const chip::ChipParams& chip,
                    const chip::PeCost& pe, const chip::MappingOptions& opts);

// Cycles [chip cycles] one replica of a matrix layer spends per input vector at full speed
// (used by replication to balance the pipeline; the run measures the real figure).
int64_t matrix_vector_cycles(const workload::Layer& l, const chip::ChipParams& chip,
                             const chip::PeCost& pe);

// mapping.yaml: written by every run, read back by --mapping.
std::string mapping_to_yaml(const Mapping& m, const workload::Network& net);
// Reads a saved or hand-edited mapping and checks it against `net` and the chip: every layer
// present in order, PE ranges inside the chip, no PE used twice in one group, enough arrays.
Mapping mapping_from_yaml(const std::string& yaml_text, const std::string& file,
                          const workload::Network& net, const chip::ChipParams& chip,
                          const chip::PeCost& pe);

}  // namespace cimsim::mapper
