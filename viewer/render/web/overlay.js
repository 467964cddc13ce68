/* Replay Viewer overlay: mouse cursor with its trail, click ripple, touch indicator, simulated
 * :hover, a highlight box and change flashes (paint-flashing style rectangles that fade out),
 * drawn over the replay iframe in recorded-viewport pixels. */
"use strict";

(function () {
  const cursor = document.getElementById("cursor");
  const trail = document.getElementById("trail");
  const box = document.getElementById("highlight");
  const flashes = document.getElementById("flashes");
  const FLASH_KINDS = new Set(["added", "changed", "removed"]);
  const MAX_FLASHES = 300;  // rectangles drawn by one call (a step may name thousands)
  const TRAIL_MS = 500;
  let points = [];          // [{x, y, t}] in recorded time
  let now = 0;              // recorded time of the latest position
  let speed = 1;
  let hovered = [];
  let touchDevice = false;
  let flashLog = [];

  /* Offset of a node's document inside the top replay document (nested iframes). */
  function baseOffset(n) {
    let x = 0, y = 0;
    let doc = n && (n.nodeType === 9 ? n : n.ownerDocument);
    while (doc && doc.defaultView && doc.defaultView.frameElement && doc !== window.replay.frame.contentDocument) {
      const fe = doc.defaultView.frameElement;
      const r = fe.getBoundingClientRect();
      x += r.left; y += r.top;
      doc = fe.ownerDocument;
    }
    return { x: x, y: y };
  }

  /* A node's box in the top replay document's viewport (CSS px), or null: elements by
   * their border box, text by its range, nothing for nodes that lay out no box. */
  function rectOf(n) {
    if (!n || !n.ownerDocument) return null;
    let r = null;
    try {
      if (n.nodeType === 1) r = n.getBoundingClientRect();
      else if (n.nodeType === 3) {
        const range = n.ownerDocument.createRange();
        range.selectNodeContents(n);
        r = range.getBoundingClientRect();
      }
    } catch (e) { return null; }
    if (!r) return null;
    const o = baseOffset(n);
    return { x: r.left + o.x, y: r.top + o.y, width: r.width, height: r.height };
  }

  function position(x, y, id) {
    const n = id ? window.replay.node(id) : null;
    const o = n ? baseOffset(n) : { x: 0, y: 0 };
    return { x: x + o.x, y: y + o.y, node: n };
  }

  function hover(n) {
    for (const el of hovered) el.classList && el.classList.remove(":hover");
    hovered = [];
    let el = n && n.nodeType === 1 ? n : n && n.parentElement;
    while (el) {
      if (el.classList) { el.classList.add(":hover"); hovered.push(el); }
      el = el.parentElement || (el.parentNode && el.parentNode.host) || null;
    }
  }

  function drawTrail() {
    const ctx = trail.getContext("2d");
    ctx.clearRect(0, 0, trail.width, trail.height);
    const horizon = now - TRAIL_MS * Math.max(speed, 1);
    points = points.filter((p) => p.t >= horizon);
    if (points.length < 2) return;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1], b = points[i];
      ctx.strokeStyle = "rgba(229, 72, 77," + (0.25 + 0.75 * (b.t - horizon) / (now - horizon || 1)) + ")";
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
      ctx.stroke();
    }
  }

  function show(x, y) {
    cursor.style.display = "block";
    cursor.style.transform = "translate(" + x + "px," + y + "px)";
  }

  window.replayOverlay = {
    resize(viewport) {
      trail.width = viewport.width;
      trail.height = viewport.height;
      drawTrail();
    },
    setSpeed(s) { speed = s > 0 ? s : 1; },
    setTouch(on) {
      touchDevice = !!on;
      cursor.classList.toggle("touch", touchDevice);
    },
    /* kind: move | click | down | up | touchstart | touchend | touchcancel */
    pointer(kind, x, y, id, t) {
      const p = position(x, y, id);
      show(p.x, p.y);
      if (kind === "move" || kind === "touchmove") {
        now = t;
        points.push({ x: p.x, y: p.y, t: t });
        drawTrail();
      }
      if (kind !== "touchend" && kind !== "touchcancel" && kind !== "up") hover(p.node);
      if (kind === "click") {
        cursor.classList.remove("clicked");
        void cursor.offsetWidth;  // restart the ripple animation
        cursor.classList.add("clicked");
      }
      if (kind === "touchstart") cursor.classList.add("active");
      if (kind === "touchend" || kind === "touchcancel") cursor.classList.remove("active");
    },
    /* After a seek: one position, no trail. */
    place(x, y, id, touchActive) {
      points = [];
      drawTrail();
      if (x === null || x === undefined) { cursor.style.display = "none"; hover(null); return; }
      const p = position(x, y, id);
      show(p.x, p.y);
      hover(p.node);
      cursor.classList.toggle("active", !!touchActive);
    },
    highlight(id) {
      const r = id ? rectOf(window.replay.node(id)) : null;
      if (!r) { box.style.display = "none"; return false; }
      box.style.display = "block";
      box.style.left = r.x + "px";
      box.style.top = r.y + "px";
      box.style.width = r.width + "px";
      box.style.height = r.height + "px";
      return true;
    },
    rectOf: rectOf,
    /* The node's box and the top document's scroll offset, as JSON text ("null" without a
     * box; the viewer's bridge passes strings, not objects). */
    box(id) {
      const r = rectOf(window.replay.node(id));
      if (!r) return "null";
      const win = window.replay.frame.contentWindow;
      r.scrollX = win ? win.scrollX : 0;
      r.scrollY = win ? win.scrollY : 0;
      return JSON.stringify(r);
    },
    /* Flash the boxes of nodes a step touched: entries are [id, kind] (added, changed,
     * removed). Call it for removed nodes before the ops that remove them. Returns how many
     * rectangles were drawn (nodes without a box are skipped). */
    flash(entries) {
      let drawn = 0;
      for (const [id, kind] of entries || []) {
        if (drawn >= MAX_FLASHES) break;
        const r = rectOf(window.replay.node(id));
        if (!r || !(r.width > 0 || r.height > 0)) continue;
        const el = document.createElement("div");
        el.className = "flash " + (FLASH_KINDS.has(kind) ? kind : "changed");
        el.style.left = r.x + "px";
        el.style.top = r.y + "px";
        el.style.width = Math.max(r.width, 2) + "px";
        el.style.height = Math.max(r.height, 2) + "px";
        el.addEventListener("animationend", () => el.remove());
        flashes.appendChild(el);
        flashLog.push([id, el.className.slice(6), r.x, r.y, r.width, r.height]);
        if (flashLog.length > 2 * MAX_FLASHES) flashLog.splice(0, flashLog.length - MAX_FLASHES);
        drawn++;
      }
      return drawn;
    },
    /* The rectangles drawn since the last call, [id, kind, x, y, width, height] each (the
     * newest few hundred). */
    takeFlashLog() { const out = flashLog; flashLog = []; return out; },
  };
})();
