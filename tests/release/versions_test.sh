#!/bin/bash
# One version everywhere a release names it: CMakeLists.txt, the pre-commit
# hook's pyproject.toml (its own version and the wasmsize wheel it pins) and
# the action's examples. A release tag that disagreed would install another
# wasmsize than the one the hook or the action documents.
#   versions_test.sh SOURCE_DIR
set -euo pipefail
src=$1
v=$(sed -n 's/^project(wasmsize VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
fail() { echo "FAILED: $*"; exit 1; }
grep -qx "version = \"$v\"" "$src/pyproject.toml" || fail "pyproject.toml version is not $v"
grep -qx "dependencies = \[\"wasmsize==$v\"\]" "$src/pyproject.toml" || fail "pyproject.toml does not pin wasmsize==$v"
grep -q "uses: wasmsize/wasmsize@v$v" "$src/examples/github-workflow.yml" || fail "examples/github-workflow.yml uses another tag than v$v"
grep -q "rev: v$v" "$src/README.md" || fail "README's pre-commit example is not rev: v$v"
echo "versions: 4 passed, 0 failed ($v)"
