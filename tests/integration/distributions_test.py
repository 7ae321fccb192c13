#!/usr/bin/env python3
"""`report` on the real Pyodide 0.27 lock, against an independent computation.

Python's json, zipfile, hashlib and brotli (Debian: python3-brotli) compute
every complete closure again from the lock and the wheels beside it (its
packages by `depends`, canonical names; files by the base name of
`file_name`): download bytes, modules (entries starting with \\0asm), their
bytes, the largest, those over 8 MiB, libraries shipped twice (base name and
SHA-256 in two wheels), and the transfer sizes: brotli quality 10, window 24
of each file as it is (exact), and of a stored repack at quality 11, window
22 (within 1 %: the repack's headers differ). Incomplete closures must say
so: `complete` false and `missing` naming exactly the absent packages.

    distributions_test.py WASMSIZE SHARED_DIR CACHE_DIR   (exit 77: skipped)
"""
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile

wasmsize, shared, cache = sys.argv[1:4]
lock_path = os.path.join(shared, "corpus", "pyodide-0.27", "pyodide-lock.json")
if not os.path.exists(lock_path):
    print("SKIP: needs ../shared/corpus/pyodide-0.27 (the corpus)")
    sys.exit(77)
try:
    import brotli
except ImportError:
    print("SKIP: needs Python's brotli module (Debian: python3-brotli)")
    sys.exit(77)

POTENTIAL_CHECKS = 8  # stored repacks brotli'd here (the smallest ones: quality 11 is slow)
passed = 0


def check(condition, what, detail=""):
    global passed
    if not condition:
        print(f"FAILED: {what}\n{str(detail)[:4000]}")
        sys.exit(1)
    passed += 1


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


lock = json.load(open(lock_path))
packages = {canonical(k): v for k, v in lock["packages"].items()}
folder = os.path.dirname(lock_path)


def file_of(p):
    base = p["file_name"].split("?")[0].split("#")[0].rsplit("/", 1)[-1]
    path = os.path.join(folder, base)
    return path if os.path.isfile(path) else None


def closure(name):
    seen, todo = set(), [name]
    while todo:
        n = canonical(todo.pop())
        if n in seen:
            continue
        seen.add(n)
        if n in packages:
            todo.extend(packages[n].get("depends", []))
    return seen


modules_of, transfer_of = {}, {}


def wheel_facts(path):
    if path not in modules_of:
        mods = []
        if path.endswith((".whl", ".zip")):
            with zipfile.ZipFile(path) as z:
                for info in z.infolist():
                    data = z.read(info)
                    if data[:4] == b"\0asm":
                        mods.append((info.filename, len(data), hashlib.sha256(data).hexdigest()))
        modules_of[path] = mods
        transfer_of[path] = len(brotli.compress(open(path, "rb").read(), quality=10, lgwin=24))
    return modules_of[path], transfer_of[path]


def stored_brotli(path):
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
        for info in z.infolist():
            # A fixed date: the repack must not depend on when the test runs.
            out.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), z.read(info))
    return len(brotli.compress(buf.getvalue(), quality=11, lgwin=22))


env = dict(os.environ, WASMSIZE_CACHE_DIR=cache)
run = subprocess.run([wasmsize, "report", "--format", "json", lock_path], capture_output=True, text=True, env=env)
check(run.returncode == 0, "report on the lock exits 0 (absent wheels are a warning)", run.stderr)
doc = json.loads(run.stdout)
check(len(doc["distributions"]) == 1, "one distribution")
dist = doc["distributions"][0]
check(dist["info"] == {k: lock["info"].get(k, "") for k in ("abi_version", "platform", "python", "arch", "version")},
      "info as the lock has it", dist["info"])
reported = {p["name"]: p for p in dist["packages"]}
check(set(reported) == set(packages), f"every package of the lock is reported ({len(packages)})")

complete = incomplete = 0
potential_paths = []
for name, p in sorted(reported.items()):
    members = closure(name)
    absent = sorted(n for n in members if n not in packages or not file_of(packages[n]))
    c = p["closure"]
    check(sorted(c["packages"]) == c["packages"] and set(c["packages"]) == members,
          f"{name}: the closure's packages", (c["packages"], sorted(members)))
    check(c["missing"] == absent and c["complete"] == (not absent), f"{name}: missing packages named", (c["missing"], absent))
    check(p["present"] == bool(file_of(packages[name])), f"{name}: present")
    if absent:
        incomplete += 1
        continue
    complete += 1
    download = transfer = count = wasm = over = 0
    largest = 0
    by_name = {}
    for n in members:
        path = file_of(packages[n])
        download += os.path.getsize(path)
        mods, t = wheel_facts(path)
        transfer += t
        for entry, size, digest in mods:
            count += 1
            wasm += size
            largest = max(largest, size)
            over += size > 8 * 1024 * 1024
            by_name.setdefault((entry.rsplit("/", 1)[-1], digest), set()).add(os.path.basename(path))
        potential_paths.append(path)
    dups = sorted(k[0] for k, wheels in by_name.items() if len(wheels) > 1)
    figures = {"download_size": download, "transfer_size": transfer, "modules": count, "wasm_size": wasm,
               "modules_over_8mib": over}
    got = {k: c[k] for k in figures}
    check(got == figures, f"{name}: closure figures", (got, figures))
    check((c["largest_module"] or {}).get("size", 0) == largest, f"{name}: largest module", c["largest_module"])
    check(sorted(d["name"] for d in c["duplicate_libraries"]) == dups, f"{name}: libraries shipped twice", c["duplicate_libraries"])
    check(c["abi_mismatches"] == [], f"{name}: every wheel of the 0.27 corpus is built for its ABI")

check(complete >= 10 and incomplete >= 100, f"complete ({complete}) and incomplete ({incomplete}) closures")
# The potential: each file's stored repack, for the smallest few (quality 11 is slow).
artifacts = {os.path.basename(a["path"]): a for a in doc["artifacts"]}
for path in sorted(set(potential_paths), key=os.path.getsize)[:POTENTIAL_CHECKS]:
    got = artifacts[os.path.basename(path)]["transfer"]["brotli_potential"]
    want = stored_brotli(path)
    # Python's headers differ from ours by a few bytes an entry (version
    # fields, attributes): within 1 %, or 64 bytes for the smallest wheels.
    check(abs(got - want) <= max(want * 0.01, 64), f"{os.path.basename(path)}: potential within 1 % (or 64 B)", (got, want))

# Text marks the incomplete closures.
text = subprocess.run([wasmsize, "report", "--width", "0", lock_path], capture_output=True, text=True, env=env).stdout
starred = set(re.findall(r"^  (\S+) \*", text, re.M))
check(starred == {n for n, p in reported.items() if not p["closure"]["complete"]}, "text: every incomplete closure is starred")
print(f"distributions: {passed} passed, 0 failed ({complete} complete closures checked, {incomplete} incomplete)")
