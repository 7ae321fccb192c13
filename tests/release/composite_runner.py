"""Runs a composite action's steps the way a GitHub runner does.

Only what our action.yml uses: `run` steps with `shell: bash` (run as
`bash --noprofile --norc -eo pipefail FILE`, as the runner does), `env`,
`${{ inputs.* }}`, `${{ github.* }}` and `${{ steps.ID.outputs.* }}`
expressions, and the GITHUB_OUTPUT / GITHUB_PATH / GITHUB_ENV /
GITHUB_STEP_SUMMARY files. Anything else in action.yml is refused, so a
step this runner cannot run is never silently skipped.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field

import yaml

EXPR = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


@dataclass
class Result:
    status: int
    log: str
    outputs: dict[str, str]
    summary: str
    failed_step: str | None = None
    step_outputs: dict[str, dict[str, str]] = field(default_factory=dict)


def read_kv(path: str) -> dict[str, str]:
    """name=value lines, and name<<EOF heredocs, as GITHUB_OUTPUT holds."""
    out, lines = {}, open(path).read().splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and "=" not in line.split("<<")[0]:
            name, delim = line.split("<<", 1)
            j = lines.index(delim, i + 1)
            out[name] = "\n".join(lines[i + 1:j])
            i = j + 1
            continue
        if "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
        i += 1
    return out


def run_action(action_dir: str, inputs: dict[str, str], *, workspace: str, work: str,
               env: dict[str, str], github: dict[str, str]) -> Result:
    with open(os.path.join(action_dir, "action.yml")) as f:
        action = yaml.safe_load(f)
    assert action["runs"]["using"] == "composite", "only composite actions"
    values = {name: str(spec.get("default", "")) for name, spec in action.get("inputs", {}).items()}
    unknown = set(inputs) - set(values)
    assert not unknown, f"inputs the action does not declare: {unknown}"
    values.update(inputs)
    steps: dict[str, dict[str, str]] = {}

    def evaluate(expr: str) -> str:
        parts = expr.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return values[parts[1]]
        if parts[0] == "github" and len(parts) == 2:
            return github.get(parts[1], "")
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return steps.get(parts[1], {}).get(parts[3], "")
        raise AssertionError(f"expression this runner does not know: {expr}")

    def substitute(text: str) -> str:
        return EXPR.sub(lambda m: evaluate(m.group(1)), str(text))

    files = {k: os.path.join(work, k) for k in ("summary", "path", "env")}
    for path in files.values():
        open(path, "a").close()
    base_env = dict(env, GITHUB_STEP_SUMMARY=files["summary"], GITHUB_PATH=files["path"],
                    GITHUB_ENV=files["env"], GITHUB_WORKSPACE=workspace,
                    GITHUB_ACTION_PATH=action_dir, RUNNER_TEMP=work)
    log = ""
    for n, step in enumerate(action["runs"]["steps"]):
        allowed = {"id", "name", "shell", "env", "run"}
        assert set(step) <= allowed, f"step keys this runner does not know: {set(step) - allowed}"
        assert step.get("shell") == "bash", "every step must say shell: bash"
        out_file = os.path.join(work, f"output-{n}")
        open(out_file, "w").close()
        script = os.path.join(work, f"step-{n}.sh")
        with open(script, "w") as f:
            f.write(substitute(step["run"]))
        step_env = dict(base_env, GITHUB_OUTPUT=out_file)
        step_env.update(read_kv(files["env"]))
        extra_path = [p for p in open(files["path"]).read().splitlines() if p]
        step_env["PATH"] = os.pathsep.join(list(reversed(extra_path)) + [base_env["PATH"]])
        step_env.update({k: substitute(v) for k, v in step.get("env", {}).items()})
        r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
                           cwd=workspace, env=step_env, capture_output=True, text=True)
        log += r.stdout + r.stderr
        if "id" in step:
            steps[step["id"]] = read_kv(out_file)
        if r.returncode != 0:  # a failed step's outputs still count, as on GitHub
            return Result(r.returncode, log, outputs_of(action, substitute),
                          open(files["summary"]).read(), step.get("id", str(n)), steps)
    return Result(0, log, outputs_of(action, substitute), open(files["summary"]).read(), None, steps)


def outputs_of(action, substitute) -> dict[str, str]:
    return {name: substitute(spec["value"]) for name, spec in action.get("outputs", {}).items()}
