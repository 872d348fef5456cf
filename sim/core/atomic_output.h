#pragma once
// Writes a run's result folder so that a crash never leaves a complete-looking half report:
// every file is written into a hidden sibling folder first, then the folder is renamed into
// place in one step (rename(2) is atomic on one file system).
#include <string>
#include <utility>
#include <vector>

namespace cimsim::core {

struct OutputFile {
  std::string name;  // file name inside the folder, e.g. "report.json"
  std::string content;
};

// Replaces `dir` (created with its parents if needed) by a folder holding exactly `files`.
// Throws InputError naming the folder when it cannot be written.
void write_folder_atomically(const std::string& dir, const std::vector<OutputFile>& files);

// Writes one file atomically (temporary file in the same folder, then rename).
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace cimsim::core
