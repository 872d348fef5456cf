#include "sim/noc/topology.h"

#include <stdexcept>
#include <string>

namespace cimsim::noc {

// One factory per topology file.
std::unique_ptr<Geometry> make_mesh_geometry(const NocParams& p);   // topology_mesh.cpp
std::unique_ptr<Geometry> make_cmesh_geometry(const NocParams& p);  // topology_mesh.cpp
std::unique_ptr<Geometry> make_torus_geometry(const NocParams& p);  // topology_torus.cpp

const std::vector<TopologyInfo>& topologies() {
  static const std::vector<TopologyInfo> table{
      {Topology::Mesh, "mesh", "a router per tile, XY routing", false, 1, make_mesh_geometry},
      {Topology::CMesh, "cmesh",
       "concentrated mesh: a router per `concentration` tiles (4 = a 2x2 block, ISAAC), XY "
       "routing",
       true, 1, make_cmesh_geometry},
      {Topology::Torus, "torus",
       "mesh with wrap-around links, shorter way round each ring (needs vcs >= 2: dateline "
       "classes)",
       false, 2, make_torus_geometry},
  };
  return table;
}

const TopologyInfo& topology_info(Topology t) {
  for (const TopologyInfo& i : topologies())
    if (i.kind == t) return i;
  throw std::logic_error("noc: topology " + std::to_string(static_cast<int>(t)) +
                         " missing from the table in topology.cpp");
}

const TopologyInfo* find_topology(const std::string& name) {
  for (const TopologyInfo& i : topologies())
    if (name == i.name) return &i;
  return nullptr;
}

int NocParams::concentration() const {
  return topology_info(topology).concentrated ? cmesh_concentration : 1;
}

std::unique_ptr<Geometry> make_geometry(const NocParams& p) {
  return topology_info(p.topology).make(p);
}

}  // namespace cimsim::noc
