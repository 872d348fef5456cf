// SystemC support shared by the simulator and the SystemC tests.
#include "sim/core/sc_support.h"

#include <pthread.h>

#include <cstddef>
#include <systemc>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

namespace cimsim::core {

void make_systemc_reports_throw() {
  using sc_core::sc_report_handler;
  sc_report_handler::set_actions(sc_core::SC_FATAL, sc_core::SC_DISPLAY | sc_core::SC_THROW);
  sc_report_handler::set_actions(sc_core::SC_ERROR, sc_core::SC_DISPLAY | sc_core::SC_THROW);
  // Informational chatter ("simulation stopped by user") would land in machine-readable output.
  sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
}

void restore_main_stack_for_asan() {
#if defined(__SANITIZE_ADDRESS__)
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  void* bottom = nullptr;
  size_t size = 0;
  if (pthread_attr_getstack(&attr, &bottom, &size) == 0) {
    // A "switch" from the main stack to itself, with its true bounds.
    void* fake_stack = nullptr;
    __sanitizer_start_switch_fiber(&fake_stack, bottom, size);
    __sanitizer_finish_switch_fiber(fake_stack, nullptr, nullptr);
  }
  pthread_attr_destroy(&attr);
#endif
}

}  // namespace cimsim::core
