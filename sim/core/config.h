#pragma once
// Config documents (layer 1 of the two-layer config, as in DRAMSys): YAML is loaded, includes
// are merged and --set overrides applied; then each component reads its own section through a
// ConfigSection bound to its ComponentSchema, which checks type and range and remembers what was
// read. Models never see YAML: they receive plain `FooParams` structs built from a section.
//
// Errors are InputError with one line "file:line: key.path: expected ...".
// Unknown keys (not in the schema) fail when the section is opened; known keys that nothing
// read fail in ConfigDoc::check_all_consumed().
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/core/errors.h"
#include "sim/core/params.h"

namespace cimsim::core {

class ConfigSection;

// The override entry that removes `key_path` (a value or a whole section) from the config, as
// `--unset key.path` does; ConfigDoc::load_* take it in the same list as "key=value" entries.
std::string unset_override(const std::string& key_path);

class ConfigDoc : public std::enable_shared_from_this<ConfigDoc> {
 public:
  // overrides: "key.path=value" strings from --set, and unset_override(path) entries from
  // --unset, applied in order after all includes.
  static std::shared_ptr<ConfigDoc> load_file(const std::string& path,
                                              const std::vector<std::string>& overrides = {});
  static std::shared_ptr<ConfigDoc> load_string(const std::string& yaml_text,
                                                const std::string& name,
                                                const std::vector<std::string>& overrides = {});

  // The root section, checked against `schema` (the whole config file's top level).
  ConfigSection root(const ComponentSchema& schema);

  // Throws InputError for the first key (in file order) that no component read.
  void check_all_consumed() const;

  // Every value that was read, defaults included, as YAML text: running it again gives the
  // same configuration.
  std::string resolved_yaml() const;

  const std::string& file() const { return m_file; }

  // Used by ConfigSection.
  Origin origin_of(const std::string& path) const;
  void mark_read(const std::string& path, const YAML::Node& value);
  void drop_resolved(const std::string& path);
  const YAML::Node& tree() const { return m_tree; }

 private:
  ConfigDoc() = default;
  void apply_override(const std::string& assignment);
  void apply_unset(const std::string& key_path);
  void index_origins(const YAML::Node& node, const std::string& path, const std::string& file);

  std::string m_file;
  YAML::Node m_tree;
  std::map<std::string, Origin> m_origins;  // key path -> where it was written
  std::vector<std::string> m_order;         // key paths of leaves in file order
  std::set<std::string> m_read;
  YAML::Node m_resolved;
};

class ConfigSection {
 public:
  ConfigSection(std::shared_ptr<ConfigDoc> doc, const YAML::Node& node, std::string path,
                const ComponentSchema* schema);

  // Sub-component `key` checked against `schema`. If the key is absent, every parameter of the
  // child takes its default (and required ones fail with this path).
  ConfigSection section(const std::string& key, const ComponentSchema& schema) const;
  bool has(const std::string& key) const;
  // The keys written in this section, in file order (a section of named children).
  std::vector<std::string> keys() const;
  // A model computes `key` because the config does not write it: the resolved YAML leaves the
  // default out, so loading it again computes the same value (instead of taking the default as
  // written). No effect on a written key.
  void computed(const std::string& key) const;

  // Typed reads. The key must be declared in this section's schema (else std::logic_error: a
  // programming error). Absent keys take the schema default; values are type- and range-checked.
  int64_t get_int(const std::string& key) const;
  double get_real(const std::string& key) const;
  bool get_bool(const std::string& key) const;
  std::string get_string(const std::string& key) const;  // also Choice parameters

  // For cross-field checks: throws InputError located at `key` (or at the section if empty).
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;

  const std::string& path() const { return m_path; }
  std::string key_path(const std::string& key) const;

 private:
  YAML::Node value_or_default(const ParamSpec& spec) const;

  std::shared_ptr<ConfigDoc> m_doc;
  YAML::Node m_node;
  std::string m_path;
  const ComponentSchema* m_schema;
};

}  // namespace cimsim::core
