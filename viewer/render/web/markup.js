/* Replay Viewer markup builder: builds sibling subtrees from their markup form in one XML parse.
 *
 * The form (viewer/render/engine/markup.py) is XHTML plus side tables. Steps: parse it with the
 * replay document's own DOMParser (an inert document: nothing loads or runs); walk it in
 * document order and, still inert, keep aside what the applier withholds; adopt the top-level
 * nodes into the replay document; make with the DOM API what XML cannot carry (placeholders,
 * shadow roots, late attributes through the applier's setAttr); register every engine id and
 * queue each element's post-build state. A parse error, or a walk that does not meet the
 * announced nodes, builds the same trees node by node (the reference) and is counted.
 */
"use strict";

(function () {
  const XHTML_NS = "http://www.w3.org/1999/xhtml";
  const XMLNS_NS = "http://www.w3.org/2000/xmlns/";
  const OWN_NS = "urn:x-replay-viewer:markup";

  /* `api`: the applier's pieces the builder uses (see applier.js, `markup`). */
  window.replayMarkupBuilder = function (api) {
    let built = 0;
    let fallbacks = 0;

    /* The inert parsed wrapper element, or null on a parse error. */
    function parse(form, doc) {
      const win = doc.defaultView;
      const Parser = (win && win.DOMParser) || DOMParser;  // wrappers in the replay's realm
      const xml = new Parser().parseFromString(form.markup, "application/xhtml+xml");
      const root = xml.documentElement;
      if (!root || root.namespaceURI !== OWN_NS || root.localName !== "w") return null;
      if (xml.getElementsByTagNameNS(XHTML_NS, "parsererror").length !== (form.parsererrors || 0)) {
        return null;
      }
      return root;
    }

    /* Every node under `root` in document order, or null when there are not `count`. */
    function walk(root, count) {
      const all = new Array(count);
      const walker = root.ownerDocument.createTreeWalker(root, 0xFFFFFFFF);
      let i = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (i === count) return null;
        all[i++] = n;
      }
      return i === count ? all : null;
    }

    /* Build `form`'s trees in document `doc`: returns the top-level nodes (detached, in
     * `doc`); post-build work goes to `after`. */
    function build(form, doc, after) {
      const root = parse(form, doc);
      const all = root && walk(root, form.ids.length);
      if (!all) {
        fallbacks++;
        if (typeof form.json === "string") return api.buildTrees(JSON.parse(form.json), doc, after);
        api.fail();  // too deep to travel as JSON: nothing else to build from
        return [];
      }
      built++;
      const fix = form.fix;
      const entries = new Array(all.length);
      for (let k = 0; k < fix.length; k++) entries[fix[k][0]] = fix[k][1];
      // 2. inert: withheld attributes leave the parsed elements; our own xmlns goes
      for (let i = 0; i < all.length; i++) {
        const n = all[i];
        if (n.nodeType !== 1) continue;
        const entry = entries[i];
        if (api.guarded(n.localName)) api.withholdParsed(n, entry && entry.attrs);
        if (entry && entry.xmlns) n.removeAttributeNS(XMLNS_NS, "xmlns");
      }
      // 3. into the replay document
      const top = Array.from(root.childNodes);
      for (let k = 0; k < top.length; k++) doc.adoptNode(top[k]);
      // 4. what XML cannot carry
      let dropped = null;
      for (let k = 0; k < fix.length; k++) {
        const i = fix[k][0], entry = fix[k][1];
        const n = all[i];
        if (dropped && dropped.has(n)) continue;
        if (entry.shadow) {
          const shadowRoot = attachShadow(n);
          if (shadowRoot) {
            all[i] = shadowRoot;
          } else {  // the per-node builder builds nothing of it either
            dropped = dropped || new Set();
            for (let d = n; d; d = following(d, n)) dropped.add(d);
            n.remove();
          }
          continue;
        }
        let made = null;
        if ("text" in entry) made = doc.createTextNode(entry.text || "");
        else if ("comment" in entry) made = doc.createComment(entry.comment || "");
        else if (entry.cdata) { made = doc.createTextNode(""); api.markCdata(made); }
        else if ("doctype" in entry) made = doc.implementation.createDocumentType(entry.doctype || "html", "", "");
        else if ("tag" in entry) {
          made = api.createElement(entry.tag, entry.svg, doc);
          while (n.firstChild) made.appendChild(n.firstChild);
        }
        if (made) {
          all[i] = made;
          if (!n.parentNode) top[top.indexOf(n)] = made;
          else {
            try { n.parentNode.replaceChild(made, n); } catch (e) { n.remove(); api.fail(); }
          }
        }
        if (entry.attrs) {
          const el = all[i];
          const attrs = attributesOf(el, entry.attrs);
          for (const [name, value] of entry.attrs) api.setAttr(el, name, String(value), attrs);
        }
      }
      // 5. ids, then per-element state in the per-node builder's order
      const ids = form.ids;
      for (let i = 0; i < all.length; i++) {
        if (dropped && dropped.has(all[i])) continue;
        api.remember(ids[i], all[i]);
      }
      for (const [id, i] of form.win || []) if (!(dropped && dropped.has(all[i]))) api.remember(id, all[i]);
      for (const [i, state] of form.post) {
        if (!(dropped && dropped.has(all[i]))) api.elementState(all[i], state, after);
      }
      return top;
    }

    /* The shadow root for placeholder `holder` (first child of its host), with its children. */
    function attachShadow(holder) {
      let shadowRoot;
      try {
        shadowRoot = holder.parentNode.attachShadow({ mode: "open" });
      } catch (e) {
        api.fail();
        return null;
      }
      while (holder.firstChild) shadowRoot.appendChild(holder.firstChild);
      holder.remove();
      return shadowRoot;
    }

    /* The next node after `n` in document order within `within` (null at the end). */
    function following(n, within) {
      if (n.firstChild) return n.firstChild;
      while (n && n !== within) {
        if (n.nextSibling) return n.nextSibling;
        n = n.parentNode;
      }
      return null;
    }

    /* Every attribute of `el` the recording gave it: those parsed, those withheld, the late. */
    function attributesOf(el, late) {
      const out = {};
      for (const a of Array.from(el.attributes || [])) out[a.name] = a.value;
      Object.assign(out, api.withheldOf(el) || {});
      for (const [name, value] of late) out[name] = String(value);
      return out;
    }

    return {
      build: build,
      stats: () => ({ built: built, fallbacks: fallbacks }),
    };
  };
})();
