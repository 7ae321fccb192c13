#!/bin/bash
# Builds the libFuzzer targets with clang and runs each for SECONDS (default
# 60), seeded from ../shared (spec tests, small corpus wheels and modules) and
# the examples. A crash, leak or timeout leaves its input in
# tests/fuzz/regressions/<target>/, which every build then replays.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse_module fingerprint archive zip_differential budget saved_report glob symbols lock cache writers)
shared=${WASMSIZE_SHARED:-../shared}
work=${FUZZ_WORK:-build-fuzz/work}

command -v clang++-14 >/dev/null || { echo "fuzz: needs clang-14 (Debian: clang-14)"; exit 1; }
mkdir -p build-fuzz
# Quiet when it works; the whole log when it does not (libFuzzer and the
# sanitizer runtimes come in Debian's libclang-rt-14-dev, which clang-14
# only recommends).
if ! { CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja \
         -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWASMSIZE_FUZZ=ON -DWASMSIZE_BUILD_EXAMPLES=OFF \
         -DWASMSIZE_BUILD_BENCH=OFF &&
       cmake --build build-fuzz --target "${targets[@]/#/fuzz_}"; } >build-fuzz/build.log 2>&1; then
  tail -40 build-fuzz/build.log
  echo "fuzz: building the fuzz targets failed (log: build-fuzz/build.log)"
  exit 1
fi

seed() {  # target -> seed folder
  local dir="$work/$1/seeds"
  [ -d "$dir" ] && { echo "$dir"; return; }
  mkdir -p "$dir"
  case $1 in
    parse_module|fingerprint)
      [ -d "$shared/spec-binary" ] && cp "$shared"/spec-binary/*.wasm "$dir/"
      for w in "$shared"/corpus/pyodide-0.27/{buffer_test,fpcast_test,markupsafe,sharedlib_test_py}*.whl; do
        [ -f "$w" ] && unzip -q -o -j "$w" '*.so' -d "$dir/" 2>/dev/null || true
      done ;;
    archive|zip_differential)
      for w in "$shared"/corpus/pyodide-0.27/{buffer_test,fpcast_test,sharedlib_test_py,cpp_exceptions_test2,markupsafe}*.whl; do
        [ -f "$w" ] && cp "$w" "$dir/"
      done ;;
    budget)
      cp examples/cython-wheel/wasmsize.yaml "$dir/example.yaml"
      cp examples/cmake-side-module/wasmsize.yaml "$dir/cmake.yaml" ;;
    saved_report)
      cp tests/report/golden/report.json "$dir/report.json"
      cp tests/report/golden/inspect.json "$dir/inspect.json" ;;
    glob)
      printf '**/tests/**\0pkg/tests/a.py' >"$dir/tests"
      printf 'sklearn.tree.*\0sklearn.tree._tree' >"$dir/dotted"
      printf 'lib[!a-c]?.so\0libd1.so' >"$dir/class" ;;
    lock)
      [ -f "$shared/corpus/pyodide-0.27/pyodide-lock.json" ] && cp "$shared/corpus/pyodide-0.27/pyodide-lock.json" "$dir/"
      cp tests/fuzz/regressions/lock/* "$dir/" ;;
    cache)
      printf 'wasmsize-cache 0.1.0\ngzip-9 123\nbrotli-q11-w22 99\n' >"$dir/entry"
      cp tests/fuzz/regressions/cache/* "$dir/" ;;
    writers)
      cp tests/fuzz/regressions/writers/* "$dir/" ;;
    symbols)
      printf '_ZN4core3fmt5write17h0123456789abcdefE' >"$dir/rust"
      printf '_ZNSt3__212basic_stringIcNS_11char_traitsIcEENS_9allocatorIcEEE6appendEPKcm' >"$dir/cpp" ;;
  esac
  echo "$dir"
}

# From the resource contract (docs/robustness.md): an input of at most
# 256 KiB may cost 64 MB + a small multiple of itself; the archive target
# inflates up to its 64 MiB cap. Past these, libFuzzer reports amplification
# (memory) or super-linear time (a slow unit) as a failure.
rss_mb=${FUZZ_RSS_MB:-512}
malloc_mb=${FUZZ_MALLOC_MB:-128}
timeout=${FUZZ_TIMEOUT:-5}

# One target per core at a time: CI's fuzz stage takes its time budget once
# per core, not once per target.
jobs=${FUZZ_JOBS:-$(nproc)}
fuzz_one() {
  local t=$1 corpus="$work/$1/corpus"
  if ! build-fuzz/tests/fuzz/fuzz_"$t" "$corpus" "$(seed "$t")" -max_total_time="$seconds" \
      -max_len=262144 -rss_limit_mb="$rss_mb" -malloc_limit_mb="$malloc_mb" -timeout="$timeout" \
      -print_final_stats=1 \
      -artifact_prefix="tests/fuzz/regressions/$t/" >"$work/$t.log" 2>&1; then
    echo failed >"$work/$t.status"
  else
    echo passed >"$work/$t.status"
  fi
}
for t in "${targets[@]}"; do
  mkdir -p "$work/$t/corpus" "tests/fuzz/regressions/$t"
  seed "$t" >/dev/null
  rm -f "$work/$t.status"
done
running=0
for t in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
  echo "fuzz: $t for ${seconds}s"
  fuzz_one "$t" &
  running=$((running + 1))
done
wait
failed=0
for t in "${targets[@]}"; do
  if [ "$(cat "$work/$t.status" 2>/dev/null)" != passed ]; then
    tail -40 "$work/$t.log"
    echo "fuzz: $t FAILED; the input is kept in tests/fuzz/regressions/$t/"
    failed=$((failed + 1))
  else
    echo "fuzz: $t: $(grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units)" "$work/$t.log" | tail -1)"
  fi
done
[ "$failed" -eq 0 ] || exit 1
echo "fuzz: ${#targets[@]} passed, 0 failed"
