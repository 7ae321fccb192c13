#!/bin/bash
# The wheel installs offline into a fresh venv (pip install --no-index) and
# puts wasmsize on the venv's PATH; `python -m wasmsize` runs it too, and so
# does an install with `pip install --target`.
#   pip_test.sh SOURCE_DIR DIST_DIR WHEEL
source "$(dirname "$0")/lib.sh"
example=$(realpath "$3")
arch=$(uname -m)
whl="wasmsize-$version-py3-none-manylinux_2_17_$arch.manylinux2014_$arch.whl"
need "$whl"
python=/usr/bin/python3
[ -x "$python" ] || python=$(command -v python3 || true)
[ -n "$python" ] || skip "needs python3"
"$python" -m venv "$tmp/venv" >"$tmp/venv.log" 2>&1 || skip "needs python3-venv: $(tail -1 "$tmp/venv.log")"
export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
"$tmp/venv/bin/pip" install -q "$dist/$whl" || fail "pip install --no-index $whl"
ok "pip installs $whl offline"
v=$("$tmp/venv/bin/wasmsize" --version) || fail "venv/bin/wasmsize --version"
grep -q "^wasmsize $version$" <<<"$v" || fail "venv/bin/wasmsize --version says: $v"
[ "$(head -c 4 "$tmp/venv/bin/wasmsize" | od -An -c | tr -d ' ')" = '177ELF' ] ||
  fail "venv/bin/wasmsize is not the binary itself"
ok "venv/bin/wasmsize is the static binary and runs"
"$tmp/venv/bin/wasmsize" report --no-color "$example" | grep -q "wasmsize_demo.stats" || fail "report from the venv"
v=$("$tmp/venv/bin/python" -m wasmsize --version) || fail "python -m wasmsize --version"
grep -q "^wasmsize $version$" <<<"$v" || fail "python -m wasmsize says: $v"
ok "python -m wasmsize runs it"
"$tmp/venv/bin/pip" install -q --target "$tmp/target" "$dist/$whl" || fail "pip install --target"
v=$(PYTHONPATH="$tmp/target" "$python" -m wasmsize --version) || fail "python -m wasmsize from --target"
grep -q "^wasmsize $version$" <<<"$v" || fail "python -m wasmsize from --target says: $v"
ok "python -m wasmsize finds the binary of a --target install"
echo "pip: $passed passed, 0 failed"
