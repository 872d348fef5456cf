#include "sim/core/errors.h"

namespace cimsim::core {

std::string format_location(const Origin& where, const std::string& key_path,
                            const std::string& message) {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) out += ":" + std::to_string(where.line);
    out += ": ";
  }
  if (!key_path.empty()) out += key_path + ": ";
  out += message;
  // One line, always: a message must never break a log into pieces.
  for (char& c : out)
    if (c == '\n') c = ' ';
  return out;
}

void fail_input(const Origin& where, const std::string& key_path, const std::string& message) {
  throw InputError(format_location(where, key_path, message));
}

}  // namespace cimsim::core
