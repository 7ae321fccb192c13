// Every number in a saved report, each replaced by a negative, a fraction,
// a float far past any integer and an integer past 64 bits: the reader
// refuses it (naming the key) or ignores it, and never converts it with a
// plain cast, which is undefined behaviour (UBSan says "runtime error" in
// the sanitizer build).
#include <gtest/gtest.h>

#include <functional>

#include "fixtures.h"
#include "json/schema.h"

namespace wasmsize::json {
namespace {

TEST(SavedReportReader, EveryNumberIsReadCheckedWhateverItHolds) {
  const model::Run run = test::sample_run();
  std::vector<std::vector<const model::ModuleReport*>> listed;
  for (const auto& a : run.artifacts) {
    listed.emplace_back();
    for (const auto& m : a.modules)
      listed.back().push_back(&m);
  }
  const json doc = report_document(run, nullptr, listed);
  std::vector<json::json_pointer> numbers;
  std::function<void(const json&, const json::json_pointer&)> walk =
      [&](const json& j, const json::json_pointer& at) {
        if (j.is_number()) numbers.push_back(at);
        if (j.is_object()) {
          for (const auto& [k, v] : j.items())
            walk(v, at / k);
        }
        if (j.is_array()) {
          for (size_t i = 0; i < j.size(); ++i)
            walk(j[i], at / i);
        }
      };
  walk(doc, json::json_pointer());
  ASSERT_GT(numbers.size(), 20u);
  size_t refused = 0;
  for (const auto& at : numbers) {
    for (const json& bad :
         {json(-1), json(1.5), json(6.6e133), json::parse("18446744073709551616")}) {
      json edited = doc;
      edited[at] = bad;
      Gaps gaps;
      try {
        run_from_document(edited, gaps);
      } catch (const std::runtime_error& e) {
        ++refused;
        EXPECT_NE(std::string(e.what()).find('\''), std::string::npos) << at << ": " << e.what();
      }
    }
  }
  EXPECT_GT(refused, numbers.size() * 3) << "most numbers are read, and each bad one refused";
}

}  // namespace
}  // namespace wasmsize::json
