#pragma once
// The vectors of one replica in the order it computes them: image by image, output rows
// y = replica, replica + replicas, ... (rows interleaved over replicas), each row left to right.
#include <cstdint>

#include "sim/chip/stage_plan.h"

namespace cimsim::chip {

struct VectorWalk {
  const Stage& st;
  int64_t reps, first, images, img = 0, y, x = 0, k = 0;
  VectorWalk(const Stage& s, int64_t replica, int64_t n_images)
      : st(s),
        reps(static_cast<int64_t>(s.replica_tiles.size())),
        first(replica),
        images(n_images),
        y(replica) {
    if (first >= st.out_h) img = images;  // no rows for this replica (the mapper prevents it)
    k = index();
  }
  bool more() const { return img < images; }
  void next() {
    if (++x == st.out_w) {
      x = 0;
      y += reps;
      if (y >= st.out_h) y = first, ++img;
    }
    k = index();
  }

 private:
  int64_t index() const { return img * st.vectors() + y * st.out_w + x; }
};

}  // namespace cimsim::chip
