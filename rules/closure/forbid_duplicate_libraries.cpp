#include <fmt/format.h>

#include "base/units.h"
#include "rules/all_rules.h"

namespace wasmsize::rules {

// h5py and netcdf4 both vendor a byte-identical 3.35 MB libhdf5.so
// (pyodide#4841): a closure holding both downloads and compiles it twice.
Rule closure_forbid_duplicate_libraries() {
  return closure_flag_rule(
      "closure.forbid-duplicate-libraries",
      "The same module file (name and SHA-256) in two wheels of one load closure.",
      [](const ClosureSubject& c) {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& d : c.closure.duplicate_libraries) {
          out.emplace_back(d.name, fmt::format("{} ({}) is shipped by {} wheels of the closure: {}",
                                               d.name, base::human_size(d.size), d.wheels.size(),
                                               fmt::join(d.wheels, ", ")));
        }
        return out;
      });
}

}  // namespace wasmsize::rules
