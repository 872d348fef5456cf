#include "app/cli_common.h"
#include "app/verbs.h"

namespace cimsim::app {
int verb_sweep(int, char**) { return not_built_yet("sweep", "sweeps"); }
}  // namespace cimsim::app
