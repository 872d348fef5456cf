#include "mapper/placement.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "sim/core/errors.h"

namespace cimsim::mapper {

namespace {

bool by_row(const Tile& a, const Tile& b) { return a.y != b.y ? a.y < b.y : a.x < b.x; }

// Splits a region into two halves; the first half is the one with the smaller coordinates.
void bisect(std::vector<Tile> region, int depth, int levels, std::vector<std::vector<Tile>>& out) {
  std::sort(region.begin(), region.end(), by_row);
  if (depth == levels) {
    out.push_back(std::move(region));
    return;
  }
  int64_t x0 = region[0].x, x1 = x0, y0 = region[0].y, y1 = y0;
  for (const Tile& t : region) {
    x0 = std::min(x0, t.x), x1 = std::max(x1, t.x);
    y0 = std::min(y0, t.y), y1 = std::max(y1, t.y);
  }
  const int64_t w = x1 - x0 + 1, h = y1 - y0 + 1;
  const bool rect = static_cast<int64_t>(region.size()) == w * h;
  // Cut so that counterparts are closest: across the shorter even side (its half is the
  // distance between a tile and its counterpart); this also gives the cut the most links.
  const bool cut_y_ok = rect && h % 2 == 0, cut_x_ok = rect && w % 2 == 0;
  std::vector<Tile> a, b;
  if (cut_y_ok && (!cut_x_ok || h <= w)) {
    for (const Tile& t : region) (t.y < y0 + h / 2 ? a : b).push_back(t);
  } else if (cut_x_ok) {
    for (const Tile& t : region) (t.x < x0 + w / 2 ? a : b).push_back(t);
  } else {
    // Odd rectangle or irregular region: halve the row-major order.
    const size_t mid = region.size() / 2;
    a.assign(region.begin(), region.begin() + static_cast<std::ptrdiff_t>(mid));
    b.assign(region.begin() + static_cast<std::ptrdiff_t>(mid), region.end());
  }
  bisect(std::move(a), depth + 1, levels, out);
  bisect(std::move(b), depth + 1, levels, out);
}

int64_t distance(const Tile& a, const Tile& b) {
  return std::llabs(a.x - b.x) + std::llabs(a.y - b.y);
}

}  // namespace

MeshPlacement place_groups(int64_t mesh_w, int64_t mesh_h, int levels, PlacementPolicy policy) {
  if (levels < 0 || levels > 30) core::fail_input({}, "planner.levels", "expected 0..30");
  const int64_t tiles = mesh_w * mesh_h;
  const int64_t groups = int64_t{1} << levels;
  if (mesh_w < 1 || mesh_h < 1 || tiles % groups != 0)
    core::fail_input({}, "planner.levels",
                     "expected the " + std::to_string(mesh_w) + "x" + std::to_string(mesh_h) +
                         " mesh to divide into " + std::to_string(groups) + " equal groups");
  MeshPlacement p;
  p.mesh_w = mesh_w;
  p.mesh_h = mesh_h;
  p.levels = levels;
  std::vector<Tile> all;
  for (int64_t y = 0; y < mesh_h; ++y)
    for (int64_t x = 0; x < mesh_w; ++x) all.push_back({x, y});
  if (policy == PlacementPolicy::Bisection) {
    bisect(all, 0, levels, p.groups);
  } else {
    const int64_t size = tiles / groups;
    for (int64_t g = 0; g < groups; ++g)
      p.groups.emplace_back(all.begin() + g * size, all.begin() + (g + 1) * size);
  }
  return p;
}

std::vector<CutDistance> placement_distances(const MeshPlacement& p) {
  std::vector<CutDistance> out(static_cast<size_t>(p.levels));
  const size_t groups = p.groups.size();
  for (int j = 0; j < p.levels; ++j) {
    const size_t bit = size_t{1} << (p.levels - 1 - j);
    for (size_t g = 0; g < groups; ++g) {
      if (g & bit) continue;
      const auto& ga = p.groups[g];
      const auto& gb = p.groups[g | bit];
      for (size_t i = 0; i < ga.size(); ++i)
        out[static_cast<size_t>(j)].sum_hops += distance(ga[i], gb[i]);
      out[static_cast<size_t>(j)].pairs += static_cast<int64_t>(ga.size());
    }
  }
  return out;
}

std::vector<CutLinks> placement_cuts(const MeshPlacement& p) {
  // Which leaf group owns each tile.
  std::vector<int64_t> owner(static_cast<size_t>(p.mesh_w * p.mesh_h), -1);
  for (size_t g = 0; g < p.groups.size(); ++g)
    for (const Tile& t : p.groups[g])
      owner[static_cast<size_t>(t.y * p.mesh_w + t.x)] = static_cast<int64_t>(g);
  const std::vector<CutDistance> dist = placement_distances(p);
  std::vector<CutLinks> out(static_cast<size_t>(p.levels));
  for (int j = 0; j < p.levels; ++j) {
    const int shift = p.levels - 1 - j;  // groups with equal g >> (shift + 1) share a parent
    std::vector<int64_t> links(p.groups.size() >> (shift + 1), 0);
    for (int64_t y = 0; y < p.mesh_h; ++y)
      for (int64_t x = 0; x < p.mesh_w; ++x) {
        const int64_t a = owner[static_cast<size_t>(y * p.mesh_w + x)];
        auto count = [&](int64_t b) {
          if ((a >> (shift + 1)) == (b >> (shift + 1)) && ((a >> shift) & 1) != ((b >> shift) & 1))
            ++links[static_cast<size_t>(a >> (shift + 1))];
        };
        if (x + 1 < p.mesh_w) count(owner[static_cast<size_t>(y * p.mesh_w + x + 1)]);
        if (y + 1 < p.mesh_h) count(owner[static_cast<size_t>((y + 1) * p.mesh_w + x)]);
      }
    const CutDistance& d = dist[static_cast<size_t>(j)];
    CutLinks& c = out[static_cast<size_t>(j)];
    c.links = std::max<int64_t>(1, *std::min_element(links.begin(), links.end()));
    c.hops = d.pairs == 0 ? 0 : (d.sum_hops + d.pairs - 1) / d.pairs;
  }
  return out;
}

double hop_bytes(const MeshPlacement& p, const std::vector<int64_t>& bytes_per_level) {
  const std::vector<CutDistance> dist = placement_distances(p);
  double total = 0.0;
  for (size_t j = 0; j < dist.size() && j < bytes_per_level.size(); ++j)
    if (dist[j].pairs > 0)
      total += static_cast<double>(bytes_per_level[j]) * static_cast<double>(dist[j].sum_hops) /
               static_cast<double>(dist[j].pairs);
  return total;
}

}  // namespace cimsim::mapper
