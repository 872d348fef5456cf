#include "sim/chip/peak_report.h"

#include <fmt/format.h>

namespace cimsim::chip {

namespace {

// A unit at its peak rate [mW]: pJ x ops/cycle x cycles/ns = pJ/ns = mW.
double unit_mW(const UnitParams& u, double clock_GHz) {
  return u.energy_per_op_pJ * static_cast<double>(u.ops_per_cycle) * clock_GHz + u.leakage_mW;
}
double buffer_mW(const BufferParams& b, double clock_GHz) {
  return b.read_energy_pJ * b.peak_accesses_per_cycle * clock_GHz + b.leakage_mW;
}

}  // namespace

double router_peak_power_mW(const noc::NocParams& noc) {
  const int ports = 4 + noc.concentration();  // four neighbours + the local ports
  return (noc.energy_per_flit_router_pJ + noc.energy_per_flit_link_pJ) * ports *
             (noc.clock_MHz * 1e-3) +
         noc.router_leakage_mW;
}

PeakReport peak_report(const ChipConfig& cfg, const pe::MacroReport& pe) {
  const ChipParams& c = cfg.chip;
  const double ghz = c.clock_MHz * 1e-3;
  const double pes = static_cast<double>(c.tile.pes);
  PeakReport r;
  PeakScope& t = r.tile;
  t.scope = "tile";
  t.peak_GOPS = pes * pe.pe.peak_GOPS;
  t.items.push_back({"pes", pes * pe.pe.power_mW, pes * pe.pe.area_mm2, "chip.tile.pes x the PE"});
  t.items.push_back({"buffer", buffer_mW(c.tile.buffer, ghz), c.tile.buffer.area_mm2,
                     core::sources(c.tile.buffer, &BufferParams::read_energy_pJ,
                                   &BufferParams::peak_accesses_per_cycle,
                                   &BufferParams::leakage_mW, &BufferParams::area_mm2)});
  const std::pair<const char*, const UnitParams*> units[] = {
      {"bus", &c.tile.bus},
      {"activation", &c.tile.activation},
      {"pooling", &c.tile.pooling},
      {"residual_add", &c.tile.residual_add},
      {"accumulator", &c.tile.accumulator},
      {"output_register", &c.tile.output_register}};
  for (const auto& [name, u] : units)
    t.items.push_back({name, unit_mW(*u, ghz), u->area_mm2,
                       core::sources(*u, &UnitParams::energy_per_op_pJ, &UnitParams::ops_per_cycle,
                                     &UnitParams::leakage_mW, &UnitParams::area_mm2)});
  // Routers are shared by the tiles (a concentrated mesh has one per four): each tile's share.
  const double routers = static_cast<double>(cfg.noc.width) * cfg.noc.height;
  const double share = routers / static_cast<double>(c.tiles());
  t.items.push_back({"router_share", share * router_peak_power_mW(cfg.noc),
                     share * cfg.noc.router_area_mm2,
                     "chip.noc.{energy_per_flit_router_pJ,energy_per_flit_link_pJ,router_leakage_"
                     "mW,router_area_mm2}"});
  for (const PeakItem& i : t.items) t.power_mW += i.power_mW, t.area_mm2 += i.area_mm2;

  PeakScope& ch = r.chip;
  ch.scope = "chip";
  const double tiles = static_cast<double>(c.tiles());
  ch.peak_GOPS = tiles * t.peak_GOPS;
  ch.items.push_back(
      {"tiles", tiles * t.power_mW, tiles * t.area_mm2, "chip.tiles_x x chip.tiles_y x the tile"});
  ch.items.push_back({"global_buffer", buffer_mW(c.global_buffer, ghz), c.global_buffer.area_mm2,
                      "chip.global_buffer.*"});
  ch.items.push_back(
      {"dram_interface", c.dram.interface_power_mW, c.dram.interface_area_mm2,
       core::sources(c.dram, &DramParams::interface_power_mW, &DramParams::interface_area_mm2)});
  for (const PeakItem& i : ch.items) ch.power_mW += i.power_mW, ch.area_mm2 += i.area_mm2;
  return r;
}

std::string format_peak_table(const PeakReport& r) {
  std::string out;
  for (const PeakScope* s : {&r.tile, &r.chip}) {
    out += fmt::format("\n[{}]\n", s->scope);
    out += fmt::format("  peak              {:.3f} GOPS\n", s->peak_GOPS);
    out += fmt::format("  power             {:.4f} mW\n", s->power_mW);
    out += fmt::format("  efficiency        {:.3f} GOPS/W ({:.4f} TOPS/W)\n", s->GOPS_per_W(),
                       s->GOPS_per_W() * 1e-3);
    out += fmt::format("  area              {:.6f} mm2\n", s->area_mm2);
    out += fmt::format("  density           {:.3f} GOPS/mm2\n", s->GOPS_per_mm2());
    out += fmt::format("  {:<18} {:>12} {:>7} {:>12} {:>7}  {}\n", "component", "mW", "share",
                       "mm2", "share", "source");
    for (const PeakItem& i : s->items)
      out +=
          fmt::format("  {:<18} {:>12.4f} {:>6.1f}% {:>12.6f} {:>6.1f}%  {}\n", i.component,
                      i.power_mW, s->power_mW > 0 ? 100 * i.power_mW / s->power_mW : 0.0,
                      i.area_mm2, s->area_mm2 > 0 ? 100 * i.area_mm2 / s->area_mm2 : 0.0, i.source);
  }
  return out;
}

nlohmann::ordered_json peak_json(const PeakReport& r) {
  nlohmann::ordered_json j;
  for (const PeakScope* s : {&r.tile, &r.chip}) {
    nlohmann::ordered_json& o = j[s->scope];
    o["peak_GOPS"] = s->peak_GOPS;
    o["power_mW"] = s->power_mW;
    o["GOPS_per_W"] = s->GOPS_per_W();
    o["area_mm2"] = s->area_mm2;
    o["GOPS_per_mm2"] = s->GOPS_per_mm2();
    o["breakdown"] = nlohmann::ordered_json::array();
    for (const PeakItem& i : s->items)
      o["breakdown"].push_back({{"component", i.component},
                                {"power_mW", i.power_mW},
                                {"area_mm2", i.area_mm2},
                                {"source", i.source}});
  }
  return j;
}

}  // namespace cimsim::chip
