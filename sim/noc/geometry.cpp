#include "sim/noc/geometry.h"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace cimsim::noc {

Geometry::Geometry(int width, int height, int concentration)
    : m_width(width), m_height(height), m_conc(concentration) {
  if (width < 1 || height < 1) throw std::invalid_argument("noc::Geometry: width and height must be >= 1");
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
    case kEast: return x + 1 < m_width ? r + 1 : -1;
    case kWest: return x > 0 ? r - 1 : -1;
    case kNorth: return y + 1 < m_height ? r + m_width : -1;
    case kSouth: return y > 0 ? r - m_width : -1;
    default: return -1;
  }
}

int Geometry::route(int r, int dst_node) const {
  const int d = router_of(dst_node);
  const int dx = router_x(d) - router_x(r);
  if (dx > 0) return kEast;
  if (dx < 0) return kWest;
  const int dy = router_y(d) - router_y(r);
  if (dy > 0) return kNorth;
  if (dy < 0) return kSouth;
  return local_port_of(dst_node);
}

int Geometry::hops(int src_node, int dst_node) const {
  const int s = router_of(src_node), d = router_of(dst_node);
  return std::abs(router_x(s) - router_x(d)) + std::abs(router_y(s) - router_y(d));
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
  static const char* const kNames[] = {"east", "west", "north", "south", "local0",
                                       "local1", "local2", "local3"};
  return port >= 0 && port < 8 ? kNames[port] : "?";
}

}  // namespace cimsim::noc
