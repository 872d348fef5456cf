#include "mapper/layer_kinds.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "mapper/layer_cost.h"
#include "mapper/mapping.h"
#include "sim/arch/tile_kinds.h"
#include "sim/core/errors.h"
#include "sim/core/int_math.h"
#include "sim/workload/sparsity.h"

namespace cimsim::mapper {

using core::ceil_div;

double layer_vector_energy_pJ(const workload::Layer& l, const chip::PeCost& pe) {
  const chip::PeCost& lp = layer_pe(pe, l);
  const SliceBlocks b = slice_blocks(l.mapped_rows(), l.mapped_cols(), l.groups, lp);
  double e = 0;
  for (const chip::EventEnergy& ev :
       lp.events_of(b.arrays, b.rows_used, ceil_div(l.mapped_cols(), b.col_blocks)))
    e += ev.count_per_mvm * ev.pJ_each;
  return e;
}

double layer_kind_cost(const workload::Layer& l, const chip::ChipParams& chip,
                       const chip::PeCost& pe, chip::MapObjective objective) {
  const double energy = layer_vector_energy_pJ(l, pe);
  const double cycles = static_cast<double>(matrix_vector_cycles(l, chip, pe));
  switch (objective) {
    case chip::MapObjective::Energy:
      return energy + 1e-9 * cycles;
    case chip::MapObjective::Edp:
      return energy * cycles;
    case chip::MapObjective::Throughput:
    case chip::MapObjective::Latency:
      break;
  }
  return cycles + 1e-9 * energy;
}

namespace {

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

std::string kind_list(const chip::ChipParams& chip) {
  std::string names;
  for (int k = 0; k < chip::kinds_of(chip); ++k)
    names += (k ? ", " : "") + chip::kind_name(chip, k);
  return names;
}

// In layer order, as the pipeline mapper groups them: each layer on the best kind for the
// objective that still has PEs for one copy in the current reload group; when none has, a new
// group starts and the layer takes the best kind that can hold it at all.
void assign_auto(workload::Network& net, const chip::ChipParams& chip, const chip::PeCost& pe,
                 chip::MapObjective objective) {
  const int kinds = chip::kinds_of(chip);
  std::vector<int64_t> used(static_cast<size_t>(kinds), 0), pool(static_cast<size_t>(kinds));
  for (int k = 0; k < kinds; ++k) pool[k] = chip::kind_pes(chip, k);
  for (workload::Layer& l : net.layers) {
    if (!l.is_matrix()) continue;
    struct Option {
      double cost;  // for mapping.objective, lower is better
      int kind;
      int64_t pes;
    };
    std::vector<Option> options;
    for (int k = 0; k < kinds; ++k) {
      l.pe_kind = k;
      try {
        const chip::PeCost& lp = layer_pe(pe, l);
        const SliceBlocks b = slice_blocks(l.mapped_rows(), l.mapped_cols(), l.groups, lp);
        if (b.pes <= pool[k])
          options.push_back({layer_kind_cost(l, chip, pe, objective), k, b.pes});
      } catch (const core::InputError&) {
        // this kind's arrays cannot hold the layer's precision
      }
    }
    l.pe_kind = 0;
    if (options.empty()) continue;  // fits no kind: the mapper names the layer
    std::stable_sort(options.begin(), options.end(),
                     [](const Option& a, const Option& b) { return a.cost < b.cost; });
    const Option* pick = nullptr;
    for (const Option& o : options)
      if (used[o.kind] + o.pes <= pool[o.kind]) {
        pick = &o;
        break;
      }
    if (!pick) {  // a new reload group
      std::fill(used.begin(), used.end(), 0);
      pick = &options.front();
    }
    l.pe_kind = pick->kind;
    used[pick->kind] += pick->pes;
  }
}

}  // namespace

void assign_layer_kinds(workload::Network& net, const chip::ChipParams& chip,
                        const chip::PeCost& pe, const std::string& rules,
                        chip::MapObjective objective, const std::string& origin) {
  for (workload::Layer& l : net.layers) l.pe_kind = 0;
  if (trim(rules) == "auto") {
    if (chip::kinds_of(chip) > 1) assign_auto(net, chip, pe, objective);
    return;
  }
  std::stringstream ss(rules);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const std::string rule = trim(item);
    if (rule.empty()) continue;
    const size_t eq = rule.find('=');
    if (eq == std::string::npos)
      throw core::InputError(origin + ": rule '" + rule +
                             "': expected PATTERN=KIND (a layer name or glob and a tile kind: " +
                             kind_list(chip) + ") or auto");
    const std::string pat = trim(rule.substr(0, eq)), name = trim(rule.substr(eq + 1));
    const int k = chip::kind_index(chip, name);
    if (k < 0)
      throw core::InputError(origin + ": rule '" + rule + "': no tile kind '" + name +
                             "' (expected one of: " + kind_list(chip) + ")");
    int matched = 0;
    for (workload::Layer& l : net.layers) {
      if (!l.is_matrix() || !workload::name_matches(pat, l.name)) continue;
      ++matched;
      l.pe_kind = k;
    }
    if (matched == 0)
      throw core::InputError(origin + ": rule '" + rule + "': no conv2d or linear layer of '" +
                             net.name + "' matches '" + pat + "'");
  }
}

}  // namespace cimsim::mapper
