#include "app/cli_common.h"
#include "app/verbs.h"

namespace cimsim::app {
int verb_noc(int, char**) { return not_built_yet("noc", "the NoC model"); }
}  // namespace cimsim::app
