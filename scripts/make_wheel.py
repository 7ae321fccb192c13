#!/usr/bin/env python3
"""Wraps a static wasmsize binary in a Python wheel.

The binary goes in as the wheel's script (`wasmsize-V.data/scripts/`), so
`pip install wasmsize` puts `wasmsize` on PATH with no Python between the
user and it; the small `wasmsize` package beside it gives `python -m
wasmsize` and `wasmsize.find_wasmsize_bin()`. This is the layout ruff's
wheels use. The wheel is reproducible: entries sorted, times from
SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = ROOT / "packaging" / "python" / "wasmsize"
# The static binary needs no glibc at all; manylinux_2_17 (manylinux2014) is
# the oldest tag pip still takes for these architectures.
PLATFORMS = {
    "x86_64": ["manylinux_2_17_x86_64", "manylinux2014_x86_64"],
    "aarch64": ["manylinux_2_17_aarch64", "manylinux2014_aarch64"],
}


def record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode()


def metadata(version: str) -> str:
    return (
        "Metadata-Version: 2.1\n"
        "Name: wasmsize\n"
        f"Version: {version}\n"
        "Summary: A size linter for WebAssembly wheels and modules "
        "(Pyodide, pyemscripten, Emscripten)\n"
        "License: MIT\n"
        "Keywords: webassembly,wasm,pyodide,emscripten,size,budget,lint\n"
        "Classifier: License :: OSI Approved :: MIT License\n"
        "Classifier: Operating System :: POSIX :: Linux\n"
        "Classifier: Topic :: Software Development :: Quality Assurance\n"
        "Requires-Python: >=3.8\n"
        "Description-Content-Type: text/markdown\n"
        "\n"
        "wasmsize tells where the bytes of WebAssembly wheels and modules go and\n"
        "turns a YAML budget into a check that fails the build. This wheel\n"
        "carries the static `wasmsize` executable: `pip install wasmsize`, then\n"
        "`wasmsize report some.whl` or `python -m wasmsize --version`.\n"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", type=Path, required=True)
    ap.add_argument("--arch", choices=sorted(PLATFORMS), required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--license", type=Path, required=True)
    ap.add_argument("--third-party", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()

    v = args.version
    tags = [f"py3-none-{p}" for p in PLATFORMS[args.arch]]
    dist_info = f"wasmsize-{v}.dist-info"
    files: dict[str, tuple[bytes, int]] = {}
    for src in sorted(PACKAGE_DIR.glob("*.py")):
        files[f"wasmsize/{src.name}"] = (src.read_bytes(), 0o644)
    files[f"wasmsize-{v}.data/scripts/wasmsize"] = (args.binary.read_bytes(), 0o755)
    files[f"{dist_info}/METADATA"] = (metadata(v).encode(), 0o644)
    wheel = "Wheel-Version: 1.0\nGenerator: wasmsize make_wheel.py\nRoot-Is-Purelib: false\n"
    wheel += "".join(f"Tag: {t}\n" for t in tags)
    files[f"{dist_info}/WHEEL"] = (wheel.encode(), 0o644)
    files[f"{dist_info}/LICENSE"] = (args.license.read_bytes(), 0o644)
    files[f"{dist_info}/THIRD-PARTY-LICENSES"] = (args.third_party.read_bytes(), 0o644)
    record = [f"{n},{record_hash(d)},{len(d)}" for n, (d, _) in files.items()]
    record.append(f"{dist_info}/RECORD,,")
    files[f"{dist_info}/RECORD"] = (("\n".join(record) + "\n").encode(), 0o644)

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    date_time = time.gmtime(max(epoch, 315532800))[:6]  # zip times start in 1980
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"wasmsize-{v}-py3-none-{'.'.join(PLATFORMS[args.arch])}.whl"
    with zipfile.ZipFile(path, "w") as zf:
        for name, (data, mode) in files.items():  # RECORD last, as the spec asks
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100000 | mode) << 16
            zf.writestr(info, data, compresslevel=9)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
