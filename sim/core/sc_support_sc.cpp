// SystemC support shared by the simulator and the SystemC tests.
#include "sim/core/sc_support.h"

#include <systemc>

namespace cimsim::core {

void make_systemc_reports_throw() {
  using sc_core::sc_report_handler;
  sc_report_handler::set_actions(sc_core::SC_FATAL, sc_core::SC_DISPLAY | sc_core::SC_THROW);
  sc_report_handler::set_actions(sc_core::SC_ERROR, sc_core::SC_DISPLAY | sc_core::SC_THROW);
  // Informational chatter ("simulation stopped by user") would land in machine-readable output.
  sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
}

}  // namespace cimsim::core
