#pragma once
// Fills the chip run's and the mapper's view of a PE (chip::PeCost) from the PE model.
#include "sim/arch/pe_cost.h"
#include "sim/pe/pe_params.h"

namespace cimsim::pe {

class PeModel;

// mvm_events: the events of one array MVM including that array's share of the PE's shift-add
// and register traffic (pe_events_for(1, rows, outputs)); events_for(arrays, rows, outputs) is
// pe_events_for. Times are PE-clock cycles × the PE clock period.
chip::PeCost pe_cost_from(const PeParams& p);
chip::PeCost pe_cost_from(const PeModel& m);

}  // namespace cimsim::pe
