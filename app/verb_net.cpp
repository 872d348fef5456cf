#include "app/cli_common.h"
#include "app/verbs.h"

namespace cimsim::app {
int verb_net(int, char**) { return not_built_yet("net", "workloads"); }
}  // namespace cimsim::app
