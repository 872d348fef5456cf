#include "sim/chip/hardware_tree_sc.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <sstream>

namespace cimsim::chip {

const char* array_module_kind(const std::string& model_name) {
  if (model_name.find("analog") != std::string::npos) return "analog_crossbar";
  if (model_name.find("charge") != std::string::npos) return "charge_sram_array";
  if (model_name.find("column-adder") != std::string::npos) return "column_adder_sram_array";
  return "digital_sram_macro";
}

PeModule::PeModule(sc_core::sc_module_name n, int64_t arrays, const char* array_kind)
    : sc_module(n) {
  m_arrays.reserve(static_cast<size_t>(arrays));
  char name[32];
  for (int64_t a = 0; a < arrays; ++a) {
    std::snprintf(name, sizeof name, "array%lld", static_cast<long long>(a));
    m_arrays.push_back(std::make_unique<ArrayModule>(name, array_kind));
  }
}

TileModule::TileModule(sc_core::sc_module_name n, int64_t pes, int64_t arrays_per_pe,
                       const char* array_kind, const std::function<void()>& build_here)
    : sc_module(n) {
  m_pes.reserve(static_cast<size_t>(pes));
  char name[32];
  for (int64_t p = 0; p < pes; ++p) {
    std::snprintf(name, sizeof name, "pe%lld", static_cast<long long>(p));
    m_pes.push_back(std::make_unique<PeModule>(name, arrays_per_pe, array_kind));
  }
  if (build_here) build_here();
}

namespace {

bool is_process(const sc_core::sc_object* o) {
  return std::strcmp(o->kind(), "sc_thread_process") == 0 ||
         std::strcmp(o->kind(), "sc_method_process") == 0 ||
         std::strcmp(o->kind(), "sc_cthread_process") == 0;
}

// `group`: sibling modules of one kind (children of `parents` parents of kind parent_kind).
void print_group(std::ostringstream& os, const std::vector<const sc_core::sc_object*>& group,
                 size_t parents, const char* parent_kind, int depth) {
  int64_t threads = 0;
  std::vector<const char*> kinds;  // of the children, first-seen order
  for (const sc_core::sc_object* m : group)
    for (const sc_core::sc_object* c : m->get_child_objects()) {
      if (is_process(c)) {
        ++threads;
        continue;
      }
      if (!dynamic_cast<const sc_core::sc_module*>(c)) continue;
      if (std::find_if(kinds.begin(), kinds.end(), [&](const char* k) {
            return std::strcmp(k, c->kind()) == 0;
          }) == kinds.end())
        kinds.push_back(c->kind());
    }
  const std::string label =
      std::string(static_cast<size_t>(2 * depth), ' ') + group.front()->kind();
  char line[160];
  std::snprintf(line, sizeof line, "%-28s %6zu", label.c_str(), group.size());
  os << line << "  " << group.front()->name();
  if (group.size() > 1) os << " ...";
  if (parent_kind && parents > 1 && group.size() % parents == 0)
    os << "  (" << group.size() / parents << " per " << parent_kind << ")";
  if (threads > 0) os << "  threads: " << threads;
  os << "\n";
  for (const char* k : kinds) {
    std::vector<const sc_core::sc_object*> sub;
    for (const sc_core::sc_object* m : group)
      for (const sc_core::sc_object* c : m->get_child_objects())
        if (!is_process(c) && dynamic_cast<const sc_core::sc_module*>(c) &&
            std::strcmp(c->kind(), k) == 0)
          sub.push_back(c);
    // "N per parent" only when every parent of the group has the same number.
    bool uniform = true;
    for (const sc_core::sc_object* m : group) {
      size_t n = 0;
      for (const sc_core::sc_object* c : m->get_child_objects())
        if (!is_process(c) && std::strcmp(c->kind(), k) == 0) ++n;
      uniform = uniform && n * group.size() == sub.size();
    }
    print_group(os, sub, uniform ? group.size() : 0, group.front()->kind(), depth + 1);
  }
}

}  // namespace

std::string hierarchy_text(const sc_core::sc_object& top) {
  std::ostringstream os;
  os << "module tree (kind, modules, the first one's name; siblings of one kind folded)\n";
  print_group(os, {&top}, 1, nullptr, 0);
  return os.str();
}

}  // namespace cimsim::chip
