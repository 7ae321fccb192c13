#!/usr/bin/env python3
"""How far each transfer-size figure of wasmsize is from brotli quality 11.

wasmsize makes each figure at the settings of linter/transfer/transfer.h,
because quality 11 costs seconds a megabyte. This measures, with Python's
own zipfile and brotli (Debian: python3-brotli), over every wheel and zip of
the corpus:

  as served   brotli of the file as it is     at q10/w24 vs q11/w22
  potential   brotli of a stored repack       at q10/w24 vs q11/w22
  modules     brotli of each module's bytes   at q10/w24 vs q11/w22

and prints the error of each (the largest, and of the sums) with the time
each setting took. Quality 11 is the slow part: expect several minutes.

    bench/transfer_quality.py [--shared ../shared] [--limit N]
"""
import argparse
import glob
import io
import os
import sys
import time
import zipfile

try:
    import brotli
except ImportError:
    sys.exit("needs Python's brotli module (Debian: python3-brotli)")

SERVED, PLAIN, REFERENCE = (10, 24), (10, 24), (11, 22)
# wasmsize uses REFERENCE itself for raw bytes (PLAIN is measured to show why).


def size(data, setting, clock):
    start = time.perf_counter()
    n = len(brotli.compress(data, quality=setting[0], lgwin=setting[1]))
    clock[setting] = clock.get(setting, 0.0) + time.perf_counter() - start
    return n


def stored_repack(path):
    buf = io.BytesIO()
    modules = []
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
        for info in z.infolist():
            data = z.read(info)
            out.writestr(info.filename, data)
            if data[:4] == b"\0asm":
                modules.append(data)
    return buf.getvalue(), modules


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--limit", type=int, default=0, help="only the N smallest files")
    ap.add_argument("--served-only", action="store_true", help="only the figure as served (faster)")
    args = ap.parse_args()
    files = sorted(glob.glob(os.path.join(args.shared, "corpus", "*", "*.whl")) +
                   glob.glob(os.path.join(args.shared, "corpus", "*", "*.zip")), key=os.path.getsize)
    if args.limit:
        files = files[:args.limit]
    rows = {"as served": [], "potential": [], "modules": []}
    clock = {}
    for path in files:
        raw = open(path, "rb").read()
        rows["as served"].append((size(raw, SERVED, clock), size(raw, REFERENCE, clock)))
        line = f"{os.path.basename(path)[:60]:60} as served {100 * (rows['as served'][-1][0] / rows['as served'][-1][1] - 1):+.2f}%"
        if not args.served_only:
            stored, modules = stored_repack(path)
            rows["potential"].append((size(stored, PLAIN, clock), size(stored, REFERENCE, clock)))
            for m in modules:
                rows["modules"].append((size(m, PLAIN, clock), size(m, REFERENCE, clock)))
            line += f"  potential {100 * (rows['potential'][-1][0] / rows['potential'][-1][1] - 1):+.2f}%"
        print(line, flush=True)
    print(f"\n{len(files)} files, {len(rows['modules'])} modules")
    print(f"{'figure':10} {'setting':>9} {'largest error':>14} {'error of the sum':>17}")
    for name, setting in (("as served", SERVED), ("potential", PLAIN), ("modules", PLAIN)):
        if not rows[name]:
            continue
        errors = [100 * (a / b - 1) for a, b in rows[name] if b]
        total = 100 * (sum(a for a, _ in rows[name]) / sum(b for _, b in rows[name]) - 1)
        print(f"{name:10} q{setting[0]}/w{setting[1]:<5} {max(errors, key=abs):+13.2f}% {total:+16.2f}%")
    print("\nseconds: " + ", ".join(f"q{q}/w{w} {t:.1f}" for (q, w), t in sorted(clock.items())))


if __name__ == "__main__":
    main()
