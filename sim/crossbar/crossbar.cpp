#include "sim/crossbar/crossbar.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace cimsim::crossbar {

int analog_slices(const ArrayParams& p) {
  return (p.weight_bits + p.analog.cell_bits - 1) / p.analog.cell_bits;
}

int analog_columns_per_weight(const ArrayParams& p) {
  return analog_slices(p) * (p.analog.signed_mode == SignedMode::Differential ? 2 : 1);
}

int analog_input_steps(const ArrayParams& p, int dac_bits) {
  return (p.input_bits + dac_bits - 1) / dac_bits;
}

bool polarity_inputs(const ArrayParams& p) {
  return p.signed_inputs && p.analog.input_sign == AnalogArrayParams::InputSign::Polarity;
}

AnalogConversions analog_conversions(const ArrayParams& p, int dac_bits,
                                     const adc::IntegratorParams& integrator,
                                     const adc::AdcParams& adc) {
  AnalogConversions c;
  c.applied_bits = polarity_inputs(p) ? std::max(1, p.input_bits - 1) : p.input_bits;
  c.steps = (c.applied_bits + dac_bits - 1) / dac_bits;
  const int group = integrator.present() ? integrator.bits_per_phase : dac_bits;
  const int n = (c.applied_bits + group - 1) / group;
  c.widths.assign(static_cast<size_t>(n), group);
  const int rest = c.applied_bits - (n - 1) * group;
  // Input steps: the remainder is the top step (least significant first); phases: the bottom one.
  c.widths[integrator.present() ? static_cast<size_t>(n - 1) : 0] = rest;
  const bool variable = integrator.present() && adc.type == adc::AdcType::Serial;
  int lsb = c.applied_bits;
  for (int k = 0; k < n; ++k) {
    lsb -= c.widths[static_cast<size_t>(k)];
    c.lsb_bit.push_back(lsb);
    const int below_top = c.lsb_bit[0] - lsb;  // bits between the top conversion's LSB and this
    c.adc_bits.push_back(variable ? std::max(0, adc.bits - below_top) : adc.bits);
    if (integrator.present()) c.integration_steps += std::pow(2.0, c.widths[k]) - 1.0;
  }
  return c;
}

namespace {
// Stream constant so read noise does not reuse the programming draws.
constexpr uint64_t kNoiseStream = 0x9E3779B97F4A7C15ull;
constexpr uint64_t kDriftStream = 0xD1B54A32D192ED03ull;
constexpr uint64_t kAdcStream = 0x8CB92BA72F3D8DD7ull;
}  // namespace

CrossbarArray::CrossbarArray(const ArrayParams& p, int dac_bits, const adc::AdcParams& adc,
                             const adc::IntegratorParams& integrator)
    : m_p(p),
      m_a(p.analog),
      m_dac_bits(dac_bits),
      m_slices(analog_slices(p)),
      m_cpw(analog_columns_per_weight(p)),
      m_steps(analog_input_steps(p, dac_bits)),
      m_level_max_cell(static_cast<int>(pow2(p.analog.cell_bits) - 1)),
      m_level_max_dac(static_cast<int>(pow2(dac_bits) - 1)),
      // The largest column sum: every row at the top DAC level on a top-level cell (with the
      // flip encoding, on a column whose levels sum to half of that at most).
      m_quant(adc.bits,
              static_cast<double>(p.rows) * m_level_max_dac * m_level_max_cell /
                  (p.analog.flip_encoding ? 2 : 1),
              adc.input_range_fraction),
      m_g(p.rows, p.cols),
      m_noise_rng(p.analog.seed ^ kNoiseStream) {
  m_cols_per_adc = adc.cols_per_adc;
  if (p.type != ArrayType::Analog) throw std::logic_error("CrossbarArray needs an analog array");
  m_neuron = integrator.present() || polarity_inputs(p);
  if (m_neuron) setup_neuron(dac_bits, adc, integrator);
  if (m_cpw > p.cols)
    throw std::logic_error("CrossbarArray: one weight needs more columns than the array has");
}

