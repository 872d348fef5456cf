#pragma once
// Where nodes and routers sit, and the XY dimension-order route between them.
//
// Routers form a width x height mesh; router r sits at (r % width, r / width). Each router has
// four network ports (east = +x, west = -x, north = +y, south = -y) and `concentration` local
// ports, one per attached node (1 for a mesh, 4 for the concentrated mesh of ISAAC, where a
// router serves a 2x2 block of tiles). Node n attaches to router n / concentration at local
// port 4 + n % concentration.
//
// A torus (wrap = true, concentration 1) adds links from the last router of every row and
// column back to the first; routes take the shorter way round each ring (east / north on a
// tie), still x first.
//
// Tiles of a chip live on a node grid of (width*cx) x (height*cy) positions (cx = cy = 2 when
// concentration is 4, else 1): node_at(gx, gy) gives the node of tile (gx, gy), so a chip with
// tiles_x x tiles_y tiles maps its tile grid straight onto the node grid.
#include <cstdint>

namespace cimsim::noc {

enum : int { kEast = 0, kWest = 1, kNorth = 2, kSouth = 3, kFirstLocalPort = 4 };

class Geometry {
 public:
  Geometry(int width, int height, int concentration, bool wrap = false);

  int width() const { return m_width; }
  int height() const { return m_height; }
  int concentration() const { return m_conc; }
  bool wraps() const { return m_wrap; }
  int routers() const { return m_width * m_height; }
  int nodes() const { return routers() * m_conc; }
  int ports() const { return kFirstLocalPort + m_conc; }

  int router_of(int node) const { return node / m_conc; }
  int local_port_of(int node) const { return kFirstLocalPort + node % m_conc; }
  int node_at_port(int router, int port) const { return router * m_conc + port - kFirstLocalPort; }
  int router_x(int r) const { return r % m_width; }
  int router_y(int r) const { return r / m_width; }
  static bool is_local(int port) { return port >= kFirstLocalPort; }
  static int opposite(int port) { return port ^ 1; }  // east<->west, north<->south

  // The router across `port` of router r; -1 at the mesh edge or for a local port.
  int neighbor(int r, int port) const;
  // XY dimension-order routing: first along x, then along y, then out of the local port of
  // the destination node. Deadlock-free on a mesh (no turn from y back to x).
  int route(int r, int dst_node) const;
  // Router-to-router links crossed on the route (Manhattan distance of the routers, with the
  // shorter way round each ring on a torus).
  int hops(int src_node, int dst_node) const;
  // Torus dateline class (0 or 1) of the buffer a packet from src_node enters when it leaves
  // router r through network port `port`: 1 once it has crossed the wrap-around link of the
  // ring it travels on. Always 0 on a mesh.
  int dateline_class(int r, int port, int src_node) const;
  // Whether a packet from src_node to dst_node crosses the wrap-around link of the ring that
  // network port `port` travels along (false on a mesh).
  bool crosses_dateline(int port, int src_node, int dst_node) const;

  // Node grid (tile positions).
  int grid_x() const { return m_width * m_cx; }
  int grid_y() const { return m_height * m_cy; }
  int node_at(int gx, int gy) const;
  int node_grid_x(int node) const;
  int node_grid_y(int node) const;

  // "east", "west", "north", "south", "local0".. for messages.
  static const char* port_name(int port);

 private:
  int m_width, m_height, m_conc, m_cx, m_cy;
  bool m_wrap;
};

}  // namespace cimsim::noc
