#!/bin/bash
# wasm_size_check() for real: the installed package and the FetchContent
# path, in an Emscripten build of examples/cmake-side-module.
#   cmake_test.sh BUILD_DIR SOURCE_DIR      (exit 77: skipped)
set -euo pipefail
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
command -v emcmake >/dev/null || { echo "SKIP: needs emcmake (Debian: emscripten)"; exit 77; }
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
pass() { echo "ok: $1"; passed=$((passed + 1)); }
fail() { echo "FAILED: $1"; [ -f "${2:-}" ] && cat "$2"; exit 1; }

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
cp -r "$src/examples/cmake-side-module" "$tmp/proj"
package=(-DWasmSize_DIR="$tmp/prefix/share/cmake/WasmSize")

# CMAKE_PREFIX_PATH, as for any installed package, even under emcmake.
package=(-DCMAKE_PREFIX_PATH="$tmp/prefix")
emcmake cmake -S "$tmp/proj" -B "$tmp/b1" "${package[@]}" >"$tmp/cfg.log" 2>&1 || fail "configure against the installed package" "$tmp/cfg.log"
cmake --build "$tmp/b1" >"$tmp/ok.log" 2>&1 || fail "build within budget" "$tmp/ok.log"
grep -q "wasmsize: 4 checks passed" "$tmp/ok.log" || fail "build log shows the check" "$tmp/ok.log"
pass "find_package(WasmSize): the build passes within budget"

# The same budget, one byte smaller than the largest module.
largest=$(stat -c %s "$tmp/b1/app.wasm" "$tmp/b1/shapes.wasm" | sort -n | tail -1)
sed -i "s/^  max-size: .*/  max-size: $((largest - 1))/" "$tmp/proj/wasmsize.yaml"
if cmake --build "$tmp/b1" >"$tmp/broken.log" 2>&1; then fail "build with a broken budget must fail" "$tmp/broken.log"; fi
grep -q "/app.wasm: error module.max-size: .* (+1 B" "$tmp/broken.log" || fail "the finding is in the build log" "$tmp/broken.log"
grep -q "the budget is broken" "$tmp/broken.log" || fail "the build says why it stopped" "$tmp/broken.log"
pass "a budget one byte too small stops cmake --build with the finding"
test -f "$tmp/b1/app.wasm" || fail "the failed check deleted app.wasm (Unix Makefiles)" "$tmp/broken.log"
! grep -q "Deleting file" "$tmp/broken.log" || fail "make deletes a file after the failed check" "$tmp/broken.log"
if cmake --build "$tmp/b1" >"$tmp/again.log" 2>&1; then fail "a second build must check again and fail" "$tmp/again.log"; fi
pass "the failed check leaves app.wasm in place and fails again on the next build"

if (cd "$tmp/b1" && ctest --output-on-failure >"$tmp/ctest.log" 2>&1); then fail "TEST mode must fail" "$tmp/ctest.log"; fi
grep -q "module.max-size" "$tmp/ctest.log" || fail "ctest shows the finding" "$tmp/ctest.log"
pass "TEST registers a CTest test that fails the same way"

cp "$src/examples/cmake-side-module/wasmsize.yaml" "$tmp/proj/wasmsize.yaml"
emcmake cmake -S "$tmp/proj" -B "$tmp/b2" -DWASMSIZE_SOURCE_DIR="$src" \
  -DWASMSIZE_EXECUTABLE="$tmp/prefix/bin/wasmsize" >"$tmp/cfg2.log" 2>&1 || fail "configure with FetchContent" "$tmp/cfg2.log"
cmake --build "$tmp/b2" >"$tmp/fetch.log" 2>&1 || fail "FetchContent build" "$tmp/fetch.log"
grep -q "wasmsize: 4 checks passed" "$tmp/fetch.log" || fail "FetchContent build runs the check" "$tmp/fetch.log"
pass "FetchContent from the source tree, with the host tool"

mkdir "$tmp/bad"
cat >"$tmp/bad/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.21)
project(bad C)
find_package(WasmSize CONFIG REQUIRED NO_CMAKE_FIND_ROOT_PATH)
add_executable(m m.c)
wasm_size_check(NAME oops TARGETS m)
CMAKE
echo 'int main(void){return 0;}' >"$tmp/bad/m.c"
if emcmake cmake -S "$tmp/bad" -B "$tmp/b3" "${package[@]}" >"$tmp/bad.log" 2>&1; then fail "missing BUDGET must stop configure" "$tmp/bad.log"; fi
grep -q "wasm_size_check(oops): BUDGET <wasmsize.yaml> is required" "$tmp/bad.log" || fail "clear FATAL_ERROR" "$tmp/bad.log"
pass "wrong arguments stop configure with a clear message"

echo "cmake integration: $passed passed, 0 failed"
