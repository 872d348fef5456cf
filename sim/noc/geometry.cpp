#include "sim/noc/geometry.h"

#include <stdexcept>
#include <string>

namespace cimsim::noc {

void concentration_block(int concentration, int& cx, int& cy) {
  cx = concentration;
  for (int d = 1; d <= concentration; ++d)
    if (concentration % d == 0 && d * d >= concentration) {
      cx = d;
      break;
    }
  cy = concentration / cx;
}

Geometry::Geometry(int width, int height, int concentration)
    : m_width(width), m_height(height), m_conc(concentration) {
  if (width < 1 || height < 1)
    throw std::invalid_argument("noc::Geometry: width and height must be >= 1");
  if (concentration < 1 || concentration > kMaxConcentration)
    throw std::invalid_argument("noc::Geometry: concentration must be 1.." +
                                std::to_string(kMaxConcentration));
  concentration_block(concentration, m_cx, m_cy);
}

unsigned Geometry::allowed_vcs(int, int, int, int, int, int, int vcs) const {
  return (1u << vcs) - 1;
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
  static const char* const kNames[kFirstLocalPort + kMaxConcentration] = {
      "east",    "west",    "north",   "south",   "local0",  "local1", "local2",
      "local3",  "local4",  "local5",  "local6",  "local7",  "local8", "local9",
      "local10", "local11", "local12", "local13", "local14", "local15"};
  return port >= 0 && port < kFirstLocalPort + kMaxConcentration ? kNames[port] : "?";
}

}  // namespace cimsim::noc
