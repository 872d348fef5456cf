#pragma once
namespace cimsim::core {
// SystemC errors and fatals throw (sc_report) instead of aborting, so tests and the CLI can
// turn them into failures and messages.
void make_systemc_reports_throw();

// After sc_start() returns: tells AddressSanitizer (when built with it; a no-op otherwise) that
// the main thread runs on its own stack again. Debian's SystemC (QuickThreads) announces its
// coroutine switches through ASan's fiber hooks but leaves the main stack's bounds stale after
// the last switch back, so the next exception thrown on the main stack made ASan skip
// unpoisoning ("ignoring requested __asan_handle_no_return") and report a false
// stack-use-after-scope / stack-buffer-overflow while the stack unwound (docs/reliability.md).
void restore_main_stack_for_asan();
}  // namespace cimsim::core
