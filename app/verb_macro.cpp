#include "app/cli_common.h"
#include "app/verbs.h"

namespace cimsim::app {
int verb_macro(int, char**) { return not_built_yet("macro", "array models"); }
}  // namespace cimsim::app
