#!/usr/bin/env python3
"""Build the example wheel: three Cython modules compiled to wasm32 side modules.

This is what a Pyodide recipe does, reduced to its steps so that nothing is
downloaded: Cython turns each .pyx into C, Debian's Emscripten compiles the C
against CPython headers configured for wasm32 into a side module
(`-sSIDE_MODULE=1`), and the modules are packed as a wheel with a RECORD.

    build_wheel.py --out DIR    prints the path of the wheel it wrote
"""

import argparse
import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = "wasmsize_demo"
VERSION = "0.1.0"
MODULES = ["vectors", "stats", "text"]

# wasm32 is an ILP32 target: these are the pyconfig.h values that differ from
# the x86-64 build of the host's headers.
WASM32_SIZES = {
    "SIZEOF_LONG": 4,
    "SIZEOF_SIZE_T": 4,
    "SIZEOF_VOID_P": 4,
    "SIZEOF_UINTPTR_T": 4,
    "SIZEOF_PTHREAD_T": 4,
    "SIZEOF_FPOS_T": 8,
    "SIZEOF_TIME_T": 8,
    "ALIGNOF_LONG": 4,
    "ALIGNOF_SIZE_T": 4,
    "ALIGNOF_MAX_ALIGN_T": 8,
}


def run(cmd, **kw):
    print("+", " ".join(str(c) for c in cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, **kw)


def python_headers(work: Path) -> Path:
    """A copy of the CPython include folder whose pyconfig.h says wasm32."""
    include = Path(sysconfig.get_paths()["include"])
    # Debian's headers (python3-dev) when present, whichever python3 runs us:
    # another patch release's headers give other bytes.
    debian = Path("/usr/include") / include.name
    if (debian / "Python.h").exists():
        include = debian
    multiarch = sysconfig.get_config_var("MULTIARCH") or "x86_64-linux-gnu"
    host_config = Path("/usr/include") / multiarch / include.name / "pyconfig.h"
    if not host_config.exists():
        host_config = include / "pyconfig.h"
    shadow = work / "include"
    shadow.mkdir()
    for entry in include.iterdir():
        if entry.name != "pyconfig.h":
            (shadow / entry.name).symlink_to(entry)
    text = host_config.read_text()
    for name, value in WASM32_SIZES.items():
        text, n = re.subn(rf"#define {name} \d+", f"#define {name} {value}", text)
        if n == 0:
            text += f"\n#define {name} {value}\n"
    (shadow / "pyconfig.h").write_text(text)
    return shadow


def emscripten_version() -> str:
    out = subprocess.run(["emcc", "--version"], capture_output=True, text=True, check=True).stdout
    return re.search(r"(\d+)\.(\d+)\.(\d+)", out).group(0).replace(".", "_")


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the wheel")
    args = parser.parse_args()

    env = dict(os.environ)
    # Debian's emcc runs tools under node and needs Debian's acorn on its path.
    env["NODE_PATH"] = ":".join(p for p in ["/usr/share/nodejs", env.get("NODE_PATH", "")] if p)
    py = sysconfig.get_config_var("py_version_nodot")
    ext_suffix = f".cpython-{py}-wasm32-emscripten.so"
    tag = f"cp{py}-cp{py}-emscripten_{emscripten_version()}_wasm32"

    with tempfile.TemporaryDirectory(prefix="wasmsize-example-") as tmp:
        work = Path(tmp)
        include = python_headers(work)
        shutil.copytree(HERE / "src" / PACKAGE, work / PACKAGE)
        files = {f"{PACKAGE}/__init__.py": (work / PACKAGE / "__init__.py").read_bytes()}
        for mod in MODULES:
            pyx = work / PACKAGE / f"{mod}.pyx"
            c = pyx.with_suffix(".c")
            so = work / PACKAGE / f"{mod}{ext_suffix}"
            # Relative paths and a prefix map keep the temporary folder's name
            # out of the modules (assert messages, Cython's tracebacks), so the
            # wheel is byte-for-byte reproducible: the committed copy is
            # checked against a rebuild (tests/e2e/example_test.cpp).
            rel = lambda p: str(p.relative_to(work))
            run(["cython3", "-3", "-I", ".", rel(pyx), "-o", rel(c)], cwd=work)
            # -DNDEBUG as CPython's own extension flags have it: asserts in
            # the headers would embed their line numbers, which Debian's
            # security updates of python3.11-dev shift.
            run(["emcc", "-O2", "-DNDEBUG", "-fPIC", "-sSIDE_MODULE=1", f"-ffile-prefix-map={work}=.",
                 "-I", rel(include), rel(c), "-o", rel(so)], env=env, cwd=work)
            files[f"{PACKAGE}/{so.name}"] = so.read_bytes()

        dist_info = f"{PACKAGE}-{VERSION}.dist-info"
        files[f"{dist_info}/METADATA"] = (
            f"Metadata-Version: 2.1\nName: {PACKAGE}\nVersion: {VERSION}\n"
            "Summary: wasmsize example: three Cython side modules sharing helpers\n").encode()
        files[f"{dist_info}/WHEEL"] = (
            f"Wheel-Version: 1.0\nGenerator: wasmsize build_wheel.py\n"
            f"Root-Is-Purelib: false\nTag: {tag}\n").encode()
        record = [record_line(name, data) for name, data in files.items()]
        record.append(f"{dist_info}/RECORD,,")
        files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()

        args.out.mkdir(parents=True, exist_ok=True)
        wheel = args.out / f"{PACKAGE}-{VERSION}-{tag}.whl"
        with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, data)
    print(wheel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
