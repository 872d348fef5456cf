#include "mapper/mapping.h"

#include <algorithm>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include <yaml-cpp/yaml.h>

#include "mapper/layer_cost.h"
#include "sim/arch/tile_kinds.h"
#include "sim/core/errors.h"
#include "sim/core/int_math.h"
#include "sim/core/limits.h"

namespace cimsim::mapper {

using workload::Layer;
using workload::LayerType;
using workload::Network;

const char* to_string(StageKind k) {
  switch (k) {
    case StageKind::Matrix:
      return "matrix";
    case StageKind::Digital:
      return "digital";
    case StageKind::Alias:
      return "alias";
  }
  return "?";
}

namespace {

using core::ceil_div;

// The layer whose hardware produces input `i` (aliases pass through), or kNetworkInput.
int source_of(const Network& net, int i) {
  while (i != workload::kNetworkInput && stage_kind_of(net.layers[i]) == StageKind::Alias)
    i = net.layers[i].inputs.front();
  return i;
}

// Blocks of the matrix the arrays hold: pruned rows/cols compacted, weights at the layer's bits,
// by the one packing rule (mapper/layer_cost.h).
void fill_blocks(LayerMap& m, const Layer& l, const chip::PeCost& chip_pe) {
  const SliceBlocks b =
      slice_blocks(l.mapped_rows(), l.mapped_cols(), l.groups, layer_pe(chip_pe, l));
  m.row_blocks = b.row_blocks;
  m.col_blocks = b.col_blocks;
  m.arrays_per_replica = b.arrays;
  m.pes_per_replica = b.pes;
}

}  // namespace

const chip::PeCost& layer_pe(const chip::PeCost& chip_pe, const Layer& l, const std::string& file) {
  const chip::PeCost& pe = chip_pe.kind(l.pe_kind);  // the PE of the layer's tile kind
  if (l.weight_bits == 0 && l.activation_bits == 0 && l.pruned.bit_planes == 0 &&
      l.skipped_input_planes == 0)
    return pe;
  const int64_t wb = (l.weight_bits > 0 ? l.weight_bits : pe.weight_bits) - l.pruned.bit_planes;
  const int64_t ib =
      (l.activation_bits > 0 ? l.activation_bits : pe.input_bits) - l.skipped_input_planes;
  const core::Origin at{file, l.line};
  if (wb < 1)
    core::fail_input(at, l.name + ".pruned.bit_planes",
                     "layer '" + l.name + "': " + std::to_string(l.pruned.bit_planes) +
                         " bit planes removed leave no weight bits (expected fewer than " +
                         std::to_string(wb + l.pruned.bit_planes) + ")");
  try {
    return pe.at(wb, std::max<int64_t>(1, ib));
  } catch (const std::invalid_argument& e) {
    core::fail_input(
        at, l.name,
        "layer '" + l.name + "' at " + std::to_string(wb) + "-bit weights: " + e.what());
  }
}

int64_t layer_activation_bits(const Layer& l, const chip::ChipParams& chip) {
  return l.activation_bits > 0 ? l.activation_bits : chip.activation_bits;
}

StageKind stage_kind_of(const Layer& l) {
  if (l.is_matrix()) return StageKind::Matrix;
  switch (l.type) {
    case LayerType::BatchNorm:
    case LayerType::Dropout:
    case LayerType::Flatten:
    case LayerType::Reshape:
      return StageKind::Alias;
    default:
      return StageKind::Digital;
  }
}

void place_digital_layers(Mapping& m, const Network& net) {
  for (LayerMap& lm : m.layers) {
    if (lm.kind != StageKind::Digital) continue;
    const int src = source_of(net, net.layers[lm.layer].inputs.front());
    lm.tile = src == workload::kNetworkInput ? m.tile_order.front() : m.home_tile(src);
  }
}

int64_t Replica::pes() const {
  int64_t n = 0;
  for (const PeRange& r : ranges) n += r.pes;
  return n;
}
int64_t Replica::arrays() const {
  int64_t n = 0;
  for (const PeRange& r : ranges) n += r.arrays;
  return n;
}
int64_t LayerMap::arrays() const {
  int64_t n = 0;
  for (const Replica& r : replicas) n += r.arrays();
  return n;
}
int64_t LayerMap::pes() const {
  int64_t n = 0;
  for (const Replica& r : replicas) n += r.pes();
  return n;
}

int64_t Mapping::home_tile(int layer, int replica) const {
  const LayerMap& lm = layers[layer];
  if (lm.kind == StageKind::Matrix) return tile_of_pe(lm.replicas[replica].first_pe());
  return lm.tile;
}

std::vector<int64_t> snake_order(int64_t tiles_x, int64_t tiles_y) {
  std::vector<int64_t> order;
  order.reserve(tiles_x * tiles_y);
  for (int64_t y = 0; y < tiles_y; ++y)
    for (int64_t i = 0; i < tiles_x; ++i)
      order.push_back(y * tiles_x + (y % 2 == 0 ? i : tiles_x - 1 - i));
  return order;
}

int64_t matrix_vector_cycles(const Layer& l, const chip::ChipParams& chip, const chip::PeCost& pe) {
  const SliceBlocks b = slice_blocks(l.mapped_rows(), l.mapped_cols(), l.groups, layer_pe(pe, l));
  return matrix_vector_cost(l, b.rows_used, b.row_blocks, chip, pe).busy();
}

Mapping map_network(const Network& net, const chip::ChipParams& chip, const chip::PeCost& pe,
                    const chip::MappingOptions& opts, int64_t replica_pes) {
  Mapping m;
  m.network = net.name;
  m.chip = chip.name;
  m.tiles = chip.tiles();
  m.pes_per_tile = chip.tile.pes;
  m.tile_order = snake_order(chip.tiles_x, chip.tiles_y);
  const int64_t total = m.total_pes();
  // A layer's PEs come from its tile kind's pool (chip.tile_kinds; one pool on most chips): a
  // run of snake-order PE slots.
  const int kinds = chip::kinds_of(chip);
  std::vector<int64_t> pool(static_cast<size_t>(kinds)), pool_start(static_cast<size_t>(kinds));
  for (int k = 0; k < kinds; ++k) {
    pool[k] = chip::kind_pes(chip, k);
    pool_start[k] = chip::kind_first_pe(chip, k);
  }
  auto kind_of = [&](size_t i) { return static_cast<size_t>(net.layers[i].pe_kind); };

  // Base allocation: one replica per matrix layer; cut into reload groups if it does not fit.
  int64_t need = 0;
  for (size_t i = 0; i < net.layers.size(); ++i) {
    const Layer& l = net.layers[i];
    LayerMap lm;
    lm.layer = static_cast<int>(i);
    lm.name = l.name;
    lm.kind = stage_kind_of(l);
    if (lm.kind == StageKind::Matrix) {
      fill_blocks(lm, l, pe);
      const int64_t room = pool[kind_of(i)];
      if (lm.pes_per_replica > room)
        throw core::InputError(core::format_location(
            core::Origin{net.file, l.line}, "layers[" + std::to_string(i) + "] (" + l.name + ")",
            "needs " + std::to_string(lm.pes_per_replica) + " PEs (" +
                std::to_string(lm.arrays_per_replica) + " arrays) but the chip has only " +
                std::to_string(room) +
                (kinds > 1 ? " of tile kind '" + chip::kind_name(chip, l.pe_kind) + "'" : "") +
                " (with mapping.on_overflow = reload and parallelism pipeline it runs in parts "
                "over time)"));
      need += lm.pes_per_replica;
    }
    m.layers.push_back(lm);
  }
  // Greedy grouping in layer order: a group takes layers while their PEs fit their pools.
  int group = 0;
  std::vector<int64_t> used(static_cast<size_t>(kinds), 0);
  for (size_t i = 0; i < m.layers.size(); ++i) {
    LayerMap& lm = m.layers[i];
    const bool matrix = lm.kind == StageKind::Matrix;
    if (matrix && used[kind_of(i)] + lm.pes_per_replica > pool[kind_of(i)]) {
      ++group;
      std::fill(used.begin(), used.end(), 0);
    }
    lm.group = group;
    if (matrix) used[kind_of(i)] += lm.pes_per_replica;
  }
  // More than one group: the network does not fit at once (one pool: needs more than total).
  if (group > 0 && opts.on_overflow == chip::Overflow::Refuse)
    throw core::InputError("network '" + net.name + "' needs " + std::to_string(need) +
                           " PEs, chip '" + chip.name + "' has " + std::to_string(total) +
                           (kinds > 1 ? " (not all at once in its layers' tile kinds)" : "") +
                           " (mapping.on_overflow = refuse; set it to reload to run layer groups "
                           "in turn with weights reloaded from DRAM)");
  m.groups = group + 1;

  // Replication: per group and pool, give spare PEs to the layer that limits the pipeline.
  std::vector<int64_t> replicas(m.layers.size(), 1), vcycles(m.layers.size(), 0);
  for (size_t i = 0; i < m.layers.size(); ++i)
    if (m.layers[i].kind == StageKind::Matrix)
      vcycles[i] = matrix_vector_cycles(net.layers[i], chip, pe);
  for (int g = 0; g < m.groups && opts.replicate; ++g) {
    std::vector<int64_t> spare = pool;
    for (size_t i = 0; i < m.layers.size(); ++i)
      if (m.layers[i].group == g && m.layers[i].kind == StageKind::Matrix)
        spare[kind_of(i)] -= m.layers[i].pes_per_replica;
    if (replica_pes >= 0)
      for (int64_t& s : spare) s = std::min(s, replica_pes);
    for (size_t k = 0; k < static_cast<size_t>(kinds); ++k) {
      while (true) {
        int worst = -1;
        int64_t worst_t = -1;
        for (size_t i = 0; i < m.layers.size(); ++i) {
          const LayerMap& lm = m.layers[i];
          if (lm.group != g || lm.kind != StageKind::Matrix || kind_of(i) != k) continue;
          if (net.layers[i].is_recurrent()) continue;  // time steps run in order: no replicas
          const Layer& l = net.layers[i];              // replicas take output rows in turn
          const int64_t t =
              ceil_div(l.out_shape.height, replicas[i]) * l.out_shape.width * vcycles[i];
          if (t > worst_t) worst_t = t, worst = static_cast<int>(i);
        }
        if (worst < 0) break;
        const LayerMap& lm = m.layers[worst];
        // Stop when the bottleneck cannot grow: no room, or one output row per replica already
        // (replicas take output rows in turn).
        if (lm.pes_per_replica > spare[k] || replicas[worst] >= net.layers[worst].out_shape.height)
          break;
        ++replicas[worst];
        spare[k] -= lm.pes_per_replica;
      }
    }
  }

  // PE assignment: contiguous PE ranges in snake order of tiles, group by group, each layer in
  // its kind's pool.
  for (int g = 0; g < m.groups; ++g) {
    std::vector<int64_t> slot = pool_start;  // position in snake order, in PEs
    for (size_t i = 0; i < m.layers.size(); ++i) {
      LayerMap& lm = m.layers[i];
      if (lm.group != g || lm.kind != StageKind::Matrix) continue;
      const Layer& l = net.layers[i];
      for (int64_t r = 0; r < replicas[i]; ++r) {
        lm.replicas.push_back(
            Replica{{PeRange{slot[kind_of(i)], lm.pes_per_replica, lm.arrays_per_replica,
                             l.mapped_cols() * l.groups}}});
        slot[kind_of(i)] += lm.pes_per_replica;
      }
    }
  }
  place_digital_layers(m, net);
  return m;
}

// ---------------------------------------------------------------------------------------------

std::string mapping_to_yaml(const Mapping& m, const Network& net) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "network" << YAML::Value << m.network;
  out << YAML::Key << "chip" << YAML::Value << m.chip;
  out << YAML::Key << "tiles" << YAML::Value << m.tiles;
  out << YAML::Key << "pes_per_tile" << YAML::Value << m.pes_per_tile;
  out << YAML::Key << "groups" << YAML::Value << m.groups;
  out << YAML::Key << "layers" << YAML::Value << YAML::BeginSeq;
  for (const LayerMap& lm : m.layers) {
    out << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << lm.name;
    out << YAML::Key << "kind" << YAML::Value << to_string(lm.kind);
    if (lm.kind != StageKind::Alias) out << YAML::Key << "group" << YAML::Value << lm.group;
    if (lm.kind == StageKind::Matrix) {
      const Layer& l = net.layers[lm.layer];
      out << YAML::Key << "rows" << YAML::Value << l.rows << YAML::Key << "cols" << YAML::Value
          << l.cols;
      out << YAML::Key << "row_blocks" << YAML::Value << lm.row_blocks;
      out << YAML::Key << "col_blocks" << YAML::Value << lm.col_blocks;
      out << YAML::Key << "arrays_per_replica" << YAML::Value << lm.arrays_per_replica;
      out << YAML::Key << "pes_per_replica" << YAML::Value << lm.pes_per_replica;
      out << YAML::Key << "replicas" << YAML::Value << YAML::BeginSeq;
      for (const Replica& r : lm.replicas) {
        const bool whole = r.ranges.size() == 1 && r.ranges[0].arrays == lm.arrays_per_replica &&
                           r.ranges[0].cols == l.mapped_cols() * l.groups;
        out << YAML::Flow << YAML::BeginSeq;
        if (whole) {
          out << r.ranges[0].first_pe << r.ranges[0].pes;
        } else {
          for (const PeRange& pr : r.ranges)
            out << YAML::Flow << YAML::BeginSeq << pr.first_pe << pr.pes << pr.arrays << pr.cols
                << YAML::EndSeq;
        }
        out << YAML::EndSeq;
      }
      out << YAML::EndSeq;
      if (!lm.partition.empty())
        out << YAML::Key << "partition" << YAML::Value << YAML::Flow << lm.partition;
    } else if (lm.kind == StageKind::Digital) {
      out << YAML::Key << "tile" << YAML::Value << lm.tile;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(
             "# cimsim mapping. A replica is [first_pe, pes] (the whole layer on consecutive PEs) "
             "or a list\n"
             "# of ranges [first_pe, pes, arrays, cols] (slices of a partitioned layer: arrays of "
             "the slice\n"
             "# on those PEs, output columns they hold partial sums for); the first range is the "
             "home.\n"
             "# PEs are numbered along the snake order of the tiles (row 0 left to right, row 1 "
             "right to\n"
             "# left, ...), pes_per_tile per tile.\n") +
         out.c_str() + "\n";
}

namespace {

// Reads mapping.yaml. Every number in it is hand-editable, so every sum and product of them is
// checked (core::checked_add/mul) and every node is tested for presence before its type: a
// missing key is an InputError naming it, never a yaml-cpp exception.
struct MapReader {
  const std::string& file;

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }
  static int line_of(const YAML::Node& n) {
    return n.IsDefined() && !n.Mark().is_null() ? n.Mark().line + 1 : 0;
  }
  [[noreturn]] void fail(const YAML::Node& n, const std::string& path,
                         const std::string& msg) const {
    core::fail_input(core::Origin{file, line_of(n)}, path, msg);
  }
  // `parent[key]`, without inserting it: absent keys are invalid nodes that IsDefined() refuses.
  static YAML::Node get(const YAML::Node& parent, const char* key) {
    const YAML::Node& p = parent;
    return p[key];
  }
  int64_t number(const YAML::Node& n, const YAML::Node& parent, const std::string& path) const {
    if (!n.IsDefined()) fail(parent, path, "missing; expected an integer");
    if (!n.IsScalar()) fail(n, path, "expected an integer");
    try {
      return n.as<int64_t>();
    } catch (const YAML::Exception&) {
      fail(n, path, "expected an integer, got '" + n.Scalar() + "'");
    }
  }
  int64_t integer(const YAML::Node& parent, const char* key, const std::string& path) const {
    return number(get(parent, key), parent, join(path, key));
  }
  int64_t integer_in(const YAML::Node& parent, const char* key, const std::string& path, int64_t lo,
                     int64_t hi) const {
    const int64_t v = integer(parent, key, path);
    if (v < lo || v > hi)
      fail(get(parent, key), join(path, key),
           "expected " + std::to_string(lo) + ".." + std::to_string(hi) + ", got " +
               std::to_string(v));
    return v;
  }
  std::string text(const YAML::Node& parent, const char* key, const std::string& path) const {
    const YAML::Node n = get(parent, key);
    if (!n.IsDefined()) fail(parent, join(path, key), "missing; expected a string");
    if (!n.IsScalar()) fail(n, join(path, key), "expected a string");
    return n.Scalar();
  }
  // Every key of map `n` is plain, known and given once.
  void check_keys(const YAML::Node& n, const std::string& path,
                  const std::vector<std::string>& known) const {
    std::vector<std::string> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (!it->first.IsScalar()) fail(it->first, path, "expected plain keys");
      const std::string k = it->first.Scalar();
      if (std::find(known.begin(), known.end(), k) == known.end()) {
        std::string list;
        for (const std::string& s : known) list += (list.empty() ? "" : ", ") + s;
        fail(it->first, join(path, k), "unknown key (expected " + list + ")");
      }
      if (std::find(seen.begin(), seen.end(), k) != seen.end())
        fail(it->first, join(path, k), "duplicate key");
      seen.push_back(k);
    }
  }
};

// A PE range of one layer in one reload group, for the overlap check.
struct Claim {
  int group;
  int64_t first, end;  // PEs first .. end - 1
  int layer;
  int line;
  std::string path;
};

}  // namespace

