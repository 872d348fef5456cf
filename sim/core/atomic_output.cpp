#include "sim/core/atomic_output.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/core/errors.h"

namespace cimsim::core {
namespace fs = std::filesystem;

namespace {
void write_plain(const fs::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
  out.flush();
  if (!out) throw InputError(format_location(Origin{p.string(), 0}, "", "cannot write file"));
}
}  // namespace

void write_file_atomically(const std::string& path, const std::string& content) {
  const fs::path target(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path());
  const fs::path tmp = target.string() + ".tmp-" + std::to_string(::getpid());
  write_plain(tmp, content);
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec)
    throw InputError(format_location(Origin{path, 0}, "", "cannot write file: " + ec.message()));
}

void write_folder_atomically(const std::string& dir, const std::vector<OutputFile>& files) {
  const fs::path target = fs::path(dir).lexically_normal();
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec)
    throw InputError(
        format_location(Origin{parent.string(), 0}, "", "cannot create folder: " + ec.message()));
  const std::string pid = std::to_string(::getpid());
  const fs::path staging = parent / ("." + target.filename().string() + ".writing-" + pid);
  const fs::path old = parent / ("." + target.filename().string() + ".old-" + pid);
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec)
    throw InputError(
        format_location(Origin{staging.string(), 0}, "", "cannot create folder: " + ec.message()));
  for (const OutputFile& f : files) write_plain(staging / f.name, f.content);
  // A previous run's folder is moved aside before the new one takes its name, so the name never
  // points at a mix of two runs.
  if (fs::exists(target)) {
    fs::rename(target, old, ec);
    if (ec)
      throw InputError(format_location(Origin{target.string(), 0}, "",
                                       "cannot replace folder: " + ec.message()));
  }
  fs::rename(staging, target, ec);
  if (ec)
    throw InputError(
        format_location(Origin{target.string(), 0}, "", "cannot write folder: " + ec.message()));
  fs::remove_all(old, ec);
}

}  // namespace cimsim::core
