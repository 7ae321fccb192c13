#include "wasm/module.h"

#include <algorithm>

namespace wasmsize::wasm {

std::string_view section_name(uint8_t id) {
  static constexpr std::string_view kNames[] = {
      "custom", "type",  "import", "function", "table", "memory",    "global",
      "export", "start", "elem",   "code",     "data",  "datacount", "tag"};
  return id < std::size(kNames) ? kNames[id] : "unknown";
}

std::string_view extern_kind_name(ExternKind k) {
  static constexpr std::string_view kNames[] = {"func", "table", "memory", "global", "tag"};
  const auto i = static_cast<size_t>(k);
  return i < std::size(kNames) ? kNames[i] : "unknown";
}

const FuncType* Module::function_type(uint32_t func_index) const {
  if (func_index >= func_types.size()) return nullptr;
  const uint32_t t = func_types[func_index];
  if (t >= types.size() || types[t].kind != TypeEntry::kFunc) return nullptr;
  return &types[t].func;
}

std::string_view Module::function_name(uint32_t func_index) const {
  if (names) {
    auto it = std::lower_bound(names->functions.begin(), names->functions.end(), func_index,
                               [](const auto& entry, uint32_t i) { return entry.first < i; });
    if (it != names->functions.end() && it->first == func_index) return it->second;
  }
  for (const Export& e : exports) {
    if (e.kind == ExternKind::kFunc && e.index == func_index) return e.name;
  }
  return {};
}

}  // namespace wasmsize::wasm
