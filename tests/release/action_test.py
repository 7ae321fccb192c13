#!/usr/bin/env python3
"""The GitHub Action, run step by step against a release served on 127.0.0.1.

action.yml's steps run under tests/release/composite_runner.py, as a runner
would run them, with a PATH that holds only shell tools and curl: no
compiler, no cmake, no python3, no apt, no sudo. The release folder comes
from scripts/release.sh (dist/) and is served under v{version}/, where
WASMSIZE_DOWNLOAD_BASE points.

    action_test.py SOURCE_DIR DIST_DIR EXAMPLE_WHEEL SHARED_DIR   (exit 77: skipped)
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import composite_runner
except ImportError as e:  # PyYAML
    print(f"SKIP: needs python3-yaml ({e})")
    sys.exit(77)

source, dist, wheel, shared = (os.path.abspath(a) for a in sys.argv[1:5])
version = re.search(r"project\(wasmsize VERSION ([0-9.]+)", open(os.path.join(source, "CMakeLists.txt")).read())[1]
tarball = f"wasmsize-{version}-linux-x86_64.tar.gz"
if not os.path.isfile(os.path.join(dist, tarball)):
    print(f"SKIP: no {tarball} in {dist} (scripts/release.sh builds it)")
    sys.exit(1 if os.environ.get("WASMSIZE_REQUIRE_RELEASE") else 77)

passed = 0


def check(condition, what, detail=""):
    global passed
    if not condition:
        print(f"FAILED: {what}\n{detail}")
        sys.exit(1)
    passed += 1
    print(f"ok: {what}")


tmp = tempfile.mkdtemp(prefix="wasmsize-action-")

# The release server: v{version}/ as release.sh wrote it, and v9.9.9/ whose
# tarball does not match its SHA256SUMS.
served = os.path.join(tmp, "served")
os.makedirs(os.path.join(served, f"v{version}"))
for name in (tarball, "SHA256SUMS"):
    shutil.copy(os.path.join(dist, name), os.path.join(served, f"v{version}", name))
os.makedirs(os.path.join(served, "v9.9.9"))
shutil.copy(os.path.join(dist, tarball), os.path.join(served, "v9.9.9", "wasmsize-9.9.9-linux-x86_64.tar.gz"))
with open(os.path.join(served, "v9.9.9", "SHA256SUMS"), "w") as f:
    f.write("0" * 64 + "  wasmsize-9.9.9-linux-x86_64.tar.gz\n")
requests: list[str] = []


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt, *args):
        requests.append(self.path)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=served))
threading.Thread(target=server.serve_forever, daemon=True).start()
base_url = f"http://127.0.0.1:{server.server_port}"

# A PATH with shell tools and curl only.
sandbox = os.path.join(tmp, "bin")
os.makedirs(sandbox)
tools = ("bash sh cat grep sed head tail tar gzip sha256sum curl mkdir rm mv cp chmod uname mktemp "
         "dirname basename ls touch env tr cut wc sort id date printf").split()
for tool in tools:
    path = shutil.which(tool)
    check(path is not None, f"{tool} is here to put on the sandbox PATH")
    os.symlink(path, os.path.join(sandbox, tool))
for absent in ("cc", "gcc", "g++", "c++", "clang", "cmake", "make", "python3", "apt-get", "sudo"):
    check(shutil.which(absent, path=sandbox) is None, f"no {absent} on the action's PATH")

tool_cache = os.path.join(tmp, "toolcache")


def run(inputs, budget, *, runner_os="Linux", action_ref=f"v{version}", cache=tool_cache, setup=None):
    work = tempfile.mkdtemp(dir=tmp)
    workspace = os.path.join(work, "ws")
    os.makedirs(os.path.join(workspace, "dist"))
    shutil.copy(wheel, os.path.join(workspace, "dist"))
    with open(os.path.join(workspace, "wasmsize.yaml"), "w") as f:
        f.write(budget)
    if setup:
        setup(workspace)
    env = {"PATH": sandbox, "HOME": work, "NO_COLOR": "1", "RUNNER_OS": runner_os, "RUNNER_ARCH": "X64",
           "RUNNER_TOOL_CACHE": cache, "WASMSIZE_DOWNLOAD_BASE": base_url}
    github = {"action_path": source, "action_ref": action_ref, "action_repository": "wasmsize/wasmsize"}
    result = composite_runner.run_action(source, inputs, workspace=workspace, work=work, env=env, github=github)
    return result, workspace


within = "version: 1\nmodule:\n  max-size: 1 MB\n"
r, ws = run({"paths": "dist/*.whl"}, within)
check(r.status == 0, "within budget the job passes", r.log)
check(sorted(requests) == sorted([f"/v{version}/{tarball}", f"/v{version}/SHA256SUMS"]),
      "the action's own tag picks the release: its tarball and SHA256SUMS are downloaded", str(requests))
check(r.outputs["wasmsize"].startswith(os.path.join(tool_cache, "wasmsize", version, "x86_64")),
      "the binary is kept in the tool cache", str(r.outputs))
check(r.outputs["errors"] == "0" and r.outputs["warnings"] == "0", "outputs errors=0 warnings=0", str(r.outputs))
check("checks passed" in r.summary, "the step summary says the checks passed", r.summary)
check(os.path.isfile(os.path.join(ws, r.outputs["sarif-file"])), "the SARIF file is written", str(r.outputs))
with open(os.path.join(ws, r.outputs["json-file"])) as f:
    check(json.load(f)["summary"]["error"] == 0, "the JSON report is written")

# From here on a shim in the cache counts how often the action runs wasmsize.
binary = r.outputs["wasmsize"]
os.rename(binary, binary + ".real")
calls = os.path.join(tmp, "calls")
with open(binary, "w") as f:
    f.write(f'#!/bin/bash\necho "$*" >> "{calls}"\nexec "{binary}.real" "$@"\n')
os.chmod(binary, 0o755)


def calls_made():
    """How often the action ran wasmsize, not counting the install step's --version."""
    lines = open(calls).read().splitlines() if os.path.exists(calls) else []
    n = len([line for line in lines if line != "--version"])
    if os.path.exists(calls):
        os.remove(calls)
    return n


