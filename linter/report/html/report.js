// wasmsize HTML report: a zoomable treemap of DATA.artifacts (artifact ->
// folder -> module -> section -> largest functions), drawn down to the
// smallest box that can be seen, sized by raw, compressed or transfer
// bytes, with a search, a sidebar of artifacts, the failing modules of a
// check outlined and the duplicated functions of a dups page hatched; the
// findings and duplicate clusters as tables. No network access.
//
// What the user chose lives in the address's hash (#q=...&size=...&off=...)
// so that a view can be shared, reloaded, and opened by the tests.
(function () {
  "use strict";
  const MIN_BOX = 4;        // pixels: smaller boxes are not drawn
  const MAX_BOXES = 6000;   // a bound on the DOM, whatever the input
  const HEADER = 15;        // a container's title strip
  const map = document.getElementById("treemap");
  const crumbs = document.getElementById("crumbs");
  const tip = document.getElementById("tooltip");
  const search = document.getElementById("search");
  const searchCount = document.getElementById("search-count");
  const overlay = document.getElementById("overlay");

  const state = { size: "raw", query: "", off: new Set(), overlay: DATA.page === "dups", path: [] };
  readHash();

  let root = null, current = null, boxes = [], focused = 0;

  function human(bytes) {
    if (bytes < 1000) return Math.round(bytes) + " B";
    const units = ["kB", "MB", "GB"];
    let v = bytes / 1000, u = 0;
    while (v >= 999.95 && u < units.length - 1) { v /= 1000; u++; }
    return (v < 9.995 ? v.toFixed(2) : v < 99.95 ? v.toFixed(1) : v.toFixed(0)) + " " + units[u];
  }
  function pct(part, whole) { return whole ? (100 * part / whole).toFixed(part / whole < 0.1 ? 1 : 0) + "%" : "-"; }

  // The weight of a leaf in the chosen view. Compressed falls back to raw
  // for loose modules (nothing compresses them); transfer has no fallback:
  // the toggle is off where it was not measured.
  function weight(d) {
    if (state.size === "compressed") return d.csize !== undefined ? d.csize : d.size || 0;
    if (state.size === "transfer") return d.tsize || 0;
    return d.size || 0;
  }
  const sizeWord = { raw: "bytes", compressed: "compressed bytes", transfer: "brotli transfer bytes" };

  function build() {
    const shown = DATA.artifacts.filter((a, i) => !state.off.has(i));
    const data = shown.length === 1 ? shown[0]
      : { name: shown.length + " artifacts", type: "root", children: shown };
    root = d3.hierarchy(data).sum((d) => (d.children ? 0 : weight(d))).sort((a, b) => b.value - a.value);
    // Keep the zoom where it was, by the names on its path.
    current = root;
    for (const name of state.path) {
      const next = (current.children || []).find((c) => c.data.name === name);
      if (!next) break;
      current = next;
    }
    current = settle(current);
  }

  // A folder with a single child shows nothing new: go down to where the
  // tree branches (zooming out still passes through every level).
  function settle(node) {
    while (node.children && node.children.length === 1 && node.children[0].children) node = node.children[0];
    return node;
  }
  function namesTo(node) { return node.ancestors().reverse().slice(1).map((n) => n.data.name); }
  // The node of the full tree that a laid-out node (render()) stands for.
  function full(laidOut) {
    let at = current;
    for (const n of laidOut.ancestors().reverse().slice(1)) {
      const next = (at.children || []).find((c) => c.data === n.data);
      if (!next) break;
      at = next;
    }
    return at;
  }

  function kindClass(d) {
    if (d.type === "module") return "module";
    if (d.kind) return "kind-" + d.kind;  // a leaf, or the code section
    return d.children ? "container" : "kind-other";
  }

  function render() {
    map.textContent = "";
    const w = map.clientWidth, h = map.clientHeight;
    // current's own hierarchy node is reused: its descendants carry the sums.
    // A hierarchy of its own from `current` down (d3's layout indexes its
    // padding by depth from 0); full() maps its nodes back.
    const sub = d3.hierarchy(current.data).sum((d) => (d.children ? 0 : weight(d)))
      .sort((a, b) => b.value - a.value);
    d3.treemap().tile(d3.treemapSquarify).size([w, h]).paddingInner(1).paddingOuter(1)
      .paddingTop((n) => (n.depth > 0 && n.children && n.y1 - n.y0 > 2 * HEADER ? HEADER : 1)).round(true)(sub);
    boxes = [];
    let drawn = 0;
    const query = state.query.toLowerCase();
    const draw = (node, parentEl, parentNode, depth) => {
      if (drawn >= MAX_BOXES) return;
      drawn++;
      const el = box(node, parentEl, parentNode, query);
      if (depth === 1) boxes.push({ node, el });
      for (const c of node.children || []) {
        if (c.x1 - c.x0 >= MIN_BOX && c.y1 - c.y0 >= MIN_BOX) draw(c, el, node, depth + 1);
      }
    };
    for (const child of sub.children || []) {
      if (child.x1 - child.x0 >= 1 && child.y1 - child.y0 >= 1) draw(child, null, sub, 1);
    }
    focused = Math.min(focused, Math.max(0, boxes.length - 1));
    if (boxes[focused]) boxes[focused].el.classList.add("focused");
    map.dataset.boxes = drawn;
    renderCrumbs();
    renderSearchCount(query);
    renderSidebar();
    writeHash();
  }

  function matches(d, query) {
    return query && (d.name.toLowerCase().includes(query) || (d.path || "").toLowerCase().includes(query));
  }

  function box(node, parentEl, parentNode, query) {
    const d = node.data;
    const el = document.createElement("div");
    el.className = "box " + kindClass(d);
    el.style.left = node.x0 - parentNode.x0 + "px";
    el.style.top = node.y0 - parentNode.y0 + "px";
    el.style.width = Math.max(0, node.x1 - node.x0) + "px";
    el.style.height = Math.max(0, node.y1 - node.y0) + "px";
    el.dataset.name = d.name;
    el.dataset.size = node.value;
    el.dataset.kind = d.kind || (d.children ? "container" : "other");
    if (d.type) el.dataset.type = d.type;
    if (d.findings) {
      const worst = d.findings.some((f) => f.severity === "error") ? "failing" : "warned";
      el.classList.add(worst);
      el.dataset.finding = d.findings.map((f) => f.rule + ": " + f.message).join("\n");
    }
    if (d.closure && d.closure.missing) el.classList.add("incomplete");
    if (d.dup) {
      el.dataset.dup = d.dup;
      if (state.overlay) {
        if (d.children) {  // a module: a bar of its duplicated share
          const bar = document.createElement("div");
          bar.className = "dupbar";
          bar.style.width = Math.min(100, (100 * d.dup) / Math.max(1, d.size)).toFixed(1) + "%";
          el.appendChild(bar);
        } else {
          el.classList.add("dup");
        }
      }
    }
    if (query) el.classList.add(matches(d, query) ? "match" : "dim");
    const label = document.createElement("span");
    label.className = "label";
    label.textContent = d.name + " " + human(node.value);
    el.appendChild(label);
    el.addEventListener("mousemove", (e) => showTip(e, full(node)));
    el.addEventListener("mouseleave", () => (tip.style.display = "none"));
    el.addEventListener("click", (e) => {
      e.stopPropagation();
      zoomInto(full(node));
    });
    (parentEl || map).appendChild(el);
    return el;
  }

  function showTip(e, node) {
    e.stopPropagation();
    const d = node.data;
    const parent = node.parent ? node.parent.value : node.value;
    const lines = [namesTo(node).join(" / "),
      human(node.value) + " " + sizeWord[state.size] + " (" + Math.round(node.value).toLocaleString() + ")" +
        (d.est && state.size !== "raw" ? ", its share of the module's" : ""),
      pct(node.value, parent) + " of " + (node.parent ? node.parent.data.name : "this view") + ", " +
        pct(node.value, root.value) + " of everything"];
    if (!d.children) {
      const figures = ["raw " + human(d.size || 0)];
      if (d.csize !== undefined) figures.push("compressed " + human(d.csize));
      if (d.tsize !== undefined) figures.push("transfer " + human(d.tsize));
      lines.push(figures.join(", "));
    }
    if (d.closure) {
      lines.push("load closure: " + d.closure.packages + " packages, " + d.closure.modules + " modules, " +
        human(d.closure.wasm) + " of WebAssembly" +
        (d.closure.missing ? "; incomplete: " + d.closure.missing + " without their files (a lower bound)" : ""));
    } else if (d.kind) {
      lines.push("kind: " + d.kind);
    }
    if (d.dup) lines.push("duplicated (" + DATA.level + "): " + human(d.dup));
    for (const f of d.findings || []) lines.push(f.severity + " " + f.rule + ": " + f.message);
    tip.textContent = "";
    for (const l of lines) { const div = document.createElement("div"); div.textContent = l; tip.appendChild(div); }
    tip.style.display = "block";
    tip.style.left = Math.min(e.clientX + 12, window.innerWidth - 430) + "px";
    tip.style.top = (e.clientY + 12) + "px";
  }

  function zoomTo(node) {
    current = settle(node);
    state.path = namesTo(current);
    focused = 0;
    render();
  }
  function zoomInto(node) {
    const into = node.children ? node : node.parent;
    if (into && into !== current) zoomTo(into);
  }
  function zoomOut() { if (current.parent) { current = current.parent; state.path = namesTo(current); focused = 0; render(); } }

  function renderCrumbs() {
    crumbs.textContent = "";
    current.ancestors().reverse().forEach((n, i) => {
      if (i) crumbs.appendChild(document.createTextNode(" › "));
      const b = document.createElement("button");
      b.textContent = n.data.name + " (" + human(n.value) + ")";
      b.disabled = n === current;
      b.addEventListener("click", () => { current = n; state.path = namesTo(n); focused = 0; render(); });
      crumbs.appendChild(b);
    });
  }

  // Matches anywhere in the shown artifacts, not only the drawn boxes.
  function renderSearchCount(query) {
    if (!query) { searchCount.textContent = ""; return; }
    let n = 0, modules = new Set();
    root.each((node) => {
      if (matches(node.data, query)) {
        n++;
        const m = node.ancestors().find((a) => a.data.type === "module");
        if (m) modules.add(m);
      }
    });
    searchCount.textContent = n + (n === 1 ? " match" : " matches") +
      (modules.size ? " in " + modules.size + (modules.size === 1 ? " module" : " modules") : "") +
      (n ? " (Enter zooms to the first)" : "");
  }
  function firstMatch() {
    const query = state.query.toLowerCase();
    return query ? root.descendants().find((n) => n !== root && matches(n.data, query)) : null;
  }

  function renderSidebar() {
    const list = document.getElementById("artifact-list");
    list.textContent = "";
    DATA.artifacts.forEach((a, i) => {
      const li = document.createElement("li");
      const label = document.createElement("label");
      const cb = document.createElement("input");
      cb.type = "checkbox";
      cb.checked = cb.defaultChecked = !state.off.has(i);
      cb.dataset.index = i;
      cb.addEventListener("change", () => {
        if (cb.checked) state.off.delete(i); else state.off.add(i);
        if (state.off.size === DATA.artifacts.length) { state.off.delete(i); cb.checked = true; return; }
        build();
        render();
      });
      label.appendChild(cb);
      const total = d3.hierarchy(a).sum((d) => (d.children ? 0 : weight(d))).value;
      label.appendChild(document.createTextNode(" " + a.name + " "));
      const size = document.createElement("span");
      size.className = "size";
      size.textContent = human(total);
      label.appendChild(size);
      if (a.findings || hasFindings(a)) li.classList.add("has-findings");
      li.appendChild(label);
      list.appendChild(li);
    });
  }
  function hasFindings(node) {
    return (node.children || []).some((c) => c.findings || hasFindings(c));
  }

  function readHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    if (["raw", "compressed", "transfer"].includes(p.get("size"))) state.size = p.get("size");
    if (state.size === "transfer" && !DATA.transfer) state.size = "raw";
    state.query = p.get("q") || "";
    for (const i of (p.get("off") || "").split(",")) {
      const n = parseInt(i, 10);
      if (n >= 0 && n < DATA.artifacts.length) state.off.add(n);
    }
    if (state.off.size === DATA.artifacts.length) state.off.clear();
    if (p.has("overlay")) state.overlay = p.get("overlay") === "1";
    state.path = p.get("zoom") ? p.get("zoom").split("/") : [];
  }
  function writeHash() {
    const p = new URLSearchParams();
    if (state.query) p.set("q", state.query);
    if (state.size !== "raw") p.set("size", state.size);
    if (state.off.size) p.set("off", [...state.off].sort((a, b) => a - b).join(","));
    if (state.overlay !== (DATA.page === "dups")) p.set("overlay", state.overlay ? "1" : "0");
    if (state.path.length) p.set("zoom", state.path.join("/"));
    try { history.replaceState(null, "", p.toString() ? "#" + p.toString() : location.pathname); } catch (e) { /* file: may refuse */ }
  }

  // Controls.
  // Properties and their attributes both: the serialized page (what the
  // tests read) shows the state too.
  search.value = search.defaultValue = state.query;
  search.addEventListener("input", () => { state.query = search.value.trim(); render(); });
  search.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { const m = firstMatch(); if (m) zoomInto(m.parent || m); e.preventDefault(); }
  });
  for (const radio of document.querySelectorAll("#size-toggle input")) {
    radio.checked = radio.defaultChecked = radio.value === state.size;
    if (radio.value === "transfer" && !DATA.transfer) {
      radio.disabled = true;
      radio.parentElement.title = "transfer sizes were not measured: run wasmsize report --transfer";
    }
    radio.addEventListener("change", () => {
      state.size = radio.value;
      for (const r of document.querySelectorAll("#size-toggle input")) r.defaultChecked = r.checked;
      build();
      render();
    });
  }
  if (DATA.artifacts.some(function dupAnywhere(n) { return n.dup || (n.children || []).some(dupAnywhere); })) {
    document.getElementById("overlay-toggle").hidden = false;
  }
  overlay.checked = overlay.defaultChecked = state.overlay;
  overlay.addEventListener("change", () => { state.overlay = overlay.checked; render(); });
  document.body.dataset.page = DATA.page;

  map.addEventListener("keydown", (e) => {
    if (!boxes.length) return;
    const move = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (move) {
      boxes[focused].el.classList.remove("focused");
      focused = (focused + move + boxes.length) % boxes.length;
      boxes[focused].el.classList.add("focused");
      e.preventDefault();
    } else if (e.key === "Enter") {
      const n = full(boxes[focused].node);
      if (n.children) zoomTo(n);
      e.preventDefault();
    } else if ((e.key === "Escape" || e.key === "Backspace") && current.parent) {
      zoomOut();
      e.preventDefault();
    }
  });
  map.addEventListener("click", zoomOut);
  window.addEventListener("resize", render);

  function table(id, headers, rows) {
    const section = document.getElementById(id);
    if (!rows.length) return;
    section.hidden = false;
    const t = document.createElement("table");
    const head = t.createTHead().insertRow();
    headers.forEach(([h, cls]) => { const th = document.createElement("th"); th.textContent = h; if (cls) th.className = cls; head.appendChild(th); });
    const body = t.createTBody();
    for (const r of rows) {
      const tr = body.insertRow();
      r.forEach(([v, cls]) => { const td = tr.insertCell(); td.textContent = v; if (cls) td.className = cls; });
    }
    section.appendChild(t);
  }

  table("findings", [["severity"], ["rule"], ["where"], ["finding"]],
    (DATA.findings || []).map((f) => [[f.severity, "sev-" + f.severity], [f.rule], [f.where], [f.message]]));
  table("duplicates", [["wasted", "num"], ["copies", "num"], ["size", "num"], ["example"]],
    (DATA.clusters || []).map((c) => [[human(c.wasted), "num"], [String(c.copies.length), "num"],
      [human(c.size), "num"], [c.copies.slice(0, 3).map((x) => x.module + " " + x.name).join(", ") +
        (c.copies.length > 3 ? ", ..." : "")]]));
  build();
  render();
})();
