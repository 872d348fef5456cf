#include "sim/functional/npz.h"

#include <zip.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "sim/core/errors.h"

namespace cimsim::functional {

namespace {

[[noreturn]] void bad(const std::string& what, const std::string& msg) {
  throw core::InputError(what + ": " + msg);
}

// The value of `key` in the .npy header dict, e.g. {'descr': '<f4', 'fortran_order': False,
// 'shape': (3, 4), }.
std::string header_field(const std::string& h, const std::string& key, const std::string& what) {
  const std::string k = "'" + key + "'";
  size_t p = h.find(k);
  if (p == std::string::npos) bad(what, "not a .npy array: its header has no " + k);
  p = h.find(':', p + k.size());
  if (p == std::string::npos) bad(what, "not a .npy array: malformed header");
  ++p;
  while (p < h.size() && h[p] == ' ') ++p;
  size_t end = p;
  if (p < h.size() && h[p] == '(') {
    end = h.find(')', p);
    if (end == std::string::npos) bad(what, "not a .npy array: malformed shape");
    return h.substr(p, end - p + 1);
  }
  if (p < h.size() && h[p] == '\'') {
    end = h.find('\'', p + 1);
    if (end == std::string::npos) bad(what, "not a .npy array: malformed header");
    return h.substr(p + 1, end - p - 1);
  }
  while (end < h.size() && h[end] != ',' && h[end] != '}') ++end;
  return h.substr(p, end - p);
}

template <typename T>
void convert(const char* data, int64_t n, std::vector<double>& out) {
  out.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, data + i * static_cast<int64_t>(sizeof(T)), sizeof(T));
    out[static_cast<size_t>(i)] = static_cast<double>(v);
  }
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::InputError(path + ": cannot read file");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string NpyArray::shape_str() const {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

NpyArray parse_npy(const std::string& bytes, const std::string& what) {
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0)
    bad(what, "not a .npy array (no \\x93NUMPY magic)");
  const int major = static_cast<unsigned char>(bytes[6]);
  size_t header_len = 0, offset = 0;
  if (major == 1) {
    header_len = static_cast<unsigned char>(bytes[8]) |
                 static_cast<size_t>(static_cast<unsigned char>(bytes[9])) << 8;
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) bad(what, "truncated .npy header");
    for (int i = 0; i < 4; ++i)
      header_len |= static_cast<size_t>(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    offset = 12;
  } else {
    bad(what, "unsupported .npy version " + std::to_string(major));
  }
  if (offset + header_len > bytes.size()) bad(what, "truncated .npy header");
  const std::string h = bytes.substr(offset, header_len);
  NpyArray a;
  a.dtype = header_field(h, "descr", what);
  if (header_field(h, "fortran_order", what).find("True") != std::string::npos)
    bad(what, "Fortran-ordered arrays are not supported (save with np.ascontiguousarray)");
  const std::string shape = header_field(h, "shape", what);
  int64_t n = 1;
  {
    std::string num;
    for (char c : shape) {
      if (c >= '0' && c <= '9') {
        num.push_back(c);
      } else if (!num.empty()) {
        if (num.size() > 12) bad(what, "array dimension too large in shape " + shape);
        a.shape.push_back(std::stoll(num));
        num.clear();
      }
    }
    for (int64_t d : a.shape) {
      if (d != 0 && n > (int64_t{1} << 40) / d) bad(what, "array too large: shape " + shape);
      n *= d;
    }
  }
  const std::string& t = a.dtype;
  if (t.size() < 3 || (t[0] != '<' && t[0] != '|' && t[0] != '='))
    bad(what, "unsupported dtype '" + t + "' (expected little-endian ints, uints or floats)");
  const char kind = t[1];
  const int width = std::atoi(t.c_str() + 2);
  const char* data = bytes.data() + offset + header_len;
  const size_t need = static_cast<size_t>(n) * static_cast<size_t>(width);
  if (width <= 0 || bytes.size() - offset - header_len < need)
    bad(what, "truncated array data: shape " + a.shape_str() + " of " + t + " needs " +
                  std::to_string(need) + " bytes");
  a.integral = kind == 'i' || kind == 'u' || kind == 'b';
  if (kind == 'f' && width == 4) {
    convert<float>(data, n, a.values);
  } else if (kind == 'f' && width == 8) {
    convert<double>(data, n, a.values);
  } else if ((kind == 'i' || kind == 'b') && width == 1) {
    convert<int8_t>(data, n, a.values);
  } else if (kind == 'i' && width == 2) {
    convert<int16_t>(data, n, a.values);
  } else if (kind == 'i' && width == 4) {
    convert<int32_t>(data, n, a.values);
  } else if (kind == 'i' && width == 8) {
    convert<int64_t>(data, n, a.values);
  } else if (kind == 'u' && width == 1) {
    convert<uint8_t>(data, n, a.values);
  } else if (kind == 'u' && width == 2) {
    convert<uint16_t>(data, n, a.values);
  } else if (kind == 'u' && width == 4) {
    convert<uint32_t>(data, n, a.values);
  } else {
    bad(what, "unsupported dtype '" + t + "' (expected int8..int64, uint8..uint32, float32/64)");
  }
  for (double v : a.values)
    if (!std::isfinite(v)) bad(what, "contains NaN or infinite values");
  return a;
}

std::map<std::string, NpyArray> read_arrays(const std::string& path) {
  std::map<std::string, NpyArray> out;
  const bool npz = path.size() >= 4 && path.compare(path.size() - 4, 4, ".npz") == 0;
  if (!npz) {
    out.emplace("", parse_npy(slurp(path), path));
    return out;
  }
  int err = 0;
  std::unique_ptr<zip_t, int (*)(zip_t*)> z(zip_open(path.c_str(), ZIP_RDONLY, &err), zip_close);
  if (!z) {
    std::ifstream probe(path);
    if (!probe) throw core::InputError(path + ": cannot read file");
    throw core::InputError(path + ": not an .npz archive (zip error " + std::to_string(err) + ")");
  }
  const zip_int64_t members = zip_get_num_entries(z.get(), 0);
  for (zip_int64_t i = 0; i < members; ++i) {
    zip_stat_t st;
    if (zip_stat_index(z.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0 ||
        !(st.valid & ZIP_STAT_NAME) || !(st.valid & ZIP_STAT_SIZE))
      throw core::InputError(path + ": unreadable .npz member " + std::to_string(i));
    std::string name = st.name;
    if (st.size > (zip_uint64_t{1} << 32))
      throw core::InputError(path + ": " + name + ": member larger than 4 GiB");
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> f(
        zip_fopen_index(z.get(), static_cast<zip_uint64_t>(i), 0), zip_fclose);
    if (!f) throw core::InputError(path + ": " + name + ": cannot open .npz member");
    std::string bytes(static_cast<size_t>(st.size), '\0');
    const zip_int64_t got = zip_fread(f.get(), bytes.data(), st.size);
    if (got < 0 || static_cast<zip_uint64_t>(got) != st.size)
      throw core::InputError(path + ": " + name + ": truncated .npz member");
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".npy") == 0)
      name.resize(name.size() - 4);
    out.emplace(name, parse_npy(bytes, path + ": " + name));
  }
  return out;
}

