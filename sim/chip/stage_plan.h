#pragma once
// The chip run's schedule inputs, derived once from network + mapping + hardware (plain C++,
// unit-tested without SystemC): one Stage per layer that has hardware (matrix layers on arrays,
// digital layers on tile units; folded batchnorm, dropout and flatten are aliases of their
// producer), what each stage's vector needs from its producers, and how many cycles and events
// each vector costs. The SystemC modules (chip_sim_sc.cpp) sequence these in time.
//
// A "vector" is one output pixel of one image (Hout*Wout per image; 1 for linear layers).
// Producers emit vectors in raster order; a consumer's vector (y, x) may start once the
// producer's raster prefix covers the bottom-right input pixel of its window (line buffering).
#include <cstdint>
#include <string>
#include <vector>

#include "mapper/mapping.h"
#include "sim/arch/chip_params.h"
#include "sim/arch/pe_cost.h"
#include "sim/workload/network.h"

namespace cimsim::chip {

enum class Dependency {
  Window,  // a kernel window (conv, pools)
  Same,    // the same pixel (activations, add, concat)
  All,     // the whole producer tensor (linear, global pooling)
};

struct InEdge {
  int producer = -1;  // stage index, or -1 for the network input
  int64_t prod_h = 1, prod_w = 1;
  Dependency dep = Dependency::Same;
  int kh = 1, kw = 1, sh = 1, sw = 1, ph = 0, pw = 0, dh = 1, dw = 1;
};

// Marks in `rows` (prod_h entries) the producer rows that output row y reads through e.
void rows_read(const InEdge& e, int64_t y, std::vector<uint8_t>& rows);

// How many of the producer's vectors (per image, raster order) vector (y, x) needs.
int64_t required_count(const InEdge& e, int64_t y, int64_t x);

// Matmul: activation x activation products (attention) on the tile's matmul unit; Special:
// softmax, layer norm, GELU and other transcendental element functions.
enum class DigitalUnit { None, Activation, Pooling, ResidualAdd, Matmul, Special };

// True for the element functions that run on the tile's special-function unit (never fused into
// the producing tile's activation unit).
bool is_special_function(const workload::Layer& l);

struct Stage {
  int layer = 0;
  std::string name;
  mapper::StageKind kind = mapper::StageKind::Digital;
  int group = 0;
  int64_t out_h = 1, out_w = 1;
  int64_t vectors() const { return out_h * out_w; }
  std::vector<InEdge> inputs;
  std::vector<int> consumers;  // stage indices

  // Tiles: per replica, its distinct tiles (home tile first). Digital stages: one replica.
  std::vector<std::vector<int64_t>> replica_tiles;

  // Per vector [chip cycles].
  int64_t in_cycles = 0;            // tile buffer reads of the input vector (matrix)
  int64_t mvm_cycles = 0;           // one MVM of every array of the replica, in parallel (matrix)
  int64_t mvm_interval_cycles = 0;  // arrays busy per vector (<= mvm_cycles when pipelined)
  int64_t reduce_cycles = 0;        // accumulating partial sums of the row blocks (matrix)
  int64_t unit_cycles = 0;          // digital unit (digital stages)
  // Activations fused into this stage's output path (a ReLU right after a conv or an add runs
  // on the activation unit of the producing tile, as ISAAC does): cycles and ops per vector.
  std::vector<std::string> fused;
  int64_t fused_cycles = 0;
  int64_t fused_ops = 0;

  // Per vector events.
  int64_t arrays = 0;        // array MVMs per vector (= arrays per replica)
  int64_t buffer_reads = 0;  // tile buffer accesses of width_bits reading the input
  int64_t acc_ops = 0;       // partial-sum additions
  int64_t unit_ops = 0;      // digital unit element operations
  DigitalUnit unit = DigitalUnit::None;
  std::vector<EventEnergy> array_events;  // array/PE events of one vector (all its arrays)
  int64_t macs = 0;                       // multiply-accumulates of one vector
  int64_t effective_macs = 0;             // of them, on weights pruning kept (matrix)
  int64_t index_bits = 0;                 // pattern/kernel pruning's index, stored with weights
  int64_t out_bytes = 0;                  // output vector sent to each consumer tile
  // Partial sums each tile of a replica sends to its home tile per vector ([replica][tile
  // index], 0 for the home tile): psum_bits for its PEs' share of their slices' output columns.
  std::vector<std::vector<int64_t>> psum_bytes;
  int64_t weight_bits = 0;  // weights of the layer (for reloads)
  // chip.attention.dynamic_matmul = cim_write (a matmul stage): K or V written into `arrays`
  // CIM arrays at run time; per image `kv_row_writes` row writes taking `kv_write_cycles`
  // (amortised over the vectors in unit_cycles), then one MVM of those arrays per vector.
  bool cim_matmul = false;
  int64_t kv_row_writes = 0;
  int64_t kv_write_cycles = 0;

  // Tile buffer capacity (buffer_plan.h): what one of the stage's tiles must hold [bytes] — the
  // line buffer of each input (the input rows a window spans, a whole tensor for linear and
  // global layers, one vector otherwise) and, on a home tile, one vector of partial sums — and
  // the part of it that did not fit, summed over the stage's tiles. That overflow lives in the
  // global buffer (or DRAM when that is full too) and is written out and read back once per
  // output row (per image for a stage of one row).
  int64_t line_buffer_bytes = 0;
  int64_t spill_bytes_per_row = 0;
  bool spill_to_dram = false;
};

struct Plan {
  std::vector<Stage> stages;
  std::vector<int> stage_of_layer;  // layer index -> stage producing its data (-1: network input)
  int output_stage = 0;             // the network output
  int64_t input_h = 1, input_w = 1;
  int64_t input_bytes_per_vector = 0;  // one input pixel, all channels
  int groups = 1;
  // The hardware tree the chip run elaborates (chip -> tiles -> PEs -> arrays): per tile id,
  // its PE kind's arrays and array model (PeCost::model_name; chip.tile_kinds).
  struct TileHardware {
    int64_t arrays_per_pe = 1;
    std::string array_model;
  };
  std::vector<TileHardware> tile_hardware;
  // The most any tile must hold in one reload group (buffer_plan.h) and the capacity [bytes].
  int64_t tile_buffer_need_max_bytes = 0;
  int64_t tile_buffer_capacity_bytes = 0;
};

Plan build_plan(const workload::Network& net, const mapper::Mapping& mapping,
                const ChipParams& chip, const PeCost& pe);

}  // namespace cimsim::chip
