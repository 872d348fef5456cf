#pragma once
// Reading an input file (config, include, network, mapping, sweep) in full, bounded by
// limits::kInputFileBytes: a directory, /dev/zero or a never-ending FIFO becomes one InputError
// naming the file instead of an empty document or a read that never ends.
#include <string>

namespace cimsim::core {

// The whole content of `path`. Throws InputError "<path>: expected a readable <what> ..." when it
// cannot be opened, is a directory, or is larger than the limit input_file_bytes.
std::string read_input_file(const std::string& path, const std::string& what);

}  // namespace cimsim::core
