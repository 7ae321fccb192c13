#!/bin/bash
# The install step of action.yml: puts the release's static wasmsize in the
# runner's tool cache (downloaded once per version and architecture, checked
# against the release's SHA256SUMS) and says where it is. Needs bash, tar,
# gzip, sha256sum and one of curl, wget or python3: no sudo, apt or
# compiler, so it works in `container:` jobs too.
#
# Environment (set by action.yml): INPUT_VERSION (empty: the action's tag),
# INPUT_BUILD_FROM_SOURCE, ACTION_REF, ACTION_REPOSITORY; the runner's
# RUNNER_OS, RUNNER_ARCH, RUNNER_TOOL_CACHE, RUNNER_TEMP, GITHUB_OUTPUT;
# WASMSIZE_DOWNLOAD_BASE overrides where releases are downloaded from.
set -euo pipefail

fail() { echo "::error title=wasmsize::$*"; exit 1; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The version: the input, else the action's own tag (v1.2.3), else the
# version of the action's checkout (a branch or a commit was used).
version=${INPUT_VERSION:-}
if [ -z "$version" ] && [[ "${ACTION_REF:-}" =~ ^v([0-9]+\.[0-9]+\.[0-9]+.*)$ ]]; then
  version=${BASH_REMATCH[1]}
fi
if [ -z "$version" ]; then
  version=$(sed -n 's/^project(wasmsize VERSION \([0-9.]*\).*/\1/p' "$here/CMakeLists.txt")
fi
version=${version#v}
[[ "$version" =~ ^[0-9A-Za-z.+-]+$ ]] || fail "version '$version' is not a version number"

os=${RUNNER_OS:-$(uname -s)}
arch=${RUNNER_ARCH:-$(uname -m)}
case "$arch" in
  X64|x86_64|amd64) arch=x86_64 ;;
  ARM64|aarch64|arm64) arch=aarch64 ;;
esac

build_from_source() {
  echo "wasmsize: building $version from the action's source (build-from-source: true)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo "$here/scripts/install-deps.sh"
  cmake -S "$here" -B "${RUNNER_TEMP:-/tmp}/wasmsize-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DWASMSIZE_BUILD_TESTS=OFF -DWASMSIZE_BUILD_EXAMPLES=OFF -DWASMSIZE_BUILD_BENCH=OFF >/dev/null
  cmake --build "${RUNNER_TEMP:-/tmp}/wasmsize-build"
  bin="${RUNNER_TEMP:-/tmp}/wasmsize-build/wasmsize"
}

download() {  # URL FILE
  if command -v curl >/dev/null; then
    curl --fail --silent --show-error --location --retry 3 -o "$2" "$1"
  elif command -v wget >/dev/null; then
    wget -q -O "$2" "$1"
  elif command -v python3 >/dev/null; then
    python3 -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' "$1" "$2"
  else
    fail "downloading needs curl, wget or python3, and this runner has none"
  fi
}

supported=no
[ "$os" = Linux ] && { [ "$arch" = x86_64 ] || [ "$arch" = aarch64 ]; } && supported=yes
if [ "${INPUT_BUILD_FROM_SOURCE:-false}" = true ]; then
  build_from_source
elif [ $supported = no ]; then
  fail "no wasmsize release for $os $arch (there are Linux x86_64 and aarch64 binaries); set build-from-source: true to build it here"
else
  cache=${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}/tool-cache}/wasmsize/$version/$arch
  bin=$cache/wasmsize
  if [ -f "$cache.complete" ] && [ -x "$bin" ]; then
    echo "wasmsize $version ($arch) from the tool cache"
  else
    repo=${ACTION_REPOSITORY:-wasmsize/wasmsize}
    base=${WASMSIZE_DOWNLOAD_BASE:-https://github.com/$repo/releases/download}
    name=wasmsize-$version-linux-$arch
    tmp=$(mktemp -d "${RUNNER_TEMP:-/tmp}/wasmsize-download.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    echo "wasmsize: downloading $base/v$version/$name.tar.gz"
    download "$base/v$version/$name.tar.gz" "$tmp/$name.tar.gz" ||
      fail "could not download $base/v$version/$name.tar.gz (is there a release v$version?)"
    download "$base/v$version/SHA256SUMS" "$tmp/SHA256SUMS" ||
      fail "could not download $base/v$version/SHA256SUMS"
    line=$(grep -E "^[0-9a-f]{64}  $name\.tar\.gz$" "$tmp/SHA256SUMS" || true)
    [ -n "$line" ] || fail "SHA256SUMS of v$version lists no $name.tar.gz"
    (cd "$tmp" && sha256sum --quiet -c - <<<"$line" >/dev/null 2>&1) ||
      fail "$name.tar.gz does not match its SHA-256 in SHA256SUMS (download corrupted or tampered with)"
    rm -rf "$cache" && mkdir -p "$cache"
    tar -xzf "$tmp/$name.tar.gz" -C "$cache" --strip-components=1
    [ -x "$bin" ] || fail "$name.tar.gz holds no wasmsize executable"
    touch "$cache.complete"
  fi
fi
"$bin" --version | head -1
[ -n "${GITHUB_OUTPUT:-}" ] && echo "path=$bin" >>"$GITHUB_OUTPUT"
[ -n "${GITHUB_PATH:-}" ] && dirname "$bin" >>"$GITHUB_PATH"
exit 0
