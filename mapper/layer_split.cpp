#include "mapper/layer_split.h"

#include "mapper/mapping.h"

#include <string>

#include "sim/core/errors.h"
#include "sim/core/int_math.h"

namespace cimsim::mapper {

using core::ceil_div;
using workload::Layer;

int64_t pes_for(const Layer& l, int64_t cols, const chip::PeCost& chip_pe) {
  const chip::PeCost& pe = layer_pe(chip_pe, l);  // the layer's precision, pruned rows compacted
  const int64_t arrays =
      l.groups * ceil_div(l.mapped_rows(), pe.array_rows) * ceil_div(cols, pe.array_weight_cols);
  return ceil_div(arrays, pe.arrays_per_pe);
}

workload::Network split_oversized_layers(const workload::Network& net, const chip::ChipParams& chip,
                                         const chip::PeCost& pe) {
  const int64_t total = chip.tiles() * chip.tile.pes;
  workload::Network out = net;
  out.layers.clear();
  std::vector<int> new_index(net.layers.size());
  auto remap = [&](std::vector<int> inputs) {
    for (int& i : inputs)
      if (i != workload::kNetworkInput) i = new_index[i];
    return inputs;
  };
  for (size_t i = 0; i < net.layers.size(); ++i) {
    const Layer& l = net.layers[i];
    if (!l.is_matrix() || pes_for(l, l.mapped_cols(), pe) <= total) {
      Layer copy = l;
      copy.inputs = remap(l.inputs);
      new_index[i] = static_cast<int>(out.layers.size());
      out.layers.push_back(copy);
      continue;
    }
    const std::string where = "layers[" + std::to_string(i) + "] (" + l.name + ")";
    if (l.groups > 1)
      core::fail_input(core::Origin{net.file, l.line}, where,
                       "a grouped conv larger than the chip cannot be split over time");
    // The fewest parts whose column ranges each fit the chip.
    // Pruned filters are gone: the parts share the columns that remain.
    const int64_t lcols = l.mapped_cols();
    int64_t parts = ceil_div(pes_for(l, lcols, pe), total);
    while (parts <= lcols && pes_for(l, ceil_div(lcols, parts), pe) > total) ++parts;
    if (parts > lcols)
      core::fail_input(core::Origin{net.file, l.line}, where,
                       "even one output column needs " + std::to_string(pes_for(l, 1, pe)) +
                           " PEs; the chip has " + std::to_string(total));
    const int64_t per = ceil_div(lcols, parts);
    std::vector<int> part_ids;
    for (int64_t k = 0; k * per < lcols; ++k) {
      const int64_t cols = std::min(per, lcols - k * per);
      Layer p = l;
      p.pruned.cols = 0;
      p.name = l.name + "#" + std::to_string(k);
      p.inputs = remap(l.inputs);
      p.cols = cols;
      p.out_shape.channels = cols;
      p.weights = l.rows * cols;
      p.biases = l.bias ? cols : 0;
      p.params = p.weights + p.biases;
      p.macs = l.rows * cols * l.vectors;
      p.element_ops = 0;
      part_ids.push_back(static_cast<int>(out.layers.size()));
      out.layers.push_back(p);
    }
    Layer cat;  // takes the layer's name: consumers and reports still find it
    cat.name = l.name;
    cat.type = workload::LayerType::Concat;
    cat.inputs = part_ids;
    cat.line = l.line;
    cat.in_shape = out.layers[part_ids.front()].out_shape;
    cat.out_shape = l.out_shape;
    new_index[i] = static_cast<int>(out.layers.size());
    out.layers.push_back(cat);
  }
  return out;
}

}  // namespace cimsim::mapper
