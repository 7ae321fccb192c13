// Applies a budget to what was measured: resolves each rule's setting and
// severity for each module and artifact (base, then matching overrides in
// order), runs the rule, and turns violations into findings. Rules only
// judge: what they judge (clusters split by scope, matched base sizes) is
// computed by the pipeline and analysis/, as each rule's `needs` asks.
#pragma once

#include "model/model.h"
#include "pipeline/measurements.h"
#include "pipeline/needs.h"
#include "rules/budget.h"

namespace wasmsize::rules {

// What the budget's rules need measured: the union of each set rule's needs
// (in the base sections and in overrides).
pipeline::Needs needs(const Budget& budget);

// With `base` (check --base), the growth.* rules compare each module and
// artifact with its counterpart there.
model::Evaluation evaluate(const pipeline::Measurements& measured, const Budget& budget,
                           const model::Run* base = nullptr);

}  // namespace wasmsize::rules
