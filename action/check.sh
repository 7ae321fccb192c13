#!/bin/bash
# The check step of action.yml: annotations on the budget file, a Markdown
# step summary, a SARIF report and step outputs; fails the job on findings
# of the fail-on severity. Reads the INPUT_* variables action.yml sets and
# WASMSIZE_BIN, the executable the install step put in place. Needs bash
# and coreutils only (no python3: `container:` jobs may have none).
set -uo pipefail
shopt -s nullglob

# Word-split and glob the paths, as a shell would ("dist/*.whl build/").
# shellcheck disable=SC2206
paths=(${INPUT_PATHS:?the paths input is required})
[ ${#paths[@]} -gt 0 ] || { echo "::error title=wasmsize::no file matches '$INPUT_PATHS'"; exit 2; }

args=(check --no-color)
[ -n "${INPUT_BUDGET:-}" ] && args+=(--budget "$INPUT_BUDGET")
# The first run on a repository has no earlier release to compare with:
# an absent or empty base means no growth rules, said once, not an error.
if [ -n "${INPUT_BASE:-}" ]; then
  if [ -e "$INPUT_BASE" ] && ! { [ -d "$INPUT_BASE" ] && [ -z "$(ls -A "$INPUT_BASE")" ]; }; then
    args+=(--base "$INPUT_BASE")
  else
    echo "::notice title=wasmsize::no base to compare with ('$INPUT_BASE' is absent or empty): the growth rules are skipped"
  fi
fi
case "${INPUT_FAIL_ON:-error}" in
  error) ;;
  warning) args+=(--warnings-as-errors) ;;
  *) echo "::error title=wasmsize::fail-on must be 'error' or 'warning', not '$INPUT_FAIL_ON'"; exit 2 ;;
esac
sarif=${INPUT_SARIF_FILE:-wasmsize.sarif}
json=${INPUT_JSON_FILE:-wasmsize.json}
for f in "$sarif" "$json"; do mkdir -p "$(dirname "$f")"; done
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT

# One run, every report: annotations on stdout, the rest to files.
"${WASMSIZE_BIN:-wasmsize}" "${args[@]}" --format github --format "json=$json" --format "sarif=$sarif" \
  --format "markdown=$summary" "${paths[@]}"
status=$?
[ $status -le 1 ] || exit $status  # the tool could not do its job; stderr says why
# The step summary is shared with other steps: append, never overwrite.
[ -n "${GITHUB_STEP_SUMMARY:-}" ] && cat "$summary" >>"$GITHUB_STEP_SUMMARY"

# The JSON report's summary holds one "error" and one "warning" count
# (docs/json.md); read them without a JSON tool.
count() { sed -n '/"summary"/,/}/s/^ *"'"$1"'": *\([0-9]*\).*/\1/p' "$json" | head -1; }
errors=$(count error)
warnings=$(count warning)
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "errors=$errors"
    echo "warnings=$warnings"
    echo "sarif-file=$sarif"
    echo "json-file=$json"
  } >>"$GITHUB_OUTPUT"
fi
exit $status
