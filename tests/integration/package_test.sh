#!/bin/bash
# `cpack -G DEB` makes a Debian package whose wasmsize runs and whose CMake
# package is where find_package looks.   package_test.sh BUILD_DIR
set -euo pipefail
trap 'echo "FAILED at line $LINENO: $BASH_COMMAND"' ERR
build=$(cd "$1" && pwd)
command -v dpkg-deb >/dev/null || { echo "SKIP: needs dpkg-deb"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && cpack -G DEB -B "$tmp" --config "$build/CPackConfig.cmake" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/*.deb)
# No `| grep -q` under pipefail: grep exits at the first match and the
# writer's SIGPIPE would fail the pipeline now and then.
info=$(dpkg-deb --info "$deb")
grep -q "Package: wasmsize" <<<"$info"
# Dependencies are computed by dpkg-shlibdeps: every shared library the
# binary links is there, libdeflate0 included (a hand-written list forgot it).
for lib in $(ldd "$build/wasmsize" | awk '/=>/ {print $1}' | grep -E '^lib(zip|deflate|yaml-cpp|xxhash|ssl|crypto)'); do
  pkg=$(dpkg -S "*/$lib" | head -1 | cut -d: -f1)
  grep -q "Depends:.*$pkg" <<<"$info" || { echo "package: $lib ($pkg) missing from Depends"; echo "$info"; exit 1; }
done
dpkg-deb -x "$deb" "$tmp/root"
version=$("$tmp/root/usr/bin/wasmsize" --version)
grep -q "^wasmsize " <<<"$version"
test -f "$tmp/root/usr/share/cmake/WasmSize/WasmSizeConfig.cmake"
test -f "$tmp/root/usr/share/cmake/WasmSize/WasmSizeConfigVersion.cmake"
echo "package: $(basename "$deb"): 1 passed, 0 failed"
