// Fuzzes the sweep file reader. Two shapes of it exist while the sweep verb is reworked:
//  - app/sweep_spec.h's parse_sweep(text, file) (a function of its own), used when present;
//  - otherwise read_spec(path), local to app/verb_sweep.cpp, which reads a file: the harness
//    includes that .cpp to reach it and hands it the input through a memfd (/proc/self/fd/N).
// Either way only the reading is fuzzed (no point runs).
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_common.h"

#if __has_include("app/sweep_spec.h")
#include "app/sweep_spec.h"
namespace {
void read_sweep(const std::string& text) { cimsim::app::parse_sweep(text, "fuzz.yaml"); }
}  // namespace
#else
#include "app/verb_sweep.cpp"  // NOLINT: reaches the file-local read_spec
namespace {
void read_sweep(const std::string& text) {
  static const int fd = memfd_create("sweep.yaml", 0);
  if (fd < 0) cimsim::fuzz::finding("memfd_create failed");
  if (ftruncate(fd, 0) != 0 ||
      pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()))
    cimsim::fuzz::finding("cannot write the memfd");
  cimsim::app::read_spec("/proc/self/fd/" + std::to_string(fd));
}
}  // namespace
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return cimsim::fuzz::run_one(data, size, read_sweep);
}
