#include "sim/core/atomic_output.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "sim/core/errors.h"

namespace cimsim::core {
namespace fs = std::filesystem;

namespace {

// The marker's first line; the names of the files cimsim wrote follow, one a line.
const char* const kMarkerHeader =
    "# Written by cimsim. `--out` replaces this folder only while it holds nothing but the files "
    "listed here.\n";

std::string marker_text(const std::vector<OutputFile>& files) {
  std::string s = kMarkerHeader;
  for (const OutputFile& f : files) s += f.name + "\n";
  return s;
}

[[noreturn]] void refuse(const std::string& dir, const std::string& why) {
  throw InputError("--out " + dir + ": " + why);
}

void write_plain(const fs::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
  out.flush();
  if (!out) throw InputError(format_location(Origin{p.string(), 0}, "", "cannot write file"));
}

// True when `a` is `b` or one of its ancestors (both absolute and normalized).
bool is_ancestor_or_same(const fs::path& a, const fs::path& b) {
  auto ia = a.begin(), ib = b.begin();
  for (; ia != a.end(); ++ia, ++ib) {
    if (ia->empty()) continue;  // trailing separator
    if (ib == b.end() || *ia != *ib) return false;
  }
  return true;
}

fs::path absolute_normal(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  if (ec) c = fs::absolute(p, ec).lexically_normal();
  // "a/b/" normalizes to "a/b/": drop the empty last element so names compare equal.
  std::string s = c.string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return fs::path(s);
}

// Why `dir` (an existing folder) is not cimsim's to replace, or "" when it is: it must be empty,
// or hold the marker and nothing but the files the marker lists.
std::string foreign_content(const fs::path& dir) {
  std::error_code ec;
  const fs::path marker = dir / kMarkerFile;
  std::vector<std::string> ours = {kMarkerFile};
  if (fs::is_regular_file(fs::symlink_status(marker, ec))) {
    std::ifstream in(marker, std::ios::binary);
    std::string line;
    std::getline(in, line);
    if (line + "\n" == kMarkerHeader)
      while (std::getline(in, line)) ours.push_back(line);
  }
  const bool marked = ours.size() > 1 || fs::exists(fs::symlink_status(marker, ec));
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (!marked) return std::string("was not made by cimsim (no ") + kMarkerFile + " in it)";
    if (std::find(ours.begin(), ours.end(), name) == ours.end() ||
        !fs::is_regular_file(e.symlink_status(ec)))
      return "holds " + name + ", which cimsim did not write";
  }
  if (ec) return "cannot be read: " + ec.message();
  return "";
}

// Removes a folder of cimsim's (a killed run's staging folder, or the replaced old folder), and
// only when foreign_content() finds nothing else in it.
void remove_ours(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(p, ec))) return;
  if (foreign_content(p).empty()) fs::remove_all(p, ec);
}

// The hidden names next to `target` (absolute, normalized): its lock file and the prefix of
// its staging folders.
fs::path lock_path(const fs::path& target) {
  return target.parent_path() / ("." + target.filename().string() + ".lock");
}
std::string staging_prefix(const fs::path& target) {
  return "." + target.filename().string() + ".staging-";
}

// Removes the staging folders killed runs left next to `target`.
void remove_stale_staging(const fs::path& target) {
  std::error_code ec;
  const std::string prefix = staging_prefix(target);
  for (const auto& e : fs::directory_iterator(target.parent_path(), ec))
    if (e.path().filename().string().rfind(prefix, 0) == 0) remove_ours(e.path());
}

}  // namespace

void remove_stale_output(const std::string& dir) {
  const fs::path target = absolute_normal(dir);
  remove_stale_staging(target);
  const std::string lock = lock_path(target).string();
  const int fd = ::open(lock.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return;
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) ::unlink(lock.c_str());  // held: a live run's, kept
  ::close(fd);
}

std::string safe_path_component(const std::string& name) {
  std::string s;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '+' || c == '-';
    s += ok ? c : '_';
  }
  if (s.empty()) s = "_";
  if (s[0] == '.') s[0] = '_';
  return s;
}

