#pragma once
// Co-design inputs of a network (issue 14, docs/codesign.md): per-layer precision rules and
// deterministic sparsity specs, applied to the layers' Pruning, weight_bits/activation_bits and
// OperandStats. Plain functions on a Network: `cimsim prune` writes the result back as a network
// file, the network reader applies a file's own `sparsity:` list, `codesign.quantization`
// applies per-layer bits from the config.
#include <cstdint>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/workload/network.h"

namespace cimsim::workload {

// One rule of a sparsity spec: the matrix layers it names (a name or a glob: * ? [...]), what is
// removed and how much.
//   filter       ratio of the filters (weight-matrix columns) removed; the layers reading them
//                through channel-preserving layers lose the matching rows (SSL filter+channel)
//   channel      ratio of the input channels removed (kh·kw rows each)
//   shape        ratio of the unrolled rows (ci, ky, kx) removed in every filter (SSL shape)
//   pattern      3×3 kernels keep 4 entries in one of `patterns` shapes (PatDNN), row groups of
//                one pattern share an array; ratio = kernels removed (connectivity pruning)
//   kernel       ratio of whole kernels (input channel of a column block) removed
//   bit          `planes` weight bit planes zero for the whole layer and not stored (BSQ)
//   unstructured ratio of single weights zeroed: no array saving, data-dependent energy only
struct SparsityRule {
  std::string layers;
  std::string type;
  double ratio = 0;
  int patterns = 8;
  int planes = 0;
  uint64_t seed = 1;  // which filters/channels/weights go when no weights rank them
  int line = 0;       // of the rule in its file
  std::string path;   // "sparsity[2]"
};

struct SparsitySpec {
  std::string file;
  std::vector<SparsityRule> rules;
  bool empty() const { return rules.empty(); }
};

// Reads a `sparsity:` list (from a network file or a spec file). Throws core::InputError
// "file:line: sparsity[i].key: expected ..." (ratio outside [0, 1), unknown type or key).
SparsitySpec parse_sparsity(const YAML::Node& list, const std::string& file);
// A spec file: a mapping with key `sparsity` (the list).
SparsitySpec load_sparsity_file(const std::string& path);

// Applies `spec` to `net` (counts only: which weights go is the weights' business, see
// app/verb_prune.cpp). A rule naming no matrix layer, a pattern rule on a kernel other than 3×3
// or two rules removing rows of one layer are InputErrors naming the rule and the layer.
void apply_sparsity(Network& net, const SparsitySpec& spec);

// `codesign.quantization`: "PATTERN=W/A, PATTERN=W/A" (W, A weight and activation bits, `-`
// keeps the layer's; PATTERN a layer name or glob). Sets weight_bits/activation_bits of the
// matrix layers each rule matches (later rules win). A rule matching no matrix layer or a bad
// number is an InputError naming `origin` (the config key).
void apply_quantization(Network& net, const std::string& rules, const std::string& origin);

// True when layer `i`'s input is never negative: it comes, through batchnorm-free pools,
// dropout and flatten, from a ReLU, ReLU6, sigmoid or hard sigmoid.
bool input_is_non_negative(const Network& net, int i);

// Glob match of a layer name (fnmatch: * ? [...]).
bool name_matches(const std::string& pattern, const std::string& name);

}  // namespace cimsim::workload
