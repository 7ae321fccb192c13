// wasmsize HTML report: a zoomable treemap of DATA.tree (artifact -> folder ->
// module -> section -> largest functions), sized by bytes and coloured by kind,
// with the findings and duplicate clusters as tables. No network access.
(function () {
  "use strict";
  const root = d3.hierarchy(DATA.tree).sum((d) => (d.children ? 0 : d.size || 0));
  const total = root.value || 1;
  const map = document.getElementById("treemap");
  const crumbs = document.getElementById("crumbs");
  const tip = document.getElementById("tooltip");
  // A folder with a single child shows nothing new: go down to where the
  // tree branches (zooming out still passes through every level).
  function settle(node) {
    while (node.children && node.children.length === 1 && node.children[0].children) node = node.children[0];
    return node;
  }
  let current = settle(root);
  let boxes = [];  // rendered children of `current`, in layout order
  let focused = 0;

  function human(bytes) {
    if (bytes < 1000) return bytes + " B";
    const units = ["kB", "MB", "GB"];
    let v = bytes / 1000, u = 0;
    while (v >= 999.95 && u < units.length - 1) { v /= 1000; u++; }
    return (v < 9.995 ? v.toFixed(2) : v < 99.95 ? v.toFixed(1) : v.toFixed(0)) + " " + units[u];
  }
  function pct(part, whole) { return whole ? (100 * part / whole).toFixed(part / whole < 0.1 ? 1 : 0) + "%" : "-"; }
  function kindClass(node) {
    if (node.data.kind) return "kind-" + node.data.kind;  // a leaf, or the code section
    return node.children ? "container" : "kind-other";
  }
  function pathOf(node) { return node.ancestors().reverse().map((n) => n.data.name); }

  function render() {
    map.textContent = "";
    const w = map.clientWidth, h = map.clientHeight;
    // Lay out two levels below `current`: its children, and theirs inside them.
    const sub = d3.hierarchy(current.data).sum((d) => (d.children ? 0 : d.size || 0))
      .sort((a, b) => b.value - a.value);
    d3.treemap().tile(d3.treemapSquarify).size([w, h]).paddingInner(1).paddingOuter(1)
      .paddingTop((n) => (n.depth >= 1 && n.children ? 15 : 0)).round(true)(sub);
    // Four levels below `current`, leaving out boxes too small to see.
    boxes = [];
    const draw = (node, parentEl, parentNode, depth) => {
      const el = box(node, parentEl, parentNode);
      if (depth === 1) boxes.push({ node, el });
      if (depth >= 4) return;
      for (const c of node.children || []) {
        if (c.x1 - c.x0 >= 4 && c.y1 - c.y0 >= 4) draw(c, el, node, depth + 1);
      }
    };
    for (const child of sub.children || []) draw(child, null, null, 1);
    focused = Math.min(focused, Math.max(0, boxes.length - 1));
    if (boxes[focused]) boxes[focused].el.classList.add("focused");
    renderCrumbs();
  }

  function box(node, parentEl, parentNode) {
    const el = document.createElement("div");
    el.className = "box " + kindClass(node);
    const x = node.x0 - (parentNode ? parentNode.x0 : 0), y = node.y0 - (parentNode ? parentNode.y0 : 0);
    el.style.left = x + "px";
    el.style.top = y + "px";
    el.style.width = Math.max(0, node.x1 - node.x0) + "px";
    el.style.height = Math.max(0, node.y1 - node.y0) + "px";
    el.dataset.name = node.data.name;
    el.dataset.size = node.value;
    el.dataset.kind = node.data.kind || (node.children ? "container" : "other");
    if (node.data.type) el.dataset.type = node.data.type;
    const label = document.createElement("span");
    label.className = "label";
    label.textContent = node.data.name + " " + human(node.value);
    el.appendChild(label);
    el.addEventListener("mousemove", (e) => showTip(e, node));
    el.addEventListener("mouseleave", () => (tip.style.display = "none"));
    el.addEventListener("click", (e) => {
      e.stopPropagation();
      zoomTo(parentNode || node, parentNode ? node : null);
    });
    (parentEl || map).appendChild(el);
    return el;
  }

  function showTip(e, node) {
    e.stopPropagation();
    const parent = node.parent ? node.parent.value : node.value;
    tip.innerHTML = "";
    const lines = [pathOf(findInRoot(node)).slice(1).join(" / "), human(node.value) + " (" + node.value.toLocaleString() +
      " bytes)", pct(node.value, parent) + " of " + (node.parent ? node.parent.data.name : "this view") +
      ", " + pct(node.value, total) + " of everything"];
    if (node.data.kind) lines.push("kind: " + node.data.kind);
    for (const l of lines) { const d = document.createElement("div"); d.textContent = l; tip.appendChild(d); }
    tip.style.display = "block";
    tip.style.left = Math.min(e.clientX + 12, window.innerWidth - 430) + "px";
    tip.style.top = (e.clientY + 12) + "px";
  }

  // The node of the full tree that a laid-out node stands for.
  function findInRoot(node) {
    const names = [];
    for (let n = node; n; n = n.parent) names.unshift(n.data.name);
    let at = current;
    for (const name of names.slice(1)) {
      const next = (at.children || []).find((c) => c.data.name === name);
      if (!next) break;
      at = next;
    }
    return at;
  }

  function zoomTo(laidOutChild, laidOutGrandchild) {
    const target = findInRoot(laidOutGrandchild || laidOutChild);
    const into = target.children ? target : target.parent;
    if (into && into !== current) {
      current = settle(into);
      focused = 0;
      render();
    }
  }

  function renderCrumbs() {
    crumbs.textContent = "";
    const path = current.ancestors().reverse();
    path.forEach((n, i) => {
      if (i) crumbs.appendChild(document.createTextNode(" › "));
      const b = document.createElement("button");
      b.textContent = n.data.name + " (" + human(n.value) + ")";
      b.disabled = n === current;
      b.addEventListener("click", () => { current = n; focused = 0; render(); });
      crumbs.appendChild(b);
    });
  }

  map.addEventListener("keydown", (e) => {
    if (!boxes.length) return;
    const move = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (move) {
      boxes[focused].el.classList.remove("focused");
      focused = (focused + move + boxes.length) % boxes.length;
      boxes[focused].el.classList.add("focused");
      e.preventDefault();
    } else if (e.key === "Enter") {
      const n = findInRoot(boxes[focused].node);
      if (n.children) { current = settle(n); focused = 0; render(); }
      e.preventDefault();
    } else if ((e.key === "Escape" || e.key === "Backspace") && current.parent) {
      current = current.parent;
      focused = 0;
      render();
      e.preventDefault();
    }
  });
  map.addEventListener("click", () => {
    if (current.parent) { current = current.parent; focused = 0; render(); }
  });
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
  render();
})();
