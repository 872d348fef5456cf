#pragma once
namespace cimsim::core {
// SystemC errors and fatals throw (sc_report) instead of aborting, so tests and the CLI can
// turn them into failures and messages.
void make_systemc_reports_throw();
}  // namespace cimsim::core
