#include "sim/noc/geometry.h"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace cimsim::noc {

Geometry::Geometry(int width, int height, int concentration, bool wrap)
    : m_width(width), m_height(height), m_conc(concentration), m_wrap(wrap) {
  if (wrap && concentration != 1)
    throw std::invalid_argument("noc::Geometry: a torus has one node per router");
  if (width < 1 || height < 1)
    throw std::invalid_argument("noc::Geometry: width and height must be >= 1");
  if (concentration == 1) {
    m_cx = m_cy = 1;
  } else if (concentration == 2) {
    m_cx = 2;
    m_cy = 1;
  } else if (concentration == 4) {
    m_cx = m_cy = 2;
  } else {
    throw std::invalid_argument("noc::Geometry: concentration must be 1, 2 or 4");
  }
}

int Geometry::neighbor(int r, int port) const {
  const int x = router_x(r), y = router_y(r);
  switch (port) {
    case kEast:
      return x + 1 < m_width ? r + 1 : (m_wrap && m_width > 1 ? r - x : -1);
    case kWest:
      return x > 0 ? r - 1 : (m_wrap && m_width > 1 ? r + m_width - 1 : -1);
    case kNorth:
      return y + 1 < m_height ? r + m_width : (m_wrap && m_height > 1 ? x : -1);
    case kSouth:
      return y > 0 ? r - m_width : (m_wrap && m_height > 1 ? r + (m_height - 1) * m_width : -1);
    default:
      return -1;
  }
}

namespace {
// Offset to travel along one ring of k routers: the shorter way, positive on a tie.
int ring_offset(int from, int to, int k) {
  int d = to - from;
  if (d < 0) d += k;  // 0..k-1 steps in the positive direction
  return 2 * d <= k ? d : d - k;
}
}  // namespace

int Geometry::route(int r, int dst_node) const {
  const int d = router_of(dst_node);
  const int dx =
      m_wrap ? ring_offset(router_x(r), router_x(d), m_width) : router_x(d) - router_x(r);
  if (dx > 0) return kEast;
  if (dx < 0) return kWest;
  const int dy =
      m_wrap ? ring_offset(router_y(r), router_y(d), m_height) : router_y(d) - router_y(r);
  if (dy > 0) return kNorth;
  if (dy < 0) return kSouth;
  return local_port_of(dst_node);
}

int Geometry::hops(int src_node, int dst_node) const {
  const int s = router_of(src_node), d = router_of(dst_node);
  if (m_wrap)
    return std::abs(ring_offset(router_x(s), router_x(d), m_width)) +
           std::abs(ring_offset(router_y(s), router_y(d), m_height));
  return std::abs(router_x(s) - router_x(d)) + std::abs(router_y(s) - router_y(d));
}

int Geometry::dateline_class(int r, int port, int src_node) const {
  if (!m_wrap) return 0;
  // Along a ring the positions after the wrap-around link lie on the other side of the start:
  // travelling east from x0, the next router x' has wrapped iff x' < x0 (west: x' > x0). The
  // x leg does not change y, so the y leg starts from the source's y.
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

bool Geometry::crosses_dateline(int port, int src_node, int dst_node) const {
  if (!m_wrap) return false;
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

int Geometry::node_at(int gx, int gy) const {
  const int r = (gy / m_cy) * m_width + gx / m_cx;
  return r * m_conc + (gy % m_cy) * m_cx + gx % m_cx;
}

int Geometry::node_grid_x(int node) const {
  const int local = node % m_conc;
  return router_x(router_of(node)) * m_cx + local % m_cx;
}

int Geometry::node_grid_y(int node) const {
  const int local = node % m_conc;
  return router_y(router_of(node)) * m_cy + local / m_cx;
}

const char* Geometry::port_name(int port) {
  static const char* const kNames[] = {"east",   "west",   "north",  "south",
                                       "local0", "local1", "local2", "local3"};
  return port >= 0 && port < 8 ? kNames[port] : "?";
}

}  // namespace cimsim::noc
