#include "sim/arch/chip_params.h"

namespace cimsim::chip {

using core::ComponentSchema;
using core::kInf;

const ComponentSchema& chip_schema() {
  static const ComponentSchema s{
      "chip",
      "chip",
      "the whole accelerator: a mesh of tiles, a global buffer, DRAM and a NoC",
      {core::string_param("name", "chip", "name used for the results folder and reports"),
       core::real_param("clock_MHz", "MHz", "", 1e-3, 1e5,
                        "chip clock of tiles, buffers, digital units and the NoC"),
       core::int_param("tiles_x", "tiles", "", 1, 256, "tiles along x of the mesh"),
       core::int_param("tiles_y", "tiles", "", 1, 256, "tiles along y of the mesh"),
       core::int_param("activation_bits", "bit", "8", 1, 32,
                       "width of activations moved between layers"),
       core::int_param("psum_bits", "bit", "32", 1, 64,
                       "width of partial sums moved between PEs and tiles")},
      {"tile", "attention", "global_buffer", "dram", "noc"}};
  return s;
}

const ComponentSchema& tile_schema() {
  static const ComponentSchema s{"tile",
                                 "chip.tile",
                                 "a tile: PEs, a tile buffer, digital units and a router port",
                                 {core::int_param("pes", "PEs", "", 1, 4096, "PEs per tile")},
                                 {"pe", "buffer", "activation", "pooling", "residual_add",
                                  "accumulator", "bus", "output_register", "matmul", "special"}};
  return s;
}

const ComponentSchema& buffer_schema() {
  static const ComponentSchema s{
      "buffer",
      "chip.tile.buffer | chip.global_buffer",
      "an SRAM/eDRAM buffer",
      {core::real_param("size_kB", "kB", "", 0, 1e7, "capacity (1 kB = 1024 bytes)"),
       core::int_param("width_bits", "bit", "", 1, 1 << 16, "bits per access and port"),
       core::int_param("ports", "ports", "1", 1, 64, "accesses per cycle"),
       core::int_param("latency_cycles", "cycles", "1", 0, 1000, "access latency in chip cycles"),
       core::real_param("read_energy_pJ", "pJ", "", 0, kInf, "energy of one read of width_bits"),
       core::real_param("write_energy_pJ", "pJ", "", 0, kInf, "energy of one write of width_bits"),
       core::real_param("leakage_mW", "mW", "0", 0, kInf, "static power"),
       core::real_param("area_mm2", "mm2", "0", 0, kInf, "area"),
       core::real_param("peak_accesses_per_cycle", "accesses/cycle", "0", 0, 64,
                        "access rate assumed when the macro report gives peak power")},
      {}};
  return s;
}

const ComponentSchema& unit_schema() {
  static const ComponentSchema s{
      "unit",
      "chip.tile.{activation,pooling,residual_add,accumulator,bus,output_register,matmul,special}",
      "a digital unit of the tile",
      {core::real_param("energy_per_op_pJ", "pJ", "0", 0, kInf,
                        "energy per element operation (per transfer for the bus, per MAC for "
                        "matmul)"),
       core::int_param("ops_per_cycle", "ops/cycle", "1", 1, 1 << 20,
                       "throughput (MACs per cycle for matmul)"),
       core::real_param("leakage_mW", "mW", "0", 0, kInf, "static power"),
       core::real_param("area_mm2", "mm2", "0", 0, kInf, "area")},
      {}};
  return s;
}

const ComponentSchema& dram_schema() {
  static const ComponentSchema s{
      "dram",
      "chip.dram",
      "off-chip DRAM and its interface",
      {core::real_param("bandwidth_GBps", "GB/s", "", 1e-3, 1e5,
                        "sustained bandwidth (1 GB = 1e9 bytes)"),
       core::real_param("latency_ns", "ns", "50", 0, 1e6, "latency of a transfer's first byte"),
       core::real_param("energy_pJ_per_bit", "pJ/bit", "", 0, 1e4,
                        "energy per bit moved (read or write)"),
       core::real_param("interface_area_mm2", "mm2", "0", 0, kInf,
                        "on-chip area of the off-chip link / PHY"),
       core::real_param("interface_power_mW", "mW", "0", 0, kInf,
                        "static power of the off-chip link")},
      {}};
  return s;
}

const ComponentSchema& attention_schema() {
  static const ComponentSchema s{
      "attention",
      "chip.attention",
      "where attention's activation x activation matmuls (Q.K^T, A.V) run",
      {core::choice_param("dynamic_matmul", "digital", {"digital", "cim_write"},
                          "digital: the tile's matmul unit (chip.tile.matmul); cim_write: K and "
                          "V written into CIM arrays at run time, then array MVMs"),
       core::real_param("write_energy_pJ_per_row", "pJ", "0", 0, kInf,
                        "cim_write: energy of writing one array row"),
       core::real_param("write_ns_per_row", "ns", "0", 0, 1e9,
                        "cim_write: time of writing one array row (rows one after another)"),
       core::real_param("endurance_writes", "writes", "1e16", 1, 1e30,
                        "writes a cell survives (ReRAM about 1e6, SRAM unlimited)")},
      {}};
  return s;
}

const ComponentSchema& mapping_schema() {
  static const ComponentSchema s{
      "mapping",
      "mapping",
      "how networks are placed on the chip",
      {core::bool_param("replicate", "true",
                        "replicate bottleneck layers into spare PEs to balance the pipeline"),
       core::choice_param("on_overflow", "reload", {"reload", "refuse"},
                          "network larger than the chip: run layer groups in turn with weights "
                          "reloaded from DRAM, or refuse"),
       core::choice_param(
           "parallelism", "hybrid", {"pipeline", "data", "model", "tensor", "hybrid"},
           "pipeline: each layer on PEs of its own, layers pipelined, bottlenecks "
           "replicated (mapping v1); data|model|tensor|hybrid: every layer split over "
           "binary tile groups by the planner (docs/parallelism.md)")},
      {}};
  return s;
}

BufferParams read_buffer_params(const core::ConfigSection& s) {
  BufferParams b;
  b.size_kB = s.get_real("size_kB");
  b.width_bits = s.get_int("width_bits");
  b.ports = s.get_int("ports");
  b.latency_cycles = s.get_int("latency_cycles");
  b.read_energy_pJ = s.get_real("read_energy_pJ");
  b.write_energy_pJ = s.get_real("write_energy_pJ");
  b.leakage_mW = s.get_real("leakage_mW");
  b.area_mm2 = s.get_real("area_mm2");
  b.peak_accesses_per_cycle = s.get_real("peak_accesses_per_cycle");
  return b;
}

UnitParams read_unit_params(const core::ConfigSection& s) {
  UnitParams u;
  u.energy_per_op_pJ = s.get_real("energy_per_op_pJ");
  u.ops_per_cycle = s.get_int("ops_per_cycle");
  u.leakage_mW = s.get_real("leakage_mW");
  u.area_mm2 = s.get_real("area_mm2");
  return u;
}

DramParams read_dram_params(const core::ConfigSection& s) {
  DramParams d;
  d.bandwidth_GBps = s.get_real("bandwidth_GBps");
  d.latency_ns = s.get_real("latency_ns");
  d.energy_pJ_per_bit = s.get_real("energy_pJ_per_bit");
  d.interface_area_mm2 = s.get_real("interface_area_mm2");
  d.interface_power_mW = s.get_real("interface_power_mW");
  return d;
}

ChipParams read_chip_params(const core::ConfigSection& chip) {
  ChipParams c;
  c.name = chip.get_string("name");
  c.clock_MHz = chip.get_real("clock_MHz");
  c.tiles_x = chip.get_int("tiles_x");
  c.tiles_y = chip.get_int("tiles_y");
  c.activation_bits = chip.get_int("activation_bits");
  c.psum_bits = chip.get_int("psum_bits");
  const core::ConfigSection tile = chip.section("tile", tile_schema());
  c.tile.pes = tile.get_int("pes");
  c.tile.buffer = read_buffer_params(tile.section("buffer", buffer_schema()));
  c.tile.activation = read_unit_params(tile.section("activation", unit_schema()));
  c.tile.pooling = read_unit_params(tile.section("pooling", unit_schema()));
  c.tile.residual_add = read_unit_params(tile.section("residual_add", unit_schema()));
  c.tile.accumulator = read_unit_params(tile.section("accumulator", unit_schema()));
  c.tile.bus = read_unit_params(tile.section("bus", unit_schema()));
  c.tile.output_register = read_unit_params(tile.section("output_register", unit_schema()));
  c.tile.matmul = read_unit_params(tile.section("matmul", unit_schema()));
  c.tile.special = read_unit_params(tile.section("special", unit_schema()));
  const core::ConfigSection att = chip.section("attention", attention_schema());
  c.attention.dynamic_matmul = att.get_string("dynamic_matmul") == "cim_write"
                                   ? DynamicMatmul::CimWrite
                                   : DynamicMatmul::Digital;
  c.attention.write_energy_pJ_per_row = att.get_real("write_energy_pJ_per_row");
  c.attention.write_ns_per_row = att.get_real("write_ns_per_row");
  c.attention.endurance_writes = att.get_real("endurance_writes");
  c.global_buffer = read_buffer_params(chip.section("global_buffer", buffer_schema()));
  c.dram = read_dram_params(chip.section("dram", dram_schema()));
  return c;
}

MappingOptions read_mapping_options(const core::ConfigSection& s) {
  MappingOptions m;
  m.replicate = s.get_bool("replicate");
  m.on_overflow = s.get_string("on_overflow") == "refuse" ? Overflow::Refuse : Overflow::Reload;
  m.parallelism = s.get_string("parallelism");
  return m;
}

}  // namespace cimsim::chip
