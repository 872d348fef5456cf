#include "sim/pe/array_model.h"

#include <stdexcept>

namespace cimsim::pe {

void FunctionalArray::mvm_batch(const Eigen::Ref<const Eigen::MatrixXi>& x, MatrixI64& y) {
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    m_x = x.col(j);
    mvm(m_x, m_y);
    if (j == 0) y.resize(m_y.size(), x.cols());
    y.col(j) = m_y;
  }
}

std::unique_ptr<ArrayModel> make_array_model(const PeParams& p) {
  switch (p.array.type) {
    case crossbar::ArrayType::Analog:
      return make_analog_crossbar(p);
    case crossbar::ArrayType::Digital:
      return make_digital_macro(p);
    case crossbar::ArrayType::Charge:
      return make_charge_array(p);
    case crossbar::ArrayType::ColumnAdder:
      return make_column_adder_array(p);
  }
  throw std::logic_error("make_array_model: array type without a model");
}

}  // namespace cimsim::pe
