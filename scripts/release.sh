#!/bin/sh
# Builds every release artifact into dist/, on Debian 12, from this checkout:
#
#   wasmsize-VERSION-linux-x86_64.tar.gz    one fully static binary + licenses
#   wasmsize-VERSION-linux-aarch64.tar.gz   the same, cross-compiled
#   wasmsize-VERSION-py3-none-manylinux_2_17_{x86_64,aarch64}...whl
#                                            that binary as a wheel's script
#   wasmsize_VERSION_{amd64,arm64}.deb      dependencies computed (none)
#   SHA256SUMS                              over all of the above
#
#   scripts/release.sh [--arch x86_64|aarch64|all] [--no-deps]
#
# Everything comes from Debian: the compilers, the static archives it ships,
# and for libzip and yaml-cpp (no static archive for arm64 or at all) their
# Debian source packages at the versions pinned below, fetched with
# `apt-get source` through a deb-src entry added for the fetch and removed
# after it. Environment: WASMSIZE_RELEASE_WORK (build folder, default
# build-release/; sources and libraries there are reused), WASMSIZE_DIST
# (default dist/), SOURCE_DATE_EPOCH (default: the commit's time).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
VERSION=$(sed -n 's/^project(wasmsize VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
WORK=${WASMSIZE_RELEASE_WORK:-$ROOT/build-release}
DIST=${WASMSIZE_DIST:-$ROOT/dist}
# Debian 12's source packages of the libraries built here (pinned: a release
# is rebuilt from exactly these).
LIBZIP_SRC="libzip=1.7.3-1"
YAMLCPP_SRC="yaml-cpp=0.7.0+dfsg-8"
# The arm64 libraries from Debian (multiarch) the aarch64 build links.
ARM64_LIBS="libssl-dev:arm64 zlib1g-dev:arm64 libdeflate-dev:arm64 libxxhash-dev:arm64 libbrotli-dev:arm64
  libspdlog-dev:arm64 libfmt-dev:arm64 libbz2-dev:arm64 liblzma-dev:arm64 libzstd-dev:arm64"
# libzip's optional codecs, statically linked for both architectures.
CODEC_LIBS="libbz2-dev liblzma-dev libzstd-dev"

ARCHES="x86_64 aarch64"
DEPS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) shift; [ "${1:-all}" = all ] || ARCHES=$1 ;;
    --no-deps) DEPS=0 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "release: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift
done
for a in $ARCHES; do
  case "$a" in x86_64|aarch64) ;; *) echo "release: unknown arch '$a' (x86_64, aarch64)" >&2; exit 2 ;; esac
done

log() { echo "release: $*" >&2; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
export DEBIAN_FRONTEND=noninteractive
: "${SOURCE_DATE_EPOCH:=$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
export SOURCE_DATE_EPOCH

install_deps() {
  scripts/install-deps.sh --release "$CODEC_LIBS"
  case " $ARCHES " in *" aarch64 "*) ;; *) return 0 ;; esac
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    log "enabling the arm64 architecture (multiarch) for the aarch64 libraries"
    as_root dpkg --add-architecture arm64
    as_root apt-get update -qq
  fi
  missing=""
  for p in $ARM64_LIBS; do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" = installed ] || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    log "installing$missing"
    # shellcheck disable=SC2086
    as_root apt-get install -y -qq --no-install-recommends $missing
  fi
}

# apt-get source, through a deb-src entry that exists only for this call:
# its own sources file and lists folder, so the system's apt state is
# untouched whether this succeeds or fails.
fetch_sources() {
  [ -d "$WORK/src/libzip" ] && [ -d "$WORK/src/yaml-cpp" ] && return 0
  mkdir -p "$WORK/src"
  apt_dir=$(mktemp -d)
  trap 'rm -rf "$apt_dir"' EXIT
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/parts" "$apt_dir/cache/archives/partial"
  cat >"$apt_dir/parts/debian-src.sources" <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  apt_opts="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$apt_dir/parts
    -o Dir::State::Lists=$apt_dir/lists -o Dir::Cache=$apt_dir/cache -o Debug::NoLocking=1"
  log "fetching Debian source packages $LIBZIP_SRC $YAMLCPP_SRC"
  # shellcheck disable=SC2086
  apt-get $apt_opts update -qq
  rm -rf "$WORK/src.tmp" && mkdir -p "$WORK/src.tmp"
  # shellcheck disable=SC2086
  (cd "$WORK/src.tmp" && apt-get $apt_opts source -qq "$LIBZIP_SRC" "$YAMLCPP_SRC" >/dev/null)
  rm -rf "$WORK/src/libzip" "$WORK/src/yaml-cpp"
  mv "$WORK"/src.tmp/libzip-*/ "$WORK/src/libzip"
  mv "$WORK"/src.tmp/yaml-cpp-*/ "$WORK/src/yaml-cpp"
  rm -rf "$WORK/src.tmp" "$apt_dir"
  trap - EXIT
}

toolchain_for() {
  case "$1" in
    aarch64) echo "-DCMAKE_TOOLCHAIN_FILE=$ROOT/cmake-modules/toolchains/aarch64-linux-gnu.cmake" ;;
    *) echo "" ;;
  esac
}

