#include "sim/core/config.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "sim/core/input_file.h"

namespace cimsim::core {
namespace fs = std::filesystem;

namespace {

// The canonical form of a file name, for include-cycle checks; a name the OS refuses (too
// long, a bad component) is compared as spelled: reading it fails later with a named error.
fs::path canonical_or_spelled(const std::string& file) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(file, ec);
  return ec ? fs::path(file).lexically_normal() : p;
}

bool same_file_name(const std::string& a, const std::string& b) {
  return canonical_or_spelled(a) == canonical_or_spelled(b);
}

constexpr int kMaxIncludeDepth = 16;
// A config is a handful of nested sections; these bound what a hostile file can make the loader
// walk (aliases expand: `a: &x [*x, *x]` repeated doubles the tree at every level).
constexpr int kMaxNesting = 64;
constexpr size_t kMaxNodes = 1000000;

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

int line_of(const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  return m.is_null() ? 0 : m.line + 1;
}

// Deep merge: mappings merge key by key, anything else in `over` replaces what `base` had.
void merge_into(YAML::Node base, const YAML::Node& over) {
  for (auto it = over.begin(); it != over.end(); ++it) {
    const std::string key = it->first.as<std::string>();
    YAML::Node existing = base[key];
    if (existing.IsMap() && it->second.IsMap())
      merge_into(existing, it->second);
    else
      base[key] = YAML::Clone(it->second);
  }
}

std::string type_name(const ParamSpec& p) {
  switch (p.type) {
    case ParamType::Int:
      return "an integer";
    case ParamType::Real:
      return "a number";
    case ParamType::Bool:
      return "true or false";
    case ParamType::String:
      return "a string";
    case ParamType::Choice: {
      std::string s = "one of ";
      for (size_t i = 0; i < p.choices.size(); ++i) s += (i ? "|" : "") + p.choices[i];
      return s;
    }
  }
  return "?";
}

std::string range_text(const ParamSpec& p) {
  std::string r = "[" + format_bound(p.min) + ", " + format_bound(p.max) + "]";
  if (!p.unit.empty()) r += " " + p.unit;
  return r;
}

// Edit distance, to suggest the key a typo meant.
size_t distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

const char* kind_of(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "a value";
    default:
      return "nothing";
  }
}

// Refuses what no config may hold, before anything else walks the tree: a key that is not a
// plain scalar (`? [a, b] : 1`, `? :`), a key written twice in one mapping (YAML says keys are
// unique; yaml-cpp would keep the last), an alias that contains itself (`a: &x {b: *x}`), and
// trees nested or expanded beyond kMaxNesting / kMaxNodes.
struct TreeCheck {
  const Origin where;  // file (line 0) the tree came from
  std::vector<YAML::Node> ancestors;
  size_t nodes = 0;

  // A tree from a file has lines; one from a --set value (where.line == 0) has none.
  void fail(const std::string& path, int line, const std::string& msg) const {
    throw InputError(format_location(Origin{where.file, where.line ? line : 0}, path, msg));
  }

  void walk(const YAML::Node& node, const std::string& path, int line) {
    if (++nodes > kMaxNodes)
      fail(path, line,
           "the config expands to more than " + std::to_string(kMaxNodes) +
               " values (aliases repeated?): refused");
    if (!node.IsMap() && !node.IsSequence()) return;
    for (const YAML::Node& a : ancestors)
      if (a.is(node)) fail(path, line, "recursive alias: the value contains itself");
    if (static_cast<int>(ancestors.size()) >= kMaxNesting)
      fail(path, line, "nested deeper than " + std::to_string(kMaxNesting) + " levels");
    ancestors.push_back(node);
    if (node.IsSequence()) {
      size_t i = 0;
      for (const YAML::Node& item : node)
        walk(item, path + "[" + std::to_string(i++) + "]", line_of(item) ? line_of(item) : line);
    } else {
      std::map<std::string, int> seen;  // key -> line
      for (auto it = node.begin(); it != node.end(); ++it) {
        const int key_line = line_of(it->first) ? line_of(it->first) : line;
        if (!it->first.IsScalar())
          fail(path, key_line,
               std::string("expected a plain key (a name), got ") + kind_of(it->first) +
                   " as a key");
        const std::string key = it->first.Scalar();
        const std::string key_path = join_path(path, key);
        auto [first, fresh] = seen.emplace(key, key_line);
        if (!fresh)
          fail(key_path, key_line,
               where.line ? "duplicate key (first written at line " +
                                std::to_string(first->second) + "): write each key once"
                          : std::string("duplicate key: write each key once"));
        walk(it->second, key_path, key_line);
      }
    }
    ancestors.pop_back();
  }
};

