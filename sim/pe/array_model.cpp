#include "sim/pe/array_model.h"

#include <stdexcept>

namespace cimsim::pe {

std::unique_ptr<ArrayModel> make_array_model(const PeParams& p) {
  switch (p.array.type) {
    case crossbar::ArrayType::Analog:
      return make_analog_crossbar(p);
    case crossbar::ArrayType::Digital:
      return make_digital_macro(p);
  }
  throw std::logic_error("make_array_model: array type without a model");
}

}  // namespace cimsim::pe
