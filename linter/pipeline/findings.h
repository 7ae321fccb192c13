// What the pipeline says about modules it parsed, and the whole catalogue of
// input findings (the sources' and its own) for reports that list rules.
#pragma once

#include <array>
#include <span>

#include "base/catalogue.h"

namespace wasmsize::pipeline {

inline constexpr base::FindingKind kMalformedModule{
    "input.malformed-module", model::Severity::kError, "A WebAssembly module that does not parse."};
inline constexpr base::FindingKind kMalformedCustomSection{
    "input.malformed-custom-section", model::Severity::kWarning,
    "A dylink.0, target_features, name or producers section that does not decode."};

// Raised by the rules engine, about the inputs: what a budget asks for
// that nothing among them lets it judge, so no check passes by doing nothing.
inline constexpr base::FindingKind kNotJudged{
    "input.rules-not-judged", model::Severity::kWarning,
    "Rules the budget sets that the inputs give nothing to judge: closure rules with no "
    "pyodide-lock.json among the inputs, growth of closures with a --base that holds no "
    "distribution (a saved report or wheels without their lock)."};
inline constexpr base::FindingKind kResourceLimit{
    "input.resource-limit", model::Severity::kError,
    "An input that needed more memory (or another resource) than the machine gave; the other "
    "inputs are still measured."};

// Every input.* kind, in the order reports list them.
std::span<const base::FindingKind> input_finding_kinds();

}  // namespace wasmsize::pipeline