void check_tree(const YAML::Node& node, const Origin& where, const std::string& path) {
  TreeCheck{where, {}, 0}.walk(node, path, where.line);
}

struct Loader {
  std::map<std::string, Origin>& origins;
  std::vector<std::string> stack;

  // Records where every key of `node` (below `path`) was written in `file`.
  void index(const YAML::Node& node, const std::string& path, const std::string& file) {
    if (!node.IsMap()) return;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = join_path(path, it->first.as<std::string>());
      origins[key] = Origin{file, line_of(it->first)};
      index(it->second, key, file);
    }
  }

  // `from`: the include line that names `file` (none for the top-level config).
  YAML::Node load(const std::string& file, const Origin& from = Origin{}) {
    if (stack.size() > kMaxIncludeDepth)
      throw InputError(format_location(
          from, "include",
          "includes nested deeper than " + std::to_string(kMaxIncludeDepth) + " files"));
    for (const std::string& s : stack)
      if (same_file_name(s, file))
        throw InputError(format_location(
            from, "include",
            "include cycle: '" + file + "' is already being read (it includes itself)"));
    std::string text;
    try {
      text = read_input_file(file);
    } catch (const InputError& e) {
      if (from.file.empty()) throw;
      throw InputError(format_location(from, "include", "included file " + std::string(e.what())));
    }
    stack.push_back(file);
    YAML::Node out = load_text(text, file);
    stack.pop_back();
    return out;
  }

  YAML::Node load_text(const std::string& text, const std::string& file) {
    YAML::Node node;
    try {
      node = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
      throw InputError(
          format_location(Origin{file, e.mark.line + 1}, "", "YAML syntax error: " + e.msg));
    }
    if (node.IsNull()) node = YAML::Node(YAML::NodeType::Map);
    check_tree(node, Origin{file, 1}, "");
    if (!node.IsMap())
      throw InputError(format_location(Origin{file, line_of(node)}, "",
                                       "expected a mapping of keys at the top level"));
    YAML::Node merged(YAML::NodeType::Map);
    if (YAML::Node inc = node["include"]) {
      std::vector<std::pair<std::string, int>> files;  // name, line that names it
      if (inc.IsScalar())
        files.emplace_back(inc.Scalar(), line_of(inc));
      else if (inc.IsSequence())
        for (const YAML::Node& f : inc) {
          if (!f.IsScalar())
            throw InputError(
                format_location(Origin{file, line_of(f)}, "include", "expected a file name"));
          files.emplace_back(f.Scalar(), line_of(f));
        }
      else
        throw InputError(format_location(Origin{file, line_of(inc)}, "include",
                                         "expected a file name or a list of file names"));
      const fs::path dir = fs::path(file).parent_path();
      for (const auto& [f, line] : files) {
        const fs::path p = fs::path(f).is_absolute() ? fs::path(f) : dir / f;
        const Origin from{file, line};
        std::error_code ec;
        const bool exists = fs::exists(p, ec);
        if (ec && ec != std::errc::no_such_file_or_directory)
          throw InputError(format_location(
              from, "include",
              "included file '" + p.string() + "' cannot be read: " + ec.message()));
        if (!exists)
          throw InputError(format_location(from, "include",
                                           "included file '" + p.string() + "' does not exist"));
        merge_into(merged, load(p.lexically_normal().string(), from));
      }
      node.remove("include");
    }
    index(node, "", file);
    merge_into(merged, node);
    return merged;
  }
};

}  // namespace

std::shared_ptr<ConfigDoc> ConfigDoc::load_file(const std::string& path,
                                                const std::vector<std::string>& overrides) {
  std::shared_ptr<ConfigDoc> doc(new ConfigDoc());
  doc->m_file = path;
  Loader loader{doc->m_origins, {}};
  doc->m_tree = loader.load(path);
  for (const std::string& o : overrides) doc->apply_override(o);
  doc->m_resolved = YAML::Node(YAML::NodeType::Map);
  return doc;
}

