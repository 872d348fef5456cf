#pragma once
// Reading a whole input file (config, include, network, mapping, sweep) with a stated size limit,
// so that `--config /dev/zero` stops at once instead of reading forever.
#include <cstdint>
#include <string>

namespace cimsim::core {

// The largest input file cimsim reads [bytes]; named in the error as max_input_file_MiB.
constexpr std::uint64_t kMaxInputFileMiB = 16;
constexpr std::uint64_t kMaxInputFileBytes = kMaxInputFileMiB << 20;

// The whole content of `path`. InputError (one line naming the file) when it does not exist or
// cannot be read ("cannot read file"), is a directory, or holds more than kMaxInputFileBytes.
std::string read_input_file(const std::string& path);

}  // namespace cimsim::core
