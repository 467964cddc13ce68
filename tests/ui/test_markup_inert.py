"""Markup parsed in the page is inert: nothing it holds loads or runs before it is adopted into
the replay document, and after that the usual locks apply (blocked, or asset GETs only)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.test_security import Server, run_js
from viewer.render.engine import markup as M
from viewer.render.view import ReplayView


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


def el(node_id: int, tag: str, attrs: dict[str, Any] | None = None,
       children: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"id": node_id, "kind": "element", "tag": tag, "attrs": attrs or {}, "svg": False,
            "children": children or []}


def reset(*body: dict[str, Any]) -> list[dict[str, Any]]:
    tree = {"id": 1, "kind": "document", "children": [
        el(2, "html", {}, [el(3, "head"), el(4, "body", {}, list(body))])]}
    return [{"op": "reset", "tree": tree, "width": 800, "height": 600, "href": "",
             "sheets": {}, "adopted": {}}]


def hostile(base: str) -> list[dict[str, Any]]:
    pwn = "document.documentElement.setAttribute('data-pwned', '{}')"
    return reset(
        el(10, "img", {"src": f"{base}/inert.png", "onerror": pwn.format("onerror"),
                       "onload": pwn.format("onload")}),
        el(11, "script", {}, [{"id": 12, "kind": "text", "text": pwn.format("script")}]),
        el(13, "iframe", {"src": f"{base}/frame.html"}),
        el(14, "link", {"rel": "stylesheet", "href": f"{base}/inert.css"}))


def requested(view: ReplayView, server: Server, path: str) -> bool:
    url = f"http://127.0.0.1:{server.port}{path}"
    return url in view.interceptor.blocked or any(p == path for _, p in server.requests)


@pytest.mark.parametrize("allow_remote", [False, True], ids=["offline", "remote assets"])
def test_parsed_markup_loads_and_runs_nothing_before_adoption(
        qtbot: QtBot, server: Server, allow_remote: bool) -> None:
    base = f"http://127.0.0.1:{server.port}"
    view = ReplayView(allow_remote_assets=allow_remote)
    view.resize(800, 600)
    view.show()
    try:
        qtbot.waitUntil(lambda: view.is_ready, timeout=30_000)
        ops = hostile(base)
        form = M.encode_ops(ops)[0]["tree"]["children"][0]
        # 1. the page's builder parses with the replay document's own DOMParser: hold that
        #    parsed document (and walk it, as the builder does) without adopting anything
        held = run_js(qtbot, view, f"""(() => {{
            const Parser = window.replay.frame.contentWindow.DOMParser;
            window.__held = new Parser().parseFromString({json.dumps(form["markup"])},
                                                         "application/xhtml+xml");
            const w = window.__held.createTreeWalker(window.__held.documentElement, 0xFFFFFFFF);
            let n = 0;
            while (w.nextNode()) n++;
            return [n, window.__held.querySelector("img").getAttribute("src")];
        }})()""")
        assert held == [len(form["ids"]), f"{base}/inert.png"]
        # 2. a control image built in the live document is asked for (offline: it fails at
        #    once, nothing goes out; with remote assets: the server gets it)...
        doc = "window.replay.frame.contentDocument"
        view.markup = False
        view.apply_ops(reset(el(20, "img", {"src": f"{base}/control.png"})))
        qtbot.waitUntil(lambda: run_js(qtbot, view, f"{doc}.images[0].complete"), timeout=20_000)
        if allow_remote:
            qtbot.waitUntil(lambda: requested(view, server, "/control.png"), timeout=20_000)
        with qtbot.waitSignal(view.player_page.painted, timeout=20_000):
            view.when_painted()
        # ...while nothing of the parsed markup was: not the image, the sheet or the frame
        for path in ("/inert.png", "/inert.css", "/frame.html"):
            assert not requested(view, server, path)
        # 3. built from markup into the replay document: now the image is asked for (and
        #    fails offline); the frame's src is withheld and never goes out
        view.markup = True
        view.apply_ops(ops)
        qtbot.waitUntil(lambda: run_js(qtbot, view, f"{doc}.images[0].complete"), timeout=20_000)
        if allow_remote:
            qtbot.waitUntil(lambda: requested(view, server, "/inert.png"), timeout=20_000)
        with qtbot.waitSignal(view.player_page.painted, timeout=20_000):
            view.when_painted()
        width = run_js(qtbot, view, f"{doc}.images[0].naturalWidth")
        assert (width, requested(view, server, "/inert.png")) == (
            (1, True) if allow_remote else (0, False))
        assert not requested(view, server, "/frame.html")
        assert run_js(qtbot, view, f"{doc}.querySelector('iframe').hasAttribute('src')") is False
        assert all(method == "GET" for method, _ in server.requests)
        # 4. no handler or script ran, in the parsed document or in the replay
        assert run_js(qtbot, view, f"""[{doc}.documentElement.getAttribute('data-pwned'),
            window.__held.documentElement.getAttribute('data-pwned'),
            document.documentElement.getAttribute('data-pwned')]""") == [None, None, None]
        assert run_js(qtbot, view, "window.replay.stats().markup.built") == 1
    finally:
        view.shutdown()
