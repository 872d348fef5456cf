#pragma once
// Error types. Every user-facing input problem is an InputError whose what() is one line:
//   "<file>:<line>: <key.path>: <what was expected>"
// The CLI prints it and exits with code 2. Internal bugs are plain std::logic_error.
#include <stdexcept>
#include <string>

namespace cimsim::core {

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& msg) : std::runtime_error(msg) {}
};

// Where a value came from, for error messages. line is 1-based; 0 when unknown.
struct Origin {
  std::string file;
  int line = 0;
};

// Formats "file:line: path: message" (parts that are empty are left out).
std::string format_location(const Origin& where, const std::string& key_path,
                            const std::string& message);

[[noreturn]] void fail_input(const Origin& where, const std::string& key_path,
                             const std::string& message);

}  // namespace cimsim::core