std::shared_ptr<ConfigDoc> ConfigDoc::load_string(const std::string& yaml_text,
                                                  const std::string& name,
                                                  const std::vector<std::string>& overrides) {
  std::shared_ptr<ConfigDoc> doc(new ConfigDoc());
  doc->m_file = name;
  Loader loader{doc->m_origins, {name}};
  doc->m_tree = loader.load_text(yaml_text, name);
  for (const std::string& o : overrides) doc->apply_override(o);
  doc->m_resolved = YAML::Node(YAML::NodeType::Map);
  return doc;
}

namespace {
constexpr std::string_view kUnsetMark = "--unset ";

std::vector<std::string> split_key_path(const Origin& where, const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream ss(path);
  for (std::string part; std::getline(ss, part, '.');) {
    if (part.empty()) throw InputError(format_location(where, path, "empty key in the path"));
    parts.push_back(part);
  }
  if (parts.empty() || path.back() == '.')
    throw InputError(format_location(where, path, "empty key in the path"));
  return parts;
}
}  // namespace

std::string unset_override(const std::string& key_path) {
  return std::string(kUnsetMark) + key_path;
}

void ConfigDoc::apply_override(const std::string& assignment) {
  if (assignment.rfind(kUnsetMark, 0) == 0)
    return apply_unset(assignment.substr(kUnsetMark.size()));
  const Origin where{"--set", 0};
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError(format_location(where, assignment, "expected key.path=value"));
  const std::string path = assignment.substr(0, eq);
  YAML::Node value;
  try {
    value = YAML::Load(assignment.substr(eq + 1));
  } catch (const YAML::ParserException& e) {
    throw InputError(format_location(where, path, "value is not valid YAML: " + e.msg));
  }
  check_tree(value, where, path);
  const std::vector<std::string> parts = split_key_path(where, path);
  YAML::Node node = m_tree;
  std::string walked;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    walked = join_path(walked, parts[i]);
    YAML::Node next = node[parts[i]];
    if (!next.IsDefined() || next.IsNull()) {
      node[parts[i]] = YAML::Node(YAML::NodeType::Map);
      next.reset(node[parts[i]]);
      m_origins[walked] = where;  // a section --set made: errors about it name --set
    } else if (!next.IsMap()) {
      throw InputError(
          format_location(where, walked, "is a value, not a section; cannot set " + path));
    }
    node.reset(next);  // rebind; `node = next` would assign next's contents into node
  }
  node[parts.back()] = value;
  // Everything below the overridden key now comes from --set.
  for (auto it = m_origins.begin(); it != m_origins.end();)
    it = (it->first.rfind(path + ".", 0) == 0) ? m_origins.erase(it) : std::next(it);
  m_origins[path] = where;
}

void ConfigDoc::apply_unset(const std::string& path) {
  const Origin where{"--unset", 0};
  const std::vector<std::string> parts = split_key_path(where, path);
  YAML::Node node = m_tree;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    YAML::Node next = node[parts[i]];
    if (!next.IsMap())
      throw InputError(
          format_location(where, path, "no such key in the config (nothing to remove)"));
    node.reset(next);
  }
  if (!node.IsMap() || !node[parts.back()].IsDefined())
    throw InputError(format_location(where, path, "no such key in the config (nothing to remove)"));
  node.remove(parts.back());
  for (auto it = m_origins.begin(); it != m_origins.end();)
    it = (it->first == path || it->first.rfind(path + ".", 0) == 0) ? m_origins.erase(it)
                                                                    : std::next(it);
}

Origin ConfigDoc::origin_of(const std::string& path) const {
  auto it = m_origins.find(path);
  if (it != m_origins.end()) return it->second;
  // A key that was never written (a default) is located at its nearest written parent.
  std::string p = path;
  for (size_t dot = p.rfind('.'); dot != std::string::npos; dot = p.rfind('.')) {
    p = p.substr(0, dot);
    auto parent = m_origins.find(p);
    if (parent != m_origins.end()) return parent->second;
  }
  return Origin{m_file, 0};
}

