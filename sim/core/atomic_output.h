#pragma once
// Results folders that never destroy anything (docs/reliability.md):
//  - a folder cimsim writes holds a marker file (kMarkerFile) listing the files it wrote; an
//    existing path that is not such a folder — a regular file, a dangling link, someone else's
//    folder, a cimsim folder with a file added by hand — is refused, never replaced (an existing
//    empty folder is fine: nothing is lost; a symbolic link to a folder is followed);
//  - the working folder, its ancestors and the folders holding the run's inputs are refused;
//  - the new folder is written complete under a hidden staging name next to the target, then
//    takes the target's name in one step: rename(2) when there is no old folder,
//    renameat2(RENAME_EXCHANGE) when there is (then the old one, now under the staging name, is
//    removed). At every instant the target is either the old complete folder or the new one;
//  - an flock(2) on a hidden lock file next to the target serializes runs on one folder: the
//    second run stops at once with an error naming the first run's pid, before simulating. The
//    kernel drops the lock when a run dies, so a killed run never blocks the next one, and the
//    next one removes the killed run's staging folder (only if it holds the marker, or is empty).
#include <string>
#include <utility>
#include <vector>

namespace cimsim::core {

struct OutputFile {
  std::string name;  // file name inside the folder, e.g. "report.json"
  std::string content;
};

// The marker file in every folder cimsim writes.
inline constexpr const char* kMarkerFile = ".cimsim-results";

// One results folder, checked and locked for the lifetime of the object.
class OutputFolder {
 public:
  // Checks that `dir` may be (re)placed and locks it. Throws InputError naming `dir` (as
  // "--out <dir>: ...") when it exists and was not made by cimsim, is a dangling link, is the
  // working folder or an ancestor of it or of one of `inputs` (files the run reads), or when
  // another cimsim run holds it.
  explicit OutputFolder(const std::string& dir, const std::vector<std::string>& inputs = {});
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  // Replaces the folder by one holding exactly `files` (and the marker). Call once.
  void write(const std::vector<OutputFile>& files);
  const std::string& path() const { return m_dir; }

 private:
  std::string m_dir;     // as given
  std::string m_target;  // absolute, normalized
  std::string m_lock;    // lock file path
  int m_lock_fd = -1;
};

// Removes what runs killed while writing `dir` left next to it: their staging folders (only those
// holding the marker, or empty) and the lock file, when no live run holds it. For callers that
// remove a dead run's `dir` themselves (a sweep's finished point).
void remove_stale_output(const std::string& dir);

// OutputFolder(dir, inputs).write(files): for verbs with nothing long between check and write.
void write_folder_atomically(const std::string& dir, const std::vector<OutputFile>& files,
                             const std::vector<std::string>& inputs = {});

// Writes one file atomically (temporary file in the same folder, then rename).
void write_file_atomically(const std::string& path, const std::string& content);

// `name` as one safe path component: every byte outside [A-Za-z0-9._+-] becomes '_', and a
// leading '.' too (no "..", no hidden names, never empty). For folder names built from config
// values (chip.name, network name).
std::string safe_path_component(const std::string& name);

}  // namespace cimsim::core
