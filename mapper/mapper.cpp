#include "mapper/mapper.h"

#include "sim/core/errors.h"

namespace cimsim::mapper {

std::unique_ptr<Mapper> make_mapper(const std::string& parallelism, const std::string& key) {
  if (parallelism == "pipeline") return make_pipeline_mapper();
  if (parallelism == "hybrid") return make_hybrid_mapper();
  for (Strategy s : {Strategy::Data, Strategy::Model, Strategy::Tensor})
    if (parallelism == strategy_name(s)) return make_partitioned_mapper(s);
  core::fail_input({}, key,
                   "expected pipeline, data, model, tensor or hybrid, got '" + parallelism + "'");
}

}  // namespace cimsim::mapper
