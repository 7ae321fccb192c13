#!/usr/bin/env python3
"""The HTML report in headless Chromium (Debian's chromium).

For the example wheel and the numpy wheel of the corpus: no console errors, no
network request, a non-blank screenshot, and treemap boxes checked from the
DOM (for numpy, `_multiarray_umath` is the largest module box).

    html_test.py WASMSIZE SHARED_DIR EXAMPLE_WHEEL_DIR [SCREENSHOT_OUT]   (exit 77: skipped)
"""
import glob
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

wasmsize, shared, example_dir = sys.argv[1:4]
screenshot_out = sys.argv[4] if len(sys.argv) > 4 else ""
chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if not chromium:
    print("SKIP: needs chromium (Debian: chromium)")
    sys.exit(77)

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=1280,900"]
passed = 0


def check(condition, what, detail=""):
    global passed
    if not condition:
        print(f"FAILED: {what}\n{detail[:4000]}")
        sys.exit(1)
    passed += 1
    print(f"ok: {what}")


def png_is_not_blank(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return False
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    pixels = zlib.decompress(idat)
    return len(set(pixels[::97])) > 20  # many distinct byte values: not one flat colour


def open_page(html, tmp, name):
    profile = os.path.join(tmp, "profile-" + name)
    netlog = os.path.join(tmp, name + ".netlog.json")
    shot = os.path.join(tmp, name + ".png")
    url = "file://" + html
    dom = subprocess.run([chromium, *FLAGS, "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                          "--log-net-log=" + netlog, "--dump-dom", url],
                         capture_output=True, text=True, timeout=120)
    subprocess.run([chromium, *FLAGS, "--user-data-dir=" + profile, "--screenshot=" + shot, url],
                   capture_output=True, text=True, timeout=120)
    return dom.stdout, dom.stderr, netlog, shot


def boxes(dom):
    out = []
    for m in re.finditer(r'<div class="box[^"]*"([^>]*)>', dom):
        attrs = dict(re.findall(r'data-(\w+)="([^"]*)"', m.group(1)))
        out.append(attrs)
    return out


def check_page(label, html, tmp):
    dom, log, netlog, shot = open_page(html, tmp, label)
    errors = [l for l in log.splitlines() if "CONSOLE" in l or "Uncaught" in l]
    check(not errors, f"{label}: no console errors", "\n".join(errors))
    # Chromium's own services (clock sync, component updates, sign-in) call
    # Google hosts whatever page is open; anything else would be the page's.
    browser_own = re.compile(r"^https?://([a-z0-9-]+\.)*(google\.com|googleapis\.com|gvt1\.com)/")
    urls = set()
    if os.path.exists(netlog):
        text = open(netlog).read()
        urls = {u for u in re.findall(r'"url":"([^"]+)"', text)
                if not u.startswith("file:") and not browser_own.match(u)}
    check(not urls, f"{label}: no network requests from the page", "\n".join(sorted(urls)))
    page = open(html).read()
    check(not re.search(r'<(script|link|img|iframe)[^>]*\s(src|href)=', page) and "url(" not in page
          and "fetch(" not in page and "XMLHttpRequest" not in page,
          f"{label}: nothing in the page refers to another resource")
    check(os.path.getsize(shot) > 10000 and png_is_not_blank(shot), f"{label}: a non-blank screenshot")
    found = boxes(dom)
    check(len(found) > 10, f"{label}: treemap boxes in the DOM ({len(found)})", dom[:2000])
    return found, shot


tmp = tempfile.mkdtemp(prefix="wasmsize-html-")
try:
    wheels = sorted(glob.glob(os.path.join(example_dir, "*.whl")))
    if wheels:
        html = os.path.join(tmp, "example.html")
        subprocess.run([wasmsize, "report", "--format", "html", "-o", html, wheels[0]], check=True)
        found, _ = check_page("example", html, tmp)
        modules = [b for b in found if b.get("type") == "module"]
        check(len(modules) == 3, "example: three module boxes", str(modules))
        check(any(b.get("kind") == "code" for b in found), "example: code boxes, coloured by kind")
        # check: the findings table and the clusters its duplicates rule judged.
        budget = os.path.join(tmp, "wasmsize.yaml")
        with open(budget, "w") as f:
            f.write("version: 1\nduplicates: {mode: mergeable, min-function-size: 0 B, max-bytes: 0 B}\n")
        html = os.path.join(tmp, "check.html")
        subprocess.run([wasmsize, "check", "--budget", budget, "--format", "html", "-o", html, wheels[0]])
        dom, _, _, _ = open_page(html, tmp, "check")
        findings = re.search(r'<div id="findings">(.*?)</div>', dom, re.S)
        check(findings and "duplicates.max-bytes" in findings.group(1),
              "check: the findings table names the broken rule", dom[-3000:])
        dups = re.search(r'<div id="duplicates">(.*?)</div>', dom, re.S)
        check(dups and "clusters (mergeable)" in dups.group(1) and "<td" in dups.group(1),
              "check: the clusters the rule judged, at its level", dom[-3000:])
    numpy = glob.glob(os.path.join(shared, "corpus", "pyodide-0.27", "numpy-2.0.2-*.whl"))
    if numpy:
        html = os.path.join(tmp, "numpy.html")
        subprocess.run([wasmsize, "report", "--format", "html", "-o", html, numpy[0]], check=True)
        check(os.path.getsize(html) < 1_000_000, "numpy: the page is under 1 MB")
        found, shot = check_page("numpy", html, tmp)
        modules = [b for b in found if b.get("type") == "module"]
        largest = max(modules, key=lambda b: int(b["size"]))
        check(largest["name"] == "numpy._core._multiarray_umath",
              "numpy: _multiarray_umath is the largest module box", json.dumps(largest))
        if screenshot_out:
            shutil.copy(shot, screenshot_out)
    if not wheels and not numpy:
        print("SKIP: neither the example wheel nor ../shared/corpus is here")
        sys.exit(77)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
print(f"html: {passed} passed, 0 failed")
