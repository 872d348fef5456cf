#include "app/cli_common.h"
#include "app/verbs.h"

namespace cimsim::app {
int verb_map(int, char**) { return not_built_yet("map", "the mapper"); }
}  // namespace cimsim::app
