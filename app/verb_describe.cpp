#include "app/cli_common.h"
#include "app/verbs.h"

namespace cimsim::app {
int verb_describe(int, char**) { return not_built_yet("describe", "parameter tables"); }
}  // namespace cimsim::app
