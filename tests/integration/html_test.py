#!/usr/bin/env python3
"""The HTML report in headless Chromium (Debian's chromium).

For the example wheel and the numpy wheel of the corpus: no console errors, no
network request, a non-blank screenshot, and treemap boxes checked from the
DOM (for numpy, `_multiarray_umath` is the largest module box). For the
explorer's features, on statsmodels (26 Cython modules) and pairs of wheels,
each checked from the DOM against the JSON reports: every module box drawn
down to its sections, the search, the raw/compressed/transfer toggle, the
artifact sidebar, failing modules outlined on a check page, and the
duplicated functions of a dups page. The page's state is opened through its
address (#q=, size=, off=, zoom=), as a user shares it.

    html_test.py WASMSIZE SHARED_DIR EXAMPLE_WHEEL_DIR [SCREENSHOT_OUT]   (exit 77: skipped)

Transfer sizes are cached where $WASMSIZE_CACHE_DIR says (ctest: the build tree).
"""
import glob
import html.parser
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


def open_page(html, tmp, name, hash=""):
    profile = os.path.join(tmp, "profile-" + name)
    netlog = os.path.join(tmp, name + ".netlog.json")
    shot = os.path.join(tmp, name + ".png")
    url = "file://" + html + hash
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


class Box:
    def __init__(self, attrs, parent):
        self.attrs, self.parent, self.children = attrs, parent, []
        self.classes = set(attrs.get("class", "").split())

    def px(self, what):
        m = re.search(what + r":\s*([\d.]+)px", self.attrs.get("style", ""))
        return float(m.group(1)) if m else 0.0


class DomTree(html.parser.HTMLParser):
    """The treemap's boxes as a tree (nesting is what "drawn down" means)."""

    def __init__(self, dom):
        super().__init__()
        self.stack, self.boxes, self.elements = [], [], []
        self.feed(dom)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        parent = next((e for e in reversed(self.stack) if isinstance(e, Box)), None)
        node = Box(attrs, parent) if tag == "div" and "box" in attrs.get("class", "").split() else tag
        if isinstance(node, Box):
            self.boxes.append(node)
            if parent:
                parent.children.append(node)
        self.elements.append((tag, attrs))
        if tag not in ("input", "br", "meta", "img", "hr"):
            self.stack.append(node)

    def handle_endtag(self, tag):
        while self.stack:
            top = self.stack.pop()
            if (top.attrs and tag == "div") if isinstance(top, Box) else top == tag:
                break


def text_of(dom, element_id):
    m = re.search(r'<[^>]*id="%s"[^>]*>(.*?)</' % re.escape(element_id), dom, re.S)
    return m.group(1) if m else ""


def report_json(*args):
    out = subprocess.run([wasmsize, "report", "--format", "json", *args], capture_output=True, text=True)
    return json.loads(out.stdout)


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


def distribution_checks(lock, tmp):
    """A lock adds a box per package, sized by its closure's download. On
    a lock of a few of the corpus's packages (the small wheels, and numpy
    missing), so that brotli stays cheap."""
    full = json.load(open(lock))
    folder = os.path.join(tmp, "lock")
    os.makedirs(folder)
    keep = ["buffer-test", "fpcast-test", "markupsafe", "pyyaml", "frozenlist", "pywavelets", "numpy"]
    small = {"info": full["info"], "packages": {k: full["packages"][k] for k in keep}}
    for name in keep[:-2]:  # pywavelets depends on numpy, which is left out
        src = os.path.join(os.path.dirname(lock), small["packages"][name]["file_name"])
        os.symlink(src, os.path.join(folder, os.path.basename(src)))
    src = os.path.join(os.path.dirname(lock), small["packages"]["pywavelets"]["file_name"])
    os.symlink(src, os.path.join(folder, os.path.basename(src)))
    with open(os.path.join(folder, "pyodide-lock.json"), "w") as f:
        json.dump(small, f)
    html = os.path.join(tmp, "lock.html")
    subprocess.run([wasmsize, "report", "--format", "html", "-o", html, folder], capture_output=True)
    doc = report_json(folder)
    closures = {p["name"]: p["closure"] for p in doc["distributions"][0]["packages"]}
    hidden = ",".join(str(i) for i in range(len(doc["artifacts"])))
    dom, log, _, _ = open_page(html, tmp, "lock", "#off=" + hidden)
    check("Uncaught" not in log, "lock: no script errors", log[-2000:])
    tree = DomTree(dom)
    packages = [b for b in tree.boxes if b.attrs.get("data-type") == "package"]
    check(len(packages) >= 5, f"lock: package boxes drawn ({len(packages)})")
    wrong = [b.attrs["data-name"] for b in packages
             if int(float(b.attrs["data-size"])) != closures[b.attrs["data-name"]]["download_size"]]
    check(not wrong, "lock: each package box weighs its closure's download", wrong[:10])
    incomplete = {b.attrs["data-name"] for b in packages if "incomplete" in b.classes}
    check(incomplete == {n for n in (b.attrs["data-name"] for b in packages) if not closures[n]["complete"]}
          and "pywavelets" in incomplete, "lock: incomplete closures are marked", incomplete)