void CrossbarArray::program(const Eigen::MatrixXi& w) {
  if (w.rows() > m_p.rows || w.cols() > outputs())
    throw std::invalid_argument("CrossbarArray::program: matrix larger than the array");
  m_rows_used = static_cast<int>(w.rows());
  m_outputs_used = static_cast<int>(w.cols());
  const int B = m_p.weight_bits, cb = m_a.cell_bits;
  const auto [lo, hi] = value_range(B, m_p.signed_weights);
  Eigen::MatrixXi level = Eigen::MatrixXi::Zero(m_p.rows, m_p.cols);
  m_weight_col_sums = VectorI64::Zero(m_outputs_used);
  for (int r = 0; r < m_rows_used; ++r)
    for (int o = 0; o < m_outputs_used; ++o) {
      const int64_t v = w(r, o);
      if (v < lo || v > hi)
        throw std::invalid_argument("weight " + std::to_string(v) + " outside [" +
                                    std::to_string(lo) + ", " + std::to_string(hi) + "]");
      m_weight_col_sums(o) += v;
      // Stored magnitudes per column group: offset keeps W + 2^(B−1) in one group.
      int64_t group_value[2] = {v, 0};
      if (m_a.signed_mode == SignedMode::Offset) group_value[0] = v + pow2(B - 1);
      if (m_a.signed_mode == SignedMode::Differential) {
        group_value[0] = v > 0 ? v : 0;
        group_value[1] = v < 0 ? -v : 0;
      }
      const int groups = m_a.signed_mode == SignedMode::Differential ? 2 : 1;
      for (int g = 0; g < groups; ++g)
        for (int k = 0; k < m_slices; ++k)
          level(r, o * m_cpw + g * m_slices + k) =
              static_cast<int>((group_value[g] >> (k * cb)) & m_level_max_cell);
    }
  m_flipped.assign(static_cast<size_t>(m_p.cols), 0);
  if (m_a.flip_encoding)
    for (int c = 0; c < m_p.cols; ++c) {
      int64_t sum = 0;
      for (int r = 0; r < m_rows_used; ++r) sum += level(r, c);
      if (2 * sum > static_cast<int64_t>(m_rows_used) * m_level_max_cell) {
        m_flipped[static_cast<size_t>(c)] = 1;
        for (int r = 0; r < m_rows_used; ++r) level(r, c) = m_level_max_cell - level(r, c);
      }
    }
  // Device draws: the same sequence of (fault, variation) draws for every cell whatever the
  // rates, so results for different σ differ only through σ (monotonicity tests rely on it).
  DeviceRng rng(m_a.seed);
  DeviceRng drift_rng(m_a.seed ^ kDriftStream);
  const bool drifts = m_a.drift_time_s > m_a.drift_t0_s;
  const double log_t = drifts ? std::log(m_a.drift_time_s / m_a.drift_t0_s) : 0.0;
  m_drift_compensation = drifts && m_a.drift_compensation ? std::exp(m_a.drift_nu * log_t) : 1.0;
  const double g_span_uS = m_a.G_on_uS - m_a.G_off_uS;
  const bool device_draws =
      m_a.stuck_on_rate > 0 || m_a.stuck_off_rate > 0 || m_a.variation_sigma > 0 || drifts;
  for (int c = 0; c < m_p.cols; ++c)
    for (int r = 0; r < m_p.rows; ++r) {
      // Ideal devices draw nothing (the draws would not change a conductance).
      const double u = device_draws ? rng.uniform() : 1.0;
      const double z = device_draws ? rng.normal() : 0.0;
      double g = m_a.G_off_uS + g_span_uS * level(r, c) / m_level_max_cell;
      if (u < m_a.stuck_on_rate) {
        g = m_a.G_on_uS;
      } else if (u < m_a.stuck_on_rate + m_a.stuck_off_rate) {
        g = m_a.G_off_uS;
      } else {
        if (m_a.variation_sigma > 0)
          g *= std::exp(m_a.variation_sigma * z);  // lognormal, median = programmed value
        if (drifts) {
          const double nu = std::max(0.0, m_a.drift_nu + m_a.drift_nu_sigma * drift_rng.normal());
          g *= std::exp(-nu * log_t);  // (t / t0)^(−ν)
        }
      }
      if (m_a.wire_resistance_ohm > 0 && g > 0) {
        // First-order IR drop: the cell sees the wire from the row driver to its column and
        // from its row down to the column's sense node in series (no current sharing).
        const double path_ohm = m_a.wire_resistance_ohm * ((c + 1) + (m_p.rows - r));
        g = 1.0 / (1.0 / g + path_ohm * 1e-6);  // µS ↔ MΩ: R[MΩ] = 1/G[µS]
      }
      m_g(r, c) = g;
    }
  // One gain and offset per ADC, in column order.
  const int n_adc = (m_p.cols + m_cols_per_adc - 1) / m_cols_per_adc;
  m_adc_gain.assign(static_cast<size_t>(n_adc), 1.0);
  m_adc_offset.assign(static_cast<size_t>(n_adc), 0.0);
  if (m_a.adc_gain_sigma > 0 || m_a.adc_offset_sigma_lsb > 0) {
    DeviceRng adc_rng(m_a.seed ^ kAdcStream);
    const double lsb = static_cast<double>(m_quant.lsb());
    for (int a = 0; a < n_adc; ++a) {
      m_adc_gain[static_cast<size_t>(a)] = 1.0 + m_a.adc_gain_sigma * adc_rng.normal();
      m_adc_offset[static_cast<size_t>(a)] = m_a.adc_offset_sigma_lsb * lsb * adc_rng.normal();
    }
  }
  m_adc_offsets =
      std::any_of(m_adc_offset.begin(), m_adc_offset.end(), [](double o) { return o != 0; });
}

