// Transformer and recurrent layers in the chip's stage plan: attention's activation x activation
// matmuls on the tile's matmul unit, softmax/layer norm/GELU on the special-function unit, LSTM
// time steps serialised (configs/isscc28nm.yaml: matmul 64 MACs/cycle, special 8 ops/cycle,
// activation 64 ops/cycle).
#include <catch2/catch.hpp>

#include <cmath>

#include "mapper/mapping.h"
#include "sim/chip/chip_config.h"
#include "sim/chip/stage_plan.h"
#include "sim/pe/pe_cost_from.h"
#include "sim/workload/network.h"

using namespace cimsim;

namespace {
struct Planned {
  chip::ChipConfig cfg;
  chip::PeCost pe;
  workload::Network net;
  mapper::Mapping mapping;
  chip::Plan plan;
  const chip::Stage& stage(const char* name) const {
    const int i = net.find(name);
    REQUIRE(i >= 0);
    REQUIRE(plan.stage_of_layer[i] >= 0);
    return plan.stages[plan.stage_of_layer[i]];
  }
};

Planned plan_for(const std::string& network) {
  Planned p;
  p.cfg = chip::load_chip_config(std::string(CIMSIM_SOURCE_DIR) + "/configs/isscc28nm.yaml");
  p.pe = pe::pe_cost_from(p.cfg.pe);
  p.net = workload::load_network(network, std::string(CIMSIM_SOURCE_DIR) + "/workloads");
  p.mapping = mapper::map_network(p.net, p.cfg.chip, p.pe, p.cfg.mapping);
  p.plan = chip::build_plan(p.net, p.mapping, p.cfg.chip, p.pe);
  return p;
}
}  // namespace

TEST_CASE("bert_base: Q.K^T and A.V run on the matmul unit, waiting on all of K and V",
          "[chip][plan][transformer]") {
  const Planned p = plan_for("bert_base");
  REQUIRE(p.cfg.chip.tile.matmul.ops_per_cycle == 64);
  const chip::Stage& s = p.stage("l0_scores");
  CHECK(s.kind == mapper::StageKind::Digital);
  CHECK(s.unit == chip::DigitalUnit::Matmul);
  CHECK(s.vectors() == 128);       // one per query token
  CHECK(s.macs == 12 * 64 * 128);  // 12 heads x 64 (d/h) x 128 keys per query
  CHECK(s.unit_ops == s.macs);
  CHECK(s.unit_cycles == 12 * 64 * 128 / 64);
  REQUIRE(s.inputs.size() == 2);
  CHECK(s.inputs[0].dep == chip::Dependency::Same);  // its own query row
  CHECK(s.inputs[1].dep == chip::Dependency::All);   // every key
  CHECK(chip::required_count(s.inputs[1], 0, 0) == 128);
  const chip::Stage& c = p.stage("l0_context");
  CHECK(c.unit == chip::DigitalUnit::Matmul);
  CHECK(c.macs == 12 * 128 * 64);  // per query: 12 heads x 128 keys x 64
  CHECK(c.inputs[1].dep == chip::Dependency::All);
}

TEST_CASE("bert_base: softmax, layer norm and GELU run on the special-function unit",
          "[chip][plan][transformer]") {
  const Planned p = plan_for("bert_base");
  REQUIRE(p.cfg.chip.tile.special.ops_per_cycle == 8);
  const chip::Stage& sm = p.stage("l0_softmax");
  CHECK(sm.unit == chip::DigitalUnit::Special);
  CHECK(sm.unit_ops == 12 * 128);  // per query: 12 heads x 128 scores
  CHECK(sm.unit_cycles == 12 * 128 / 8);
  const chip::Stage& ln = p.stage("l0_ln1");
  CHECK(ln.unit == chip::DigitalUnit::Special);
  CHECK(ln.unit_cycles == 768 / 8);
  // GELU is not fused into ff1's activation unit: a stage of its own on the special unit.
  const chip::Stage& gelu = p.stage("l0_act");
  CHECK(gelu.name == "l0_act");
  CHECK(gelu.unit == chip::DigitalUnit::Special);
  CHECK(p.stage("l0_ff1").fused.empty());
  // The scale between Q.K^T and softmax is an element-wise multiply on the two-operand unit.
  CHECK(p.stage("l0_scale").unit == chip::DigitalUnit::ResidualAdd);
}

