#!/bin/bash
# The check step of action.yml: annotations on the budget file, a Markdown
# step summary, a SARIF report and step outputs; fails the job on findings
# of the fail-on severity. Reads the INPUT_* variables action.yml sets.
set -uo pipefail
shopt -s nullglob

# Word-split and glob the paths, as a shell would ("dist/*.whl build/").
# shellcheck disable=SC2206
paths=(${INPUT_PATHS:?the paths input is required})
[ ${#paths[@]} -gt 0 ] || { echo "::error title=wasmsize::no file matches '$INPUT_PATHS'"; exit 2; }

args=(check --no-color)
[ -n "${INPUT_BUDGET:-}" ] && args+=(--budget "$INPUT_BUDGET")
[ -n "${INPUT_BASE:-}" ] && args+=(--base "$INPUT_BASE")
case "${INPUT_FAIL_ON:-error}" in
  error) ;;
  warning) args+=(--warnings-as-errors) ;;
  *) echo "::error title=wasmsize::fail-on must be 'error' or 'warning', not '$INPUT_FAIL_ON'"; exit 2 ;;
esac
sarif=${INPUT_SARIF_FILE:-wasmsize.sarif}
json=$(mktemp)
summary=$(mktemp)
trap 'rm -f "$json" "$summary"' EXIT

# One run, every report: annotations on stdout, the rest to files.
wasmsize "${args[@]}" --format github --format "json=$json" --format "sarif=$sarif" \
  --format "markdown=$summary" "${paths[@]}"
status=$?
[ $status -le 1 ] || exit $status  # the tool could not do its job; stderr says why
# The step summary is shared with other steps: append, never overwrite.
[ -n "${GITHUB_STEP_SUMMARY:-}" ] && cat "$summary" >>"$GITHUB_STEP_SUMMARY"

read -r errors warnings < <(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["error"], s["warning"])' "$json")
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "errors=$errors"
    echo "warnings=$warnings"
    echo "sarif-file=$sarif"
  } >>"$GITHUB_OUTPUT"
fi
exit $status