void ConfigDoc::mark_read(const std::string& path, const YAML::Node& value) {
  m_read.insert(path);
  YAML::Node node = m_resolved;
  size_t start = 0;
  for (size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', start)) {
    const std::string part = path.substr(start, dot - start);
    if (!node[part].IsMap()) node[part] = YAML::Node(YAML::NodeType::Map);
    node.reset(node[part]);
    start = dot + 1;
  }
  node[path.substr(start)] = YAML::Clone(value);
}

void ConfigDoc::drop_resolved(const std::string& path) {
  YAML::Node node = m_resolved;
  size_t start = 0;
  for (size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', start)) {
    const std::string part = path.substr(start, dot - start);
    const YAML::Node& look = node;  // const lookup: never creates the key
    if (!look[part].IsMap()) return;
    node.reset(node[part]);
    start = dot + 1;
  }
  node.remove(path.substr(start));
}

ConfigSection ConfigDoc::root(const ComponentSchema& schema) {
  return ConfigSection(shared_from_this(), m_tree, "", &schema);
}

void ConfigDoc::check_all_consumed() const {
  std::function<void(const YAML::Node&, const std::string&)> walk = [&](const YAML::Node& node,
                                                                        const std::string& path) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = join_path(path, it->first.as<std::string>());
      if (it->second.IsMap()) {
        walk(it->second, key);
      } else if (!m_read.count(key)) {
        throw InputError(format_location(
            origin_of(key), key,
            "is not used by this configuration (it belongs to a component or mode that is "
            "not selected): remove it"));
      }
    }
  };
  walk(m_tree, "");
}

std::string ConfigDoc::resolved_yaml() const {
  YAML::Emitter out;
  out << m_resolved;
  return std::string(out.c_str()) + "\n";
}

// ---------------------------------------------------------------------------------------------

ConfigSection::ConfigSection(std::shared_ptr<ConfigDoc> doc, const YAML::Node& node,
                             std::string path, const ComponentSchema* schema)
    : m_doc(std::move(doc)), m_node(node), m_path(std::move(path)), m_schema(schema) {
  if (m_node.IsNull()) {  // `pe:` with nothing below it
    m_node.reset(YAML::Node(YAML::NodeType::Map));
    return;
  }
  if (!m_node.IsMap())
    fail("", "expected a section (a mapping of keys) for component '" + m_schema->name + "'");
  for (auto it = m_node.begin(); it != m_node.end(); ++it) {
    const std::string key = it->first.as<std::string>();
    if (m_schema->find(key) || m_schema->named_children) continue;
    bool child = false;
    for (const std::string& c : m_schema->children) child |= (c == key);
    if (child) continue;
    std::string best;
    size_t best_d = 3;  // suggest only close matches
    std::string known;
    auto consider = [&](const std::string& k) {
      known += (known.empty() ? "" : ", ") + k;
      size_t d = distance(key, k);
      if (d < best_d) best_d = d, best = k;
    };
    for (const ParamSpec& p : m_schema->params) consider(p.key);
    for (const std::string& c : m_schema->children) consider(c);
    std::string msg = "unknown key in '" + m_schema->name + "'";
    msg += best.empty() ? " (expected one of: " + known + ")" : " (did you mean '" + best + "'?)";
    throw InputError(format_location(m_doc->origin_of(key_path(key)), key_path(key), msg));
  }
}

std::string ConfigSection::key_path(const std::string& key) const {
  return key.empty() ? m_path : join_path(m_path, key);
}

ConfigSection ConfigSection::section(const std::string& key, const ComponentSchema& schema) const {
  bool declared = m_schema->named_children == &schema;
  for (const std::string& c : m_schema->children) declared |= (c == key);
  if (!declared)
    throw std::logic_error("component '" + m_schema->name + "' does not declare child '" + key +
                           "'");
  const YAML::Node& self = m_node;
  YAML::Node child = self[key];
  // An absent child is an empty section (all defaults); yaml-cpp's missing-key node is invalid
  // and cannot be assigned to, so make a fresh one.
  if (!child.IsDefined())
    return ConfigSection(m_doc, YAML::Node(YAML::NodeType::Map), key_path(key), &schema);
  return ConfigSection(m_doc, child, key_path(key), &schema);
}

