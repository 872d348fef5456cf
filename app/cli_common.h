#pragma once
// Options shared by the verbs (DESIGN.md §1) and the plumbing every verb repeats.
#include <cstdint>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace cimsim::app {

enum class OutputFormat { Table, Json, Csv };

struct CommonOptions {
  std::string config;               // --config FILE
  std::vector<std::string> sets;    // --set key.path=value (repeatable)
  std::vector<std::string> unsets;  // --unset key.path (repeatable)
  std::string out;                  // --out DIR
  std::string format = "table";     // --format table|json|csv
  bool quiet = false;               // --quiet
  uint64_t seed = 1;                // --seed N
  // Checks `format`, InputError otherwise (naming html too for the verbs that also take it).
  OutputFormat output_format(bool html_too = false) const;
  // What ConfigDoc::load_* take: every --unset first, then every --set, in command-line order.
  std::vector<std::string> overrides() const;
};

// Adds --config --set --out --format --quiet --seed (and --help) to `desc`; `html`: the verb
// also takes --format html (run), and its help says so.
void add_common_options(boost::program_options::options_description& desc, CommonOptions& opts,
                        bool html = false);

// Parses argv (argv[0] = verb) into `vm`. Bad options become InputError naming the verb.
// Returns false when --help was asked (usage already printed to stdout).
bool parse_verb_options(int argc, char** argv,
                        const boost::program_options::options_description& desc,
                        const boost::program_options::positional_options_description* positional,
                        boost::program_options::variables_map& vm, const char* usage_line);

// The plain "not built yet" answer of a verb whose model comes in a later issue (exit 2).
int not_built_yet(const char* verb, const char* issue_title);

}  // namespace cimsim::app
