# Sourced by the release tests: `source lib.sh SOURCE_DIR DIST_DIR`.
# Sets src, dist, version and tmp; need FILE skips (exit 77) when
# scripts/release.sh has not written FILE, or fails when
# WASMSIZE_REQUIRE_RELEASE is set (.ci/run, right after building them).
set -euo pipefail
src=$(cd "$1" && pwd) dist=$(realpath -m "$2")
version=$(sed -n 's/^project(wasmsize VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
need() {
  [ -e "$dist/$1" ] && return 0
  echo "SKIP: no $1 in $dist (scripts/release.sh builds it)"
  [ -n "${WASMSIZE_REQUIRE_RELEASE:-}" ] && exit 1
  exit 77
}
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAILED: $*"; exit 1; }
ok() { passed=$((passed + 1)); echo "ok: $*"; }
# extract ARCH DEST: the release binary of ARCH as DEST
extract() {
  tar -xzf "$dist/wasmsize-$version-linux-$1.tar.gz" -C "$tmp" "wasmsize-$version-linux-$1/wasmsize"
  mv "$tmp/wasmsize-$version-linux-$1/wasmsize" "$2"
}
