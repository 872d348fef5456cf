#pragma once
// Reads a `cimsim sweep` CSV (fields without quotes) as rows of column -> value.
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace cimsim::test {

inline std::vector<std::map<std::string, std::string>> csv_rows(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  auto split = [](const std::string& l) {
    std::vector<std::string> f;
    std::stringstream ss(l);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    if (!l.empty() && l.back() == ',') f.push_back("");
    return f;
  };
  std::vector<std::map<std::string, std::string>> rows;
  if (lines.empty()) return rows;
  const auto header = split(lines[0]);
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto f = split(lines[i]);
    std::map<std::string, std::string> row;
    for (size_t c = 0; c < header.size() && c < f.size(); ++c) row[header[c]] = f[c];
    rows.push_back(row);
  }
  return rows;
}

// A numeric cell; fails the test (std::out_of_range / invalid_argument) when absent.
inline double num(const std::map<std::string, std::string>& row, const std::string& col) {
  return std::stod(row.at(col));
}

}  // namespace cimsim::test
