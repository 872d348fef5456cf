#include "sim/arch/chip_params.h"

namespace cimsim::chip {

using core::ComponentSchema;
using core::int_field;
using core::kInf;
using core::real_field;

const core::ParamTable<ChipParams>& param_table(const ChipParams&) {
  using P = ChipParams;
  static const core::ParamTable<P> t{
      "chip",
      "chip",
      "the whole accelerator: a mesh of tiles, a global buffer, DRAM and a NoC",
      {core::string_field(&P::name, "name", "chip", "name used for the results folder and reports"),
       real_field(&P::clock_MHz, "clock_MHz", "MHz", "", 1e-3, 1e5,
                  "chip clock of tiles, buffers, digital units and the NoC"),
       int_field(&P::tiles_x, "tiles_x", "tiles", "", 1, 256, "tiles along x of the mesh"),
       int_field(&P::tiles_y, "tiles_y", "tiles", "", 1, 256, "tiles along y of the mesh"),
       int_field(&P::activation_bits, "activation_bits", "bit", "8", 1, 32,
                 "width of activations moved between layers"),
       int_field(&P::psum_bits, "psum_bits", "bit", "32", 1, 64,
                 "width of partial sums moved between PEs and tiles")},
      {"tile", "tile_kinds", "attention", "sparsity", "global_buffer", "dram", "noc"}};
  return t;
}

const core::ParamTable<TileParams>& param_table(const TileParams&) {
  static const core::ParamTable<TileParams> t{
      "tile",
      "chip.tile",
      "a tile: PEs, a tile buffer, digital units and a router port",
      {int_field(&TileParams::pes, "pes", "PEs", "", 1, 4096, "PEs per tile")},
      {"pe", "buffer", "activation", "pooling", "residual_add", "accumulator", "bus",
       "output_register", "matmul", "special"}};
  return t;
}

const core::ParamTable<BufferParams>& param_table(const BufferParams&) {
  using P = BufferParams;
  static const core::ParamTable<P> t{
      "buffer",
      "chip.tile.buffer | chip.global_buffer",
      "an SRAM/eDRAM buffer",
      {real_field(&P::size_kB, "size_kB", "kB", "", 0, 1e7, "capacity (1 kB = 1024 bytes)"),
       int_field(&P::width_bits, "width_bits", "bit", "", 1, 1 << 16, "bits per access and port"),
       int_field(&P::ports, "ports", "ports", "1", 1, 64, "accesses per cycle"),
       int_field(&P::latency_cycles, "latency_cycles", "cycles", "1", 0, 1000,
                 "access latency in chip cycles"),
       real_field(&P::read_energy_pJ, "read_energy_pJ", "pJ", "", 0, kInf,
                  "energy of one read of width_bits"),
       real_field(&P::write_energy_pJ, "write_energy_pJ", "pJ", "", 0, kInf,
                  "energy of one write of width_bits"),
       real_field(&P::leakage_mW, "leakage_mW", "mW", "0", 0, kInf, "static power"),
       real_field(&P::area_mm2, "area_mm2", "mm2", "0", 0, kInf, "area"),
       real_field(&P::peak_accesses_per_cycle, "peak_accesses_per_cycle", "accesses/cycle", "0", 0,
                  64, "access rate assumed when the macro report gives peak power")},
      {}};
  return t;
}

const core::ParamTable<UnitParams>& param_table(const UnitParams&) {
  using P = UnitParams;
  static const core::ParamTable<P> t{
      "unit",
      "chip.tile.{activation,pooling,residual_add,accumulator,bus,output_register,matmul,special}",
      "a digital unit of the tile",
      {real_field(&P::energy_per_op_pJ, "energy_per_op_pJ", "pJ", "0", 0, kInf,
                  "energy per element operation (per transfer for the bus, per MAC for "
                  "matmul)"),
       int_field(&P::ops_per_cycle, "ops_per_cycle", "ops/cycle", "1", 1, 1 << 20,
                 "throughput (MACs per cycle for matmul)"),
       real_field(&P::leakage_mW, "leakage_mW", "mW", "0", 0, kInf, "static power"),
       real_field(&P::area_mm2, "area_mm2", "mm2", "0", 0, kInf, "area")},
      {}};
  return t;
}

const core::ParamTable<DramParams>& param_table(const DramParams&) {
  using P = DramParams;
  static const core::ParamTable<P> t{
      "dram",
      "chip.dram",
      "off-chip DRAM and its interface",
      {real_field(&P::bandwidth_GBps, "bandwidth_GBps", "GB/s", "", 1e-3, 1e5,
                  "sustained bandwidth (1 GB = 1e9 bytes)"),
       real_field(&P::latency_ns, "latency_ns", "ns", "50", 0, 1e6,
                  "latency of a transfer's first byte"),
       real_field(&P::energy_pJ_per_bit, "energy_pJ_per_bit", "pJ/bit", "", 0, 1e4,
                  "energy per bit moved (read or write)"),
       real_field(&P::interface_area_mm2, "interface_area_mm2", "mm2", "0", 0, kInf,
                  "on-chip area of the off-chip link / PHY"),
       real_field(&P::interface_power_mW, "interface_power_mW", "mW", "0", 0, kInf,
                  "static power of the off-chip link")},
      {}};
  return t;
}

const core::ParamTable<AttentionParams>& param_table(const AttentionParams&) {
  using P = AttentionParams;
  static const core::ParamTable<P> t{
      "attention",
      "chip.attention",
      "where attention's activation x activation matmuls (Q.K^T, A.V) run",
      {core::choice_field(
           &P::dynamic_matmul, "dynamic_matmul", "digital",
           {{"digital", DynamicMatmul::Digital}, {"cim_write", DynamicMatmul::CimWrite}},
           "digital: the tile's matmul unit (chip.tile.matmul); cim_write: K and "
           "V written into CIM arrays at run time, then array MVMs"),
       real_field(&P::write_energy_pJ_per_row, "write_energy_pJ_per_row", "pJ", "0", 0, kInf,
                  "cim_write: energy of writing one array row"),
       real_field(&P::write_ns_per_row, "write_ns_per_row", "ns", "0", 0, 1e9,
                  "cim_write: time of writing one array row (rows one after another)"),
       real_field(&P::endurance_writes, "endurance_writes", "writes", "1e16", 1, 1e30,
                  "writes a cell survives (ReRAM about 1e6, SRAM unlimited)")},
      {}};
  return t;
}

const core::ParamTable<SparsitySupport>& param_table(const SparsitySupport&) {
  using P = SparsitySupport;
  static const core::ParamTable<P> t{
      "sparsity",
      "chip.sparsity",
      "what the arrays do with zero weights and inputs (docs/codesign.md)",
      {core::bool_field(&P::weight_zero_skipping, "weight_zero_skipping", "false",
                        "compute events of zero weights are skipped (a layer's "
                        "stats.weight_zero_fraction)"),
       core::bool_field(&P::input_zero_skipping, "input_zero_skipping", "false",
                        "bit-serial input cycles whose inputs are all zero are skipped (the sign "
                        "plane of a non-negative input on signed-input arrays)")},
      {}};
  return t;
}

const core::ParamTable<MappingOptions>& param_table(const MappingOptions&) {
  using P = MappingOptions;
  static const core::ParamTable<P> t{
      "mapping",
      "mapping",
      "how networks are placed on the chip",
      {core::bool_field(&P::replicate, "replicate", "true",
                        "replicate bottleneck layers into spare PEs to balance the pipeline"),
       core::choice_field(&P::on_overflow, "on_overflow", "reload",
                          {{"reload", Overflow::Reload}, {"refuse", Overflow::Refuse}},
                          "network larger than the chip: run layer groups in turn with weights "
                          "reloaded from DRAM, or refuse"),
       core::choice_text_field(
           &P::parallelism, "parallelism", "hybrid",
           {"pipeline", "data", "model", "tensor", "hybrid"},
           "pipeline: each layer on PEs of its own, layers pipelined, bottlenecks "
           "replicated (mapping v1); data|model|tensor|hybrid: every layer split over "
           "binary tile groups by the planner (docs/parallelism.md)"),
       core::string_field(&P::layer_kinds, "layer_kinds", "auto",
                          "which tile kind (chip.tile_kinds) runs each conv2d/linear layer: "
                          "auto (the best kind for mapping.objective that has room left: the "
                          "fewest cycles per vector, or the least energy for energy) or "
                          "'PATTERN=KIND, ...' (layer name or glob; 'default' is chip.tile's PE, "
                          "unmatched layers stay there)"),
       core::choice_field(&P::objective, "objective", "throughput",
                          {{"throughput", MapObjective::Throughput},
                           {"latency", MapObjective::Latency},
                           {"energy", MapObjective::Energy},
                           {"edp", MapObjective::Edp}},
                          "what parallelism hybrid minimises over its candidate mappings (the "
                          "pipeline mapping, the planner's plans, data, model, tensor), in the "
                          "closed-form estimate of the run: the steady-state interval per image, "
                          "the first image's latency, the energy per image (NoC and leakage: "
                          "the part that differs between mappings) or energy x latency")},
      {}};
  return t;
}

const core::ParamTable<TileKind>& param_table(const TileKind&) {
  static const core::ParamTable<TileKind> t{
      "tile_kind",
      "chip.tile_kinds.NAME",
      "a further kind of tile: chip.tile's PEs per tile, buffer and units with a PE of its own "
      "(pe: a whole chip.tile.pe section), on `tiles` tiles after chip.tile's in snake order",
      {int_field(&TileKind::tiles, "tiles", "tiles", "", 1, 65536, "tiles of this kind")},
      {"pe"}};
  return t;
}

const ComponentSchema& tile_kinds_schema() {
  static const ComponentSchema s{
      "tile_kinds",
      "chip.tile_kinds",
      "further kinds of tile, one section per NAME (e.g. analog: {tiles: 8, pe: {...}}); the "
      "rest of the mesh holds chip.tile's PE (kind 'default')",
      {},
      {},
      // No parameters of its own, so no struct default can disagree with the schema.
      [] { return std::vector<std::string>{}; },
      &tile_kind_schema()};
  return s;
}
const ComponentSchema& tile_kind_schema() { return param_table(TileKind{}).schema(); }

const ComponentSchema& chip_schema() { return param_table(ChipParams{}).schema(); }
const ComponentSchema& tile_schema() { return param_table(TileParams{}).schema(); }
const ComponentSchema& buffer_schema() { return param_table(BufferParams{}).schema(); }
const ComponentSchema& unit_schema() { return param_table(UnitParams{}).schema(); }
const ComponentSchema& dram_schema() { return param_table(DramParams{}).schema(); }
const ComponentSchema& attention_schema() { return param_table(AttentionParams{}).schema(); }
const ComponentSchema& sparsity_schema() { return param_table(SparsitySupport{}).schema(); }
const ComponentSchema& mapping_schema() { return param_table(MappingOptions{}).schema(); }

BufferParams read_buffer_params(const core::ConfigSection& s) {
  BufferParams b;
  b.path = s.path();
  param_table(b).read(s, b);
  return b;
}

UnitParams read_unit_params(const core::ConfigSection& s) {
  UnitParams u;
  u.path = s.path();
  param_table(u).read(s, u);
  return u;
}

DramParams read_dram_params(const core::ConfigSection& s) {
  DramParams d;
  d.path = s.path();
  param_table(d).read(s, d);
  return d;
}

ChipParams read_chip_params(const core::ConfigSection& chip) {
  ChipParams c;
  param_table(c).read(chip, c);
  const core::ConfigSection tile = chip.section("tile", tile_schema());
  param_table(c.tile).read(tile, c.tile);
  c.tile.buffer = read_buffer_params(tile.section("buffer", buffer_schema()));
  c.tile.activation = read_unit_params(tile.section("activation", unit_schema()));
  c.tile.pooling = read_unit_params(tile.section("pooling", unit_schema()));
  c.tile.residual_add = read_unit_params(tile.section("residual_add", unit_schema()));
  c.tile.accumulator = read_unit_params(tile.section("accumulator", unit_schema()));
  c.tile.bus = read_unit_params(tile.section("bus", unit_schema()));
  c.tile.output_register = read_unit_params(tile.section("output_register", unit_schema()));
  c.tile.matmul = read_unit_params(tile.section("matmul", unit_schema()));
  c.tile.special = read_unit_params(tile.section("special", unit_schema()));
  const core::ConfigSection kinds = chip.section("tile_kinds", tile_kinds_schema());
  int64_t other_tiles = 0;
  for (const std::string& name : kinds.keys()) {
    const core::ConfigSection k = kinds.section(name, tile_kind_schema());
    TileKind tk;
    tk.name = name;
    tk.path = k.path();
    param_table(tk).read(k, tk);
    const bool word = !name.empty() && name.find_first_not_of(
                                           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "0123456789_-") == std::string::npos;
    if (!word || name == "default")
      kinds.fail(name,
                 "expected a kind name of letters, digits, '_' and '-' other than "
                 "'default' (chip.tile's own kind)");
    other_tiles += tk.tiles;
    if (other_tiles >= c.tiles())
      k.fail("tiles", "expected the further kinds to leave chip.tile's PE at least one of the " +
                          std::to_string(c.tiles()) + " tiles, got " + std::to_string(other_tiles) +
                          " tiles of further kinds");
    c.tile_kinds.push_back(tk);
  }
  const core::ConfigSection att = chip.section("attention", attention_schema());
  c.attention.path = att.path();
  param_table(c.attention).read(att, c.attention);
  param_table(c.sparsity).read(chip.section("sparsity", sparsity_schema()), c.sparsity);
  c.global_buffer = read_buffer_params(chip.section("global_buffer", buffer_schema()));
  c.dram = read_dram_params(chip.section("dram", dram_schema()));
  return c;
}

MappingOptions read_mapping_options(const core::ConfigSection& s) {
  MappingOptions m;
  param_table(m).read(s, m);
  return m;
}

}  // namespace cimsim::chip
