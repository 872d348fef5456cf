#pragma once
// The group controller: runs the reload groups in turn. Before a group (after the first), its
// weights come from DRAM, then the tensors it reads from earlier groups (spills) pass through
// the global buffer when they fit there, else DRAM; then its stages start.
#include <systemc>

#include "sim/chip/chip_context_sc.h"

namespace cimsim::chip {

class GroupController : public sc_core::sc_module {
 public:
  GroupController(sc_core::sc_module_name n, ChipContext& ctx);
  const char* kind() const override { return "group_controller"; }

 private:
  void run();
  ChipContext& m_ctx;
  GrantEvent m_first, m_second;
};

}  // namespace cimsim::chip
