// Applies a budget to what was measured: resolves each rule's setting and
// severity for each module and artifact (base, then matching overrides in
// order), runs the rule, and turns violations into findings.
#pragma once

#include "model/model.h"
#include "rules/budget.h"

namespace wasmsize::rules {

// With `base` (check --base), the growth.* rules compare each module and
// artifact with its counterpart there.
model::Evaluation evaluate(const model::Run& run, const Budget& budget,
                           const model::Run* base = nullptr);

// Whether anything in the budget needs every archive entry hashed.
bool needs_entry_hashes(const Budget& budget);

// The fingerprint level the budget's duplicates.* rules judge (its
// duplicates.mode), or none when it has no such rule.
model::Levels needed_levels(const Budget& budget);

// "rule|distribution|member": the same across versions of a wheel.
std::string finding_key(std::string_view rule, const model::ArtifactReport& a,
                        std::string_view member);

}  // namespace wasmsize::rules
