/* Replay Viewer pick mode: choose an element of the replay with the mouse (as DevTools'
 * "select an element" tool).
 *
 * While picking, a transparent glass pane of this trusted page lies over the replay iframe and
 * takes every pointer event: nothing reaches the recorded page (its links, forms, inputs).
 * The element under the pointer is found with elementFromPoint, down through open shadow roots
 * and recorded iframe documents, and highlighted; a click reports its engine id to the viewer
 * as a console message `replay-viewer:picked:<id>` and ends pick mode.
 */
"use strict";

(function () {
  const glass = document.getElementById("pick-glass");
  const frame = document.getElementById("replay");
  const TOKEN = "replay-viewer:picked:";
  let picking = false;
  let hovered = null;

  /* The point (player-page client px) in the replay viewport's CSS px. */
  function toViewport(clientX, clientY) {
    const r = frame.getBoundingClientRect();
    const vp = window.replay.viewport();
    const s = vp.width > 0 ? r.width / vp.width : 1;
    return { x: (clientX - r.left) / s, y: (clientY - r.top) / s };
  }

  /* The innermost element at viewport point (x, y): into open shadow roots and the documents
   * of recorded iframes. */
  function elementAt(x, y) {
    const doc = frame.contentDocument;
    let el = doc ? doc.elementFromPoint(x, y) : null;
    for (let guard = 0; el && guard < 64; guard++) {
      if (el.shadowRoot) {
        const inner = el.shadowRoot.elementFromPoint(x, y);
        if (inner && inner !== el) { el = inner; continue; }
      }
      if (el.localName === "iframe" && el.contentDocument && window.replay.hasRecordedDocument(el)) {
        const r = el.getBoundingClientRect();
        const cs = el.ownerDocument.defaultView.getComputedStyle(el);
        const dx = r.left + el.clientLeft + (parseFloat(cs.paddingLeft) || 0);
        const dy = r.top + el.clientTop + (parseFloat(cs.paddingTop) || 0);
        const inner = el.contentDocument.elementFromPoint(x - dx, y - dy);
        if (inner) { x -= dx; y -= dy; el = inner; continue; }
      }
      break;
    }
    return el;
  }

  /* The engine id of a node or of its nearest recorded ancestor (shadow roots: their host;
   * an iframe's document: the iframe). */
  function recordedId(n) {
    while (n) {
      const id = window.replay.idOf(n);
      if (id !== undefined && id > 0) return id;
      if (n.nodeType === 11) n = n.host;
      else if (n.nodeType === 9) n = n.defaultView ? n.defaultView.frameElement : null;
      else n = n.parentNode;
    }
    return null;
  }

  function idAt(e) {
    const p = toViewport(e.clientX, e.clientY);
    return recordedId(elementAt(p.x, p.y));
  }

  function swallow(e) {
    e.preventDefault();
    e.stopPropagation();
  }

  glass.addEventListener("mousemove", (e) => {
    swallow(e);
    const id = idAt(e);
    if (id !== hovered) {
      hovered = id;
      window.replayOverlay.highlight(id);
    }
  });
  glass.addEventListener("click", (e) => {
    swallow(e);
    const id = idAt(e);
    stop();
    console.log(TOKEN + (id !== null ? id : 0));  // 0: nothing there (pick mode ended anyway)
  });
  for (const type of ["mousedown", "mouseup", "dblclick", "auxclick", "contextmenu",
                      "pointerdown", "pointerup", "wheel"]) {
    glass.addEventListener(type, swallow, { passive: false });
  }

  function start() {
    picking = true;
    hovered = null;
    document.body.classList.add("picking");
  }

  function stop() {
    picking = false;
    hovered = null;
    document.body.classList.remove("picking");
    window.replayOverlay.highlight(null);
  }

  window.replayPick = {
    start: start,
    stop: stop,
    active: () => picking,
    /* The id the pick would report at a replay-viewport point (tests, tools). */
    idAt: (x, y) => recordedId(elementAt(x, y)),
  };
})();
