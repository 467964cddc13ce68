"""Hostile recordings written by hand: scripts, handlers, dangerous URLs, CSS and SVG tricks.

Every case is built for a local server at `base` (http://127.0.0.1:PORT). Payloads that would
prove a script ran mark the documents with `data-pwned` and request `base/pwned/<case>`;
`assets` are the paths a case legitimately fetches when remote assets are allowed (images,
fonts, stylesheets), every other path is forbidden.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests import builders as b

Node = dict[str, Any]
Event = dict[str, Any]


@dataclass
class Case:
    """One hostile recording and what a run may fetch when remote assets are allowed."""

    name: str
    events: list[Event]
    assets: set[str] = field(default_factory=set)  # requested (and blocked when not allowed)
    optional: set[str] = field(default_factory=set)  # may be fetched when allowed


class Ids:
    """Hands out node ids after the fixed skeleton (1 document … 5 body)."""

    def __init__(self) -> None:
        self.next = 100

    def __call__(self) -> int:
        self.next += 1
        return self.next


def payload(base: str, tag: str) -> str:
    """JavaScript that leaves marks if it ever runs."""
    return (f"document.documentElement.setAttribute('data-pwned','{tag}');"
            f"try{{parent.document.body.setAttribute('data-pwned','{tag}')}}catch(e){{}};"
            f"(new Image).src='{base}/pwned/{tag}'")


class Builder:
    """Elements, texts and mutations with fresh ids."""

    def __init__(self, base: str, name: str) -> None:
        self.base = base
        self.name = name
        self.id = Ids()
        self.later: list[Event] = []
        self.ts = b.T0 + 100

    def js(self, tag: str) -> str:
        return payload(self.base, f"{self.name}-{tag}")

    def el(self, tag: str, attrs: dict[str, Any] | None = None, *kids: Node,
           svg: bool = False) -> Node:
        node: Node = {"type": 2, "id": self.id(), "tagName": tag, "attributes": attrs or {},
                      "childNodes": list(kids)}
        if svg:
            node["isSVG"] = True
        return node

    def text(self, value: str) -> Node:
        return {"type": 3, "id": self.id(), "textContent": value}

    def mutate(self, **data: Any) -> None:
        self.ts += 10
        base = {"source": 0, "adds": [], "removes": [], "texts": [], "attributes": []}
        self.later.append({"type": 3, "timestamp": self.ts, "data": {**base, **data}})

    def add(self, parent: int, node: Node) -> None:
        """Add `node` and each descendant as its own add, as the recorder does."""
        adds: list[Event] = []
        stack = [(parent, node)]
        while stack:
            pid, n = stack.pop(0)
            kids = n.get("childNodes", [])
            adds.append({"parentId": pid, "nextId": None, "node": {**n, "childNodes": []}})
            stack.extend((n["id"], k) for k in kids)
        self.mutate(adds=adds)

    def attrs(self, node_id: int, **changes: Any) -> None:
        self.mutate(attributes=[{"id": node_id, "attributes": changes}])

    def sheet(self, node_id: int, **data: Any) -> None:
        self.ts += 10
        self.later.append({"type": 3, "timestamp": self.ts,
                           "data": {"source": 8, "id": node_id, **data}})

    def recording(self, head: list[Node], body: list[Node]) -> list[Event]:
        doc = {"type": 0, "id": 1, "childNodes": [
            {"type": 1, "id": 2, "name": "html", "publicId": "", "systemId": ""},
            {"type": 2, "id": 3, "tagName": "html", "attributes": {}, "childNodes": [
                {"type": 2, "id": 4, "tagName": "head", "attributes": {}, "childNodes": head},
                {"type": 2, "id": 5, "tagName": "body", "attributes": {}, "childNodes": body}]}]}
        snapshot = {"type": 2, "timestamp": b.T0 + 1,
                    "data": {"node": doc, "initialOffset": {"top": 0, "left": 0}}}
        return [b.meta(), snapshot, *self.later]


BODY = 5
HEAD = 4


def scripts(base: str) -> Case:
    x = Builder(base, "script")
    late = x.el("script", {}, x.text(x.js("added")))
    text_target = x.text("")
    kept = x.el("script", {}, text_target)
    body = [x.el("script", {}, x.text(x.js("body"))),
            x.el("script", {"src": f"{base}/pwned/script-src.js"}),
            x.el("script", {"type": "module"}, x.text(x.js("module"))), kept]
    events_head = [x.el("script", {}, x.text(x.js("head")))]
    x.add(BODY, late)
    x.mutate(texts=[{"id": text_target["id"], "value": x.js("text-mutation")}])
    x.attrs(kept["id"], src=f"{base}/pwned/script-src-mutation.js")
    return Case("script elements", x.recording(events_head, body))


def handlers_in_snapshot(base: str) -> Case:
    x = Builder(base, "on")
    body = [
        x.el("img", {"src": "x:broken", "onerror": x.js("img-onerror")}),
        x.el("svg", {"onload": x.js("svg-onload"), "width": "10", "height": "10"}, svg=True),
        x.el("input", {"autofocus": True, "onfocus": x.js("onfocus")}),
        x.el("details", {"open": True, "ontoggle": x.js("ontoggle")}, x.el("summary")),
        x.el("div", {"onclick": x.js("onclick"), "id": "clickme"}, x.text("click")),
        x.el("style", {"onload": x.js("style-onload")}, x.text("p { color: red; }")),
        x.el("iframe", {"onload": x.js("iframe-onload")}),
        x.el("video", {}, x.el("source", {"onerror": x.js("source-onerror"), "src": "x:bad"})),
    ]
    events = x.recording([], body)
    events[1]["data"]["node"]["childNodes"][1]["childNodes"][1]["attributes"] = {
        "onload": x.js("body-onload"), "onpageshow": x.js("body-onpageshow")}
    return Case("on* attributes in the snapshot", events)


def handlers_by_mutation(base: str) -> Case:
    x = Builder(base, "on-mut")
    img = x.el("img", {"src": "replay://player/nothing.png"})
    div = x.el("div", {"id": "clickme2"}, x.text("click"))
    body = [img, div]
    x.attrs(img["id"], onerror=x.js("img-onerror"), src="x:broken-later")
    x.attrs(div["id"], onclick=x.js("onclick"), onmouseover=x.js("onmouseover"))
    x.attrs(BODY, onload=x.js("body-onload"))
    x.add(BODY, x.el("img", {"src": "x:broken", "onerror": x.js("added-onerror")}))
    x.add(BODY, x.el("input", {"autofocus": True, "onfocus": x.js("added-onfocus")}))
    return Case("on* attributes by mutation", x.recording([], body))


def javascript_urls(base: str) -> Case:
    x = Builder(base, "jsurl")
    a = x.el("a", {"id": "jslink", "href": "javascript:" + x.js("a")}, x.text("go"))
    body = [a,
            x.el("iframe", {"src": "javascript:" + x.js("iframe")}),
            x.el("form", {"action": "javascript:" + x.js("form")},
                 x.el("button", {"type": "submit"}, x.text("send"))),
            x.el("object", {"data": "javascript:" + x.js("object")}),
            x.el("embed", {"src": "javascript:" + x.js("embed")}),
            x.el("img", {"src": "javascript:" + x.js("img")}),
            x.el("svg", {}, x.el("a", {"xlink:href": "javascript:" + x.js("svg-a")},
                                 x.el("text", {}, x.text("svg link"), svg=True), svg=True),
                 svg=True)]
    x.attrs(a["id"], href="javascript:" + x.js("a-mutated"))
    x.add(BODY, x.el("iframe", {"src": "javascript:" + x.js("iframe-added")}))
    return Case("javascript: URLs in links, iframes and forms", x.recording([], body))


def data_urls(base: str) -> Case:
    x = Builder(base, "data")
    html = "data:text/html,<script>" + x.js("frame") + "</script>"
    body = [x.el("iframe", {"src": html}),
            x.el("a", {"href": html, "id": "datalink"}, x.text("data link")),
            x.el("form", {"action": html, "method": "post"},
                 x.el("input", {"type": "submit", "value": "send"})),
            x.el("object", {"data": html}),
            x.el("embed", {"src": "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' "
                                  "onload=\"" + x.js("embed-svg") + "\"/>"}),
            x.el("img", {"src": "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' "
                                "onload=\"" + x.js("img-svg") + "\"/>"})]
    frame = x.el("iframe", {})
    body.append(frame)
    x.attrs(frame["id"], src=html)
    return Case("data: URLs in links, iframes and forms", x.recording([], body))


def meta_refresh(base: str) -> Case:
    x = Builder(base, "refresh")
    later = x.el("meta", {})
    head = [x.el("meta", {"http-equiv": "refresh", "content": f"0;url={base}/nav/meta"}), later]
    x.add(HEAD, x.el("meta", {"http-equiv": "Refresh", "content": "0;url=javascript:"
                              + x.js("meta")}))
    x.attrs(later["id"], content=f"0;url={base}/nav/meta-late")
    x.attrs(later["id"], **{"http-equiv": "refresh"})
    x.add(HEAD, x.el("meta", {"http-equiv": "refresh", "content": "0;url=data:text/html,x"}))
    return Case("<meta http-equiv=refresh>", x.recording(head, [x.el("p", {}, x.text("x"))]))


def base_href(base: str) -> Case:
    x = Builder(base, "base")
    head = [x.el("base", {"href": f"{base}/base/"})]
    body = [x.el("img", {"src": "relative.png"}),
            x.el("a", {"href": "relative.html", "id": "baselink"}, x.text("rel"))]
    x.add(HEAD, x.el("base", {"href": f"{base}/base2/", "target": "_top"}))
    x.add(BODY, x.el("img", {"src": "relative-late.png"}))
    return Case("<base href>", x.recording(head, body))


def forms(base: str) -> Case:
    x = Builder(base, "form")
    form = x.el("form", {"action": f"{base}/submit/post", "method": "post", "id": "f1"},
                x.el("input", {"name": "q", "value": "secret"}),
                x.el("button", {"type": "submit", "formaction": f"{base}/submit/formaction"},
                     x.text("send")))
    body = [form, x.el("form", {"action": f"{base}/submit/get", "method": "get"},
                       x.el("input", {"type": "image", "src": "x:broken", "alt": "go"}))]
    x.attrs(form["id"], action=f"{base}/submit/mutated", target="_top")
    return Case("forms with action", x.recording([], body))


def srcdoc(base: str) -> Case:
    x = Builder(base, "srcdoc")
    doc = f"<script>{x.js('srcdoc')}</script><img src='{base}/pwned/srcdoc-img.png'>"
    frame = x.el("iframe", {})
    body = [x.el("iframe", {"srcdoc": doc}), frame]
    x.attrs(frame["id"], srcdoc=doc)
    x.add(BODY, x.el("iframe", {"srcdoc": doc, "src": f"{base}/nav/frame"}))
    return Case("srcdoc iframes", x.recording([], body))


def css(base: str) -> Case:
    x = Builder(base, "css")
    style_text = (f'@import url("{base}/css/import-text.css");\n'
                  f'.t {{ background-image: url("{base}/css/style-text.png"); }}')
    css_text = (f'@import url("{base}/css/import-csstext.css");'
                f'.c {{ background-image: url("{base}/css/csstext.png"); }}')
    linked = x.el("link", {"rel": "stylesheet", "href": f"{base}/pwned/link-href.css",
                           "_cssText": css_text})
    sheet_host = x.el("style", {}, x.text(".s { color: red; }"))
    inline = f'background-image: url("{base}/css/attr.png"); width: 10px; height: 10px;'
    styled = x.el("div", {"style": inline})
    later = x.el("div", {"class": "w"}, x.text("x"))
    font = x.el("style", {}, x.text(
        f'@font-face {{ font-family: "hostile"; src: url("{base}/css/font.woff"); }}\n'
        '.f { font-family: "hostile"; }'))
    head = [x.el("style", {}, x.text(style_text)), linked, sheet_host, font]
    body = [styled, later, x.el("p", {"class": "f"}, x.text("font")),
            *(x.el("div", {"class": c, "style": "width: 10px; height: 10px;"}) for c in "tcr")]
    rule = f'.r {{ background-image: url("{base}/css/rule.png"); }}'
    x.sheet(sheet_host["id"], adds=[{"rule": rule}])
    x.sheet(sheet_host["id"], adds=[{"rule": f'@import url("{base}/css/import-rule.css");',
                                     "index": 0}])
    x.attrs(later["id"], style={"background-image": f'url("{base}/css/diff.png")',
                                "width": "10px", "height": "10px"})
    body.append(x.el("div", {"class": "a", "style": "width: 10px; height: 10px;"}))
    x.ts += 10
    x.later.append({"type": 3, "timestamp": x.ts, "data": {"source": 15, "id": 1, "styleIds": [1],
                    "styles": [{"styleId": 1, "rules": [
                        {"rule": f'.a {{ background-image: url("{base}/css/adopted.png"); }}'}]}]}})
    x.later.append({"type": 3, "timestamp": x.ts + 1, "data": {
        "source": 10, "family": "fontevent", "buffer": False,
        "fontSource": f'url("{base}/css/font-event.woff")'}})
    return Case("CSS url() and @import", x.recording(head, body),
                assets={"/css/style-text.png", "/css/csstext.png", "/css/attr.png",
                        "/css/rule.png", "/css/diff.png", "/css/import-text.css",
                        "/css/import-csstext.css", "/css/adopted.png"},
                optional={"/css/font.woff", "/css/import-rule.css", "/css/font-event.woff"})


def svg(base: str) -> Case:
    x = Builder(base, "svg")
    fo = x.el("foreignObject", {"width": "100", "height": "100"},
              x.el("div", {}, x.el("script", {}, x.text(x.js("fo-script"))),
                   x.el("img", {"src": "x:broken", "onerror": x.js("fo-onerror")})), svg=True)
    link = x.el("a", {"href": f"{base}/nav/svg-a"}, svg=True)
    body = [x.el("svg", {"width": "100", "height": "100"},
                 x.el("script", {}, x.text(x.js("svg-script")), svg=True),
                 x.el("script", {"href": f"{base}/pwned/svg-script-href.js"}, svg=True),
                 fo,
                 x.el("image", {"href": f"{base}/svg/image.png", "width": "5", "height": "5"},
                      svg=True),
                 link,
                 x.el("animate", {"attributeName": "href", "values": "javascript:"
                                  + x.js("animate"), "begin": "0s"}, svg=True),
                 svg=True)]
    x.add(BODY, x.el("svg", {"onload": x.js("svg-added-onload")},
                     x.el("script", {}, x.text(x.js("svg-added-script")), svg=True), svg=True))
    return Case("SVG with script and foreignObject", x.recording([], body),
                assets={"/svg/image.png"})


def csp(base: str) -> Case:
    x = Builder(base, "csp")
    policy = f"img-src 'none'; report-uri {base}/pwned/csp-report"
    later = x.el("meta", {"http-equiv": "Content-Security-Policy"})
    head = [x.el("meta", {"http-equiv": "Content-Security-Policy", "content": policy}),
            x.el("meta", {"http-equiv": "content-security-policy", "content": policy}), later]
    x.attrs(later["id"], content=policy)
    body = [x.el("img", {"src": f"{base}/csp/image.png", "width": "5", "height": "5"})]
    # neutralised, the recorded policy does not stop the image (it is fetched when allowed)
    return Case("recorded CSP metas", x.recording(head, body), assets={"/csp/image.png"})


def iframe_document(base: str) -> Case:
    """A same-origin iframe's recorded document (isAttachIframe) carrying the same tricks."""
    x = Builder(base, "frame-doc")
    frame = x.el("iframe", {})
    html = x.el("html", {},
                x.el("head", {}, x.el("meta", {"http-equiv": "refresh",
                                               "content": f"0;url={base}/nav/inner-meta"}),
                     x.el("base", {"href": f"{base}/base/"})),
                x.el("body", {"onload": x.js("body-onload")},
                     x.el("script", {}, x.text(x.js("script"))),
                     x.el("img", {"src": "x:broken", "onerror": x.js("onerror")}),
                     x.el("a", {"href": f"{base}/nav/inner-link"}, x.text("inner")),
                     x.el("iframe", {"srcdoc": f"<script>{x.js('srcdoc')}</script>"}),
                     x.el("div", {"style": f'background-image: url("{base}/frame/bg.png"); '
                                           "width: 10px; height: 10px;"})))
    doc = {"type": 0, "id": x.id(), "childNodes": [html]}
    x.mutate(adds=[{"parentId": frame["id"], "nextId": None, "node": doc}], isAttachIframe=True)
    return Case("iframe document (isAttachIframe)", x.recording([], [frame]),
                assets={"/frame/bg.png"})


#: A local file every Linux machine has; a recording must not be able to show it.
LOCAL_FILE = "file:///etc/hostname"


def file_urls(base: str) -> Case:
    x = Builder(base, "file")
    img = x.el("img", {"src": "x:none"})
    body = [x.el("img", {"src": LOCAL_FILE}),
            x.el("div", {"style": f'background-image: url("{LOCAL_FILE}"); width: 5px;'}),
            x.el("iframe", {"src": LOCAL_FILE}), img,
            x.el("a", {"href": LOCAL_FILE, "id": "filelink"}, x.text("file"))]
    x.attrs(img["id"], src=LOCAL_FILE)
    return Case("file: URLs", x.recording([x.el("link", {"rel": "stylesheet",
                                                         "href": LOCAL_FILE})], body))


CASES: list[Callable[[str], Case]] = [scripts, handlers_in_snapshot, handlers_by_mutation,
                                      javascript_urls, data_urls, meta_refresh, base_href, forms,
                                      srcdoc, css, svg, csp, iframe_document, file_urls]
