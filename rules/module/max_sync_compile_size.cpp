#include <fmt/format.h>

#include "rules/all_rules.h"

namespace wasmsize::rules {

// Chrome refuses WebAssembly.Module() (synchronous compilation) of more
// than 8 MiB on the main thread; Pyodide loads such modules otherwise or
// fails (pyodide#6390).
Rule module_max_sync_compile_size() {
  Rule r = module_size_rule("module.max-sync-compile-size",
                            "Module size that a browser still compiles synchronously on the main "
                            "thread (Chrome: 8 MiB).",
                            [](const model::ModuleReport& m) { return m.size; });
  auto inner = r.module;
  r.module = [inner](const model::ModuleReport& m, const Setting& s) {
    auto v = inner(m, s);
    for (auto& x : v)
      x.message += ": over what a browser compiles synchronously on the main thread";
    return v;
  };
  return r;
}

}  // namespace wasmsize::rules
