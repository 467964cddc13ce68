/* Replay Viewer applier: executes the DOM engine's patch ops in the sandboxed replay iframe.
 *
 * The recorded document lives in <iframe sandbox="allow-same-origin"> (no allow-scripts): this
 * trusted page builds and patches it through the DOM; nothing recorded can run. Nodes are
 * addressed by engine id (rrweb ids > 0, player-made nodes < 0). Attributes that would make the
 * page load or navigate (iframe src/srcdoc, meta refresh) are kept aside, not set; the domdump
 * still reports them as recorded. Subtrees are built node by node (`build`, the reference) or,
 * when they come in markup form, by one XML parse (markup.js). Canvas pixels are canvas.js's
 * work (loaded before this file).
 */
"use strict";

(function () {
  const SVG_NS = "http://www.w3.org/2000/svg";
  const XLINK_NS = "http://www.w3.org/1999/xlink";
  const frame = document.getElementById("replay");
  const canvases = window.replayCanvas;  // canvas.js
  const stage = document.getElementById("stage");

  const nodes = new Map();          // engine id -> DOM node (or ShadowRoot)
  const ids = new WeakMap();        // DOM node -> engine id
  const kinds = new WeakMap();      // DOM node -> "cdata" for CDATA sections built as text
  const withheld = new WeakMap();   // element -> {name: value} recorded but not set
  const iframeDocs = new WeakMap(); // iframe element -> true when its document came from the recording
  const sheets = new Map();         // negative id -> constructed CSSStyleSheet
  const adoptedBy = new Map();      // owner id -> [sheet ids]
  const sheetLogs = new Map();      // style element id -> [ops] (re-applied when the text changes)
  let viewport = { width: 1024, height: 768 };
  let paused = false;
  let timing = null;
  let applied = 0;
  let errors = 0;
  let markup = null;                // the markup builder (markup.js), made below

  function topDocument() { return frame.contentDocument; }

  function remember(id, node) {
    if (id === null || id === undefined || id === 0) return;
    nodes.set(id, node);
    ids.set(node, id);
  }

  function forget(node) {
    const stack = [node];
    while (stack.length) {
      const n = stack.pop();
      const id = ids.get(n);
      if (id !== undefined && nodes.get(id) === n) nodes.delete(id);
      if (n.shadowRoot) stack.push(n.shadowRoot);
      if (n.tagName === "IFRAME" && iframeDocs.get(n) && n.contentDocument) stack.push(n.contentDocument);
      for (const c of n.childNodes) stack.push(c);
    }
  }

  /* Recorded <meta http-equiv> that would navigate (refresh) or restrict the replay (CSP). */
  const NEUTRAL_EQUIV = new Set(["refresh", "content-security-policy",
                                 "content-security-policy-report-only"]);

  /* The only tags with attributes that mustWithhold keeps aside. */
  const WITHHOLD_TAGS = new Set(["iframe", "frame", "embed", "object", "meta", "base"]);

  /* Attributes that must not reach the live DOM (they would load or navigate). */
  function mustWithhold(tag, name, attrs) {
    if (!WITHHOLD_TAGS.has(tag)) return false;
    const lower = name.toLowerCase();
    if (tag === "iframe" && (lower === "src" || lower === "srcdoc")) return true;
    if ((tag === "frame" || tag === "embed" || tag === "object") && (lower === "src" || lower === "data")) return true;
    if (tag === "meta" && lower === "http-equiv" && NEUTRAL_EQUIV.has(String(attrs[name] || "").trim().toLowerCase())) return true;
    if (tag === "meta" && lower === "content" && String(attrs["http-equiv"] || "").toLowerCase() === "refresh") return true;
    if (tag === "base" && lower === "href") return true;
    return false;
  }

  function setAttr(el, name, value, attrs) {
    const tag = el.localName;
    if (mustWithhold(tag, name, attrs || { [name]: value })) {
      let w = withheld.get(el);
      if (!w) { w = {}; withheld.set(el, w); }
      w[name] = value;
      return;
    }
    try {
      if (name.startsWith("xlink:")) el.setAttributeNS(XLINK_NS, name, value);
      else el.setAttribute(name, value);
    } catch (e) { errors++; }
    if (tag === "canvas" && canvases.owns(el)) canvases.attributeChanged(el, name.toLowerCase());
  }

  /* An element parsed from markup, still in the inert parsed document: its attributes that
   * must be withheld leave it for the `withheld` map, as `setAttr` does. `late` lists the
   * attributes it will get after the parse (they count for the meta checks). */
  function withholdParsed(el, late) {
    const tag = el.localName;
    const present = Array.from(el.attributes);
    const attrs = {};
    for (const a of present) attrs[a.name] = a.value;
    for (const [name, value] of late || []) attrs[name] = String(value);
    for (const a of present) {
      if (!mustWithhold(tag, a.name, attrs)) continue;
      let w = withheld.get(el);
      if (!w) { w = {}; withheld.set(el, w); }
      w[a.name] = a.value;
      el.removeAttributeNode(a);
    }
  }

  function removeAttr(el, name) {
    const w = withheld.get(el);
    if (w && name in w) { delete w[name]; return; }
    try { el.removeAttribute(name); } catch (e) { errors++; }
    if (el.localName === "canvas" && canvases.owns(el)) canvases.attributeChanged(el, name.toLowerCase());
  }

  /* Build a subtree from its op tree in document `doc`. Returns [node, after] where `after`
   * holds work that needs the node attached (iframe documents, scroll, values). */
  function build(tree, doc, after) {
    let node;
    switch (tree.kind) {
      case "doctype":
        node = doc.implementation.createDocumentType(tree.name || "html", "", "");
        break;
      case "text":
        node = doc.createTextNode(tree.text || "");
        break;
      case "cdata":
        node = doc.createTextNode("");
        kinds.set(node, "cdata");
        break;
      case "comment":
        node = doc.createComment(tree.text || "");
        break;
      case "element":
        node = buildElement(tree, doc, after);
        break;
      default:
        return null;
    }
    remember(tree.id, node);
    return node;
  }

  function createElement(tag, svg, doc) {
    try {
      return svg ? doc.createElementNS(SVG_NS, tag) : doc.createElement(tag);
    } catch (e) {
      errors++;
      return doc.createElement("div");
    }
  }

  function buildElement(tree, doc, after) {
    const el = createElement(tree.tag, tree.svg, doc);
    const attrs = tree.attrs || {};
    for (const name of Object.keys(attrs)) setAttr(el, name, String(attrs[name]), attrs);
    if (tree.shadow) {
      try {
        const root = el.attachShadow({ mode: "open" });
        remember(tree.shadow.id, root);
        appendChildren(root, tree.shadow.children, doc, after);
      } catch (e) { errors++; }
    }
    appendChildren(el, tree.children, doc, after);
    elementState(el, tree, after);
    return el;
  }

  /* The one place for per-element state that needs the whole tree in place: both builders
   * call it for every element, in the same order; `spec` is the element's tree (or, from the
   * markup form, the part of it that is not markup). Register new per-element state here. */
  function elementState(el, spec, after) {
    if ("canvas" in spec && el.localName === "canvas" && el.getContext) {
      canvases.built(el, spec.canvas || null);  // every canvas's tree says `canvas` (or null)
    }
    if (spec.content) after.push(() => fillFrame(el, spec.content));
    if (spec.value !== undefined || spec.checked !== undefined) {
      after.push(() => setInput(el, spec.value, spec.checked));
    }
    if (spec.scroll) after.push(() => scrollNode(el, spec.scroll[0], spec.scroll[1]));
    if (spec.sheet) after.push(() => replaySheetLog(el, spec.sheet));
  }

  /* The nodes of a list of sibling trees, node by node (a `markup` tree stands for several). */
  function buildTrees(trees, doc, after) {
    const out = [];
    for (const tree of trees || []) {
      if (tree && tree.kind === "markup") {
        for (const n of markup.build(tree, doc, after)) out.push(n);
      } else {
        const n = build(tree, doc, after);
        if (n) out.push(n);
      }
    }
    return out;
  }

  function appendChildren(parent, children, doc, after) {
    for (const child of children || []) {
      if (child && child.kind === "markup") {
        for (const n of markup.build(child, doc, after)) {
          try { parent.appendChild(n); } catch (e) { errors++; }
        }
        continue;
      }
      const n = build(child, doc, after);
      if (n) {
        try { parent.appendChild(n); } catch (e) { errors++; }
      }
    }
  }

  function runAfter(after) {
    for (let i = 0; i < after.length; i++) {
      try { after[i](); } catch (e) { errors++; }
    }
  }

  /* Replace a document's content with a document tree. */
  function fillDocument(doc, tree) {
    const t0 = performance.now();
    openDocument(doc, tree.mode || "");
    while (doc.firstChild) doc.removeChild(doc.firstChild);
    const t1 = performance.now();
    const after = [];
    remember(tree.id, doc);
    appendChildren(doc, tree.children, doc, after);
    const t2 = performance.now();
    installPlayerSheet(doc);
    guardNavigation(doc);
    // the paused mark before anything computes styles: set later, it would restyle the page
    markPaused(doc);
    runAfter(after);
    const t3 = performance.now();
    timing = { clear: t1 - t0, build: t2 - t1, after: t3 - t2, afterCount: after.length };
    const scroll = tree.scroll || [0, 0];  // a rebuilt document starts at its own offset
    scrollNode(doc, scroll[0], scroll[1]);
  }

  /* Open a document in the mode rrweb's rebuild gives it: rrweb re-opens the document it
   * rebuilds (no-quirks) and writes a legacy doctype for a recorded quirks document. A fresh
   * iframe's about:blank document is in quirks mode, and appending a doctype node does not
   * change a document's mode, so without this every replay would render in quirks mode.
   * document.open() drops the document's event listeners: the navigation guard goes again. */
  const DOCTYPE_FOR_MODE = {
    "": "<!DOCTYPE html>",
    "quirks": '<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">',
    "limited-quirks": '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "">',
  };
  const modes = new WeakMap();      // document -> the mode it was opened in
  function openDocument(doc, mode) {
    if (!(mode in DOCTYPE_FOR_MODE)) mode = "";
    if (modes.get(doc) === mode) return;
    try {
      doc.open();
      doc.write(DOCTYPE_FOR_MODE[mode]);
      doc.close();
      modes.set(doc, mode);
      guarded.delete(doc);
    } catch (e) { errors++; }
  }

  function fillFrame(iframe, tree) {
    const doc = iframe.contentDocument;
    if (!doc) { errors++; return; }
    iframeDocs.set(iframe, true);
    fillDocument(doc, tree);
  }

  /* A click on a recorded link would navigate the replay frame away (the page's CSP turns
   * that into an error page and the replay is gone): the trusted page cancels it first. */
  const guarded = new WeakSet();
  function cancelLink(e) {
    const t = e.target;
    if (t && t.closest && t.closest("a, area")) e.preventDefault();
  }
  function guardNavigation(doc) {
    if (guarded.has(doc)) return;
    guarded.add(doc);
    for (const type of ["click", "auxclick"]) doc.addEventListener(type, cancelLink, true);
    doc.addEventListener("submit", (e) => e.preventDefault(), true);
  }

  /* Player-only CSS inside every replay document, as an adopted sheet (no DOM node). A filled
   * document adopts only this: the sheets its previous content adopted are gone with it (the
   * `reset` op, or the later `adopt` ops, say what the new content adopts). */
  function installPlayerSheet(doc) {
    const win = doc.defaultView;
    if (!win) return;
    try {
      const sheet = new win.CSSStyleSheet();
      sheet.replaceSync(
        "html.rrweb-paused * { animation-play-state: paused !important; }\n" +
        "noscript { display: none !important; }\n" +
        "[rr_width] { background: repeating-linear-gradient(45deg, #d9dce1 0 6px, #eef0f3 6px 12px) !important; outline: 1px dashed #9aa0a8; }\n");
      sheet.__player = true;
      doc.adoptedStyleSheets = [sheet];
    } catch (e) { errors++; }
  }

  function node(id) { return nodes.get(id); }

  function setInput(el, value, checked) {
    if (value !== undefined && value !== null && "value" in el) {
      try { el.value = value; } catch (e) { errors++; }
    }
    if (checked !== undefined && checked !== null && "checked" in el) el.checked = !!checked;
  }

  /* Scroll offsets wait until every op of the batch is applied: setting one makes the browser
   * lay the page out (to clamp it), and content inserted later in the batch would dirty that
   * layout again; the offsets are the recorded ones, so they belong on the final layout. */
  let pendingScrolls = null;
  function scrollNode(n, left, top) {
    if (pendingScrolls) { pendingScrolls.push([n, left, top]); return; }
    scrollNow(n, left, top);
  }

  function scrollNow(n, left, top) {
    if (n.nodeType === 9) {
      const win = n.defaultView;
      if (win) win.scrollTo({ left: left, top: top, behavior: "instant" });
    } else if (n.scrollTo) {
      n.scrollTo({ left: left, top: top, behavior: "instant" });
    }
  }

  /* A CSSOM rule index: a number, or a path into nested grouping rules. */
  function ruleList(sheet, index) {
    if (!Array.isArray(index)) return [sheet, index];
    let group = sheet;
    for (let i = 0; i < index.length - 1; i++) {
      group = group.cssRules[index[i]];
      if (!group) throw new Error("no such rule");
    }
    return [group, index[index.length - 1]];
  }

  function sheetOf(id) {
    if (id < 0) {
      let s = sheets.get(id);
      if (!s) {
        s = new (frame.contentWindow.CSSStyleSheet)();
        sheets.set(id, s);
      }
      return s;
    }
    const el = nodes.get(id);
    return el && el.sheet ? el.sheet : null;
  }

  function sheetOp(op) {
    const sheet = sheetOf(op.id);
    if (!sheet) { errors++; return; }
    try {
      if (op.op === "sheet_insert") {
        const [group, at] = ruleList(sheet, op.index);
        const n = group.cssRules.length;
        group.insertRule(op.rule, at === undefined || at === null ? n : Math.min(at, n));
      } else if (op.op === "sheet_delete") {
        const [group, at] = ruleList(sheet, op.index);
        group.deleteRule(at);
      } else if (op.op === "sheet_replace") {
        sheet.replaceSync(op.text);
      } else if (op.op === "style_decl") {
        const [group, at] = ruleList(sheet, op.index);
        const rule = group.cssRules[at];
        if (op.value === undefined || op.value === null) rule.style.removeProperty(op.property);
        else rule.style.setProperty(op.property, op.value, op.priority || "");
      }
    } catch (e) { errors++; }
  }

  function replaySheetLog(el, log) {
    for (const op of log) sheetOp(Object.assign({}, op, { id: ids.get(el) }));
  }

  function adopt(ownerId, sheetIds) {
    adoptedBy.set(ownerId, sheetIds);
    const owner = nodes.get(ownerId);
    if (!owner) { errors++; return; }
    const target = owner.nodeType === 9 ? owner : owner.shadowRoot;
    if (!target) { errors++; return; }
    const list = sheetIds.map(sheetOf).filter(Boolean);
    const mine = Array.from(target.adoptedStyleSheets || []).filter((s) => s.__player);
    try { target.adoptedStyleSheets = [...mine, ...list]; } catch (e) { errors++; }
  }

  /* Canvases are drawn by canvas.js; these route the ops to it. */
  canvases.setHooks({ replace: replaceCanvas });

  function canvasOp(op) {
    const el = nodes.get(op.id);
    if (el && el.getContext) canvases.draw(el, op.type || 0, op.commands || []);
  }

  function canvasStateOp(op) {
    const el = nodes.get(op.id);
    if (el && el.getContext) canvases.restate(el, op.canvas || null);
  }

  /* A fresh element in place of a canvas whose context must start over (a redraw). */
  function replaceCanvas(el) {
    const fresh = el.ownerDocument.createElement("canvas");
    for (const a of Array.from(el.attributes)) fresh.setAttribute(a.name, a.value);
    while (el.firstChild) fresh.appendChild(el.firstChild);
    if (el.parentNode) el.parentNode.replaceChild(fresh, el);
    const id = ids.get(el);
    if (id !== undefined) remember(id, fresh);
    return fresh;
  }

  function fontOp(op) {
    const doc = topDocument();
    try {
      let source = op.source;
      if (op.buffer) source = new Uint8Array(JSON.parse(op.source)).buffer;
      const face = new (frame.contentWindow.FontFace)(op.family, source, op.descriptors || {});
      doc.fonts.add(face);
      face.load().catch(() => {});
    } catch (e) { errors++; }
  }

  function mediaOp(op) {
    const el = nodes.get(op.id);
    if (!el) return;
    try {
      if (typeof op.currentTime === "number") el.currentTime = op.currentTime;
      if (typeof op.volume === "number") el.volume = op.volume;
      if (typeof op.muted === "boolean") el.muted = op.muted;
      if (typeof op.playbackRate === "number") el.playbackRate = op.playbackRate;
      if (op.type === 1) el.pause();
    } catch (e) { errors++; }
  }

  function selectionOp(op) {
    const doc = topDocument();
    const sel = doc.getSelection && doc.getSelection();
    if (!sel) return;
    sel.removeAllRanges();
    for (const r of op.ranges || []) {
      const start = nodes.get(r.start), end = nodes.get(r.end);
      if (!start || !end) continue;
      try {
        const range = doc.createRange();
        range.setStart(start, r.startOffset);
        range.setEnd(end, r.endOffset);
        sel.addRange(range);
      } catch (e) { errors++; }
    }
  }

  function setViewport(width, height) {
    if (!(width > 0 && height > 0)) return;
    viewport = { width: width, height: height };
    frame.style.width = width + "px";
    frame.style.height = height + "px";
    fit();
  }

  /* Scale the recorded viewport to fit the window, centred (above `reserved` px at the
   * bottom: the video export's frame stamp). */
  let reserved = 0;
  function fit() {
    const W = window.innerWidth, H = window.innerHeight - reserved;
    const s = Math.min(W / viewport.width, H / viewport.height);
    const x = Math.max(0, (W - viewport.width * s) / 2), y = Math.max(0, (H - viewport.height * s) / 2);
    stage.style.transform = "translate(" + x + "px," + y + "px) scale(" + s + ")";
    stage.style.width = viewport.width + "px";
    stage.style.height = viewport.height + "px";
    if (window.replayOverlay) window.replayOverlay.resize(viewport, s);
  }

  function reset(op) {
    nodes.clear();
    canvases.reset();
    sheets.clear();
    adoptedBy.clear();
    setViewport(op.width, op.height);
    const doc = topDocument();
    if (!op.tree) {
      while (doc.firstChild) doc.removeChild(doc.firstChild);
      document.body.classList.add("empty");
      return;
    }
    document.body.classList.remove("empty");
    fillDocument(doc, op.tree);
    for (const [sid, log] of Object.entries(op.sheets || {})) {
      for (const sop of log) sheetOp(Object.assign({}, sop, { id: Number(sid) }));
    }
    for (const [owner, list] of Object.entries(op.adopted || {})) adopt(Number(owner), list);
  }

  const handlers = {
    reset: reset,
    insert(op) {
      const parent = nodes.get(op.parent);
      if (!parent) { errors++; return; }
      if (op.node.kind === "document") {
        if (parent.tagName === "IFRAME") fillFrame(parent, op.node);
        else errors++;
        return;
      }
      const doc = parent.nodeType === 9 ? parent : parent.ownerDocument;
      const after = [];
      const built = buildTrees([op.node], doc, after);
      if (!built.length) return;
      const before = op.before !== null && op.before !== undefined ? nodes.get(op.before) : null;
      for (const n of built) {
        try {
          if (before && before.parentNode === parent) parent.insertBefore(n, before);
          else parent.appendChild(n);
        } catch (e) { errors++; }
      }
      runAfter(after);
    },
    move(op) {
      const n = nodes.get(op.id), parent = nodes.get(op.parent);
      if (!n || !parent) { errors++; return; }
      const before = op.before !== null && op.before !== undefined ? nodes.get(op.before) : null;
      try {
        if (before && before.parentNode === parent) parent.insertBefore(n, before);
        else parent.appendChild(n);
      } catch (e) { errors++; }
    },
    remove(op) {
      const n = nodes.get(op.id);
      if (!n) return;
      forget(n);
      if (n.parentNode) n.parentNode.removeChild(n);
    },
    attach_shadow(op) {
      const host = nodes.get(op.host);
      if (!host) { errors++; return; }
      try { remember(op.id, host.shadowRoot || host.attachShadow({ mode: "open" })); } catch (e) { errors++; }
    },
    set_attr(op) {
      const el = nodes.get(op.id);
      if (el && el.setAttribute) setAttr(el, op.name, String(op.value));
    },
    remove_attr(op) {
      const el = nodes.get(op.id);
      if (el && el.removeAttribute) removeAttr(el, op.name);
    },
    set_text(op) {
      const n = nodes.get(op.id);
      if (n) n.textContent = op.text;
    },
    set_input(op) {
      const el = nodes.get(op.id);
      if (el) setInput(el, op.value, op.checked);
    },
    scroll(op) {
      const n = nodes.get(op.id);
      if (n) scrollNode(n, op.left, op.top);
    },
    viewport(op) { setViewport(op.width, op.height); },
    sheet_insert: sheetOp,
    sheet_delete: sheetOp,
    sheet_replace: sheetOp,
    style_decl: sheetOp,
    adopt(op) { adopt(op.id, op.sheets || []); },
    canvas: canvasOp,
    canvas_state: canvasStateOp,
    media: mediaOp,
    font: fontOp,
    selection: selectionOp,
  };

  function apply(ops) {
    const scrolls = pendingScrolls = [];
    try {
      for (const op of ops) {
        const h = handlers[op.op];
        if (!h) { errors++; continue; }
        try { h(op); } catch (e) { errors++; }
        applied++;
      }
    } finally {
      pendingScrolls = null;
    }
    for (const [n, left, top] of scrolls) {
      try { scrollNow(n, left, top); } catch (e) { errors++; }
    }
    return { applied: applied, errors: errors + canvases.errors() };
  }

  /* Paused, a replay document's animations stop (the player sheet of every document pauses
   * them under html.rrweb-paused): the top document and every iframe document in it. */
  function setPaused(value) {
    paused = !!value;
    for (const doc of replayDocuments()) markPaused(doc);
  }

  function markPaused(doc) {
    if (doc && doc.documentElement) doc.documentElement.classList.toggle("rrweb-paused", paused);
  }

  /* The top replay document and the documents of the iframes in it, through shadow roots. */
  function replayDocuments() {
    const out = [];
    const top = topDocument();
    const roots = top ? [top] : [];
    while (roots.length) {
      const root = roots.pop();
      if (root.nodeType === 9) out.push(root);
      for (const el of root.querySelectorAll("*")) {
        if (el.shadowRoot) roots.push(el.shadowRoot);
        if (el.localName === "iframe") {
          let doc = null;
          try { doc = el.contentDocument; } catch (e) { doc = null; }
          if (doc) roots.push(doc);
        }
      }
    }
    return out;
  }

  markup = window.replayMarkupBuilder({
    remember: remember,
    guarded: (tag) => WITHHOLD_TAGS.has(tag),
    withholdParsed: withholdParsed,
    withheldOf: (el) => withheld.get(el),
    setAttr: setAttr,
    createElement: createElement,
    markCdata: (n) => kinds.set(n, "cdata"),
    elementState: elementState,
    buildTrees: buildTrees,
    fail: () => { errors++; },
  });

  window.addEventListener("resize", fit);
  frame.style.width = viewport.width + "px";
  frame.style.height = viewport.height + "px";
  fit();

  window.replay = {
    apply: apply,
    setPaused: setPaused,
    reserveBottom(px) { reserved = Math.max(0, px | 0); fit(); },
    node: node,
    idOf: (n) => ids.get(n),
    kindOf: (n) => kinds.get(n),
    withheldOf: (el) => withheld.get(el),
    hasRecordedDocument: (iframe) => !!iframeDocs.get(iframe),
    frame: frame,
    documents: replayDocuments,
    viewport: () => viewport,
    stats: () => ({ applied: applied, errors: errors + canvases.errors(), nodes: nodes.size,
                    timing: timing, canvasPending: canvases.pending(), markup: markup.stats() }),
  };
})();