std::vector<std::string> ConfigSection::keys() const {
  std::vector<std::string> k;
  for (auto it = m_node.begin(); it != m_node.end(); ++it) k.push_back(it->first.as<std::string>());
  return k;
}

bool ConfigSection::has(const std::string& key) const {
  const YAML::Node& self = m_node;
  return self[key].IsDefined() && !self[key].IsNull();
}

void ConfigSection::computed(const std::string& key) const {
  if (!has(key)) m_doc->drop_resolved(key_path(key));
}

void ConfigSection::fail(const std::string& key, const std::string& message) const {
  throw InputError(format_location(m_doc->origin_of(key_path(key)), key_path(key), message));
}

YAML::Node ConfigSection::value_or_default(const ParamSpec& spec) const {
  const YAML::Node& self = m_node;
  YAML::Node v = self[spec.key];
  if (v.IsDefined() && !v.IsNull()) {  // IsDefined() is false for a missing key
    if (!v.IsScalar())
      fail(spec.key, "expected " + type_name(spec) + ", got a " + (v.IsMap() ? "mapping" : "list"));
    return v;
  }
  if (spec.required())
    fail(spec.key, "missing required key (" + type_name(spec) +
                       (spec.unit.empty() ? "" : " in " + spec.unit) + ": " + spec.description +
                       ")");
  return YAML::Node(spec.default_value);
}

namespace {
const ParamSpec& spec_of(const ComponentSchema* schema, const std::string& key) {
  const ParamSpec* p = schema->find(key);
  if (!p)
    throw std::logic_error("component '" + schema->name + "' reads undeclared key '" + key + "'");
  return *p;
}
}  // namespace

int64_t ConfigSection::get_int(const std::string& key) const {
  const ParamSpec& spec = spec_of(m_schema, key);
  if (spec.type != ParamType::Int) throw std::logic_error(key + " is not an Int parameter");
  const YAML::Node v = value_or_default(spec);
  const std::string& text = v.Scalar();
  size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used, 10);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) fail(key, "expected an integer, got '" + text + "'");
  if (value < spec.min || value > spec.max)
    fail(key, "expected an integer in " + range_text(spec) + ", got " + text);
  m_doc->mark_read(key_path(key), v);
  return value;
}

double ConfigSection::get_real(const std::string& key) const {
  const ParamSpec& spec = spec_of(m_schema, key);
  if (spec.type != ParamType::Real) throw std::logic_error(key + " is not a Real parameter");
  const YAML::Node v = value_or_default(spec);
  const std::string& text = v.Scalar();
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !std::isfinite(value))
    fail(key, "expected a number" + (spec.unit.empty() ? "" : " in " + spec.unit) + ", got '" +
                  text + "'");
  if (value < spec.min || value > spec.max)
    fail(key, "expected a value in " + range_text(spec) + ", got " + text);
  m_doc->mark_read(key_path(key), v);
  return value;
}

bool ConfigSection::get_bool(const std::string& key) const {
  const ParamSpec& spec = spec_of(m_schema, key);
  if (spec.type != ParamType::Bool) throw std::logic_error(key + " is not a Bool parameter");
  const YAML::Node v = value_or_default(spec);
  const std::string& text = v.Scalar();
  bool value;
  if (text == "true")
    value = true;
  else if (text == "false")
    value = false;
  else
    fail(key, "expected true or false, got '" + text + "'");
  m_doc->mark_read(key_path(key), v);
  return value;
}

std::string ConfigSection::get_string(const std::string& key) const {
  const ParamSpec& spec = spec_of(m_schema, key);
  if (spec.type != ParamType::String && spec.type != ParamType::Choice)
    throw std::logic_error(key + " is not a String/Choice parameter");
  const YAML::Node v = value_or_default(spec);
  const std::string& text = v.Scalar();
  if (spec.type == ParamType::Choice) {
    bool ok = false;
    for (const std::string& c : spec.choices) ok |= (c == text);
    if (!ok) fail(key, "expected " + type_name(spec) + ", got '" + text + "'");
  }
  m_doc->mark_read(key_path(key), v);
  return text;
}

}  // namespace cimsim::core
