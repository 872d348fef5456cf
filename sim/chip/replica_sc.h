#pragma once
// One replica of a matrix layer (its arrays on one or more tiles): a compute thread (input read
// from its tile buffers, MVM of all its arrays in parallel) and a drain thread (partial sums of
// the other tiles over the NoC, accumulation and fused activation on the home tile's units,
// output to the consumers), with the output registers (double-buffered) between them.
#include <systemc>

#include <cstdint>

#include "sim/chip/chip_context_sc.h"

namespace cimsim::chip {

class ReplicaModule : public sc_core::sc_module {
 public:
  ReplicaModule(sc_core::sc_module_name n, ChipContext& ctx, int stage, int replica);
  const char* kind() const override { return "replica"; }
  int stage() const { return m_stage; }
  // Time [ps] its arrays and buffer reads kept it busy, and it waited for inputs.
  int64_t busy_ps() const { return m_busy_ps; }
  int64_t input_wait_ps() const { return m_input_wait_ps; }

 private:
  void compute();
  void drain();
  void drain_one(int64_t k, StageResult& r, const std::vector<int64_t>& tiles, int64_t requester,
                 PsumBox& psum, const TileUnit::Step* steps);

  ChipContext& m_ctx;
  int m_stage, m_replica, m_id;
  // Trace hook: per vector, compute runs from the read grant to the MVM interval's end, input
  // waits are the wait_inputs() spans, reloads are the group controller's (group_controller_sc).
  int64_t m_busy_ps = 0, m_input_wait_ps = 0;
  OutputRegister m_oreg{2};
  sc_core::sc_event m_q_ev, m_space_ev;  // notified only when the other side waits on it
  bool m_compute_waits = false, m_drain_waits = false;
  bool m_units_asked = false;  // the compute side asked the units for the drain (see compute())
  GrantEvent m_read, m_unit;
  GrantEvent m_spill_write, m_spill_read;  // line-buffer overflow (ChipContext::spill_row)
};

}  // namespace cimsim::chip