Mapping mapping_from_yaml(const std::string& yaml_text, const std::string& file, const Network& net,
                          const chip::ChipParams& chip, const chip::PeCost& pe) {
  YAML::Node loaded;
  try {
    loaded = YAML::Load(yaml_text);
  } catch (const YAML::ParserException& e) {
    core::fail_input(core::Origin{file, e.mark.line + 1}, "", "YAML syntax error: " + e.msg);
  }
  const YAML::Node& root = loaded;  // const: lookups of absent keys must not insert them
  const MapReader rd{file};
  if (!root.IsMap()) rd.fail(root, "", "expected a mapping file written by cimsim");
  rd.check_keys(root, "", {"network", "chip", "tiles", "pes_per_tile", "groups", "layers"});
  Mapping m;
  m.network = rd.text(root, "network", "");
  m.chip = rd.text(root, "chip", "");
  m.tiles = rd.integer(root, "tiles", "");
  m.pes_per_tile = rd.integer(root, "pes_per_tile", "");
  if (m.tiles != chip.tiles() || m.pes_per_tile != chip.tile.pes)
    rd.fail(root["tiles"], "tiles",
            "mapping is for " + std::to_string(m.tiles) + " tiles x " +
                std::to_string(m.pes_per_tile) + " PEs, the chip has " +
                std::to_string(chip.tiles()) + " x " + std::to_string(chip.tile.pes));
  // A group holds at least one layer, so there are never more groups than layers.
  const int64_t groups = rd.integer(root, "groups", "");
  const int64_t max_groups =
      std::min<int64_t>(core::limits::kReloadGroups.value, static_cast<int64_t>(net.layers.size()));
  if (groups > core::limits::kReloadGroups.value)
    rd.fail(root["groups"], "groups",
            core::limits::over_limit(core::limits::kReloadGroups, groups));
  if (groups < 1 || groups > max_groups)
    rd.fail(root["groups"], "groups",
            "expected 1.." + std::to_string(max_groups) + " (at most one group per layer of '" +
                net.name + "'), got " + std::to_string(groups));
  m.groups = static_cast<int>(groups);
  m.tile_order = snake_order(chip.tiles_x, chip.tiles_y);
  const YAML::Node layers = MapReader::get(root, "layers");
  if (!layers.IsDefined() || !layers.IsSequence() || layers.size() != net.layers.size())
    rd.fail(layers.IsDefined() ? layers : root, "layers",
            "expected a list of " + std::to_string(net.layers.size()) +
                " layers, one per layer of network '" + net.name + "'");
  const int64_t total_pes = m.total_pes();
  std::vector<Claim> claims;
  for (size_t i = 0; i < layers.size(); ++i) {
    const YAML::Node n = layers[i];
    const Layer& l = net.layers[i];
    const std::string path = "layers[" + std::to_string(i) + "]";
    LayerMap lm;
    lm.layer = static_cast<int>(i);
    if (!n.IsMap()) rd.fail(n, path, "expected a mapping");
    lm.kind = stage_kind_of(l);
    // Keys that do not apply to the layer's kind would be ignored, so they are refused.
    switch (lm.kind) {
      case StageKind::Matrix:
        rd.check_keys(n, path,
                      {"name", "kind", "group", "rows", "cols", "row_blocks", "col_blocks",
                       "arrays_per_replica", "pes_per_replica", "replicas", "partition"});
        break;
      case StageKind::Digital:
        rd.check_keys(n, path, {"name", "kind", "group", "tile"});
        break;
      case StageKind::Alias:
        rd.check_keys(n, path, {"name", "kind"});
        break;
    }
    lm.name = rd.text(n, "name", path);
    if (lm.name != l.name)
      rd.fail(n, path + ".name", "expected '" + l.name + "' (layers in network order)");
    if (rd.text(n, "kind", path) != to_string(lm.kind))
      rd.fail(n, path + ".kind", std::string("expected ") + to_string(lm.kind));
    if (lm.kind != StageKind::Alias)
      lm.group = static_cast<int>(rd.integer_in(n, "group", path, 0, m.groups - 1));
    if (lm.kind == StageKind::Matrix) {
      fill_blocks(lm, l, pe);
      // The derived figures are written for people; an edited one would be ignored, so refuse it.
      const std::pair<const char*, int64_t> derived[] = {
          {"rows", l.rows},
          {"cols", l.cols},
          {"row_blocks", lm.row_blocks},
          {"col_blocks", lm.col_blocks},
          {"arrays_per_replica", lm.arrays_per_replica},
          {"pes_per_replica", lm.pes_per_replica}};
      for (const auto& [key, value] : derived)
        if (MapReader::get(n, key).IsDefined() && rd.integer(n, key, path) != value)
          rd.fail(n[key], path + "." + key,
                  "expected " + std::to_string(value) +
                      " (derived from the network and the PE; it cannot be edited)");
      const YAML::Node reps = MapReader::get(n, "replicas");
      if (!reps.IsDefined() || !reps.IsSequence() || reps.size() == 0)
        rd.fail(reps.IsDefined() ? reps : n, path + ".replicas",
                "expected a list of replicas, each [first_pe, pes] or a list of ranges");
      // Each replica needs at least one PE of its own in its group.
      if (static_cast<int64_t>(reps.size()) > total_pes)
        rd.fail(reps, path + ".replicas",
                "expected at most " + std::to_string(total_pes) + " replicas (one PE each)");
      const int64_t layer_cols = l.mapped_cols() * l.groups;
      for (size_t r = 0; r < reps.size(); ++r) {
        const std::string rp = path + ".replicas[" + std::to_string(r) + "]";
        const YAML::Node rn = reps[r];
        if (!rn.IsSequence() || rn.size() == 0)
          rd.fail(rn, rp, "expected [first_pe, pes] or ranges");
        Replica rep;
        if (rn[0].IsScalar()) {  // [first_pe, pes]: the whole layer
          if (rn.size() != 2) rd.fail(rn, rp, "expected [first_pe, pes]");
          rep.ranges.push_back(PeRange{rd.number(rn[0], rn, rp + "[0]"),
                                       rd.number(rn[1], rn, rp + "[1]"), lm.arrays_per_replica,
                                       layer_cols});
        } else {
          if (static_cast<int64_t>(rn.size()) > total_pes)
            rd.fail(rn, rp, "expected at most " + std::to_string(total_pes) + " ranges");
          for (size_t k = 0; k < rn.size(); ++k) {
            const YAML::Node rg = rn[k];
            const std::string kp = rp + "[" + std::to_string(k) + "]";
            if (!rg.IsSequence() || rg.size() != 4)
              rd.fail(rg, kp, "expected [first_pe, pes, arrays, cols]");
            rep.ranges.push_back(
                PeRange{rd.number(rg[0], rg, kp + "[0]"), rd.number(rg[1], rg, kp + "[1]"),
                        rd.number(rg[2], rg, kp + "[2]"), rd.number(rg[3], rg, kp + "[3]")});
          }
        }
        int64_t arrays = 0;
        for (const PeRange& pr : rep.ranges) {
          if (pr.pes < 1 || pr.arrays < 1 || pr.cols < 1)
            rd.fail(rn, rp, "a range needs at least one PE, one array and one column");
          const std::optional<int64_t> end = core::checked_add(pr.first_pe, pr.pes);
          if (pr.first_pe < 0 || !end || *end > total_pes)
            rd.fail(rn, rp,
                    "PEs " + std::to_string(pr.first_pe) + " + " + std::to_string(pr.pes) +
                        " outside the chip (0.." + std::to_string(total_pes - 1) + ")");
          // A layer's PEs are of its tile kind (chip.tile_kinds): inside that kind's tiles.
          if (chip::kinds_of(chip) > 1) {
            const int64_t first = chip::kind_first_pe(chip, l.pe_kind);
            const int64_t last = first + chip::kind_pes(chip, l.pe_kind);
            if (pr.first_pe < first || *end > last)
              rd.fail(rn, rp,
                      "PEs " + std::to_string(pr.first_pe) + " + " + std::to_string(pr.pes) +
                          " outside the PEs of tile kind '" + chip::kind_name(chip, l.pe_kind) +
                          "' (" + std::to_string(first) + ".." + std::to_string(last - 1) + ")");
          }
          // pes <= total_pes now, so pes * arrays_per_pe is at most the chip's arrays.
          const int64_t per_pe = layer_pe(pe, l).arrays_per_pe;
          const std::optional<int64_t> room = core::checked_mul(pr.pes, per_pe);
          if (!room || pr.arrays > *room)
            rd.fail(rn, rp,
                    std::to_string(pr.arrays) + " arrays do not fit on " + std::to_string(pr.pes) +
                        " PEs of " + std::to_string(per_pe) + " arrays");
          if (pr.cols > layer_cols)
            rd.fail(rn, rp,
                    std::to_string(pr.cols) + " columns: the layer has only " +
                        std::to_string(layer_cols));
          arrays += pr.arrays;  // each at most the chip's arrays, at most total_pes ranges
          claims.push_back(
              Claim{lm.group, pr.first_pe, *end, static_cast<int>(i), MapReader::line_of(rn), rp});
        }
        // Enough arrays for the replica's weights (slices cost at least the unsplit blocks).
        if (arrays < lm.arrays_per_replica)
          rd.fail(rn, rp,
                  "holds " + std::to_string(arrays) + " arrays, the layer needs " +
                      std::to_string(lm.arrays_per_replica));
        lm.replicas.push_back(rep);
      }
      const YAML::Node part = MapReader::get(n, "partition");
      if (part.IsDefined()) {
        if (!part.IsSequence()) rd.fail(part, path + ".partition", "expected a list");
        for (size_t k = 0; k < part.size(); ++k) {
          if (!part[k].IsScalar())
            rd.fail(part[k], path + ".partition[" + std::to_string(k) + "]", "expected a name");
          lm.partition.push_back(part[k].Scalar());
        }
      }
    } else if (lm.kind == StageKind::Digital) {
      lm.tile = rd.integer_in(n, "tile", path, 0, m.tiles - 1);
    }
    m.layers.push_back(lm);
  }
  // No PE holds two layers (or two replicas) in one group: sort the ranges, and the first range
  // that starts before the furthest end seen so far overlaps the range of that end.
  std::vector<size_t> order(claims.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Claim &x = claims[a], &y = claims[b];
    return std::tie(x.group, x.first, a) < std::tie(y.group, y.first, b);
  });
  for (size_t k = 1, widest = 0; k < order.size(); ++k) {
    const Claim& prev = claims[order[widest]];
    const Claim& c = claims[order[k]];
    if (c.group == prev.group && c.first < prev.end) {
      // Report it where it appears later in the file.
      const Claim& later = order[k] > order[widest] ? c : prev;
      const Claim& earlier = order[k] > order[widest] ? prev : c;
      core::fail_input(core::Origin{file, later.line}, later.path,
                       "PE " + std::to_string(c.first) + " already holds layer '" +
                           net.layers[earlier.layer].name + "' in group " +
                           std::to_string(c.group) + " (" + earlier.path + ")");
    }
    if (c.group != prev.group || c.end > prev.end) widest = k;
  }
  return m;
}

}  // namespace cimsim::mapper
