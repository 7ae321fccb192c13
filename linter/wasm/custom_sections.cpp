#include "wasm/custom_sections.h"

#include <fmt/format.h>

#include <algorithm>

namespace wasmsize::wasm {

namespace {

// Subsections of dylink.0 and name: an id byte, a size, a payload.
template <typename Fn>
void for_each_subsection(Reader& r, Fn&& fn) {
  while (!r.at_end()) {
    const uint8_t id = r.u8("subsection id");
    const uint32_t size = r.u32("subsection size");
    if (size > r.remaining()) {
      r.fail(fmt::format("unexpected end: subsection {} declares {} bytes, {} left", id, size,
                         r.remaining()));
    }
    Reader sub = r.sub(size, "subsection");
    fn(id, sub);
  }
}

std::vector<std::string_view> read_names(Reader& r, const char* what) {
  const uint32_t n = r.count(what);
  std::vector<std::string_view> out;
  out.reserve(n);
  for (uint32_t i = 0; i < n; ++i)
    out.push_back(r.name(what));
  return out;
}

void parse_dylink0(Reader& r, Dylink& d) {
  for_each_subsection(r, [&d](uint8_t id, Reader& s) {
    switch (id) {
      case 1:  // WASM_DYLINK_MEM_INFO
        d.mem_size = s.u32("mem_size");
        d.mem_align = s.u32("mem_align");
        d.table_size = s.u32("table_size");
        d.table_align = s.u32("table_align");
        break;
      case 2:  // WASM_DYLINK_NEEDED
        d.needed = read_names(s, "needed library");
        break;
      case 3: {  // WASM_DYLINK_EXPORT_INFO
        const uint32_t n = s.count("export info count", 2);
        for (uint32_t i = 0; i < n; ++i) {
          auto name = s.name("export info name");
          d.export_info.push_back({name, s.u32("export info flags")});
        }
        break;
      }
      case 4: {  // WASM_DYLINK_IMPORT_INFO
        const uint32_t n = s.count("import info count", 3);
        for (uint32_t i = 0; i < n; ++i) {
          auto module = s.name("import info module");
          auto field = s.name("import info field");
          d.import_info.push_back({module, field, s.u32("import info flags")});
        }
        break;
      }
      case 5:  // WASM_DYLINK_RUNTIME_PATH
        d.runtime_paths = read_names(s, "runtime path");
        break;
      default:  // unknown subsections are sized and skipped
        s.skip(s.remaining(), "unknown dylink.0 subsection");
    }
    if (!s.at_end()) s.fail("dylink.0 subsection has unread bytes at its end");
  });
}

void parse_legacy_dylink(Reader& r, Dylink& d) {
  d.legacy = true;
  d.mem_size = r.u32("mem_size");
  d.mem_align = r.u32("mem_align");
  d.table_size = r.u32("table_size");
  d.table_align = r.u32("table_align");
  d.needed = read_names(r, "needed library");
}

void parse_target_features(Reader& r, std::vector<Feature>& out) {
  const uint32_t n = r.count("feature count", 2);
  for (uint32_t i = 0; i < n; ++i) {
    const size_t at = r.offset();
    const auto prefix = static_cast<char>(r.u8("feature prefix"));
    if (prefix != '+' && prefix != '-' && prefix != '=') {
      Reader::fail_at(at, fmt::format("unknown feature prefix 0x{:02x}", uint8_t(prefix)));
    }
    out.push_back({prefix, r.name("feature name")});
  }
}

void read_name_map(Reader& s, std::vector<std::pair<uint32_t, std::string_view>>& out) {
  const uint32_t n = s.count("name map count", 2);
  out.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t idx = s.u32("name map index");
    out.emplace_back(idx, s.name("name"));
  }
  // The format asks for increasing indices; sort so lookups can rely on it.
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
}

void parse_names(Reader& r, NameSection& names) {
  for_each_subsection(r, [&names](uint8_t id, Reader& s) {
    switch (id) {
      case 0:
        names.module_name = s.name("module name");
        break;
      case 1:
        read_name_map(s, names.functions);
        break;
      case 2: {
        const uint32_t n = s.count("local name function count", 2);
        for (uint32_t i = 0; i < n; ++i) {
          const uint32_t func = s.u32("function index");
          const uint32_t m = s.count("local name count", 2);
          for (uint32_t k = 0; k < m; ++k) {
            const uint32_t local = s.u32("local index");
            names.locals.push_back({func, local, s.name("local name")});
          }
        }
        break;
      }
      case 7:
        read_name_map(s, names.globals);
        break;
      default:  // labels, types, tables, memories, ...: sized, not decoded
        s.skip(s.remaining(), "name subsection");
    }
    if (!s.at_end()) s.fail("name subsection has unread bytes at its end");
  });
}

void parse_producers(Reader& r, Producers& p) {
  const uint32_t n = r.count("producers field count", 2);
  for (uint32_t i = 0; i < n; ++i) {
    auto field = r.name("producers field name");
    const uint32_t m = r.count("producers value count", 2);
    std::vector<Producers::Entry> values;
    values.reserve(m);
    for (uint32_t k = 0; k < m; ++k) {
      auto name = r.name("producer name");
      values.push_back({name, r.name("producer version")});
    }
    p.fields.emplace_back(field, std::move(values));
  }
}

}  // namespace

void parse_custom_section(std::string_view name, Reader payload, Module& m) {
  try {
    if (name == "dylink.0") {
      parse_dylink0(payload, m.dylink.emplace());
    } else if (name == "dylink") {
      parse_legacy_dylink(payload, m.dylink.emplace());
    } else if (name == "target_features") {
      parse_target_features(payload, m.features);
    } else if (name == "name") {
      parse_names(payload, m.names.emplace());
    } else if (name == "producers") {
      parse_producers(payload, m.producers.emplace());
    } else {
      return;
    }
    if (!payload.at_end())
      payload.fail(fmt::format("{} section has unread bytes at its end", name));
  } catch (const ParseError& e) {
    m.custom_issues.push_back({name, e.offset(), e.what()});
  }
}

}  // namespace wasmsize::wasm
