#pragma once
// The topologies chip.noc.topology can name, one table row each (topology.cpp): the value, its
// description in the schema, whether it takes chip.noc.concentration, and the factory of its
// Geometry. Adding a topology: its file (a Geometry subclass and a make_*_geometry function),
// an enum value in noc_params.h and a row in the table.
#include <memory>
#include <vector>

#include "sim/noc/geometry.h"
#include "sim/noc/noc_params.h"

namespace cimsim::noc {

struct TopologyInfo {
  Topology kind;
  const char* name;         // the config value
  const char* description;  // for the schema
  bool concentrated;        // nodes per router from chip.noc.concentration (else 1)
  int min_vcs;              // fewest VCs per port its routes need
  std::unique_ptr<Geometry> (*make)(const NocParams&);
};

const std::vector<TopologyInfo>& topologies();
const TopologyInfo& topology_info(Topology t);
// nullptr when no topology has that name.
const TopologyInfo* find_topology(const std::string& name);

}  // namespace cimsim::noc
