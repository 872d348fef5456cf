// Placement of the leaf groups on a mesh: recursive bisection keeps siblings adjacent; checked
// by hand against a naive row-major placement.
#include <catch2/catch.hpp>

#include "mapper/placement.h"
#include "sim/core/errors.h"

using namespace cimsim::mapper;

TEST_CASE("planner placement: 6x6 mesh in 4 groups, bisection vs row-major by hand",
          "[planner][placement]") {
  const MeshPlacement bis = place_groups(6, 6, 2, PlacementPolicy::Bisection);
  const MeshPlacement row = place_groups(6, 6, 2, PlacementPolicy::RowMajor);
  REQUIRE(bis.groups.size() == 4);
  for (const auto& g : bis.groups) CHECK(g.size() == 9);
  // Bisection: top/bottom halves (3 rows each), then 3x3 blocks left/right.
  CHECK(bis.groups[0].front().x == 0);
  CHECK(bis.groups[0].back().x == 2);
  CHECK(bis.groups[0].back().y == 2);
  CHECK(bis.groups[1].front().x == 3);
  CHECK(bis.groups[2].front().y == 3);

  // Level 0 (group g ↔ g^2): counterparts 3 rows apart in both placements: 9·3 per pair.
  // Level 1 (g ↔ g^1): bisection 3 columns apart (27 per pair); row-major group 0 = row 0 and
  // (row 1, cols 0-2), group 1 = (row 1, cols 3-5) and row 2: distances 4,4,4,5,5,5,4,4,4 = 39.
  const auto db = placement_distances(bis);
  const auto dr = placement_distances(row);
  CHECK(db[0].sum_hops == 54);
  CHECK(dr[0].sum_hops == 54);
  CHECK(db[1].sum_hops == 54);
  CHECK(dr[1].sum_hops == 78);
  CHECK(db[1].pairs == 18);

  // Hop-bytes of 1000 B at level 0 and 900 B at level 1: 3·1000 + 3·900 vs 3·1000 + (78/18)·900.
  CHECK(hop_bytes(bis, {1000, 900}) == Approx(5700.0));
  CHECK(hop_bytes(row, {1000, 900}) == Approx(3000.0 + 3900.0));
  CHECK(hop_bytes(bis, {1000, 900}) < hop_bytes(row, {1000, 900}));

  // Links across the cuts: 6 between the halves; 3 between side-by-side 3x3 blocks; row-major
  // groups 0 and 1 touch along 3 + 3 vertical and 1 horizontal link.
  const auto cb = placement_cuts(bis);
  const auto cr = placement_cuts(row);
  CHECK(cb[0].links == 6);
  CHECK(cb[0].hops == 3);
  CHECK(cb[1].links == 3);
  CHECK(cb[1].hops == 3);
  CHECK(cr[1].links == 7);
  CHECK(cr[1].hops == 5);  // ceil(78 / 18)
}

TEST_CASE("planner placement: power-of-two meshes give strips that match row-major",
          "[planner][placement]") {
  // 16 single tiles on 4x4: cuts 2, 1 rows then 2, 1 columns; row-major numbering is the same
  // bit interleaving, so both cost 2 + 1 + 2 + 1 hops per counterpart pair.
  const auto db = placement_distances(place_groups(4, 4, 4, PlacementPolicy::Bisection));
  const auto dr = placement_distances(place_groups(4, 4, 4, PlacementPolicy::RowMajor));
  const int64_t expect[4] = {2, 1, 2, 1};
  for (int j = 0; j < 4; ++j) {
    CHECK(db[static_cast<size_t>(j)].sum_hops == expect[j] * 8);
    CHECK(dr[static_cast<size_t>(j)].sum_hops == expect[j] * 8);
  }
}

TEST_CASE("planner placement: bad meshes are refused", "[planner][placement]") {
  CHECK_THROWS_WITH(place_groups(3, 3, 1, PlacementPolicy::Bisection),
                    "planner.levels: expected the 3x3 mesh to divide into 2 equal groups");
  CHECK_THROWS_AS(place_groups(0, 4, 1, PlacementPolicy::RowMajor), cimsim::core::InputError);
}