namespace {
// One .npy file (version 1.0): magic, header length, the header dict padded to 64 bytes, data.
std::string npy_bytes(const NpyArray& a) {
  std::string shape = "(";
  for (size_t i = 0; i < a.shape.size(); ++i)
    shape +=
        std::to_string(a.shape[i]) + (a.shape.size() == 1 || i + 1 < a.shape.size() ? "," : "");
  shape += ")";
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>((header.size() >> 8) & 0xff);
  out += header;
  const size_t at = out.size();
  out.resize(at + a.values.size() * sizeof(double));
  std::memcpy(&out[at], a.values.data(), a.values.size() * sizeof(double));  // little-endian host
  return out;
}
}  // namespace

void write_npz(const std::string& path, const std::map<std::string, NpyArray>& arrays) {
  const std::string tmp = path + ".tmp";
  int err = 0;
  zip_t* z = zip_open(tmp.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) throw core::InputError(path + ": cannot create the archive");
  std::vector<std::string> bytes;
  bytes.reserve(arrays.size());
  for (const auto& [name, a] : arrays) {
    bytes.push_back(npy_bytes(a));
    zip_source_t* src = zip_source_buffer(z, bytes.back().data(), bytes.back().size(), 0);
    const zip_int64_t idx =
        src ? zip_file_add(z, (name + ".npy").c_str(), src, ZIP_FL_OVERWRITE) : -1;
    if (idx < 0) {
      if (src) zip_source_free(src);
      zip_discard(z);
      throw core::InputError(path + ": cannot add " + name);
    }
    zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
  }
  if (zip_close(z) != 0) {
    zip_discard(z);
    throw core::InputError(path + ": cannot write the archive");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw core::InputError(path + ": cannot rename " + tmp + " into place");
}

}  // namespace cimsim::functional
