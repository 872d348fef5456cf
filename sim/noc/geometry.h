#pragma once
// The topology interface: where routers and nodes sit, which router lies across each network
// port, the route a packet takes, and the virtual channels it may use. Each topology is one
// class in its own file (topology_mesh.cpp: mesh and concentrated mesh; topology_torus.cpp),
// made by make_geometry() from the table in topology.cpp (chip.noc.topology).
//
// Common to every topology: routers on a width x height grid, router r at (r % width,
// r / width), with four network ports (east = +x, west = -x, north = +y, south = -y) and
// `concentration` local ports, one per attached node. Node n attaches to router
// n / concentration at local port 4 + n % concentration. A router serves a cx x cy block of
// tile positions (concentration_block(): 1x1, 2x1 for 2 nodes, 2x2 for 4, ...), so tiles of a
// chip live on a node grid of (width*cx) x (height*cy) positions: node_at(gx, gy) gives the
// node of tile (gx, gy), and a chip with tiles_x x tiles_y tiles maps its tile grid straight
// onto the node grid.
//
// A topology decides: the links (neighbor), the route (route, hops) and the VC classes a packet
// may take on each hop (allowed_vcs: a torus splits the VCs into dateline classes). Routes must
// be deadlock-free with the VC classes the topology hands out; min_vcs() says how many VCs
// that takes.
#include <cstdint>
#include <memory>

namespace cimsim::noc {

struct NocParams;

enum : int { kEast = 0, kWest = 1, kNorth = 2, kSouth = 3, kFirstLocalPort = 4 };
constexpr int kMaxConcentration = 16;  // local ports per router

// Tiles per router along x and y for `concentration` nodes per router: the narrowest block at
// least as wide as it is tall (1 -> 1x1, 2 -> 2x1, 3 -> 3x1, 4 -> 2x2, 6 -> 3x2, 8 -> 4x2,
// 9 -> 3x3).
void concentration_block(int concentration, int& cx, int& cy);

class Geometry {
 public:
  virtual ~Geometry() = default;
  Geometry(const Geometry&) = delete;
  Geometry& operator=(const Geometry&) = delete;

  virtual const char* name() const = 0;  // the chip.noc.topology value

  // --- links and routes (the topology's own part)
  // The router across network `port` of router r; -1 at an edge or for a local port.
  virtual int neighbor(int r, int port) const = 0;
  // The output port a packet for dst_node takes at router r: a network port, or the local port
  // of dst_node once r is its router.
  virtual int route(int r, int dst_node) const = 0;
  // Router-to-router links crossed on the route from src_node to dst_node.
  virtual int hops(int src_node, int dst_node) const = 0;
  // VCs (bit mask over 0..vcs-1) a head flit of a packet src_node -> dst_node may take on
  // network output `out_port` of router r, arriving on input (in_port, in_vc). All by default.
  virtual unsigned allowed_vcs(int r, int in_port, int in_vc, int out_port, int src_node,
                               int dst_node, int vcs) const;
  // Fewest VCs per port the routes need to be deadlock-free.
  virtual int min_vcs() const { return 1; }

  // --- placement (common)
  int width() const { return m_width; }
  int height() const { return m_height; }
  int concentration() const { return m_conc; }
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

  // Node grid (tile positions).
  int grid_x() const { return m_width * m_cx; }
  int grid_y() const { return m_height * m_cy; }
  int node_at(int gx, int gy) const;
  int node_grid_x(int node) const;
  int node_grid_y(int node) const;

  // "east", "west", "north", "south", "local0".. for messages.
  static const char* port_name(int port);

 protected:
  // std::invalid_argument for a size below 1x1 or a concentration outside 1..kMaxConcentration.
  Geometry(int width, int height, int concentration);

 private:
  int m_width, m_height, m_conc, m_cx, m_cy;
};

// The topology p.topology names, p.width x p.height routers, p.concentration() nodes each.
std::unique_ptr<Geometry> make_geometry(const NocParams& p);

}  // namespace cimsim::noc
