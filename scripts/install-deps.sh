#!/bin/sh
# Installs what wasmsize needs to build, test and build its example, from
# Debian 12 packages (with --build-only: just what building the tool needs). Idempotent: installs only what is missing, and runs
# apt-get update only when something is. Run as root, or with sudo on PATH.
set -eu

# To build wasmsize.
BUILD="
  ca-certificates g++ cmake ninja-build pkg-config git
  libyaml-cpp-dev libzip-dev libdeflate-dev libssl-dev libspdlog-dev libfmt-dev zlib1g-dev libxxhash-dev
  libcli11-dev nlohmann-json3-dev
"
# To build the example wheel, run the tests and benchmarks.
TEST="
  libgtest-dev libgmock-dev libbenchmark-dev
  emscripten cython3 python3 python3-dev wabt binaryen
  python3-jsonschema python3-yaml libxml2-utils zip unzip pre-commit dpkg-dev chromium clang-14 libclang-rt-14-dev time
"
PACKAGES="$BUILD $TEST"
[ "${1:-}" = "--build-only" ] && PACKAGES=$BUILD

missing=""
for p in $PACKAGES; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing="$missing $p"
done

if [ -z "$missing" ]; then
  echo "install-deps: all $(echo $PACKAGES | wc -w) packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: run as root (missing:$missing)" >&2; exit 1; }
  SUDO=sudo
fi
echo "install-deps: installing$missing"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
