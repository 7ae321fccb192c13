#!/bin/sh
# Installs Debian 12 packages for wasmsize. Idempotent: installs only what is
# missing, and runs apt-get update only when something is. Run as root, or
# with sudo on PATH.
#
#   scripts/install-deps.sh            what building and running the tool needs
#   scripts/install-deps.sh --test     that, plus what the tests, the example
#                                      wheel's rebuild and the benchmarks need
#   scripts/install-deps.sh --release  that, plus the cross toolchain and the
#                                      arm64 libraries scripts/release.sh needs
#
# The first is kept small on purpose (README Quick start, command 1): no
# Emscripten, Chromium or clang, so a newcomer's first report is minutes away.
set -eu

# To build wasmsize.
BUILD="
  g++ cmake ninja-build pkg-config
  libyaml-cpp-dev libzip-dev libdeflate-dev libssl-dev libspdlog-dev libfmt-dev zlib1g-dev libxxhash-dev libbrotli-dev
  libcli11-dev nlohmann-json3-dev
"
# To rebuild the example wheel, run the tests and benchmarks.
TEST="
  ca-certificates curl git file libgtest-dev libgmock-dev libbenchmark-dev
  emscripten cython3 python3 python3-dev python3-venv wabt binaryen
  python3-jsonschema python3-yaml python3-brotli libxml2-utils zip unzip pre-commit dpkg-dev chromium clang-14 libclang-rt-14-dev time
"
# To build the release artifacts: static libraries from Debian source
# packages, an aarch64 cross compiler with arm64 libraries, and qemu to run
# what it builds. (The arm64 ones are added by scripts/release.sh, which
# enables the architecture first.)
RELEASE="
  dpkg-dev g++-aarch64-linux-gnu qemu-user-static file python3 python3-venv
  python3-pip-whl python3-setuptools-whl python3-wheel-whl
"

case "${1:-}" in
  ""|--build-only) PACKAGES=$BUILD ;;
  --test) PACKAGES="$BUILD $TEST" ;;
  --release) PACKAGES="$BUILD $RELEASE ${2:-}" ;;
  *) echo "install-deps: unknown option '$1' (use --test or --release)" >&2; exit 2 ;;
esac

# Installed for this machine's architecture (or for all): with arm64 enabled
# for the release build, a name can match two packages, one per architecture.
native=$(dpkg --print-architecture)
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Architecture} ${db:Status-Status}\n' "$p" 2>/dev/null |
    grep -Eqx "($native|all) installed" || missing="$missing $p"
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
