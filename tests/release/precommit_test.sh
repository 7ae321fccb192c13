#!/bin/bash
# The pre-commit hook `wasmsize` (language: python) under Debian's real
# pre-commit, offline: pre-commit pip-installs this repository's hook
# package, which brings the wasmsize wheel from dist/ (PIP_FIND_LINKS, with
# Debian's setuptools and wheel as the build backend), and runs it in a git
# repository holding a wheel and a budget. No wasmsize is on PATH.
#   precommit_test.sh SOURCE_DIR DIST_DIR WHEEL
source "$(dirname "$0")/lib.sh"
example=$(realpath "$3")
arch=$(uname -m)
need "wasmsize-$version-py3-none-manylinux_2_17_$arch.manylinux2014_$arch.whl"
command -v pre-commit >/dev/null || skip "needs pre-commit (Debian: pre-commit)"
command -v git >/dev/null || skip "needs git"
ls /usr/share/python-wheels/setuptools-*.whl >/dev/null 2>&1 || skip "needs python3-setuptools-whl"
git -C "$src" rev-parse --git-dir >/dev/null 2>&1 || skip "$src is not a git checkout (try-repo clones it)"
if command -v wasmsize >/dev/null; then
  PATH=$(tr ':' '\n' <<<"$PATH" | grep -vx "$(dirname "$(command -v wasmsize)")" | paste -sd:)
fi
export PRE_COMMIT_HOME="$tmp/cache" PIP_NO_INDEX=1 PIP_FIND_LINKS="$dist /usr/share/python-wheels"
export PIP_DISABLE_PIP_VERSION_CHECK=1 VIRTUALENV_NO_DOWNLOAD=1
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@invalid GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@invalid
git init -q "$tmp/repo"
cd "$tmp/repo"
mkdir dist && cp "$example" dist/
printf 'version: 1\nmodule:\n  max-size: 1 MB\n' >wasmsize.yaml
git add -A
! command -v wasmsize >/dev/null || fail "a wasmsize is on PATH: $(command -v wasmsize)"
# --verbose: the hook's own output even when it passes, to see wasmsize ran.
pre-commit try-repo --verbose "$src" wasmsize >"$tmp/out.log" 2>&1 || { cat "$tmp/out.log"; fail "the hook passes within budget"; }
grep -q "wasmsize size budget.*Passed" "$tmp/out.log" || { cat "$tmp/out.log"; fail "pre-commit reports the hook as passed"; }
grep -q "^wasmsize: [0-9]* checks passed against wasmsize.yaml" "$tmp/out.log" ||
  { cat "$tmp/out.log"; fail "the hook ran wasmsize (installed from the wheel; none is on PATH)"; }
ok "pre-commit installs wasmsize from the wheel and the hook passes within budget"
git commit -qm "a wheel within budget"
printf 'version: 1\nmodule:\n  max-size: 1 kB\n' >wasmsize.yaml
git add -A
if pre-commit try-repo "$src" wasmsize >"$tmp/out.log" 2>&1; then cat "$tmp/out.log"; fail "a tightened budget must fail the hook"; fi
grep -q "wasmsize size budget.*Failed" "$tmp/out.log" || { cat "$tmp/out.log"; fail "pre-commit reports the hook as failed"; }
grep -q "error module.max-size: .* > 1 kB" "$tmp/out.log" || { cat "$tmp/out.log"; fail "the finding is in pre-commit's output"; }
ok "a tightened budget fails the hook with the finding"
echo "pre-commit (pip): $passed passed, 0 failed"
