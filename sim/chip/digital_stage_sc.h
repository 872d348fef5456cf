#pragma once
// A digital layer (activation, pooling, residual add) on its tile: per vector, its inputs read
// from the tile buffer, then the tile's unit for it and any fused activation (units shared by
// every layer on the tile, chip_resources.h).
#include <systemc>

#include <cstdint>

#include "sim/chip/chip_context_sc.h"

namespace cimsim::chip {

class DigitalStageModule : public sc_core::sc_module {
 public:
  DigitalStageModule(sc_core::sc_module_name n, ChipContext& ctx, int stage);
  const char* kind() const override { return "digital_stage"; }
  int stage() const { return m_stage; }
  int64_t busy_ps() const { return m_busy_ps; }
  int64_t input_wait_ps() const { return m_input_wait_ps; }

 private:
  void run();

  ChipContext& m_ctx;
  int m_stage, m_id;
  int64_t m_busy_ps = 0, m_input_wait_ps = 0;
  GrantEvent m_read, m_unit;
  GrantEvent m_spill_write, m_spill_read;  // line-buffer overflow (ChipContext::spill_row)
};

}  // namespace cimsim::chip
