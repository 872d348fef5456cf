#pragma once
// The DRAM streams: the input streamer (DRAM -> global buffer -> the first layers' tiles, one
// image row at a time) and the output sink (the last layer's outputs, written into the global
// buffer as they land, -> DRAM; an image is done when its last byte is in DRAM).
#include <systemc>

#include "sim/chip/chip_context_sc.h"

namespace cimsim::chip {

class InputStreamer : public sc_core::sc_module {
 public:
  InputStreamer(sc_core::sc_module_name n, ChipContext& ctx);
  const char* kind() const override { return "input_streamer"; }

 private:
  void run();
  ChipContext& m_ctx;
  GrantEvent m_dram[2], m_grant;
};

class OutputSink : public sc_core::sc_module {
 public:
  OutputSink(sc_core::sc_module_name n, ChipContext& ctx);
  const char* kind() const override { return "output_sink"; }

 private:
  void run();
  ChipContext& m_ctx;
  GrantEvent m_read, m_write;
};

}  // namespace cimsim::chip
