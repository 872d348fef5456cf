#pragma once
// One function per CLI verb, each in app/verb_<name>.cpp. argv[0] is the verb name.
// Return the process exit code: 0 ok, 2 bad input (InputError is also caught in main and
// turned into a one-line message and exit code 2).
namespace cimsim::app {

int verb_run(int argc, char** argv);
int verb_macro(int argc, char** argv);
int verb_map(int argc, char** argv);
int verb_noc(int argc, char** argv);
int verb_sweep(int argc, char** argv);
int verb_describe(int argc, char** argv);
int verb_net(int argc, char** argv);
int verb_accuracy(int argc, char** argv);
int verb_prune(int argc, char** argv);

}  // namespace cimsim::app