requests.clear()
broken = "version: 1\nmodule:\n  max-size: 1 kB\n  max-imports: {limit: 1, severity: warning}\n"
r, ws = run({"paths": "dist/*.whl", "sarif-file": "out/report.sarif"}, broken)
check(r.status == 1 and r.failed_step == "check", "a broken budget fails the check step", r.log)
check(requests == [], "the second run takes wasmsize from the tool cache, downloading nothing", str(requests))
check(calls_made() == 1, "wasmsize runs once for every report")
check(re.search(r"^::error file=wasmsize\.yaml,line=3,title=wasmsize module\.max-size::", r.log, re.M),
      "annotations point at the budget line", r.log)
check(int(r.outputs["errors"]) >= 1 and int(r.outputs["warnings"]) >= 1, "outputs count errors and warnings",
      str(r.outputs))
check("| ❌ | `module.max-size` |" in r.summary, "the step summary has the findings table", r.summary)
with open(os.path.join(ws, "out/report.sarif")) as f:
    sarif = json.load(f)
check(sarif["version"] == "2.1.0" and sarif["runs"][0]["results"], "the SARIF report holds the findings")
schema = os.path.join(shared, "schemas", "sarif-schema-2.1.0.json")
try:
    import jsonschema
except ImportError:
    jsonschema = None
if os.path.isfile(schema) and jsonschema:
    with open(schema) as f:
        jsonschema.validate(sarif, json.load(f))
    check(True, "the SARIF report validates against the 2.1.0 schema")

warning_only = "version: 1\nmodule:\n  max-size: {limit: 1 kB, severity: warning}\n"
r, _ = run({"paths": "dist/*.whl"}, warning_only)
check(r.status == 0, "warnings alone pass with fail-on: error", r.log)
r, _ = run({"paths": "dist/*.whl", "fail-on": "warning"}, warning_only)
check(r.status == 1, "fail-on: warning fails on warnings", r.log)
r, _ = run({"paths": "nothing/*.whl"}, within)
check(r.status == 2 and "no file matches" in r.log, "paths that match nothing stop with a clear error", r.log)
calls_made()

# The first run on a new repository: no earlier release to compare with.
growth = "version: 1\ngrowth:\n  max-bytes: 1 kB\n"
for what, setup in (("absent", None), ("empty", lambda ws: os.makedirs(os.path.join(ws, "base")))):
    r, _ = run({"paths": "dist/*.whl", "base": "base"}, growth, setup=setup)
    check(r.status == 0 and "::notice title=wasmsize::no base to compare with" in r.log,
          f"an {what} base skips the growth rules with a notice", r.log)
r, _ = run({"paths": "dist/*.whl", "base": "base"}, growth,
           setup=lambda ws: (os.makedirs(os.path.join(ws, "base")), shutil.copy(wheel, os.path.join(ws, "base"))))
check(r.status == 0, "a base equal to the build passes the growth rules", r.log)
calls_made()

# A branch or commit instead of a tag: the version of the action's checkout.
r, _ = run({"paths": "dist/*.whl"}, within, action_ref="main")
check(r.status == 0 and f"wasmsize {version}" in r.log, "a branch ref uses the checkout's version", r.log)

r, _ = run({"paths": "dist/*.whl", "version": "9.9.9"}, within, cache=os.path.join(tmp, "cache2"))
check(r.status == 1 and r.failed_step == "install" and "does not match its SHA-256" in r.log,
      "a tarball that does not match SHA256SUMS is refused", r.log)
r, _ = run({"paths": "dist/*.whl", "version": "7.7.7"}, within, cache=os.path.join(tmp, "cache3"))
check(r.status == 1 and "could not download" in r.log and "v7.7.7" in r.log,
      "a version with no release says so", r.log)
r, _ = run({"paths": "dist/*.whl"}, within, runner_os="macOS", cache=os.path.join(tmp, "cache4"))
errors = [line for line in r.log.splitlines() if line.startswith("::error")]
check(r.status == 1 and len(errors) == 1 and "no wasmsize release for macOS" in errors[0]
      and "build-from-source" in errors[0], "an unsupported runner fails with one clear line", r.log)

server.shutdown()
shutil.rmtree(tmp, ignore_errors=True)
print(f"action: {passed} passed, 0 failed")
