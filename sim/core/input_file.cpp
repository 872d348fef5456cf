#include "sim/core/input_file.h"

#include <sys/stat.h>

#include <cstdio>
#include <memory>

#include "sim/core/errors.h"
#include "sim/core/limits.h"

namespace cimsim::core {

std::string read_input_file(const std::string& path, const std::string& what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw InputError(path + ": expected a readable " + what + " (cannot open it)");
  if (S_ISDIR(st.st_mode))
    throw InputError(path + ": expected a readable " + what + ", got a directory");
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"),
                                                          &std::fclose);
  if (!f) throw InputError(path + ": expected a readable " + what + " (cannot open it)");
  // Read at most one byte past the limit: a file of exactly the limit is fine, one byte more is
  // refused, and a device that never ends (/dev/zero) costs 16 MiB, not forever.
  const int64_t limit = limits::kInputFileBytes.value;
  std::string text;
  char buf[1 << 16];
  while (static_cast<int64_t>(text.size()) <= limit) {
    const size_t n = std::fread(buf, 1, sizeof buf, f.get());
    if (n == 0) break;
    text.append(buf, n);
  }
  if (std::ferror(f.get()))
    throw InputError(path + ": expected a readable " + what + " (read error)");
  if (static_cast<int64_t>(text.size()) > limit)
    throw InputError(path + ": " + what + ": " + limits::over_limit(limits::kInputFileBytes));
  return text;
}

}  // namespace cimsim::core