// Built for AVX2 as well where the CPU has it (GCC function multiversioning: a plain loop, so
// the same sums in the same order either way).
__attribute__((target_clones("avx2", "default"))) void CrossbarArray::add_driven_rows(
    const int* rows, const int* levels, int driven, int cols_used, bool unit_levels) {
  // Column blocks of 16 sums held in registers while the driven rows stream past.
  constexpr int kBlock = 16;
  const double* g = m_g.data();
  const Eigen::Index stride = m_g.cols();
  double* out = m_current_uA.data();
  int c0 = 0;
  for (; c0 + kBlock <= cols_used; c0 += kBlock) {
    double s[kBlock] = {};
    for (int k = 0; k < driven; ++k) {
      const double* row = g + rows[k] * stride + c0;
      if (unit_levels) {
        for (int i = 0; i < kBlock; ++i) s[i] += row[i];
      } else {
        const double lv = levels[k];
        for (int i = 0; i < kBlock; ++i) s[i] += lv * row[i];
      }
    }
    for (int i = 0; i < kBlock; ++i) out[c0 + i] = s[i];
  }
  for (int c = c0; c < cols_used; ++c) {
    double s = 0;
    for (int k = 0; k < driven; ++k) s += levels[k] * g[rows[k] * stride + c];
    out[c] = s;
  }
}

void CrossbarArray::mvm(const Eigen::VectorXi& x, VectorI64& y) {
  mvm_batch(x, m_y1);
  y = m_y1.col(0);
}

