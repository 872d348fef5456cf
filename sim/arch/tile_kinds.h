#pragma once
// Which tiles hold which PE (chip.tile_kinds): chip.tile's own PE (kind 0, "default") on the first
// tiles in the snake order of the mesh, then each further kind on the next `tiles` tiles, in
// file order. So each kind's tiles are one run of neighbouring tiles, and a range of PEs of one
// kind is a range of snake-order PE slots (mapper/mapping.h numbers PEs that way).
#include <cstdint>
#include <functional>
#include <string>

#include "sim/arch/chip_params.h"
#include "sim/arch/pe_cost.h"

namespace cimsim::chip {

inline constexpr const char* kDefaultKind = "default";

int kinds_of(const ChipParams& c);                    // 1 + further kinds
int64_t kind_tiles(const ChipParams& c, int k);       // tiles of kind k
int64_t kind_first_tile(const ChipParams& c, int k);  // its first snake-order position
int64_t kind_pes(const ChipParams& c, int k);         // its PEs: tiles x PEs per tile
int64_t kind_first_pe(const ChipParams& c, int k);    // its first snake-order PE slot
int kind_of_slot(const ChipParams& c, int64_t snake_position);
const std::string& kind_name(const ChipParams& c, int k);      // "default" for kind 0
int kind_index(const ChipParams& c, const std::string& name);  // -1: no such kind

// Σ over the chip's PEs of f(its kind's PE): tiles of kind k × PEs per tile × f(pe.kind(k)).
double over_all_pes(const ChipParams& c, const PeCost& pe,
                    const std::function<double(const PeCost&)>& f);

}  // namespace cimsim::chip
