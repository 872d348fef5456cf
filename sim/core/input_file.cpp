#include "sim/core/input_file.h"

#include <filesystem>
#include <fstream>

#include "sim/core/errors.h"

namespace cimsim::core {

std::string read_input_file(const std::string& path) {
  const Origin where{path, 0};
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    fail_input(where, "", "is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_input(where, "", "cannot read file");
  // Read in chunks up to one byte past the limit: a device or pipe that never ends (/dev/zero)
  // is refused after kMaxInputFileBytes, and nothing is allocated beyond that.
  std::string text;
  char chunk[1 << 16];
  while (in) {
    in.read(chunk, sizeof chunk);
    text.append(chunk, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxInputFileBytes)
      fail_input(where, "",
                 "larger than the input file limit (max_input_file_MiB = " +
                     std::to_string(kMaxInputFileMiB) + ")");
  }
  if (in.bad()) fail_input(where, "", "cannot read file");
  return text;
}

}  // namespace cimsim::core