OutputFolder::OutputFolder(const std::string& dir, const std::vector<std::string>& inputs)
    : m_dir(dir) {
  if (dir.empty()) refuse(dir, "expected a folder name");
  const fs::path target = absolute_normal(dir);
  m_target = target.string();
  if (target == target.root_path()) refuse(dir, "refusing to replace the root folder");
  std::error_code ec;
  const fs::path cwd = absolute_normal(fs::current_path(ec));
  if (is_ancestor_or_same(target, cwd))
    refuse(dir, "is the working folder or one of its ancestors; choose a folder of its own");
  for (const std::string& in : inputs) {
    if (in.empty()) continue;
    if (is_ancestor_or_same(target, absolute_normal(in)))
      refuse(dir, "holds the input " + in + "; choose another folder");
  }
  const fs::file_status st = fs::symlink_status(target, ec);
  if (fs::is_symlink(st)) refuse(dir, "is a symbolic link; give the folder itself");
  if (fs::exists(st)) {
    if (!fs::is_directory(st))
      refuse(dir, "exists and is not a folder; cimsim replaces only folders it made");
    const std::string foreign = foreign_content(target);
    if (!foreign.empty())
      refuse(dir, "exists and " + foreign + "; remove it yourself or choose another folder");
  }
  const fs::path parent = target.parent_path();
  fs::create_directories(parent, ec);
  if (ec) refuse(dir, "cannot create folder " + parent.string() + ": " + ec.message());
  m_lock = lock_path(target).string();
  // Lock, then make sure the file locked is still the one at the name: a run that finished
  // removes the lock file, and a run that opened it just before must not hold a dead lock.
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = ::open(m_lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) refuse(dir, "cannot create lock file " + m_lock + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      char buf[32] = {};
      const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
      ::close(fd);
      const std::string pid = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "?";
      refuse(dir, "another cimsim run (pid " + pid +
                      ") is writing this folder; wait for it or choose another --out");
    }
    struct stat a {
    }, b{};
    if (::fstat(fd, &a) == 0 && ::stat(m_lock.c_str(), &b) == 0 && a.st_ino == b.st_ino &&
        a.st_dev == b.st_dev) {
      m_lock_fd = fd;
      break;
    }
    ::close(fd);
  }
  if (m_lock_fd < 0) refuse(dir, "cannot lock " + m_lock);
  const std::string pid = std::to_string(::getpid());
  if (::ftruncate(m_lock_fd, 0) != 0 || ::pwrite(m_lock_fd, pid.data(), pid.size(), 0) < 0) {
    // The pid is only for the other run's message; the lock itself holds.
  }
  // Under the lock, staging folders of this target are leftovers of killed runs.
  remove_stale_staging(target);
}

OutputFolder::~OutputFolder() {
  if (m_lock_fd < 0) return;
  ::unlink(m_lock.c_str());  // while still holding it (see the constructor)
  ::close(m_lock_fd);
}

void OutputFolder::write(const std::vector<OutputFile>& files) {
  const fs::path target(m_target);
  const fs::path parent = target.parent_path();
  const fs::path staging = parent / (staging_prefix(target) + std::to_string(::getpid()));
  std::error_code ec;
  remove_ours(staging);
  if (::mkdir(staging.c_str(), 0755) != 0)
    refuse(m_dir, "cannot create folder " + staging.string() + ": " + std::strerror(errno));
  try {
    write_plain(staging / kMarkerFile, marker_text(files));  // first: a stale staging is ours
    for (const OutputFile& f : files) {
      if (f.name.empty() || f.name.find('/') != std::string::npos || f.name[0] == '.')
        throw std::logic_error("output file name '" + f.name + "' is not one plain component");
      write_plain(staging / f.name, f.content);
    }
  } catch (...) {  // e.g. a full disk: the half-written staging folder goes, the target stays
    remove_ours(staging);
    throw;
  }
  // The checks of the constructor again, now under the lock: the target may have changed.
  const fs::file_status st = fs::symlink_status(target, ec);
  if (!fs::exists(st)) {
    if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) != 0) {
      const int err = errno;
      remove_ours(staging);
      refuse(m_dir, std::string("cannot create folder: ") + std::strerror(err));
    }
    return;
  }
  if (fs::is_symlink(st) || !fs::is_directory(st) || !foreign_content(target).empty()) {
    remove_ours(staging);
    refuse(m_dir, "was replaced by something cimsim did not make during the run; left alone");
  }
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
    const int err = errno;
    remove_ours(staging);
    refuse(m_dir, std::string("cannot replace folder: ") + std::strerror(err));
  }
  remove_ours(staging);  // the old folder, now under the staging name
}

void write_folder_atomically(const std::string& dir, const std::vector<OutputFile>& files,
                             const std::vector<std::string>& inputs) {
  OutputFolder(dir, inputs).write(files);
}

void write_file_atomically(const std::string& path, const std::string& content) {
  const fs::path target(path);
  if (target.has_parent_path()) {
    // A missing folder is made; one that cannot be (a file in the way, no permission) is bad
    // input, like any other path that cannot be written (exit 2, not an internal error).
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec)
      throw InputError(format_location(
          Origin{path, 0}, "",
          "cannot create its folder " + target.parent_path().string() + ": " + ec.message()));
  }
  const fs::path tmp = target.string() + ".tmp-" + std::to_string(::getpid());
  write_plain(tmp, content);
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec)
    throw InputError(format_location(Origin{path, 0}, "", "cannot write file: " + ec.message()));
}

}  // namespace cimsim::core
