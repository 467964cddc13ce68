"""Helpers for comparing pages built from markup with pages built node by node."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from tests.ui.test_security import run_js
from viewer.render.view import ReplayView

#: A deep signature of the replay document, finer than a domdump: node types, namespaces,
#: prefixes, interfaces, realms, attributes with their namespaces and order, withheld attributes,
#: the id map, CDATA marks, values, scroll offsets, style sheets, shadow roots and iframe
#: documents (test-only code, run in the trusted player page).
SIGNATURE_JS = r"""(window.__signature = function () {
  const R = window.replay;
  function realm(n) {
    const win = n.ownerDocument && n.ownerDocument.defaultView;
    return win ? n instanceof win.Node : null;
  }
  function kids(n) { return Array.from(n.childNodes).map(sig); }
  function sig(n) {
    const id = R.idOf(n);
    const out = [n.nodeType, id === undefined ? null : id,
                 id !== undefined && R.node(id) === n, realm(n)];
    if (n.nodeType === 1) {
      out.push(n.namespaceURI, n.prefix, n.localName, n.tagName,
               Object.prototype.toString.call(n),
               Array.from(n.attributes).map((a) => [a.namespaceURI, a.prefix, a.localName,
                                                    a.value]),
               R.withheldOf(n) || null);
      if ("value" in n) out.push(["value", String(n.value)]);
      if ("checked" in n) out.push(["checked", n.checked]);
      if (n.scrollLeft || n.scrollTop) out.push(["scroll", n.scrollLeft, n.scrollTop]);
      if (n.sheet) {
        try { out.push(["sheet", Array.from(n.sheet.cssRules).map((r) => r.cssText)]); }
        catch (e) { out.push(["sheet", String(e)]); }
      }
      if (n.content && n.content.nodeType === 11) {
        out.push(["template content", n.content.childNodes.length]);
      }
      if (n.shadowRoot) {
        const s = n.shadowRoot, sid = R.idOf(s);
        out.push(["shadow", sid === undefined ? null : sid, R.node(sid) === s, kids(s)]);
      }
      if (n.localName === "iframe") {
        const inner = R.hasRecordedDocument(n) && n.contentDocument;
        out.push(["frame", inner ? sig(inner) : null]);
      }
    } else if (n.nodeType === 3) {
      out.push(n.data, R.kindOf(n) || null);
    } else if (n.nodeType === 7 || n.nodeType === 8) {
      out.push(n.data);
    } else if (n.nodeType === 10) {
      out.push(n.name, n.publicId, n.systemId);
    } else if (n.nodeType === 9) {
      const w = n.defaultView;
      out.push(w ? [w.scrollX, w.scrollY] : null, (n.adoptedStyleSheets || []).length);
    }
    out.push(kids(n));
    return out;
  }
  const s = R.stats();
  return {doc: sig(R.frame.contentDocument), dump: window.replayDump(),
          stats: {errors: s.errors, nodes: s.nodes, built: s.markup.built,
                  fallbacks: s.markup.fallbacks}};
}, true)"""


def install(qtbot: QtBot, view: ReplayView) -> None:
    assert run_js(qtbot, view, SIGNATURE_JS) is True


def built(qtbot: QtBot, view: ReplayView, ops: list[dict[str, Any]], markup: bool
          ) -> dict[str, Any]:
    """Apply `ops` (node by node, or from markup) and return the page's signature, with the
    applier errors and markup builds and fallbacks the ops caused."""
    before = run_js(qtbot, view, "window.__signature().stats")
    view.markup = markup
    view.apply_ops(ops)
    out: dict[str, Any] = run_js(qtbot, view, "window.__signature()")
    after = out.pop("stats")
    out["nodes"] = after["nodes"]
    for key in ("errors", "built", "fallbacks"):
        out[key] = after[key] - before[key]
    return out


def both_ways(qtbot: QtBot, view: ReplayView, ops: list[dict[str, Any]]
              ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The page after `ops` built node by node, then from markup (`ops` start with a reset)."""
    old = built(qtbot, view, ops, False)
    new = built(qtbot, view, ops, True)
    return old, new


def same_page(old: dict[str, Any], new: dict[str, Any]) -> None:
    """The two builds made the same document (and the node-by-node one needed no markup)."""
    assert old["built"] == 0 and old["fallbacks"] == 0
    assert new["dump"] == old["dump"]
    assert new["doc"] == old["doc"]
    assert (new["nodes"], new["errors"]) == (old["nodes"], old["errors"])
