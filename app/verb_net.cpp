// `cimsim net NAME|PATH`: a network's per-layer table (shapes, MACs, weights, matrix view).
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli_common.h"
#include "app/verbs.h"
#include "sim/core/errors.h"
#include "sim/workload/network.h"
#include "sim/workload/workloads_dir.h"

namespace po = boost::program_options;

namespace cimsim::app {
namespace {

using workload::Layer;
using workload::Network;

// 1234567 -> "1,234,567": totals of ~1e10 are unreadable without separators.
std::string grouped(int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string input_shapes(const Network& net, const Layer& l) {
  std::string s;
  for (int i : l.inputs) s += (s.empty() ? "" : "+") + net.shape_of(i).str();
  return s;
}

std::string input_names(const Network& net, const Layer& l, const char* sep) {
  std::string s;
  for (int i : l.inputs)
    s += (s.empty() ? "" : sep) +
         (i == workload::kNetworkInput ? std::string("input") : net.layers[i].name);
  return s;
}

std::string matrix_view(const Layer& l) {
  if (!l.is_matrix()) return "";
  std::string s = std::to_string(l.rows) + "x" + std::to_string(l.cols);
  if (l.groups > 1) s += " g" + std::to_string(l.groups);
  return s;
}

void print_table(const Network& net, std::ostream& os) {
  const std::vector<std::string> head = {"#",    "name",    "type",        "input",      "output",
                                         "MACs", "weights", "rows x cols", "element ops"};
  const std::vector<bool> right = {true, false, false, false, false, true, true, false, true};
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < net.layers.size(); ++i) {
    const Layer& l = net.layers[i];
    rows.push_back({std::to_string(i), l.name, workload::type_name(l), input_shapes(net, l),
                    l.out_shape.str(), l.macs ? grouped(l.macs) : "",
                    l.weights ? grouped(l.weights) : "", matrix_view(l),
                    l.element_ops ? grouped(l.element_ops) : ""});
  }
  std::vector<size_t> width(head.size());
  for (size_t c = 0; c < head.size(); ++c) {
    width[c] = head[c].size();
    for (const auto& r : rows) width[c] = std::max(width[c], r[c].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (size_t c = 0; c < cells.size(); ++c) {
      const std::string pad(width[c] - cells[c].size(), ' ');
      s += c ? "  " : "";
      s += right[c] ? pad + cells[c] : cells[c] + pad;
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    os << s << "\n";
  };
  os << "network " << net.name << " (" << net.file << ")\n";
  if (!net.description.empty()) os << "  " << net.description << "\n";
  if (!net.source.empty()) os << "  source: " << net.source << "\n";
  os << "  input: " << net.input.str() << " (CxHxW, one image)\n\n";
  line(head);
  for (const auto& r : rows) line(r);
  os << "\ntotals: " << net.layers.size() << " layers (" << net.matrix_layer_count()
     << " conv2d/linear)\n"
     << "  MACs:        " << grouped(net.total_macs()) << "\n"
     << "  weights:     " << grouped(net.total_weights()) << "\n"
     << "  params:      " << grouped(net.total_params())
     << " (weights + biases + batchnorm affine)\n"
     << "  element ops: " << grouped(net.total_element_ops()) << " (pool, activation, add)\n";
}

nlohmann::ordered_json shape_json(const workload::Shape& s) {
  return {s.channels, s.height, s.width};
}

void print_json(const Network& net, std::ostream& os) {
  nlohmann::ordered_json j;
  j["name"] = net.name;
  j["description"] = net.description;
  j["source"] = net.source;
  j["file"] = net.file;
  j["input_shape"] = shape_json(net.input);
  j["layers"] = nlohmann::ordered_json::array();
  for (size_t i = 0; i < net.layers.size(); ++i) {
    const Layer& l = net.layers[i];
    nlohmann::ordered_json lj;
    lj["index"] = i;
    lj["name"] = l.name;
    lj["type"] = workload::type_name(l);
    lj["inputs"] = nlohmann::ordered_json::array();
    for (int k : l.inputs)
      lj["inputs"].push_back(k == workload::kNetworkInput ? std::string("input")
                                                          : net.layers[k].name);
    lj["input_shape"] = shape_json(l.in_shape);
    lj["output_shape"] = shape_json(l.out_shape);
    lj["macs"] = l.macs;
    lj["weights"] = l.weights;
    lj["biases"] = l.biases;
    lj["params"] = l.params;
    lj["element_ops"] = l.element_ops;
    if (l.is_matrix())
      lj["matrix"] = {
          {"rows", l.rows}, {"cols", l.cols}, {"groups", l.groups}, {"vectors", l.vectors}};
    j["layers"].push_back(std::move(lj));
  }
  j["totals"] = {{"layers", net.layers.size()},  {"matrix_layers", net.matrix_layer_count()},
                 {"macs", net.total_macs()},     {"weights", net.total_weights()},
                 {"params", net.total_params()}, {"element_ops", net.total_element_ops()}};
  os << j.dump(2) << "\n";
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

void print_csv(const Network& net, std::ostream& os) {
  os << "index,name,type,inputs,in_channels,in_height,in_width,out_channels,out_height,out_width,"
        "macs,weights,biases,params,element_ops,rows,cols,groups,vectors\n";
  for (size_t i = 0; i < net.layers.size(); ++i) {
    const Layer& l = net.layers[i];
    os << i << "," << csv_field(l.name) << "," << workload::type_name(l) << ","
       << csv_field(input_names(net, l, ";")) << "," << l.in_shape.channels << ","
       << l.in_shape.height << "," << l.in_shape.width << "," << l.out_shape.channels << ","
       << l.out_shape.height << "," << l.out_shape.width << "," << l.macs << "," << l.weights << ","
       << l.biases << "," << l.params << "," << l.element_ops << "," << l.rows << "," << l.cols
       << "," << (l.is_matrix() ? l.groups : 0) << "," << l.vectors << "\n";
  }
  // Totals as a last row whose type is "total" (easy to drop with a filter on that column).
  os << ",total,total,,,,,,,," << net.total_macs() << "," << net.total_weights() << ",,"
     << net.total_params() << "," << net.total_element_ops() << ",,,,\n";
}

}  // namespace

int verb_net(int argc, char** argv) {
  std::string net_arg, format = "table", workloads_dir;
  po::options_description desc("cimsim net options");
  desc.add_options()("help,h", "print this help")(
      "net", po::value(&net_arg)->value_name("NAME|PATH"),
      "a bundled network name (workloads/NAME.yaml) or a path to a network .yaml file")(
      "format", po::value(&format)->value_name("FMT"),
      "stdout format: table|json|csv (default table)")(
      "workloads", po::value(&workloads_dir)->value_name("DIR"),
      "where bundled networks are (default: $CIMSIM_WORKLOADS_DIR, ./workloads, then the source "
      "tree "
      "of this build)");
  po::positional_options_description pos;
  pos.add("net", 1);
  po::variables_map vm;
  if (!parse_verb_options(argc, argv, desc, &pos, vm,
                          "cimsim net NAME|PATH [--format table|json|csv]"))
    return 0;
  if (net_arg.empty())
    throw core::InputError("cimsim net: expected a network name or path (see cimsim net --help)");
  CommonOptions opts;
  opts.format = format;
  const OutputFormat fmt = opts.output_format();
  if (workloads_dir.empty()) workloads_dir = workload::find_workloads_dir();
  const Network net = workload::load_network(net_arg, workloads_dir);
  switch (fmt) {
    case OutputFormat::Table:
      print_table(net, std::cout);
      break;
    case OutputFormat::Json:
      print_json(net, std::cout);
      break;
    case OutputFormat::Csv:
      print_csv(net, std::cout);
      break;
  }
  return 0;
}

}  // namespace cimsim::app
