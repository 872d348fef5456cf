#pragma once
// Chip-level parameters (everything outside the PE and the NoC): the mesh of tiles, the tile's
// buffer and digital units, the global buffer and DRAM. Plain structs; read from a config
// section by the read_* functions, never from YAML directly by the models.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/config.h"
#include "sim/core/param_table.h"

namespace cimsim::chip {

// An SRAM/eDRAM buffer: tile buffer or global buffer.
struct BufferParams {
  double size_kB = 0;
  int64_t width_bits = 0;      // bits per access and port
  int64_t ports = 1;           // accesses per cycle
  int64_t latency_cycles = 1;  // [cycles of the chip clock] per access
  double read_energy_pJ = 0;   // per access of width_bits
  double write_energy_pJ = 0;  // per access of width_bits
  double leakage_mW = 0;
  double area_mm2 = 0;
  double peak_accesses_per_cycle = 0;  // access rate assumed at peak power (macro report)
  std::string path = "";  // where it was read from: chip.tile.buffer or chip.global_buffer
  static BufferParams at(std::string where) {
    BufferParams b;
    b.path = std::move(where);
    return b;
  }
};

// A digital unit of the tile (activation, pooling, residual add, accumulator, bus, register).
struct UnitParams {
  double energy_per_op_pJ = 0;  // per element operation (or per bus transfer)
  int64_t ops_per_cycle = 1;    // throughput [ops/cycle]
  double leakage_mW = 0;
  double area_mm2 = 0;
  std::string path = "";  // where it was read from, e.g. chip.tile.pooling
  static UnitParams at(std::string where) {
    UnitParams u;
    u.path = std::move(where);
    return u;
  }
};

struct TileParams {
  int64_t pes = 1;
  BufferParams buffer = BufferParams::at("chip.tile.buffer");
  UnitParams activation = UnitParams::at("chip.tile.activation");
  UnitParams pooling = UnitParams::at("chip.tile.pooling");
  UnitParams residual_add = UnitParams::at("chip.tile.residual_add");
  UnitParams accumulator = UnitParams::at("chip.tile.accumulator");
  UnitParams bus = UnitParams::at("chip.tile.bus");
  UnitParams output_register = UnitParams::at("chip.tile.output_register");
  // Transformer units (used only by networks that need them; their area and leakage count only
  // in such runs, so a CNN's report is that of the chip without them):
  // matmul: activation x activation products (attention's Q.K^T and A.V), no stationary
  //   weights: ops_per_cycle = MACs per cycle, energy_per_op_pJ = energy per MAC.
  // special: softmax, layer norm, GELU/erf, exp, sqrt, reciprocal: per element.
  UnitParams matmul = UnitParams::at("chip.tile.matmul");
  UnitParams special = UnitParams::at("chip.tile.special");
};

// Where attention's activation x activation matmuls run (chip.attention).
enum class DynamicMatmul {
  Digital,   // the tile's digital matmul unit (chip.tile.matmul)
  CimWrite,  // K and V written into CIM arrays at run time, then MVMs on those arrays
};

struct AttentionParams {
  DynamicMatmul dynamic_matmul = DynamicMatmul::Digital;
  double write_energy_pJ_per_row = 0;  // writing one array row (all its cells)
  double write_ns_per_row = 0;         // rows of one array are written one after another
  double endurance_writes = 1e16;      // writes a cell survives (ReRAM ~1e6; SRAM unlimited)
  std::string path = "chip.attention";
};

// What the arrays do with zeros (chip.sparsity; issue 14, docs/codesign.md). Off: every cell
// and input cycle is counted whatever the data, as the bundled macros do.
struct SparsitySupport {
  bool weight_zero_skipping = false;  // compute events of zero weights skipped (stats needed)
  bool input_zero_skipping = false;   // all-zero bit-serial input planes skipped
};

struct DramParams {
  double bandwidth_GBps = 0;  // [GB/s], 1 GB = 1e9 bytes
  double latency_ns = 50;     // first-byte latency of a transfer
  double energy_pJ_per_bit = 0;
  double interface_area_mm2 = 0;  // on-chip PHY / off-chip link (e.g. ISAAC's HyperTransport)
  double interface_power_mW = 0;  // static power of that interface
  std::string path = "chip.dram";
};

// A further kind of tile (chip.tile_kinds.NAME): the same tile as chip.tile (PEs per tile,
// buffer, digital units) with a PE of its own (chip.tile_kinds.NAME.pe), on `tiles` tiles. The
// tiles of chip.tile's own PE (kind 0, "default") come first in the snake order of the mesh,
// then each further kind's, in file order (sim/arch/tile_kinds.h).
struct TileKind {
  std::string name;
  int64_t tiles = 1;
  std::string path;  // chip.tile_kinds.NAME
};

struct ChipParams {
  // Not an aggregate: GCC 12 at -O3 reports the members of a value-initialized aggregate that
  // holds a std::vector as maybe uninitialized (a false positive under -Werror).
  ChipParams() {}  // NOLINT(modernize-use-equals-default)
  std::string name = "chip";
  double clock_MHz = 0;  // chip clock: tiles, buffers, digital units, NoC
  int64_t tiles_x = 1, tiles_y = 1;
  int64_t activation_bits = 8;  // activations moved between layers
  int64_t psum_bits = 32;       // partial sums moved between PEs/tiles
  TileParams tile;
  AttentionParams attention;
  SparsitySupport sparsity;
  BufferParams global_buffer = BufferParams::at("chip.global_buffer");
  DramParams dram;
  std::vector<TileKind> tile_kinds;  // further kinds (kind k ≥ 1 is tile_kinds[k - 1])
  double cycle_ns() const { return 1000.0 / clock_MHz; }
  int64_t tiles() const { return tiles_x * tiles_y; }
};

enum class Overflow { Reload, Refuse };

// What mapping.parallelism = hybrid minimises among its candidates (docs/parallelism.md §10).
enum class MapObjective { Throughput, Latency, Energy, Edp };

struct MappingOptions {
  bool replicate = true;  // replicate bottleneck layers into spare PEs
  Overflow on_overflow = Overflow::Reload;
  std::string parallelism = "hybrid";
  // Which tile kind runs each matrix layer (chip.tile_kinds): "auto" (the best kind for
  // `objective` with room left) or rules "PATTERN=KIND, ..." (KIND default is chip.tile's).
  std::string layer_kinds = "auto";
  MapObjective objective = MapObjective::Throughput;
};

// Parameter tables (sim/core/param_table.h).
const core::ParamTable<ChipParams>& param_table(const ChipParams&);
const core::ParamTable<TileParams>& param_table(const TileParams&);
const core::ParamTable<BufferParams>& param_table(const BufferParams&);
const core::ParamTable<UnitParams>& param_table(const UnitParams&);
const core::ParamTable<DramParams>& param_table(const DramParams&);
const core::ParamTable<AttentionParams>& param_table(const AttentionParams&);
const core::ParamTable<SparsitySupport>& param_table(const SparsitySupport&);
const core::ParamTable<MappingOptions>& param_table(const MappingOptions&);
const core::ParamTable<TileKind>& param_table(const TileKind&);

const core::ComponentSchema& chip_schema();
const core::ComponentSchema& tile_schema();
const core::ComponentSchema& buffer_schema();
const core::ComponentSchema& unit_schema();
const core::ComponentSchema& dram_schema();
const core::ComponentSchema& attention_schema();
const core::ComponentSchema& sparsity_schema();
const core::ComponentSchema& mapping_schema();
const core::ComponentSchema& tile_kinds_schema();  // chip.tile_kinds: one NAME per kind
const core::ComponentSchema& tile_kind_schema();   // chip.tile_kinds.NAME

BufferParams read_buffer_params(const core::ConfigSection& s);
UnitParams read_unit_params(const core::ConfigSection& s);
DramParams read_dram_params(const core::ConfigSection& s);
// Reads chip (without its `tile.pe` and `noc` children, which belong to their own readers).
ChipParams read_chip_params(const core::ConfigSection& chip);
MappingOptions read_mapping_options(const core::ConfigSection& s);

}  // namespace cimsim::chip