TEST_CASE("lstm: time steps in order, one replica, gates on the activation unit",
          "[chip][plan][recurrent]") {
  const Planned p = plan_for("lstm");
  for (const char* name : {"lstm1", "lstm2"}) {
    INFO(name);
    const int i = p.net.find(name);
    CHECK(p.mapping.layers[i].replicas.size() == 1);  // replicas would run steps in parallel
    const chip::Stage& s = p.stage(name);
    CHECK(s.kind == mapper::StageKind::Matrix);
    CHECK(s.vectors() == 32);
    CHECK(s.macs == 1024 * 2048);  // [x_t, h_t-1] (512 + 512) x 4 gates x 512
    CHECK(s.fused_ops == 9 * 512);
    CHECK(s.fused_cycles == 9 * 512 / 64);
    // The arrays take step t+1 only after step t's MVM, reduction and gates.
    CHECK(s.mvm_interval_cycles == s.mvm_cycles + s.reduce_cycles + s.fused_cycles);
    CHECK(s.mvm_interval_cycles > s.mvm_cycles);
  }
}

TEST_CASE("cim_write: K and V written into ISAAC's ReRAM arrays, then one MVM per query",
          "[chip][plan][transformer]") {
  Planned p;
  p.cfg = chip::load_chip_config(std::string(CIMSIM_SOURCE_DIR) + "/configs/isaac32nm.yaml");
  p.cfg.chip.attention.dynamic_matmul = chip::DynamicMatmul::CimWrite;
  p.pe = pe::pe_cost_from(p.cfg.pe);
  p.net = workload::load_network("bert_base", std::string(CIMSIM_SOURCE_DIR) + "/workloads");
  p.mapping = mapper::map_network(p.net, p.cfg.chip, p.pe, p.cfg.mapping);
  p.plan = chip::build_plan(p.net, p.mapping, p.cfg.chip, p.pe);
  REQUIRE(p.pe.array_rows == 128);
  REQUIRE(p.pe.array_weight_cols == 16);  // 128 columns of 2-bit cells, 16-bit weights
  const double write_ns = p.cfg.chip.attention.write_ns_per_row;
  REQUIRE(write_ns == 50);
  // Q.K^T: per head K^T is 64 x 128 (64 rows, 128 keys = 8 arrays of 16 columns).
  const chip::Stage& s = p.stage("l0_scores");
  CHECK(s.cim_matmul);
  CHECK(s.unit == chip::DigitalUnit::Matmul);
  CHECK(s.unit_ops == 0);  // no digital MACs
  CHECK(s.arrays == 12 * 1 * 8);
  CHECK(s.kv_row_writes == 12 * 64 * 8);
  const auto cycles = [&](double ns) {
    return static_cast<int64_t>(std::ceil(ns / p.cfg.chip.cycle_ns() - 1e-9));
  };
  CHECK(s.kv_write_cycles == cycles(64 * write_ns));  // arrays written in parallel, row by row
  CHECK(s.acc_ops == 0);                              // 64 rows fit one array
  CHECK(s.unit_cycles == s.mvm_cycles + (s.kv_write_cycles + 127) / 128);
  CHECK_FALSE(s.array_events.empty());
  // A.V: per head V is 128 keys x 64 (one block of 128 rows, 4 arrays of 16 columns).
  const chip::Stage& c = p.stage("l0_context");
  CHECK(c.arrays == 12 * 4);
  CHECK(c.kv_row_writes == 12 * 128 * 4);
  CHECK(c.kv_write_cycles == cycles(128 * write_ns));
}