# Static archives of libzip and yaml-cpp into $WORK/ARCH/prefix.
build_libraries() {
  arch=$1
  prefix="$WORK/$arch/prefix"
  [ -f "$prefix/.done" ] && return 0
  tc=$(toolchain_for "$arch")
  log "$arch: libzip and yaml-cpp from Debian's sources"
  # Encryption off (wheels are never encrypted, and it would pull in a TLS
  # library); deflate, bzip2, lzma and zstd on, as in Debian's libzip.
  # shellcheck disable=SC2086
  cmake -S "$WORK/src/libzip" -B "$WORK/$arch/libzip" -G Ninja $tc -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib -DBUILD_SHARED_LIBS=OFF \
    -DENABLE_COMMONCRYPTO=OFF -DENABLE_GNUTLS=OFF -DENABLE_MBEDTLS=OFF -DENABLE_OPENSSL=OFF \
    -DENABLE_WINDOWS_CRYPTO=OFF -DENABLE_BZIP2=ON -DENABLE_LZMA=ON -DENABLE_ZSTD=ON \
    -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF >/dev/null
  cmake --build "$WORK/$arch/libzip" --target install >/dev/null
  # shellcheck disable=SC2086
  cmake -S "$WORK/src/yaml-cpp" -B "$WORK/$arch/yaml-cpp" -G Ninja $tc -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib -DYAML_BUILD_SHARED_LIBS=OFF \
    -DYAML_CPP_BUILD_TESTS=OFF -DYAML_CPP_BUILD_TOOLS=OFF -DYAML_CPP_BUILD_CONTRIB=OFF >/dev/null
  cmake --build "$WORK/$arch/yaml-cpp" --target install >/dev/null
  touch "$prefix/.done"
}

build_wasmsize() {
  arch=$1
  tc=$(toolchain_for "$arch")
  log "$arch: wasmsize, static"
  # shellcheck disable=SC2086
  # -O2, not CMake's -O3: a quicker build in CI, and the level of the
  # RelWithDebInfo build that bench/ measures.
  cmake -S "$ROOT" -B "$WORK/$arch/wasmsize" -G Ninja $tc -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DWASMSIZE_STATIC=ON -DCMAKE_PREFIX_PATH="$WORK/$arch/prefix" \
    -DWASMSIZE_BUILD_TESTS=OFF -DWASMSIZE_BUILD_EXAMPLES=OFF -DWASMSIZE_BUILD_BENCH=OFF >/dev/null
  cmake --build "$WORK/$arch/wasmsize"
  bin="$WORK/$arch/wasmsize/wasmsize"
  case "$arch" in aarch64) strip=aarch64-linux-gnu-strip ;; *) strip=strip ;; esac
  $strip "$bin"
  desc=$(file -b "$bin")
  case "$desc" in
    *"statically linked"*) ;;
    *) log "$arch: $bin is not statically linked: $desc"; exit 1 ;;
  esac
}

# The licenses of everything inside the static binary: ours, then Debian's
# copyright files of each library linked in.
third_party_licenses() {
  for p in libc6 libstdc++6 libgcc-s1 libssl3 zlib1g libdeflate0 libxxhash0 libbrotli1 libbz2-1.0 liblzma5 \
           libzstd1 libfmt-dev libspdlog-dev libcli11-dev nlohmann-json3-dev; do
    f=/usr/share/doc/$p/copyright
    [ -f "$f" ] || continue
    printf '==== %s (Debian package %s) ====\n\n' "$p" "$p"
    cat "$f"; echo
  done
  for s in libzip yaml-cpp; do
    printf '==== %s (Debian source package, built into the binary) ====\n\n' "$s"
    cat "$WORK/src/$s/debian/copyright"; echo
  done
}

package() {
  arch=$1
  name="wasmsize-$VERSION-linux-$arch"
  stage="$WORK/$arch/stage/$name"
  rm -rf "$WORK/$arch/stage" && mkdir -p "$stage"
  cp "$WORK/$arch/wasmsize/wasmsize" "$stage/wasmsize"
  cp LICENSE "$stage/LICENSE"
  third_party_licenses >"$stage/THIRD-PARTY-LICENSES"
  chmod 755 "$stage/wasmsize"; chmod 644 "$stage/LICENSE" "$stage/THIRD-PARTY-LICENSES"
  # Reproducible: sorted names, fixed times and owners, no gzip timestamp.
  tar -C "$WORK/$arch/stage" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 \
    --numeric-owner -cf - "$name" | gzip -9n >"$DIST/$name.tar.gz"
  python3 scripts/make_wheel.py --binary "$stage/wasmsize" --arch "$arch" --version "$VERSION" \
    --license LICENSE --third-party "$stage/THIRD-PARTY-LICENSES" --out "$DIST"
  (cd "$WORK/$arch/wasmsize" && cpack -G DEB -B "$WORK/$arch/deb" >/dev/null)
  cp "$WORK/$arch/deb"/wasmsize_*.deb "$DIST/"
  log "$arch: $(wc -c <"$stage/wasmsize") bytes, $(file -b "$stage/wasmsize" | cut -d, -f1-2)"
}

[ "$DEPS" = 1 ] && install_deps
fetch_sources
rm -rf "$DIST" && mkdir -p "$DIST"
for arch in $ARCHES; do
  build_libraries "$arch"
  build_wasmsize "$arch"
  package "$arch"
done
(cd "$DIST" && rm -f SHA256SUMS && sha256sum -- * >SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS)
log "wrote $DIST:"
ls -l "$DIST" >&2
