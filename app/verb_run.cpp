#include "app/cli_common.h"
#include "app/verbs.h"

namespace cimsim::app {
int verb_run(int, char**) { return not_built_yet("run", "the chip run"); }
}  // namespace cimsim::app
