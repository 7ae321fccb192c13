#!/bin/bash
# The static binaries report on a wheel inside an empty root: a folder that
# holds only the binary and the wheel, entered with chroot. The aarch64
# binary runs under qemu-aarch64-static (copied into the root: it is static
# too), and both print the very report the development build prints.
#   empty_root_test.sh SOURCE_DIR DIST_DIR WHEEL WASMSIZE
source "$(dirname "$0")/lib.sh"
wheel=$(realpath "$3") dev=$(realpath "$4")
need "wasmsize-$version-linux-x86_64.tar.gz"
need "wasmsize-$version-linux-aarch64.tar.gz"
cp "$wheel" "$tmp/example.whl"
expected=$(cd "$tmp" && "$dev" report --format json --no-color example.whl)
grep -q '"modules"' <<<"$expected" || fail "the development build's report: $expected"

if [ "$(id -u)" -ne 0 ]; then
  skip "chroot needs root (the qemu run below needs it too)"
fi
root=$tmp/root-x86_64
mkdir -p "$root"
extract x86_64 "$root/wasmsize"
cp "$wheel" "$root/example.whl"
[ "$(ls -A "$root" | sort | tr '\n' ' ')" = "example.whl wasmsize " ] || fail "the root holds more: $(ls -A "$root")"
got=$(chroot "$root" /wasmsize report --format json --no-color example.whl) || fail "x86_64 in an empty root: exit $?"
[ "$got" = "$expected" ] || fail "x86_64 in an empty root reports otherwise: $(diff <(echo "$expected") <(echo "$got") | head)"
chroot "$root" /wasmsize report --no-color example.whl | grep -q "wasmsize_demo.stats" || fail "text report"
ok "x86_64: in an empty root, the same report as the development build"

qemu=$(command -v qemu-aarch64-static || true)
[ -n "$qemu" ] || skip "needs qemu-aarch64-static (Debian: qemu-user-static)"
root=$tmp/root-aarch64
mkdir -p "$root"
extract aarch64 "$root/wasmsize"
cp "$wheel" "$root/example.whl"
cp "$qemu" "$root/qemu-aarch64-static"
file -b "$root/qemu-aarch64-static" | grep -Eq "static(-pie)? linked|statically linked" || fail "qemu-aarch64-static is not static"
got=$(chroot "$root" /qemu-aarch64-static /wasmsize report --format json --no-color example.whl) ||
  fail "aarch64 under qemu in an empty root: exit $?"
[ "$got" = "$expected" ] || fail "aarch64 reports otherwise: $(diff <(echo "$expected") <(echo "$got") | head)"
v=$(chroot "$root" /qemu-aarch64-static /wasmsize --version)
grep -q "static, aarch64" <<<"$v" || fail "aarch64 --version: $v"
ok "aarch64: under qemu in an empty root, the same report as the development build"
echo "empty root: $passed passed, 0 failed"
