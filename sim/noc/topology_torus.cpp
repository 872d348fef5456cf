// The 2D torus: the mesh plus links from the last router of every row and column back to the
// first (one node per router). Routes are dimension order, x first, each leg the shorter way
// round its ring (east / north on a tie).
//
// Every ring is a cycle of channels; dateline VC classes break it: the VCs of each port split
// into class 0 ([0, vcs/2)) and class 1 (the rest). A packet that crosses its ring's wrap-around
// link travels in class 0 up to it and in class 1 after it; one that never crosses takes either
// class at its first hop along the ring and keeps it. No class-1 VC ever waits for the wrap link
// and class 0 only feeds class 1, so neither class closes a cycle (vcs >= 2).
#include <cstdlib>
#include <memory>

#include "sim/noc/geometry.h"
#include "sim/noc/noc_params.h"

namespace cimsim::noc {

namespace {

// Offset to travel along one ring of k routers: the shorter way, positive on a tie.
int ring_offset(int from, int to, int k) {
  int d = to - from;
  if (d < 0) d += k;  // 0..k-1 steps in the positive direction
  return 2 * d <= k ? d : d - k;
}

class TorusGeometry final : public Geometry {
 public:
  TorusGeometry(int width, int height) : Geometry(width, height, 1) {}
  const char* name() const override { return "torus"; }
  int min_vcs() const override { return 2; }

  int neighbor(int r, int port) const override {
    const int x = router_x(r), y = router_y(r), w = width(), h = height();
    switch (port) {
      case kEast:
        return x + 1 < w ? r + 1 : (w > 1 ? r - x : -1);
      case kWest:
        return x > 0 ? r - 1 : (w > 1 ? r + w - 1 : -1);
      case kNorth:
        return y + 1 < h ? r + w : (h > 1 ? x : -1);
      case kSouth:
        return y > 0 ? r - w : (h > 1 ? r + (h - 1) * w : -1);
      default:
        return -1;
    }
  }
  int route(int r, int dst_node) const override {
    const int d = router_of(dst_node);
    const int dx = ring_offset(router_x(r), router_x(d), width());
    if (dx != 0) return dx > 0 ? kEast : kWest;
    const int dy = ring_offset(router_y(r), router_y(d), height());
    if (dy != 0) return dy > 0 ? kNorth : kSouth;
    return local_port_of(dst_node);
  }
  int hops(int src_node, int dst_node) const override {
    const int s = router_of(src_node), d = router_of(dst_node);
    return std::abs(ring_offset(router_x(s), router_x(d), width())) +
           std::abs(ring_offset(router_y(s), router_y(d), height()));
  }
  unsigned allowed_vcs(int r, int in_port, int in_vc, int out_port, int src_node, int dst_node,
                       int vcs) const override {
    const unsigned all = (1u << vcs) - 1, low = (1u << (vcs / 2)) - 1;
    if (is_local(out_port)) return all;
    if (crosses_dateline(out_port, src_node, dst_node))
      return dateline_class(r, out_port, src_node) ? all & ~low : low;
    if (in_port == opposite(out_port))  // straight on along the same ring: keep the class
      return in_vc < vcs / 2 ? low : all & ~low;
    return all;  // first hop along this ring
  }

 private:
  // Class (0 or 1) of the buffer a packet from src_node enters when it leaves router r through
  // `port`: 1 once it has crossed the wrap-around link. Travelling east from x0, the next router
  // x' has wrapped iff x' < x0 (west: x' > x0); the x leg does not change y, so the y leg
  // starts from the source's y.
  int dateline_class(int r, int port, int src_node) const {
    const int n = neighbor(r, port), s = router_of(src_node);
    switch (port) {
      case kEast:
        return router_x(n) < router_x(s) ? 1 : 0;
      case kWest:
        return router_x(n) > router_x(s) ? 1 : 0;
      case kNorth:
        return router_y(n) < router_y(s) ? 1 : 0;
      case kSouth:
        return router_y(n) > router_y(s) ? 1 : 0;
      default:
        return 0;
    }
  }
  // Whether a packet src_node -> dst_node crosses the wrap-around link of the ring `port`
  // travels along.
  bool crosses_dateline(int port, int src_node, int dst_node) const {
    const int s = router_of(src_node), d = router_of(dst_node);
    switch (port) {
      case kEast:
        return router_x(d) < router_x(s);
      case kWest:
        return router_x(d) > router_x(s);
      case kNorth:
        return router_y(d) < router_y(s);
      case kSouth:
        return router_y(d) > router_y(s);
      default:
        return false;
    }
  }
};

}  // namespace

std::unique_ptr<Geometry> make_torus_geometry(const NocParams& p) {
  return std::make_unique<TorusGeometry>(p.width, p.height);
}

}  // namespace cimsim::noc