def explorer_checks(wheel, tmp, screenshot_out):
    html = os.path.join(tmp, "sm.html")
    subprocess.run([wasmsize, "report", "--format", "html", "-o", html, wheel], check=True)
    measured = report_json(wheel)["artifacts"][0]
    modules = {m["name"]: m for m in measured["modules"]}

    # Every module box is drawn down to its sections at the opening zoom:
    # none is a blank box, however deep its folder.
    dom, log, _, shot = open_page(html, tmp, "sm")
    check("Uncaught" not in log, "statsmodels: no script errors", log[-2000:])
    tree = DomTree(dom)
    shown = [b for b in tree.boxes if b.attrs.get("data-type") == "module"]
    check(len(shown) == len(modules), f"statsmodels: all {len(modules)} module boxes drawn ({len(shown)})")
    blank = [b.attrs["data-name"] for b in shown if b.px("width") >= 24 and b.px("height") >= 24 and not b.children]
    check(not blank, "statsmodels: no module box of 24 px or more is blank", ", ".join(blank))
    deep = [b for b in shown if any(c.attrs.get("data-type") == "section" or c.attrs.get("data-kind") in
                                    ("data", "other", "custom") for c in b.children)]
    check(len(deep) >= len(shown) * 3 // 4, f"statsmodels: module boxes show their sections ({len(deep)} of {len(shown)})")
    functions = [b for b in tree.boxes if b.attrs.get("data-kind") == "code" and not b.children and
                 b.parent and b.parent.attrs.get("data-type") == "section"]
    check(len(functions) > 50, f"statsmodels: functions drawn inside code sections ({len(functions)})")
    if screenshot_out:
        shutil.copy(shot, screenshot_out)

    # The search: every box whose name holds the query is marked, no other;
    # the count covers the whole tree (the module and its own name).
    dom, _, _, _ = open_page(html, tmp, "sm-search", "#q=_qn")
    tree = DomTree(dom)
    matched = [b for b in tree.boxes if "match" in b.classes]
    check(matched and all("_qn" in b.attrs["data-name"].lower() for b in matched),
          f"search: {len(matched)} boxes marked, each named with the query")
    unmarked = [b.attrs["data-name"] for b in tree.boxes if "match" not in b.classes and "_qn" in b.attrs["data-name"].lower()]
    check(not unmarked, "search: no box named with the query is left unmarked", ", ".join(unmarked))
    check(all("dim" in b.classes or "match" in b.classes for b in tree.boxes), "search: the others are dimmed")
    count = text_of(dom, "search-count")
    check(count.startswith("1 match in 1 module"), "search: the count says where", count)
    check(re.search(r'<input[^>]*id="search"[^>]*value="_qn"', dom), "search: the box holds the query")

    # The size toggle: module boxes weigh their compressed bytes, then their
    # brotli transfer bytes, as the JSON report measures them (transfer on a
    # smaller wheel: brotli at quality 11 costs seconds a megabyte).
    small = sorted(glob.glob(os.path.join(os.path.dirname(wheel), "..", "pyodide-0.27", "pillow-*.whl")))[:1] or [wheel]
    tr_html = os.path.join(tmp, "transfer.html")
    subprocess.run([wasmsize, "report", "--transfer", "--format", "html", "-o", tr_html, small[0]], check=True)
    tr_modules = {m["name"]: m for m in report_json("--transfer", small[0])["artifacts"][0]["modules"]}
    for view, page, mods, field in (("compressed", html, modules, lambda m: m["compressed_size"]),
                                    ("transfer", tr_html, tr_modules, lambda m: m["transfer"]["brotli"])):
        dom, _, _, _ = open_page(page, tmp, "sm-" + view, "#size=" + view)
        tree = DomTree(dom)
        boxes = {b.attrs["data-name"]: int(float(b.attrs["data-size"])) for b in tree.boxes if b.attrs.get("data-type") == "module"}
        wrong = {n: (v, field(mods[n])) for n, v in boxes.items() if v != field(mods[n])}
        check(len(boxes) == len(mods) and not wrong, f"size toggle: {view} sizes of {len(boxes)} module boxes", str(wrong)[:2000])
        check(re.search(r'<input[^>]*value="%s"[^>]*checked' % view, dom) or re.search(r'<input[^>]*checked[^>]*value="%s"' % view, dom),
              f"size toggle: the {view} button is the one checked")
    # Without --transfer the transfer view cannot be chosen.
    dom, _, _, _ = open_page(html, tmp, "plain", "#size=transfer")
    check(re.search(r'<input[^>]*value="transfer"[^>]*disabled', dom), "size toggle: transfer is off where not measured")
    check(re.search(r'<input[^>]*value="raw"[^>]*checked', dom), "size toggle: a page without transfer opens raw")

    # The sidebar: one checkbox per artifact; unticking one leaves its modules out.
    pair = sorted(glob.glob(os.path.join(os.path.dirname(wheel), "pyxel-*.whl")))[:1] + [wheel]
    two = os.path.join(tmp, "two.html")
    subprocess.run([wasmsize, "report", "--format", "html", "-o", two, *pair], check=True)
    first = {m["name"] for m in report_json(pair[0])["artifacts"][0]["modules"]}
    dom, _, _, _ = open_page(two, tmp, "two")
    boxes = DomTree(dom).boxes
    boxes_names = {b.attrs["data-name"] for b in boxes}
    boxes_first = [b for b in boxes if b.attrs.get("data-type") == "module" and b.attrs["data-name"] in first]
    check(len(re.findall(r'<input[^>]*type="checkbox"[^>]*data-index', dom)) == 2 and boxes_first,
          "sidebar: one checkbox per artifact, both drawn")
    dom, _, _, _ = open_page(two, tmp, "two-off", "#off=0")
    tree = DomTree(dom)
    left = [b.attrs["data-name"] for b in tree.boxes if b.attrs.get("data-type") == "module" and b.attrs["data-name"] in first]
    check(not left and any(b.attrs.get("data-type") == "module" for b in tree.boxes),
          "sidebar: an unticked artifact leaves the treemap", ", ".join(left))
    check(re.search(r'<input[^>]*type="checkbox"(?![^>]*checked)[^>]*data-index="0"', dom),
          "sidebar: its checkbox is unticked")

    # A check page outlines the failing module, with its finding to hover.
    largest = max(modules.values(), key=lambda m: m["size"])
    second = sorted(m["size"] for m in modules.values())[-2]
    budget = os.path.join(tmp, "sm.yaml")
    with open(budget, "w") as f:
        f.write("version: 1\nmodule:\n  max-size: %d B\n" % ((largest["size"] + second) // 2))
    page = os.path.join(tmp, "check-sm.html")
    subprocess.run([wasmsize, "check", "--budget", budget, "--format", "html", "-o", page, wheel])
    dom, _, _, _ = open_page(page, tmp, "check-sm")
    tree = DomTree(dom)
    failing = [b for b in tree.boxes if "failing" in b.classes]
    check([b.attrs.get("data-name") for b in failing] == [largest["name"]],
          f"check: only {largest['name']} is outlined", str([b.attrs.get("data-name") for b in failing]))
    check("module.max-size" in failing[0].attrs.get("data-finding", ""), "check: its finding is on the box")

    # A dups page hatches duplicated functions; each module's duplicated
    # bytes equal the copies the JSON lists in it.
    page = os.path.join(tmp, "dups-sm.html")
    subprocess.run([wasmsize, "dups", "--mode", "mergeable", "--format", "html", "-o", page, wheel], check=True)
    clusters = json.loads(subprocess.run([wasmsize, "dups", "--mode", "mergeable", "--top", "0", "--format", "json", wheel],
                                         capture_output=True, text=True).stdout)["levels"]["mergeable"]["clusters"]
    expect = {}
    for c in clusters:
        for copy in c["copies"]:
            expect[copy["module"]] = expect.get(copy["module"], 0) + copy["size"]
    dom, _, _, _ = open_page(page, tmp, "dups-sm")
    tree = DomTree(dom)
    hatched = [b for b in tree.boxes if "dup" in b.classes]
    check(len(hatched) >= 10 and all(b.attrs.get("data-dup") == b.attrs.get("data-size") for b in hatched),
          f"dups: duplicated functions hatched, all of their bytes duplicated ({len(hatched)})")
    got = {b.attrs["data-name"]: int(b.attrs.get("data-dup", "0")) for b in tree.boxes if b.attrs.get("data-type") == "module"}
    wrong = {n: (got.get(n, 0), v) for n, v in expect.items() if got.get(n, 0) != v}
    check(expect and not wrong, f"dups: duplicated bytes of {len(expect)} modules as the JSON lists", str(wrong)[:2000])
    check(len(re.findall(r'class="dupbar"', dom)) >= len(expect) * 3 // 4, "dups: modules carry a bar of their duplicated share")


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

    lock = os.path.join(shared, "corpus", "pyodide-0.27", "pyodide-lock.json")
    if os.path.exists(lock):
        distribution_checks(lock, tmp)
    statsmodels = glob.glob(os.path.join(shared, "corpus", "more", "statsmodels-*.whl"))
    if statsmodels:
        explorer_checks(statsmodels[0], tmp, screenshot_out)
    if not wheels and not numpy:
        print("SKIP: neither the example wheel nor ../shared/corpus is here")
        sys.exit(77)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
print(f"html: {passed} passed, 0 failed")
