// cimsim: one binary, one verb per job (DESIGN.md §1). `cimsim --config C --net N` is `run`.
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <systemc>

#include "app/verbs.h"
#include "sim/core/errors.h"
#include "sim/core/sc_support.h"

namespace {

struct Verb {
  const char* name;
  int (*fn)(int, char**);
  const char* summary;
};

const Verb kVerbs[] = {
    {"run", cimsim::app::verb_run, "map + simulate a network on a chip and report (default)"},
    {"macro", cimsim::app::verb_macro,
     "one array/macro and one PE in isolation: peak TOPS, TOPS/W, area"},
    {"map", cimsim::app::verb_map, "the mapping alone, with utilization and traffic estimates"},
    {"noc", cimsim::app::verb_noc, "the network-on-chip alone under synthetic traffic"},
    {"sweep", cimsim::app::verb_sweep, "many runs, one process each, merged into one CSV"},
    {"describe", cimsim::app::verb_describe,
     "every config parameter with unit, default, range and meaning"},
    {"net", cimsim::app::verb_net, "a network's per-layer table: shapes, MACs, weights"},
    {"accuracy", cimsim::app::verb_accuracy,
     "values through the mapped chip: top-1 of the integer reference and of the chip"},
    {"prune", cimsim::app::verb_prune,
     "apply a sparsity spec: the pruned network (and weights) for runs and accuracy"},
};

void print_usage(std::ostream& os) {
  os << "usage: cimsim [VERB] [options]     (no verb: run)\n\nverbs:\n";
  for (const Verb& v : kVerbs)
    os << "  " << v.name << std::string(10 - std::strlen(v.name), ' ') << v.summary << "\n";
  os << "\n`cimsim VERB --help` gives each verb's options.\n";
}

}  // namespace

int sc_main(int argc, char* argv[]) {
  cimsim::core::make_systemc_reports_throw();
  try {
    if (argc < 2) {
      print_usage(std::cerr);
      return 2;
    }
    std::string first = argv[1];
    if (first == "--help" || first == "-h" || first == "help") {
      print_usage(std::cout);
      return 0;
    }
    for (const Verb& v : kVerbs)
      if (first == v.name) return v.fn(argc - 1, argv + 1);
    if (!first.empty() && first[0] == '-') {
      // `cimsim --config C --net N` is `cimsim run --config C --net N`: argv[0] stands for the
      // verb.
      return cimsim::app::verb_run(argc, argv);
    }
    std::cerr
        << "cimsim: error: unknown verb '" << first
        << "' (expected one of: run, macro, map, noc, sweep, describe, net, accuracy, prune)\n";
    return 2;
  } catch (const cimsim::core::InputError& e) {
    std::cerr << "cimsim: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "cimsim: internal error: " << e.what() << "\n";
    return 1;
  }
}

// Our own main: the SystemC banner is switched off before the kernel can print it (it would
// otherwise land in every piece of machine-readable output), then SystemC calls sc_main.
int main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