void CrossbarArray::mvm_batch(const Eigen::Ref<const Eigen::MatrixXi>& x, MatrixI64& y) {
  if (x.rows() != m_rows_used)
    throw std::invalid_argument("CrossbarArray::mvm: input length != rows programmed");
  const int in_bits = m_p.input_bits;
  // Polarity inputs carry their sign in the pulses: no offset to remove.
  const int64_t in_off = m_p.signed_inputs && !polarity_inputs(m_p) ? pow2(in_bits - 1) : 0;
  const double volt_per_level = m_a.read_voltage_V / m_level_max_dac;
  const double unit_uA = volt_per_level * (m_a.G_on_uS - m_a.G_off_uS) / m_level_max_cell;
  const double inv_unit = 1.0 / unit_uA;
  const double sigma = m_a.read_noise_sigma;
  const double scale = volt_per_level * m_drift_compensation;
  const int cols_used = m_outputs_used * m_cpw;
  const size_t plane = static_cast<size_t>(m_rows_used);
  // One plane of driven rows per conversion: an input step, or a neuron's phase.
  const int planes = m_neuron ? static_cast<int>(m_conv.widths.size()) : m_steps;
  m_driven_row.resize(plane * static_cast<size_t>(planes));
  m_driven_level.resize(plane * static_cast<size_t>(planes));
  m_step_driven.resize(static_cast<size_t>(planes));
  m_step_levels.resize(static_cast<size_t>(planes));
  m_current_uA.resize(cols_used);
  m_acc.resize(cols_used);
  y.resize(m_outputs_used, x.cols());
  // Locals the conversion loop keeps in registers (its stores cannot alias them).
  const adc::AdcQuantizer quant = m_quant;
  const uint8_t* flipped = m_flipped.data();
  const double* current = m_current_uA.data();
  int64_t* acc = m_acc.data();
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    // Each input (shifted to unsigned when signed) is checked, and its nonzero digits list the
    // rows each input step drives (a row's higher steps end with its value).
    std::fill(m_step_driven.begin(), m_step_driven.end(), 0);
    std::fill(m_step_levels.begin(), m_step_levels.end(), 0);
    int64_t sum_u = 0;
    if (m_neuron) sum_u = neuron_levels(x.col(j), in_off);  // neuron_readout.cpp
    for (int r = 0; r < m_rows_used && !m_neuron; ++r) {
      const int64_t u = static_cast<int64_t>(x(r, j)) + in_off;
      if (u < 0 || u >= pow2(in_bits))
        throw std::invalid_argument("input " + std::to_string(x(r, j)) + " out of range");
      sum_u += u;
      int t = 0;
      for (uint64_t v = static_cast<uint64_t>(u); v != 0; v >>= m_dac_bits, ++t) {
        const int lv = static_cast<int>(v & static_cast<uint64_t>(m_level_max_dac));
        if (lv == 0) continue;
        const size_t at = static_cast<size_t>(t) * plane +
                          static_cast<size_t>(m_step_driven[static_cast<size_t>(t)]++);
        m_driven_row[at] = r;
        m_driven_level[at] = lv;
        m_step_levels[static_cast<size_t>(t)] += lv;
      }
    }
    m_acc.setZero();
    for (int t = 0; t < planes; ++t) {
      // I = Σ_r V_r·G_r: only the rows this step drives conduct.
      const int driven = m_step_driven[static_cast<size_t>(t)];
      const int64_t sum_levels = m_step_levels[static_cast<size_t>(t)];
      // No driven row: no current, no read noise; only ADC offsets give a nonzero code.
      if (driven == 0 && !m_adc_offsets) continue;
      add_driven_rows(m_driven_row.data() + static_cast<size_t>(t) * plane,
                      m_driven_level.data() + static_cast<size_t>(t) * plane, driven, cols_used,
                      !m_neuron && m_level_max_dac == 1);
      const double baseline_uA = volt_per_level * m_a.G_off_uS * static_cast<double>(sum_levels);
      const bool noisy = sigma > 0 && driven > 0;
      // A neuron's phase has its own quantizer and weight (the bit its LSB is).
      const adc::AdcQuantizer q = m_neuron ? m_phase_quant[static_cast<size_t>(t)] : quant;
      const int64_t step_weight =
          pow2(m_neuron ? m_conv.lsb_bit[static_cast<size_t>(t)] : t * m_dac_bits);
      for (int c0 = 0, a = 0; c0 < cols_used; c0 += m_cols_per_adc, ++a) {
        const double gain = m_adc_gain[static_cast<size_t>(a)];
        const double offset = m_adc_offset[static_cast<size_t>(a)];
        const int c1 = std::min(cols_used, c0 + m_cols_per_adc);
        for (int c = c0; c < c1; ++c) {
          double i = current[c] * scale;
          if (noisy) i *= 1.0 + sigma * m_noise_rng.normal();
          const double unit_products = (i - baseline_uA) * inv_unit;  // G_off baseline removed
          const double seen = unit_products * gain + offset;
          // A bipolar neuron decides the sign, then converts the magnitude.
          int64_t v = m_bipolar && seen < 0 ? -q.convert(-seen) : q.convert(seen);
          // A flipped column read Σ lv·(top − level) over the rows used: the sum is top·Σ lv
          // minus it.
          if (flipped[c]) v = m_level_max_cell * sum_levels - v;
          acc[c] += v * step_weight;  // v < 0 on a flipped column that read high
        }
      }
    }
    combine_outputs(sum_u, in_off, y.col(j));
  }
}

void CrossbarArray::combine_outputs(int64_t sum_u, int64_t in_off, Eigen::Ref<VectorI64> y) const {
  const int cb = m_a.cell_bits;
  for (int o = 0; o < m_outputs_used; ++o) {
    int64_t v = 0;
    for (int k = 0; k < m_slices; ++k) {
      v += m_acc(o * m_cpw + k) * pow2(k * cb);
      if (m_a.signed_mode == SignedMode::Differential)
        v -= m_acc(o * m_cpw + m_slices + k) * pow2(k * cb);
    }
    if (m_a.signed_mode == SignedMode::Offset) v -= pow2(m_p.weight_bits - 1) * sum_u;
    if (in_off != 0) v -= in_off * m_weight_col_sums(o);
    y(o) = v;
  }
}

double CrossbarArray::predicted_error_mean() const {
  if (m_quant.lsb() == 1) return 0;
  double m = 0;
  for (int t = 0; t < m_steps; ++t)
    for (int k = 0; k < m_slices; ++k) {
      const double scale = static_cast<double>(pow2(t * m_dac_bits + k * m_a.cell_bits));
      m += 0.5 * scale * (m_a.signed_mode == SignedMode::Differential ? 0.0 : 1.0);
    }
  return m;
}

double CrossbarArray::predicted_error_variance() const {
  const double lsb = static_cast<double>(m_quant.lsb());
  const double per = (lsb * lsb - 1.0) / 12.0;
  const int groups = m_a.signed_mode == SignedMode::Differential ? 2 : 1;
  double v = 0;
  for (int t = 0; t < m_steps; ++t)
    for (int k = 0; k < m_slices; ++k) {
      const double scale = static_cast<double>(pow2(t * m_dac_bits + k * m_a.cell_bits));
      v += groups * per * scale * scale;
    }
  return v;
}

}  // namespace cimsim::crossbar
