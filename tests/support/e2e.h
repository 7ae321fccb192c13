// What end-to-end tests share: the real binary, the module and zip
// builders, JSON, and a fixture of one wheel (two modules: 3 kB and 10 B of
// padding) with a budget file beside it.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/run.h"
#include "support/wasm_builder.h"
#include "support/zip_builder.h"

namespace wasmsize {

using nlohmann::json;
using test::Buf;
using test::quote;
using test::run_wasmsize;

namespace test {

class WheelAndBudget : public ::testing::Test {
 protected:
  TempDir tmp;
  std::string wheel_ = (tmp.path() / "demo-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl").string();
  std::string budget_ = (tmp.path() / "wasmsize.yaml").string();

  void SetUp() override {
    write_zip(wheel_, {{"demo/big.cpython-312-wasm32-emscripten.so", padded_module(3000)},
                       {"demo/small.cpython-312-wasm32-emscripten.so", padded_module(10)}});
  }
  void budget(const std::string& yaml) { write_file(budget_, Buf(yaml.begin(), yaml.end())); }
  RunResult check(const std::string& extra = "") {
    return run_wasmsize("check --budget " + quote(budget_) + " " + extra + " " + quote(wheel_));
  }
};

}  // namespace test
}  // namespace wasmsize
