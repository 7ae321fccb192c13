#!/usr/bin/env python3
"""Runs action.yml's steps locally, the way a GitHub runner would.

GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE and RUNNER_TEMP point at
temporary files; ${{ inputs.* }} and ${{ github.action_path }} are substituted
as the runner substitutes them. Then each output is checked.

    action_test.py BUILD_DIR SOURCE_DIR WHEEL_OR_FOLDER     (exit 77: skipped)
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    print("SKIP: needs python3-yaml")
    sys.exit(77)

build, source, wheel = (os.path.abspath(a) for a in sys.argv[1:4])
if os.path.isdir(wheel):
    wheels = sorted(glob.glob(os.path.join(wheel, "*.whl")))
    wheel = wheels[0] if wheels else ""
if not os.path.isfile(wheel):
    print("SKIP: no wheel to check (the example wheel is not built)")
    sys.exit(77)

with open(os.path.join(source, "action.yml")) as f:
    action = yaml.safe_load(f)

passed = 0


def check(condition, what, detail=""):
    global passed
    if not condition:
        print(f"FAILED: {what}\n{detail}")
        sys.exit(1)
    passed += 1
    print(f"ok: {what}")


check(action["runs"]["using"] == "composite", "a composite action")
check(set(action["inputs"]) == {"paths", "budget", "base", "sarif-file", "fail-on"},
      "inputs paths, budget, base, sarif-file, fail-on", str(action["inputs"]))
check({"errors", "warnings", "sarif-file"} <= set(action["outputs"]), "outputs errors, warnings, sarif-file")


def run_action(inputs):
    """Runs every step; returns (status, stdout, outputs, summary, workspace)."""
    work = tempfile.mkdtemp(prefix="wasmsize-action-")
    files = {name: os.path.join(work, name) for name in ("output", "summary", "path", "env")}
    for path in files.values():
        open(path, "w").close()
    workspace = os.path.join(work, "workspace")
    os.makedirs(os.path.join(workspace, "dist"))
    subprocess.run(["cp", wheel, os.path.join(workspace, "dist")], check=True)
    with open(os.path.join(workspace, "wasmsize.yaml"), "w") as f:
        f.write(inputs.pop("_budget_text"))
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    values.update(inputs)

    def substitute(text):
        text = re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: str(values[m.group(1)]), text)
        return re.sub(r"\$\{\{\s*github\.action_path\s*\}\}", source, text)

    # A shim before the real wasmsize counts how often the action runs it.
    shim = os.path.join(work, "shim")
    os.makedirs(shim)
    calls = os.path.join(work, "calls")
    with open(os.path.join(shim, "wasmsize"), "w") as f:
        f.write(f'#!/bin/sh\necho "$*" >> "{calls}"\nexec "{build}/wasmsize" "$@"\n')
    os.chmod(os.path.join(shim, "wasmsize"), 0o755)
    env = dict(os.environ, GITHUB_OUTPUT=files["output"], GITHUB_STEP_SUMMARY=files["summary"],
               GITHUB_PATH=files["path"], GITHUB_ENV=files["env"], GITHUB_WORKSPACE=workspace,
               GITHUB_ACTION_PATH=source, RUNNER_TEMP=work, NO_COLOR="1",
               PATH=shim + os.pathsep + build + os.pathsep + os.environ["PATH"])
    out, status = "", 0
    for step in action["runs"]["steps"]:
        step_env = dict(env, **{k: substitute(str(v)) for k, v in step.get("env", {}).items()})
        r = subprocess.run(["bash", "-e", "-c", substitute(step["run"])], cwd=workspace, env=step_env,
                           capture_output=True, text=True)
        out += r.stdout + r.stderr
        status = r.returncode
        if status != 0:
            break
    outputs = dict(line.split("=", 1) for line in open(files["output"]).read().splitlines() if "=" in line)
    runs = open(calls).read().splitlines() if os.path.exists(calls) else []
    # Once for every report; not at all when the paths match nothing.
    check(len(runs) == (0 if status == 2 else 1), "the action runs wasmsize once for every report",
          "\n".join(runs))
    return status, out, outputs, open(files["summary"]).read(), workspace


within = "version: 1\nmodule:\n  max-size: 1 MB\n"
status, out, outputs, summary, ws = run_action({"paths": "dist/*.whl", "_budget_text": within})
check(status == 0, "within budget the job passes", out)
check("using " in out, "the install step keeps a wasmsize already on PATH", out)
check(outputs.get("errors") == "0" and outputs.get("warnings") == "0", "outputs errors=0 warnings=0", str(outputs))
check("checks passed" in summary, "the step summary says the checks passed", summary)
sarif_path = os.path.join(ws, outputs.get("sarif-file", ""))
check(os.path.isfile(sarif_path), "the SARIF file is written where sarif-file says", str(outputs))

broken = "version: 1\nmodule:\n  max-size: 1 kB\n  max-imports: {limit: 1, severity: warning}\n"
status, out, outputs, summary, ws = run_action(
    {"paths": "dist/*.whl", "sarif-file": "out/report.sarif", "_budget_text": broken})
check(status == 1, "a broken budget fails the job", out)
check(re.search(r"^::error file=wasmsize\.yaml,line=3,title=wasmsize module\.max-size::", out, re.M),
      "annotations point at the budget line", out)
check(int(outputs.get("errors", "0")) >= 1 and int(outputs.get("warnings", "0")) >= 1,
      "outputs count errors and warnings", str(outputs))
check("| ❌ | `module.max-size` |" in summary, "the step summary has the findings table", summary)
with open(os.path.join(ws, "out/report.sarif")) as f:
    sarif = json.load(f)
check(sarif["version"] == "2.1.0" and sarif["runs"][0]["results"], "the SARIF report holds the findings")
schema = os.path.join(source, "..", "shared", "schemas", "sarif-schema-2.1.0.json")
if os.path.isfile(schema):
    import jsonschema
    with open(schema) as f:
        jsonschema.validate(sarif, json.load(f))
    check(True, "the SARIF report validates against the 2.1.0 schema")

warning_only = "version: 1\nmodule:\n  max-size: {limit: 1 kB, severity: warning}\n"
status, out, _, _, _ = run_action({"paths": "dist/*.whl", "_budget_text": warning_only})
check(status == 0, "warnings alone pass with fail-on: error", out)
status, out, _, _, _ = run_action({"paths": "dist/*.whl", "fail-on": "warning", "_budget_text": warning_only})
check(status == 1, "fail-on: warning fails on warnings", out)
status, out, _, _, _ = run_action({"paths": "nothing/*.whl", "_budget_text": within})
check(status == 2 and "no file matches" in out, "paths that match nothing stop with a clear error", out)

print(f"action: {passed} passed, 0 failed")
