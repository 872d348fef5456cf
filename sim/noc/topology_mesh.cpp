// The 2D mesh (a router per node) and the concentrated mesh (several nodes per router, ISAAC's
// router per 2x2 tiles): XY dimension-order routing, first along x, then along y, then out of
// the destination node's local port. It never turns from y back to x, so the channel
// dependency graph has no cycle: deadlock-free with one VC.
#include <cstdlib>
#include <memory>

#include "sim/noc/geometry.h"
#include "sim/noc/noc_params.h"

namespace cimsim::noc {

namespace {

class MeshGeometry final : public Geometry {
 public:
  MeshGeometry(int width, int height, int concentration, const char* name)
      : Geometry(width, height, concentration), m_name(name) {}
  const char* name() const override { return m_name; }

  int neighbor(int r, int port) const override {
    const int x = router_x(r), y = router_y(r);
    switch (port) {
      case kEast:
        return x + 1 < width() ? r + 1 : -1;
      case kWest:
        return x > 0 ? r - 1 : -1;
      case kNorth:
        return y + 1 < height() ? r + width() : -1;
      case kSouth:
        return y > 0 ? r - width() : -1;
      default:
        return -1;
    }
  }
  int route(int r, int dst_node) const override {
    const int d = router_of(dst_node);
    const int dx = router_x(d) - router_x(r), dy = router_y(d) - router_y(r);
    if (dx != 0) return dx > 0 ? kEast : kWest;
    if (dy != 0) return dy > 0 ? kNorth : kSouth;
    return local_port_of(dst_node);
  }
  int hops(int src_node, int dst_node) const override {
    const int s = router_of(src_node), d = router_of(dst_node);
    return std::abs(router_x(s) - router_x(d)) + std::abs(router_y(s) - router_y(d));
  }

 private:
  const char* m_name;
};

}  // namespace

std::unique_ptr<Geometry> make_mesh_geometry(const NocParams& p) {
  return std::make_unique<MeshGeometry>(p.width, p.height, 1, "mesh");
}

std::unique_ptr<Geometry> make_cmesh_geometry(const NocParams& p) {
  return std::make_unique<MeshGeometry>(p.width, p.height, p.cmesh_concentration, "cmesh");
}

}  // namespace cimsim::noc
