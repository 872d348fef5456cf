#include "sim/functional/accuracy.h"

#include <algorithm>
#include <cmath>

namespace cimsim::functional {

ReferenceRun run_reference(const QuantNet& qn, const std::vector<Image>& data) {
  ReferenceRun r;
  ReferenceEngine eng(qn);
  for (const Image& im : data) {
    r.outputs.push_back(qn.forward(im, eng));
    r.top1.push_back(argmax(r.outputs.back()));
    if (im.label >= 0) {
      ++r.labeled;
      if (r.top1.back() == im.label) ++r.correct;
    }
  }
  return r;
}

ChipRun run_chip(const QuantNet& qn, const mapper::Mapping& mapping, const pe::PeParams& pe,
                 int64_t psum_bits, uint64_t seed, const std::vector<Image>& data,
                 const ReferenceRun& ref, bool keep_outputs) {
  ChipRun r;
  ChipEngine eng(qn, mapping, pe, psum_bits, seed);
  double sq = 0;
  int64_t n_out = 0;
  for (size_t k = 0; k < data.size(); ++k) {
    QTensor out = qn.forward(data[k], eng);
    const QTensor& want = ref.outputs[k];
    const int64_t top = argmax(out);
    ++r.images;
    if (top == ref.top1[k]) ++r.agree;
    if (data[k].label >= 0) {
      ++r.labeled;
      if (top == data[k].label) ++r.correct;
    }
    bool same = true;
    for (size_t i = 0; i < out.q.size(); ++i) {
      const double d = double(out.q[i]) - double(want.q[i]);
      sq += d * d;
      same = same && d == 0;
    }
    n_out += static_cast<int64_t>(out.q.size());
    if (same) ++r.exact;
    if (keep_outputs) r.outputs.push_back(std::move(out));
  }
  r.rms_error_lsb = n_out ? std::sqrt(sq / double(n_out)) : 0;
  r.engine = eng.stats();
  return r;
}

Interval mean_interval(const std::vector<double>& v) {
  Interval iv;
  if (v.empty()) return iv;
  for (double x : v) iv.mean += x;
  iv.mean /= double(v.size());
  if (v.size() < 2 || std::all_of(v.begin(), v.end(), [&](double x) { return x == v[0]; })) {
    iv.mean = v[0];  // exactly, without the rounding of the sum
    return iv;
  }
  double ss = 0;
  for (double x : v) ss += (x - iv.mean) * (x - iv.mean);
  const double sd = std::sqrt(ss / double(v.size() - 1));
  // Two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom, then the normal's.
  static const double kT[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                              2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                              2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                              2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  const size_t df = v.size() - 1;
  const double t = df <= 30 ? kT[df - 1] : 1.96;
  iv.half_width = t * sd / std::sqrt(double(v.size()));
  return iv;
}

uint64_t trial_seed(uint64_t seed, int64_t trial) {
  if (trial == 0) return seed;
  uint64_t z = seed + 0x9e3779b97f4a7c15ULL * static_cast<uint64_t>(trial);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace cimsim::functional
