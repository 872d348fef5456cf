#include "sim/chip/run_report.h"
#include "sim/arch/tile_kinds.h"
#include "sim/core/int_math.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

namespace cimsim::chip {

using core::EnergyCategory;
using core::source;
using json = nlohmann::ordered_json;

namespace {

double tile_units_leakage_mW(const TileParams& t) {
  return t.activation.leakage_mW + t.pooling.leakage_mW + t.residual_add.leakage_mW +
         t.accumulator.leakage_mW + t.bus.leakage_mW + t.output_register.leakage_mW;
}
double tile_units_area_mm2(const TileParams& t) {
  return t.activation.area_mm2 + t.pooling.area_mm2 + t.residual_add.area_mm2 +
         t.accumulator.area_mm2 + t.bus.area_mm2 + t.output_register.area_mm2;
}

// The transformer units (matmul, special) exist on chips whose network uses them: their area
// and leakage count only then, so a CNN run reports the chip without them.
bool uses_unit(const Plan& plan, DigitalUnit u) {
  for (const Stage& st : plan.stages)
    if (st.unit == u) return true;
  return false;
}
double transformer_units_leakage_mW(const TileParams& t, const Plan& plan) {
  return (uses_unit(plan, DigitalUnit::Matmul) ? t.matmul.leakage_mW : 0.0) +
         (uses_unit(plan, DigitalUnit::Special) ? t.special.leakage_mW : 0.0);
}
double transformer_units_area_mm2(const TileParams& t, const Plan& plan) {
  return (uses_unit(plan, DigitalUnit::Matmul) ? t.matmul.area_mm2 : 0.0) +
         (uses_unit(plan, DigitalUnit::Special) ? t.special.area_mm2 : 0.0);
}

const UnitParams& unit_of(const ChipParams& c, DigitalUnit u) {
  switch (u) {
    case DigitalUnit::Pooling:
      return c.tile.pooling;
    case DigitalUnit::ResidualAdd:
      return c.tile.residual_add;
    case DigitalUnit::Matmul:
      return c.tile.matmul;
    case DigitalUnit::Special:
      return c.tile.special;
    default:
      return c.tile.activation;
  }
}

// What limits a layer. A layer busy at least half of its active span is compute-bound. One that
// mostly waits is interconnect-bound when its input packets are delayed beyond zero-load by more
// than its own time per vector and half its wait per vector (or it waits on partial sums over
// the NoC a quarter of its span), memory-bound when it
// waits on the network input from DRAM, on weight reloads or (a quarter of its span per replica)
// on its line buffers' overflow, and otherwise bound by whatever
// bounds its busiest producer (it waits on that producer).
std::vector<std::string> bounds_of(const RunResult& r, const Plan& plan) {
  std::vector<std::string> out(r.stages.size());
  for (size_t i = 0; i < r.stages.size(); ++i) {
    const StageResult& s = r.stages[i];
    const double span = static_cast<double>(s.end_ps - std::max<int64_t>(0, s.first_start_ps));
    const double busy = static_cast<double>(s.busy_ps);
    const double vectors_per_replica = static_cast<double>(s.vectors) / std::max(1, s.replicas);
    const double busy_per_vector = vectors_per_replica > 0 ? busy / vectors_per_replica : 0.0;
    const double wait_per_vector =
        vectors_per_replica > 0 ? static_cast<double>(s.input_wait_ps) / vectors_per_replica : 0.0;
    const double excess_ps = s.noc_packets_in > 0
                                 ? static_cast<double>(s.noc_delay_cycles) * r.noc_cycle_ns *
                                       1000.0 / static_cast<double>(s.noc_packets_in)
                                 : 0.0;
    int producer = -1;
    bool reads_input = false;
    for (const InEdge& e : plan.stages[i].inputs) {
      if (e.producer < 0)
        reads_input = true;
      else if (producer < 0 || r.stages[e.producer].busy_ps > r.stages[producer].busy_ps)
        producer = e.producer;
    }
    if (busy >= 0.5 * span) {
      out[i] = "compute";
    } else if (excess_ps > std::max(busy_per_vector, 0.5 * wait_per_vector) ||
               static_cast<double>(s.psum_wait_ps) >= 0.25 * span) {
      out[i] = "interconnect";
    } else if (reads_input ||
               (r.groups > 1 && static_cast<double>(r.reload_ps) / r.groups > busy) ||
               static_cast<double>(s.spill_wait_ps) / std::max(1, s.replicas) >= 0.25 * span) {
      out[i] = "memory";
    } else {
      out[i] = producer >= 0 ? out[producer] : "compute";
    }
  }
  return out;
}

json stats_json(const core::StatGroup& g, double images) {
  json j;
  j["name"] = g.name();
  if (!g.description().empty()) j["description"] = g.description();
  for (const core::Counter& c : g.counters())
    j["counters"].push_back(
        {{"name", c.name}, {"value", c.value}, {"unit", c.unit}, {"description", c.description}});
  for (const core::EnergyTerm& t : g.energy_terms())
    j["energy"].push_back({{"name", t.name},
                           {"category", core::to_string(t.category)},
                           {"count", t.count},
                           {"pJ_each", t.pJ_per_action},
                           {"energy_per_image_pJ", t.energy_pJ() / images},
                           {"source", t.source}});
  for (const core::StatGroup& c : g.children()) j["groups"].push_back(stats_json(c, images));
  return j;
}

}  // namespace

AreaBreakdown chip_area(const ChipParams& chip, const PeCost& pe, const noc::NocParams& noc) {
  AreaBreakdown a;
  const double tiles = static_cast<double>(chip.tiles());
  a.pes_mm2 = over_all_pes(chip, pe, [](const PeCost& k) { return k.area_mm2(); });
  a.tile_buffers_mm2 = tiles * chip.tile.buffer.area_mm2;
  a.tile_units_mm2 = tiles * tile_units_area_mm2(chip.tile);
  a.global_buffer_mm2 = chip.global_buffer.area_mm2;
  a.routers_mm2 = static_cast<double>(noc.width) * noc.height * noc.router_area_mm2;
  a.dram_interface_mm2 = chip.dram.interface_area_mm2;
  return a;
}

void account_energy(RunResult& r, const ReportContext& ctx) {
  const ChipParams& c = ctx.chip;
  core::StatGroup& layers = r.stats.group("layers", "per layer: arrays, tile buffers, units");
  int64_t spill_gb = 0, spill_dram = 0;  // line-buffer overflow: gb accesses each way, DRAM bytes
  for (size_t i = 0; i < r.stages.size(); ++i) {
    const StageResult& s = r.stages[i];
    const Stage& st = ctx.plan.stages[i];
    core::StatGroup& g = layers.group(s.name);
    g.set("vectors", static_cast<double>(s.vectors), "vectors",
          "output pixels computed (all images)");
    g.set("macs", static_cast<double>(s.macs), "MACs", "multiply-accumulates executed");
    g.set("array_mvms", static_cast<double>(s.array_mvms), "MVMs", "array activations");
    const double per_vector_runs = st.kind == mapper::StageKind::Matrix || st.cim_matmul
                                       ? static_cast<double>(s.vectors)
                                       : 0.0;
    if (st.cim_matmul)  // K or V written into the arrays once per image
      g.add_energy("kv_array_row_writes", EnergyCategory::Compute,
                   static_cast<double>(st.kv_row_writes) * r.images,
                   c.attention.write_energy_pJ_per_row,
                   source(c.attention, &AttentionParams::write_energy_pJ_per_row));
    for (const EventEnergy& ev : st.array_events)
      g.add_energy(ev.name, ev.category, ev.count_per_mvm * per_vector_runs, ev.pJ_each, ev.source);
    g.add_energy("tile_buffer_reads", EnergyCategory::Buffer, static_cast<double>(s.buffer_reads),
                 c.tile.buffer.read_energy_pJ,
                 source(c.tile.buffer, &BufferParams::read_energy_pJ));
    g.add_energy("tile_buffer_writes", EnergyCategory::Buffer, static_cast<double>(s.buffer_writes),
                 c.tile.buffer.write_energy_pJ,
                 source(c.tile.buffer, &BufferParams::write_energy_pJ));
    g.add_energy("tile_bus_transfers", EnergyCategory::Interconnect, static_cast<double>(s.bus_ops),
                 c.tile.bus.energy_per_op_pJ, source(c.tile.bus, &UnitParams::energy_per_op_pJ));
    g.add_energy("psum_additions", EnergyCategory::Accumulation, static_cast<double>(s.acc_ops),
                 c.tile.accumulator.energy_per_op_pJ,
                 source(c.tile.accumulator, &UnitParams::energy_per_op_pJ));
    if (s.unit_ops > 0)
      g.add_energy("unit_ops", EnergyCategory::Digital, static_cast<double>(s.unit_ops),
                   unit_of(c, s.unit).energy_per_op_pJ,
                   source(unit_of(c, s.unit), &UnitParams::energy_per_op_pJ));
    if (s.fused_ops > 0)
      g.add_energy("fused_activation_ops", EnergyCategory::Digital,
                   static_cast<double>(s.fused_ops), c.tile.activation.energy_per_op_pJ,
                   source(c.tile.activation, &UnitParams::energy_per_op_pJ));
    // Its line-buffer overflow, out to the global buffer or DRAM and back (buffer_plan.h): the
    // layer's share of the memory's traffic (taken out of the memory group below).
    if (s.spill_gb_accesses > 0) {
      g.add_energy("buffer_spill_global_buffer_writes", EnergyCategory::Buffer,
                   static_cast<double>(s.spill_gb_accesses), c.global_buffer.write_energy_pJ,
                   source(c.global_buffer, &BufferParams::write_energy_pJ));
      g.add_energy("buffer_spill_global_buffer_reads", EnergyCategory::Buffer,
                   static_cast<double>(s.spill_gb_accesses), c.global_buffer.read_energy_pJ,
                   source(c.global_buffer, &BufferParams::read_energy_pJ));
    }
    if (s.spill_dram_bytes > 0)
      g.add_energy("buffer_spill_dram_bits", EnergyCategory::Dram,
                   8.0 * static_cast<double>(s.spill_dram_bytes), c.dram.energy_pJ_per_bit,
                   source(c.dram, &DramParams::energy_pJ_per_bit));
    spill_gb += s.spill_gb_accesses;
    spill_dram += s.spill_dram_bytes;
  }
  core::StatGroup& mem = r.stats.group("memory", "global buffer and DRAM");
  mem.add_energy("global_buffer_reads", EnergyCategory::Buffer,
                 static_cast<double>(r.gb_reads - spill_gb), c.global_buffer.read_energy_pJ,
                 source(c.global_buffer, &BufferParams::read_energy_pJ));
  mem.add_energy("global_buffer_writes", EnergyCategory::Buffer,
                 static_cast<double>(r.gb_writes - spill_gb), c.global_buffer.write_energy_pJ,
                 source(c.global_buffer, &BufferParams::write_energy_pJ));
  mem.add_energy("dram_bits", EnergyCategory::Dram,
                 8.0 * static_cast<double>(r.dram_read_bytes + r.dram_write_bytes - spill_dram),
                 c.dram.energy_pJ_per_bit, source(c.dram, &DramParams::energy_pJ_per_bit));
  mem.set("dram_read_bytes", static_cast<double>(r.dram_read_bytes), "bytes", "read from DRAM");
  mem.set("dram_write_bytes", static_cast<double>(r.dram_write_bytes), "bytes", "written to DRAM");
  mem.set("weight_reload_bytes", static_cast<double>(r.weight_reload_bytes), "bytes",
          "weights reloaded from DRAM");
  // Static power of everything on the chip for the whole run (no power gating is modelled).
  const double ns = static_cast<double>(r.end_ps) / 1000.0;
  core::StatGroup& leak = r.stats.group("leakage", "static power x run time");
  const double tiles = static_cast<double>(c.tiles());
  leak.add_leakage("pes", over_all_pes(c, ctx.pe, [](const PeCost& k) { return k.leakage_mW; }), ns,
                   c.tile_kinds.empty() ? "chip.tile.pe (leakage)"
                                        : "chip.tile.pe, chip.tile_kinds.*.pe (leakage)");
  leak.add_leakage("tile_buffers", tiles * c.tile.buffer.leakage_mW, ns,
                   source(c.tile.buffer, &BufferParams::leakage_mW));
  leak.add_leakage("tile_units", tiles * tile_units_leakage_mW(c.tile), ns,
                   "chip.tile.*.leakage_mW");
  if (const double mW = transformer_units_leakage_mW(c.tile, ctx.plan); mW > 0)
    leak.add_leakage("transformer_units", tiles * mW, ns, "chip.tile.{matmul,special}.leakage_mW");
  leak.add_leakage("global_buffer", c.global_buffer.leakage_mW, ns,
                   source(c.global_buffer, &BufferParams::leakage_mW));
  leak.add_leakage("dram_interface", c.dram.interface_power_mW, ns,
                   source(c.dram, &DramParams::interface_power_mW));
}

json report_json(const RunResult& r, const ReportContext& ctx) {
  const ChipParams& c = ctx.chip;
  const double chip_ps = 1e6 / c.clock_MHz;
  const double n = static_cast<double>(r.images);
  json j;
  j["cimsim_report"] = 1;
  j["run"] = {{"name", ctx.run_name},
              {"config", ctx.config_file},
              {"network", ctx.net.name},
              {"images", r.images},
              {"seed", ctx.seed}};

  // Latency of one image (pipeline fill) and steady-state interval between images.
  const double latency_ns = static_cast<double>(r.image_done_ps.front()) / 1000.0;
  // Steady-state interval between images. Completions of a few images can bunch (a slow
  // early stage releases several images' work to fast later ones), so the measured mean interval
  // after the first image is combined with what every image must cost the busiest resource: the
  // busiest replica or unit, the busiest NoC port, the DRAM channel. The interval is the largest
  // of these; `interval_basis` names it.
  double interval_ns = static_cast<double>(r.end_ps) / 1000.0 / n;
  std::string interval_basis = "run time / images";
  if (r.images >= 2 && r.groups == 1) {
    interval_ns =
        static_cast<double>(r.image_done_ps[r.images - 1] - r.image_done_ps[0]) / 1000.0 / (n - 1);
    interval_basis = "mean time between images after the first";
  }
  for (const StageResult& st : r.stages) {
    const double busy_ns =
        static_cast<double>(st.busy_ps) / 1000.0 / n;  // busiest replica, per image
    if (busy_ns > interval_ns)
      interval_ns = busy_ns, interval_basis = "busy time of " + st.name + " per image";
  }
  const double port_ns = static_cast<double>(r.noc_hottest_link_flits) * r.noc_cycle_ns / n;
  if (port_ns > interval_ns)
    interval_ns = port_ns, interval_basis = "flits through the busiest NoC port per image";
  const double dram_ns = static_cast<double>(r.dram_read_bytes + r.dram_write_bytes) /
                         c.dram.bandwidth_GBps / n;  // B / (GB/s) = ns
  if (dram_ns > interval_ns) interval_ns = dram_ns, interval_basis = "DRAM transfers per image";
  const double macs_per_image = static_cast<double>(ctx.net.total_macs());
  int64_t macs_run = 0;
  for (size_t i = 0; i < r.stages.size(); ++i)  // a matmul stage's MACs: per vector x vectors
    macs_run += ctx.plan.stages[i].unit == DigitalUnit::Matmul
                    ? ctx.plan.stages[i].macs * r.stages[i].vectors
                    : r.stages[i].macs;
  const double ops_per_image = 2.0 * static_cast<double>(macs_run) / n;
  // Co-design (issue 14): the MACs on weights pruning kept (effective ops), beside the dense
  // network's ops that `tops` counts.
  bool codesign = false;
  double effective_macs_run = 0;
  for (size_t i = 0; i < r.stages.size(); ++i) {
    const Stage& ps = ctx.plan.stages[i];
    const workload::Layer& l = ctx.net.layers[ps.layer];
    if (l.is_matrix() &&
        (l.weight_bits || l.activation_bits || !l.pruned.dense() || l.skipped_input_planes))
      codesign = true;
    effective_macs_run +=
        ps.unit == DigitalUnit::Matmul
            ? static_cast<double>(ps.macs * r.stages[i].vectors)
            : (ps.kind == mapper::StageKind::Matrix && ps.macs > 0
                   ? static_cast<double>(r.stages[i].macs) *
                         static_cast<double>(ps.effective_macs) / static_cast<double>(ps.macs)
                   : static_cast<double>(r.stages[i].macs));
  }
  const double effective_ops_per_image = 2.0 * effective_macs_run / n;
  const double energy_pJ = r.stats.total_energy_pJ();
  const double energy_per_image_pJ = energy_pJ / n;
  AreaBreakdown area = chip_area(c, ctx.pe, ctx.noc);
  area.tile_units_mm2 +=
      static_cast<double>(c.tiles()) * transformer_units_area_mm2(c.tile, ctx.plan);
  const double tops = ops_per_image / interval_ns / 1e3;          // ops/ns = Gops/s; /1e3 = TOPS
  const double tops_per_w = ops_per_image / energy_per_image_pJ;  // ops/pJ = TOPS/W

  int64_t arrays_used = 0, pes_used = 0, weights = 0;
  double array_busy_ps = 0, weight_slots = 0;  // weight slots of the arrays in use
  for (size_t i = 0; i < r.stages.size(); ++i) {
    const mapper::LayerMap& lm = ctx.mapping.layers[r.stages[i].layer];
    if (lm.kind != mapper::StageKind::Matrix) continue;
    const PeCost& kp = ctx.pe.kind(ctx.net.layers[lm.layer].pe_kind);
    weight_slots += static_cast<double>(lm.arrays()) * static_cast<double>(kp.array_rows) *
                    static_cast<double>(kp.array_weight_cols);
    arrays_used += lm.arrays();
    pes_used += lm.pes();
    weights += ctx.net.layers[lm.layer].weights * static_cast<int64_t>(lm.replicas.size());
    array_busy_ps += static_cast<double>(r.stages[i].array_mvms) *
                     ctx.plan.stages[i].mvm_interval_cycles * chip_ps;
  }
  const int64_t arrays_total = static_cast<int64_t>(std::llround(over_all_pes(
      c, ctx.pe, [](const PeCost& k) { return static_cast<double>(k.arrays_per_pe); })));

  json& s = j["summary"];
  s["latency_ns"] = latency_ns;
  s["latency_cycles"] = static_cast<int64_t>(std::llround(latency_ns * 1000.0 / chip_ps));
  s["interval_ns"] = interval_ns;
  s["interval_basis"] = interval_basis;
  s["throughput_images_per_s"] = 1e9 / interval_ns;
  s["macs_per_image"] = static_cast<int64_t>(macs_per_image);
  s["ops_per_image"] = static_cast<int64_t>(ops_per_image);
  s["energy_per_image_uJ"] = energy_per_image_pJ * 1e-6;
  s["energy_per_mac_pJ"] = energy_per_image_pJ / macs_per_image;
  s["power_mW"] = energy_pJ / (static_cast<double>(r.end_ps) / 1000.0);  // pJ/ns = mW
  s["tops"] = tops;
  s["tops_per_w"] = tops_per_w;
  s["area_mm2"] = area.total_mm2();
  s["tops_per_mm2"] = tops / area.total_mm2();
  s["arrays_used"] = arrays_used;
  s["arrays_total"] = arrays_total;
  s["pes_used"] = pes_used;
  s["pes_total"] = c.tiles() * c.tile.pes;
  s["pe_utilization"] = static_cast<double>(pes_used) / static_cast<double>(c.tiles() * c.tile.pes);
  // Weights held (replicas included) over the weight slots of the arrays in use.
  s["array_capacity_utilization"] = arrays_used ? static_cast<double>(weights) / weight_slots : 0.0;
  s["array_time_utilization"] = array_busy_ps / (static_cast<double>(arrays_total) * r.end_ps);
  s["reload_groups"] = r.groups;
  s["run_time_ns"] = static_cast<double>(r.end_ps) / 1000.0;
  if (codesign) {  // only then: a dense run's report stays byte-identical
    s["effective_ops_per_image"] = static_cast<int64_t>(std::llround(effective_ops_per_image));
    s["effective_tops"] = effective_ops_per_image / interval_ns / 1e3;
    s["effective_tops_per_w"] = effective_ops_per_image / energy_per_image_pJ;
    s["ops_basis"] =
        "ops_per_image, tops, tops_per_w: the dense network's ops (2 x MACs); effective_*: "
        "the ops on the weights pruning kept";
  }

  json& e = j["energy_per_image_pJ"];
  const std::vector<double> by_cat = r.stats.energy_by_category_pJ();
  for (int k = 0; k < core::kEnergyCategories; ++k)
    e[core::to_string(static_cast<EnergyCategory>(k))] = by_cat[k] / n;
  e["total"] = energy_per_image_pJ;
  json& eg = j["energy_per_image_by_group_pJ"];
  for (const core::StatGroup& g : r.stats.children()) eg[g.name()] = g.total_energy_pJ() / n;

  j["area_mm2"] = {{"pes", area.pes_mm2},
                   {"tile_buffers", area.tile_buffers_mm2},
                   {"tile_units", area.tile_units_mm2},
                   {"global_buffer", area.global_buffer_mm2},
                   {"routers", area.routers_mm2},
                   {"dram_interface", area.dram_interface_mm2},
                   {"total", area.total_mm2()}};
  // Attention and the other transformer functions: where they ran and their shares.
  if (uses_unit(ctx.plan, DigitalUnit::Matmul) || uses_unit(ctx.plan, DigitalUnit::Special)) {
    const core::StatGroup* layers = r.stats.find_group("layers");
    double busy_all = 0, busy_mm = 0, busy_sp = 0, e_mm = 0, e_sp = 0;
    int64_t macs = 0, n_mm = 0, n_sp = 0, kv_row_writes = 0;
    std::vector<int64_t> tiles;
    for (size_t i = 0; i < r.stages.size(); ++i) {
      const Stage& st = ctx.plan.stages[i];
      const double busy = static_cast<double>(r.stages[i].busy_ps);
      busy_all += busy;
      const core::StatGroup* g = layers ? layers->find_group(r.stages[i].name) : nullptr;
      const double stage_pJ = g ? g->total_energy_pJ() : 0.0;
      if (st.unit == DigitalUnit::Matmul) {
        busy_mm += busy, e_mm += stage_pJ, ++n_mm;
        macs += st.macs * r.stages[i].vectors;
        kv_row_writes += st.kv_row_writes;
        for (int64_t t : st.replica_tiles.front())
          if (std::find(tiles.begin(), tiles.end(), t) == tiles.end()) tiles.push_back(t);
      } else if (st.unit == DigitalUnit::Special) {
        busy_sp += busy, e_sp += stage_pJ, ++n_sp;
      }
    }
    const double e_total = r.stats.total_energy_pJ();
    const bool cim = c.attention.dynamic_matmul == DynamicMatmul::CimWrite;
    j["attention"] = {
        {"dynamic_matmul_on", cim ? "CIM arrays written with K and V at run time "
                                    "(chip.attention.dynamic_matmul = cim_write)"
                                  : "digital matmul unit of the tile (chip.tile.matmul)"},
        {"matmul_layers", n_mm},
        {"matmul_tiles", static_cast<int64_t>(tiles.size())},
        {"matmul_macs_per_image", static_cast<double>(macs) / n},
        {"matmul_busy_ns_per_image", busy_mm / 1000.0 / n},
        {"matmul_share_of_stage_busy_time", busy_all > 0 ? busy_mm / busy_all : 0.0},
        {"matmul_energy_per_image_pJ", e_mm / n},
        {"matmul_share_of_energy", e_total > 0 ? e_mm / e_total : 0.0},
        {"special_function_layers", n_sp},
        {"special_busy_ns_per_image", busy_sp / 1000.0 / n},
        {"special_share_of_stage_busy_time", busy_all > 0 ? busy_sp / busy_all : 0.0},
        {"special_energy_per_image_pJ", e_sp / n},
        {"special_share_of_energy", e_total > 0 ? e_sp / e_total : 0.0}};
    if (cim) {
      // Each matmul layer's arrays are rewritten once per image: every cell once per image.
      const double endurance = c.attention.endurance_writes;
      j["attention"]["kv_row_writes_per_image"] = kv_row_writes;
      j["attention"]["kv_writes_per_cell_per_image"] = 1;
      j["attention"]["endurance_writes"] = endurance;
      j["attention"]["images_until_endurance"] = endurance;
      j["attention"]["hours_until_endurance_at_throughput"] =
          endurance * interval_ns * 1e-9 / 3600.0;
    }
  }
  int64_t spill_bytes = 0, spill_dram_bytes = 0, spill_wait_ps = 0;
  for (const StageResult& st : r.stages) {
    spill_bytes += st.spill_bytes;
    spill_dram_bytes += st.spill_dram_bytes;
    spill_wait_ps += st.spill_wait_ps;
  }
  j["memory"] = {{"dram_read_bytes", r.dram_read_bytes},
                 {"dram_write_bytes", r.dram_write_bytes},
                 {"weight_reload_bytes", r.weight_reload_bytes},
                 {"spill_bytes", r.spill_bytes},
                 {"reload_time_ns", static_cast<double>(r.reload_ps) / 1000.0},
                 {"global_buffer_reads", r.gb_reads},
                 {"global_buffer_writes", r.gb_writes},
                 {"tile_buffer_capacity_bytes", ctx.plan.tile_buffer_capacity_bytes},
                 {"tile_buffer_need_max_bytes", ctx.plan.tile_buffer_need_max_bytes},
                 {"buffer_spill_bytes", spill_bytes},
                 {"buffer_spill_global_buffer_bytes", spill_bytes - spill_dram_bytes},
                 {"buffer_spill_dram_bytes", spill_dram_bytes},
                 {"buffer_spill_wait_ns", static_cast<double>(spill_wait_ps) / 1000.0}};
  j["noc"] = {{"model", noc::to_string(ctx.noc.model)},
              {"routers", ctx.noc.width * ctx.noc.height},
              {"packets", r.noc_packets},
              {"flits", r.noc_flits},
              {"avg_packet_latency_cycles", r.noc_avg_latency_cycles},
              {"max_packet_latency_cycles", r.noc_max_latency_cycles},
              {"avg_link_utilization", r.noc_avg_link_utilization},
              {"hottest_link", r.noc_hottest_link},
              {"hottest_link_utilization", r.noc_hottest_link_utilization}};
  j["pe"] = {{"model", ctx.pe.model_name},
             {"array_rows", ctx.pe.array_rows},
             {"array_weight_cols", ctx.pe.array_weight_cols},
             {"arrays_per_pe", ctx.pe.arrays_per_pe},
             {"mvm_ns", ctx.pe.mvm_ns}};
  // Further tile kinds (chip.tile_kinds): only then, so a one-kind chip's report is unchanged.
  for (int k = 1; k < kinds_of(c); ++k) {
    const PeCost& kp = ctx.pe.kind(k);
    j["tile_kinds"].push_back({{"name", kind_name(c, k)},
                               {"tiles", kind_tiles(c, k)},
                               {"model", kp.model_name},
                               {"array_rows", kp.array_rows},
                               {"array_weight_cols", kp.array_weight_cols},
                               {"arrays_per_pe", kp.arrays_per_pe},
                               {"mvm_ns", kp.mvm_ns}});
  }

  json& layers = j["layers"];
  layers = json::array();
  const core::StatGroup* lstats = r.stats.find_group("layers");
  const std::vector<std::string> bounds = bounds_of(r, ctx.plan);
  for (size_t i = 0; i < r.stages.size(); ++i) {
    const StageResult& st = r.stages[i];
    const mapper::LayerMap& lm = ctx.mapping.layers[st.layer];
    const workload::Layer& l = ctx.net.layers[st.layer];
    json L;
    L["name"] = st.name;
    L["type"] = workload::type_name(l);
    L["group"] = st.group;
    L["arrays"] = lm.kind == mapper::StageKind::Matrix ? lm.arrays() : 0;
    L["pes"] = lm.kind == mapper::StageKind::Matrix ? lm.pes() : 0;
    L["tiles"] = st.tiles;
    L["replicas"] = st.replicas;
    // Only on a chip of several tile kinds: a one-kind chip's report is unchanged.
    if (kinds_of(c) > 1)
      L["tile_kind"] = lm.kind == mapper::StageKind::Matrix ? kind_name(c, l.pe_kind) : "-";
    L["macs_per_image"] =
        (ctx.plan.stages[i].unit == DigitalUnit::Matmul ? ctx.plan.stages[i].macs * st.vectors
                                                        : st.macs) /
        r.images;
    L["start_cycle"] = static_cast<int64_t>(std::llround(st.first_start_ps / chip_ps));
    L["cycles"] =
        static_cast<int64_t>(std::llround((st.image0_end_ps - st.first_start_ps) / chip_ps));
    L["busy_cycles"] = static_cast<int64_t>(std::llround(st.busy_ps / chip_ps));
    L["input_wait_cycles"] = static_cast<int64_t>(std::llround(st.input_wait_ps / chip_ps));
    L["energy_per_image_pJ"] = lstats ? lstats->find_group(st.name)->total_energy_pJ() / n : 0.0;
    const Stage& ps = ctx.plan.stages[i];
    L["line_buffer_bytes"] = ps.line_buffer_bytes;
    L["buffer_spill_bytes_per_image"] = st.spill_bytes / r.images;
    L["buffer_spill_to"] = ps.spill_bytes_per_row == 0 ? "none"
                           : ps.spill_to_dram          ? "dram"
                                                       : "global_buffer";
    L["buffer_spill_wait_cycles"] = static_cast<int64_t>(std::llround(st.spill_wait_ps / chip_ps));
    L["noc_packets_out"] = st.packets_out;
    L["noc_excess_latency_cycles_per_packet"] =
        st.noc_packets_in
            ? static_cast<double>(st.noc_delay_cycles) / static_cast<double>(st.noc_packets_in)
            : 0.0;
    L["bound"] = bounds[i];
    if (codesign && lm.kind == mapper::StageKind::Matrix) {
      const PeCost& lp = mapper::layer_pe(ctx.pe, l);
      json C;
      C["weight_bits"] = lp.weight_bits;
      C["input_bits"] = lp.input_bits;
      C["skipped_input_planes"] = l.skipped_input_planes;
      C["pruning"] = l.pruned.type.empty() ? "dense" : l.pruned.type;
      C["rows"] = l.rows;
      C["cols"] = l.cols;
      C["mapped_rows"] = l.mapped_rows();
      C["mapped_cols"] = l.mapped_cols();
      C["bit_planes_removed"] = l.pruned.bit_planes;
      C["weight_density"] =
          static_cast<double>(ps.effective_macs) /
          static_cast<double>(std::max<int64_t>(1, ps.macs)) *
          (l.stats.weight_zero_fraction >= 0 ? 1.0 - l.stats.weight_zero_fraction : 1.0);
      C["index_bits"] = ps.index_bits;
      C["stored_weight_bits"] = ps.weight_bits;
      if (l.stats.weight_zero_fraction >= 0)
        C["weight_zero_fraction"] = l.stats.weight_zero_fraction;
      if (l.stats.weight_bit_density >= 0) C["weight_bit_density"] = l.stats.weight_bit_density;
      L["codesign"] = C;
    }
    layers.push_back(L);
  }
  // Every counter and energy term (count x energy per event, with the config key the energy
  // came from): where each number of the breakdown comes from.
  j["stats"] = stats_json(r.stats, n);
  return j;
}

std::string layers_csv(const json& report) {
  std::ostringstream out;
  const char* cols[] = {"name",
                        "type",
                        "group",
                        "arrays",
                        "pes",
                        "tiles",
                        "replicas",
                        "macs_per_image",
                        "start_cycle",
                        "cycles",
                        "busy_cycles",
                        "input_wait_cycles",
                        "energy_per_image_pJ",
                        "noc_packets_out",
                        "line_buffer_bytes",
                        "buffer_spill_bytes_per_image",
                        "bound"};
  const bool kinds = report.contains("tile_kinds");  // a chip of several tile kinds
  for (size_t i = 0; i < std::size(cols); ++i) out << (i ? "," : "") << cols[i];
  out << (kinds ? ",tile_kind\n" : "\n");
  for (const json& L : report["layers"]) {
    for (size_t i = 0; i < std::size(cols); ++i) {
      const json& v = L[cols[i]];
      out << (i ? "," : "") << (v.is_string() ? v.get<std::string>() : v.dump());
    }
    if (kinds) out << "," << L["tile_kind"].get<std::string>();
    out << "\n";
  }
  return out.str();
}

std::string report_table(const json& j) {
  const json& s = j["summary"];
  std::ostringstream o;
  o << fmt::format("cimsim run: {} on {} ({} image(s))\n\n", j["run"]["network"].get<std::string>(),
                   j["run"]["name"].get<std::string>(), j["run"]["images"].get<int64_t>());
  o << fmt::format("  latency (one image)   {:>14.3f} us   ({} cycles)\n",
                   s["latency_ns"].get<double>() / 1e3, s["latency_cycles"].get<int64_t>());
  o << fmt::format("  throughput            {:>14.1f} images/s  (interval {:.3f} us, {})\n",
                   s["throughput_images_per_s"].get<double>(), s["interval_ns"].get<double>() / 1e3,
                   s["interval_basis"].get<std::string>());
  o << fmt::format("  energy per image      {:>14.3f} uJ   ({:.4f} pJ/MAC)\n",
                   s["energy_per_image_uJ"].get<double>(), s["energy_per_mac_pJ"].get<double>());
  o << fmt::format("  ops per image         {:>14}      (2 x MACs)\n",
                   s["ops_per_image"].get<int64_t>());
  o << fmt::format("  TOPS                  {:>14.4f}\n", s["tops"].get<double>());
  o << fmt::format("  TOPS/W                {:>14.3f}\n", s["tops_per_w"].get<double>());
  if (s.contains("effective_tops_per_w"))
    o << fmt::format(
        "  effective TOPS, TOPS/W {:>13.4f}, {:.3f}  (ops on the weights pruning kept)\n",
        s["effective_tops"].get<double>(), s["effective_tops_per_w"].get<double>());
  o << fmt::format("  area                  {:>14.3f} mm2\n", s["area_mm2"].get<double>());
  o << fmt::format("  TOPS/mm2              {:>14.4f}\n", s["tops_per_mm2"].get<double>());
  o << fmt::format(
      "  arrays used           {:>14}      of {} ({:.1f} % of their cells hold weights, busy "
      "{:.1f} % of the time)\n",
      s["arrays_used"].get<int64_t>(), s["arrays_total"].get<int64_t>(),
      100.0 * s["array_capacity_utilization"].get<double>(),
      100.0 * s["array_time_utilization"].get<double>());
  o << fmt::format("  PEs used              {:>14}      of {}\n", s["pes_used"].get<int64_t>(),
                   s["pes_total"].get<int64_t>());
  o << fmt::format("  reload groups         {:>14}\n\n", s["reload_groups"].get<int64_t>());
  o << "  energy per image by component:\n";
  const double total = j["energy_per_image_pJ"]["total"].get<double>();
  for (auto it = j["energy_per_image_pJ"].begin(); it != j["energy_per_image_pJ"].end(); ++it) {
    if (it.key() == "total") continue;
    const double v = it.value().get<double>();
    o << fmt::format("    {:<14} {:>14.3f} uJ  {:5.1f} %\n", it.key(), v * 1e-6,
                     total > 0 ? 100.0 * v / total : 0.0);
  }
  if (j.contains("attention")) {
    const json& a = j["attention"];
    o << fmt::format(
        "\n  attention: Q.K^T and A.V on the {} ({} layers on {} tiles): {:.1f} % of stage busy "
        "time, {:.1f} % of energy\n",
        a["dynamic_matmul_on"].get<std::string>(), a["matmul_layers"].get<int64_t>(),
        a["matmul_tiles"].get<int64_t>(),
        100.0 * a["matmul_share_of_stage_busy_time"].get<double>(),
        100.0 * a["matmul_share_of_energy"].get<double>());
    if (a.contains("kv_row_writes_per_image"))
      o << fmt::format(
          "  K/V array writes: {} rows per image; every cell rewritten once per image: endurance "
          "{:.3g} writes = {:.3g} images ({:.3g} h at this throughput)\n",
          a["kv_row_writes_per_image"].get<int64_t>(), a["endurance_writes"].get<double>(),
          a["images_until_endurance"].get<double>(),
          a["hours_until_endurance_at_throughput"].get<double>());
    o << fmt::format(
        "  softmax / layer norm / GELU on the special-function unit ({} layers): {:.1f} % of "
        "stage busy time, {:.1f} % of energy\n",
        a["special_function_layers"].get<int64_t>(),
        100.0 * a["special_share_of_stage_busy_time"].get<double>(),
        100.0 * a["special_share_of_energy"].get<double>());
  }
  o << "\n  area by component:\n";
  for (auto it = j["area_mm2"].begin(); it != j["area_mm2"].end(); ++it)
    if (it.key() != "total")
      o << fmt::format("    {:<14} {:>14.4f} mm2\n", it.key(), it.value().get<double>());
  o << fmt::format("\n  NoC: {} packets, {} flits, avg latency {:.1f} cycles, max {} cycles\n",
                   j["noc"]["packets"].get<int64_t>(), j["noc"]["flits"].get<int64_t>(),
                   j["noc"]["avg_packet_latency_cycles"].get<double>(),
                   j["noc"]["max_packet_latency_cycles"].get<int64_t>());
  o << fmt::format("       links busy {:.2f} % on average; hottest: {} at {:.1f} %\n",
                   100.0 * j["noc"]["avg_link_utilization"].get<double>(),
                   j["noc"]["hottest_link"].get<std::string>(),
                   100.0 * j["noc"]["hottest_link_utilization"].get<double>());
  o << fmt::format("  DRAM: {} bytes read, {} written ({} of weight reloads)\n",
                   j["memory"]["dram_read_bytes"].get<int64_t>(),
                   j["memory"]["dram_write_bytes"].get<int64_t>(),
                   j["memory"]["weight_reload_bytes"].get<int64_t>());
  const json& m = j["memory"];
  o << fmt::format(
      "  tile buffers: up to {} of {} bytes needed per tile; line-buffer overflow {} bytes ({} to "
      "DRAM), waited {:.3f} us\n\n",
      m["tile_buffer_need_max_bytes"].get<int64_t>(),
      m["tile_buffer_capacity_bytes"].get<int64_t>(), m["buffer_spill_bytes"].get<int64_t>(),
      m["buffer_spill_dram_bytes"].get<int64_t>(), m["buffer_spill_wait_ns"].get<double>() / 1e3);
  const bool kinds = j.contains("tile_kinds");  // a chip of several tile kinds: a kind column
  o << fmt::format("  {:<22} {:<10} {:>6} {:>5} {:>5} {:>4} {:>12} {:>12} {:>14}  {}{}\n", "layer",
                   "type", "arrays", "PEs", "tiles", "rep", "start_cyc", "cycles", "energy_uJ",
                   "bound", kinds ? "  tile kind" : "");
  for (const json& L : j["layers"]) {
    o << fmt::format("  {:<22} {:<10} {:>6} {:>5} {:>5} {:>4} {:>12} {:>12} {:>14.4f}  {}{}\n",
                     L["name"].get<std::string>(), L["type"].get<std::string>(),
                     L["arrays"].get<int64_t>(), L["pes"].get<int64_t>(), L["tiles"].get<int64_t>(),
                     L["replicas"].get<int64_t>(), L["start_cycle"].get<int64_t>(),
                     L["cycles"].get<int64_t>(), L["energy_per_image_pJ"].get<double>() * 1e-6,
                     L["bound"].get<std::string>(),
                     kinds ? fmt::format("{:>13}", L["tile_kind"].get<std::string>()) : "");
  }
  return o.str();
}

}  // namespace cimsim::chip
