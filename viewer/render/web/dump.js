/* Replay Viewer domdump: the replay document as really rendered, in domdump v1 form
 * (shared/tools/DOMDUMP.md). Only nodes that came from the recording are listed. */
"use strict";

(function () {
  const DROP_CLASS = new Set([":hover", "rrweb-paused"]);

  function keepAttr(name) {
    const n = name.toLowerCase();
    return !(n.startsWith("rr_") || n.startsWith("rrweb") || n.startsWith("on") ||
             n.startsWith("_on") || n === "csp-content" || n === "autocomplete");
  }

  function canonicalStyle(el) {
    const text = el.style ? el.style.cssText : el.getAttribute("style") || "";
    const shownCanvas = el.localName === "canvas" && window.replayCanvas.owns(el);
    const decls = [];
    for (const part of text.split(";")) {
      const i = part.indexOf(":");
      if (i < 0) continue;
      const prop = part.slice(0, i).trim().toLowerCase();
      const value = part.slice(i + 1).trim().replace(/\s+/g, " ");
      if (prop === "content" && shownCanvas) continue;  // the player's picture of the canvas
      if (prop) decls.push(prop + ": " + value);
    }
    decls.sort();
    return decls.join("; ");
  }

  function attrsOf(el) {
    const out = {};
    for (const a of Array.from(el.attributes)) {
      if (!keepAttr(a.name)) continue;
      if (a.name === "class") {
        const cls = a.value.split(/\s+/).filter((c) => c && !DROP_CLASS.has(c)).join(" ");
        if (cls) out.class = cls;
      } else if (a.name === "style") {
        const st = canonicalStyle(el);
        if (st) out.style = st;
      } else {
        // lower case, as rrweb's seek (rrdom) writes them; the page keeps SVG's camelCase
        out[a.name.toLowerCase()] = a.value;
      }
    }
    const withheld = window.replay.withheldOf(el);
    if (withheld) for (const k of Object.keys(withheld)) if (keepAttr(k)) out[k.toLowerCase()] = withheld[k];
    const tag = el.localName;
    if (tag === "input" || tag === "textarea" || tag === "select") out[":value"] = String(el.value);
    if (tag === "input" && (el.type === "checkbox" || el.type === "radio")) out[":checked"] = String(el.checked);
    if (tag !== "html" && tag !== "body" && (el.scrollLeft || el.scrollTop)) {
      out[":scroll"] = Math.round(el.scrollLeft) + "," + Math.round(el.scrollTop);
    }
    const sorted = {};
    for (const k of Object.keys(out).sort()) sorted[k] = out[k];
    return sorted;
  }

  function children(parent) {
    const out = [];
    for (const c of Array.from(parent.childNodes)) {
      const d = dumpNode(c);
      if (d) out.push(d);
    }
    return out;
  }

  function dumpDocument(doc) {
    const attrs = {};
    const win = doc.defaultView;
    if (win && (win.scrollX || win.scrollY)) attrs[":scroll"] = Math.round(win.scrollX) + "," + Math.round(win.scrollY);
    return ["#document", attrs, children(doc)];
  }

  function dumpNode(n) {
    const id = window.replay.idOf(n);
    if (id === undefined || id < 0) return null;  // player-made nodes are not in the dump
    switch (n.nodeType) {
      case 10: return ["#doctype", n.name];
      case 3: return window.replay.kindOf(n) === "cdata" ? ["#cdata", ""] : ["#text", n.data];
      case 4: return ["#cdata", ""];
      case 8: return ["#comment", n.data];
      case 9: return dumpDocument(n);
      case 1: break;
      default: return null;
    }
    const tag = n.localName.toLowerCase();
    if (tag === "script" || tag === "noscript") return ["#script", {}, []];
    const attrs = attrsOf(n);
    if (tag === "style" || tag === "textarea") return [tag, attrs, []];
    let kids = [];
    if (tag === "iframe") {
      if (window.replay.hasRecordedDocument(n) && n.contentDocument) kids = [dumpDocument(n.contentDocument)];
      return [tag, attrs, kids];
    }
    if (n.shadowRoot) {
      const sk = children(n.shadowRoot);
      if (sk.length) kids.push(["#shadow", {}, sk]);
    }
    kids = kids.concat(children(n));
    return [tag, attrs, kids];
  }

  window.replayDump = function () {
    const doc = window.replay.frame.contentDocument;
    if (!doc || !doc.documentElement) return ["#document", {}, []];
    return dumpDocument(doc);
  };
})();
