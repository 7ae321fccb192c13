#!/bin/bash
# The pre-commit hook with Debian's pre-commit: `try-repo` against this
# repository in a temporary git repository holding a wheel and a budget.
#   precommit_test.sh BUILD_DIR SOURCE_DIR WHEEL_OR_FOLDER     (exit 77: skipped)
set -euo pipefail
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd) wheel=$(realpath -q "${3:-/nonexistent}" || true)
[ -d "$wheel" ] && wheel=$(ls "$wheel"/*.whl 2>/dev/null | head -1)
command -v pre-commit >/dev/null || { echo "SKIP: needs pre-commit (Debian: pre-commit)"; exit 77; }
[ -f "$wheel" ] || { echo "SKIP: no wheel to commit (the example wheel is not built)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PATH="$build:$PATH" PRE_COMMIT_HOME="$tmp/cache"
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@invalid GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@invalid
passed=0
fail() { echo "FAILED: $1"; cat "$tmp/out.log"; exit 1; }

git init -q "$tmp/repo"
cd "$tmp/repo"
mkdir dist && cp "$wheel" dist/
printf 'version: 1\nmodule:\n  max-size: 1 MB\n' > wasmsize.yaml
git add -A
pre-commit try-repo "$src" wasmsize-system >"$tmp/out.log" 2>&1 || fail "the hook passes within budget"
grep -q "wasmsize size budget.*Passed" "$tmp/out.log" || fail "pre-commit reports the hook as passed"
git commit -qm "a wheel within budget"
passed=$((passed + 1))

printf 'version: 1\nmodule:\n  max-size: 1 kB\n' > wasmsize.yaml
git add -A
if pre-commit try-repo "$src" wasmsize-system >"$tmp/out.log" 2>&1; then fail "a tightened budget must fail the hook"; fi
grep -q "wasmsize size budget.*Failed" "$tmp/out.log" || fail "pre-commit reports the hook as failed"
grep -q "error module.max-size: .* > 1 kB" "$tmp/out.log" || fail "the finding is in pre-commit's output"
passed=$((passed + 1))
echo "pre-commit: $passed passed, 0 failed"
