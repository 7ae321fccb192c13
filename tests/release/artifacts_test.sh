#!/bin/bash
# dist/ as scripts/release.sh wrote it: every file named as the action and pip
# expect, SHA256SUMS over all of them, static binaries, a .deb with no
# dependencies, tarballs holding the binary and its licenses only.
#   artifacts_test.sh SOURCE_DIR DIST_DIR
source "$(dirname "$0")/lib.sh"
declare -A file_arch=([x86_64]="x86-64" [aarch64]="ARM aarch64") deb_arch=([x86_64]=amd64 [aarch64]=arm64)
need SHA256SUMS
for arch in x86_64 aarch64; do
  name=wasmsize-$version-linux-$arch
  need "$name.tar.gz"
  need "wasmsize-$version-py3-none-manylinux_2_17_$arch.manylinux2014_$arch.whl"
  need "wasmsize_${version}_${deb_arch[$arch]}.deb"
  listing=$(tar -tzf "$dist/$name.tar.gz" | sort | tr '\n' ' ')
  [ "$listing" = "$name/ $name/LICENSE $name/THIRD-PARTY-LICENSES $name/wasmsize " ] ||
    fail "$name.tar.gz holds: $listing"
  ok "$name.tar.gz holds wasmsize, LICENSE and THIRD-PARTY-LICENSES"
  extract "$arch" "$tmp/wasmsize-$arch"
  desc=$(file -b "$tmp/wasmsize-$arch")
  [[ "$desc" == *"statically linked"* && "$desc" == *"${file_arch[$arch]}"* ]] || fail "$arch: $desc"
  ! readelf -lW "$tmp/wasmsize-$arch" | grep -q "INTERP" || fail "$arch: has a program interpreter"
  ! readelf -dW "$tmp/wasmsize-$arch" | grep -q "(NEEDED)" || fail "$arch: needs shared libraries"
  ok "$arch: fully static (no interpreter, no NEEDED), $(wc -c <"$tmp/wasmsize-$arch") bytes"
  info=$(dpkg-deb --info "$dist/wasmsize_${version}_${deb_arch[$arch]}.deb")
  ! grep -q "Depends:" <<<"$info" || fail "$arch: the static .deb depends on something: $info"
  grep -q "Architecture: ${deb_arch[$arch]}" <<<"$info" || fail "$arch: .deb architecture: $info"
  ok "$arch: the .deb has no dependencies and says ${deb_arch[$arch]}"
done
# SHA256SUMS lists exactly the other files, and they match.
listed=$(awk '{print $2}' "$dist/SHA256SUMS" | sort | tr '\n' ' ')
present=$(cd "$dist" && ls | grep -vx SHA256SUMS | sort | tr '\n' ' ')
[ "$listed" = "$present" ] || fail "SHA256SUMS lists '$listed', dist has '$present'"
(cd "$dist" && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match"
ok "SHA256SUMS covers and matches every artifact"
host_arch=$(uname -m)
if [ -x "$tmp/wasmsize-$host_arch" ]; then
  v=$("$tmp/wasmsize-$host_arch" --version)
  grep -q "^wasmsize $version$" <<<"$v" && grep -q "static, $host_arch" <<<"$v" ||
    fail "--version says: $v"
  ok "--version names the version and a static $host_arch build"
fi
echo "artifacts: $passed passed, 0 failed"
