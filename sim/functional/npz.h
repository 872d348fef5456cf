#pragma once
// NumPy arrays from .npy and .npz files (NumPy's own formats: an .npz is a zip archive of .npy
// members, read with libzip). Enough of the .npy format for weights and data sets: C order,
// little-endian or single-byte integers, unsigned integers, float32/float64, any rank.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cimsim::functional {

struct NpyArray {
  std::vector<int64_t> shape;  // empty for a scalar
  std::vector<double> values;  // C order, converted to double (exact for every integer < 2^53)
  bool integral = false;       // stored as an integer type
  std::string dtype;           // NumPy's descr, e.g. "<f4", "|i1"
  int64_t size() const { return static_cast<int64_t>(values.size()); }
  std::string shape_str() const;  // "(16, 1, 3, 3)"
};

// Parses the bytes of one .npy file; `what` names it in errors (core::InputError, one line).
NpyArray parse_npy(const std::string& bytes, const std::string& what);

// Reads a .npy file (one array, returned under the name "") or an .npz archive (member name
// without ".npy" -> array). Refuses NaN and infinite values, naming the array.
std::map<std::string, NpyArray> read_arrays(const std::string& path);

// Writes `arrays` as an .npz (float64 members, C order; stored, not compressed), through a
// temporary file renamed into place. Throws core::InputError when it cannot.
void write_npz(const std::string& path, const std::map<std::string, NpyArray>& arrays);

}  // namespace cimsim::functional
