#pragma once
// `cimsim describe limits`: the input limits of sim/core/limits.h, as a table or JSON.
#include "app/cli_common.h"

namespace cimsim::app {

void print_limits(OutputFormat format);

}  // namespace cimsim::app
