#include "sim/arch/tile_kinds.h"

namespace cimsim::chip {

int kinds_of(const ChipParams& c) { return 1 + static_cast<int>(c.tile_kinds.size()); }

int64_t kind_tiles(const ChipParams& c, int k) {
  if (k > 0) return c.tile_kinds.at(static_cast<size_t>(k - 1)).tiles;
  int64_t t = c.tiles();
  for (const TileKind& tk : c.tile_kinds) t -= tk.tiles;
  return t;
}

int64_t kind_first_tile(const ChipParams& c, int k) {
  int64_t first = 0;
  for (int i = 0; i < k; ++i) first += kind_tiles(c, i);
  return first;
}

int64_t kind_pes(const ChipParams& c, int k) { return kind_tiles(c, k) * c.tile.pes; }

int64_t kind_first_pe(const ChipParams& c, int k) { return kind_first_tile(c, k) * c.tile.pes; }

int kind_of_slot(const ChipParams& c, int64_t snake_position) {
  int64_t end = 0;
  for (int k = 0; k < kinds_of(c); ++k) {
    end += kind_tiles(c, k);
    if (snake_position < end) return k;
  }
  return kinds_of(c) - 1;
}

const std::string& kind_name(const ChipParams& c, int k) {
  static const std::string def = kDefaultKind;
  return k == 0 ? def : c.tile_kinds.at(static_cast<size_t>(k - 1)).name;
}

int kind_index(const ChipParams& c, const std::string& name) {
  for (int k = 0; k < kinds_of(c); ++k)
    if (kind_name(c, k) == name) return k;
  return -1;
}

double over_all_pes(const ChipParams& c, const PeCost& pe,
                    const std::function<double(const PeCost&)>& f) {
  double sum = 0;
  for (int k = 0; k < kinds_of(c); ++k)
    sum += static_cast<double>(kind_tiles(c, k)) * static_cast<double>(c.tile.pes) * f(pe.kind(k));
  return sum;
}

}  // namespace cimsim::chip
