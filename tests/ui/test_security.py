"""Recorded content is inert: no script runs, nothing navigates, nothing reaches the network
unless remote assets are allowed (and then only asset GETs)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests import builders as b
from viewer.model import load_replay
from viewer.render.player import Player
from viewer.render.view import ReplayView

PIXEL = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                      "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


class Server:
    """A local HTTP server that records every request it gets."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.requests.append(("GET", self.path))
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(PIXEL)

            def do_POST(self) -> None:
                outer.requests.append(("POST", self.path))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


def element(node_id: int, tag: str, attrs: dict[str, Any], children: list[dict] | None = None
            ) -> dict:
    return {"type": 2, "id": node_id, "tagName": tag, "attributes": attrs,
            "childNodes": children or []}


def hostile_recording(tmp_path: Path, port: int) -> str:
    base = f"http://127.0.0.1:{port}"
    body = [
        element(10, "script", {}, [{"type": 3, "id": 11, "textContent":
                                    "document.body.setAttribute('data-pwned','script')"}]),
        element(12, "img", {"src": "x:broken", "onerror":
                            "document.body.setAttribute('data-pwned','onerror')"}),
        element(13, "a", {"id": "js", "href": "javascript:document.body.setAttribute("
                          "'data-pwned','link')"}, [{"type": 3, "id": 14, "textContent": "go"}]),
        element(15, "img", {"src": f"{base}/image.png", "width": "10", "height": "10"}),
        element(16, "div", {"style": f'width:10px;height:10px;background:url("{base}/bg.png")'}),
        element(17, "link", {"rel": "stylesheet", "href": f"{base}/style.css"}),
        element(18, "iframe", {"src": f"{base}/frame.html"}),
        element(19, "form", {"action": f"{base}/submit", "method": "post"},
                [element(20, "input", {"type": "submit", "value": "send"})]),
    ]
    snapshot = {"type": 2, "timestamp": b.T0 + 1, "data": {"initialOffset": {"top": 0, "left": 0},
                "node": {"type": 0, "id": 1, "childNodes": [
                    {"type": 1, "id": 2, "name": "html", "publicId": "", "systemId": ""},
                    element(3, "html", {}, [element(4, "head", {}, [element(
                        30, "meta", {"http-equiv": "refresh", "content": f"0;url={base}/meta"})]),
                        element(5, "body", {}, body)])]}}}
    later_onload = {"type": 3, "timestamp": b.T0 + 50, "data": {"source": 0, "texts": [],
                    "removes": [], "adds": [], "attributes": [{"id": 5, "attributes": {
                        "onload": "document.body.setAttribute('data-pwned','attr')"}}]}}
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps([b.meta(), snapshot, later_onload]))
    return str(path)


def run_js(qtbot: QtBot, view: ReplayView, code: str) -> Any:
    """Evaluate in the player page (trusted) and return the value through JSON."""
    box: dict[str, Any] = {}
    view.player_page.runJavaScript(f"JSON.stringify(({code}) ?? null)", 0,
                                   lambda v: box.setdefault("v", v))
    qtbot.waitUntil(lambda: "v" in box, timeout=20_000)
    return json.loads(box["v"])


def open_view(qtbot: QtBot, path: str, allow_remote: bool) -> tuple[ReplayView, Player]:
    replay = load_replay([path])
    view = ReplayView(allow_remote_assets=allow_remote)
    view.resize(800, 600)
    view.show()
    player = Player(replay, view)
    player.seek(player.playback.end)
    qtbot.waitUntil(lambda: view.is_ready, timeout=30_000)
    with qtbot.waitSignal(view.player_page.painted, timeout=20_000):
        view.when_painted()
    return view, player


def test_recorded_script_handlers_and_links_do_nothing(qtbot: QtBot, tmp_path: Path,
                                                       server: Server) -> None:
    view, player = open_view(qtbot, hostile_recording(tmp_path, server.port), False)
    try:
        doc = "document.getElementById('replay').contentDocument"
        # the page's own (trusted) script clicks the recorded javascript: link and submits
        run_js(qtbot, view, f"({doc}.getElementById('js').click(), {doc}.forms[0].submit(), 1)")
        with qtbot.waitSignal(view.player_page.painted, timeout=20_000):
            view.when_painted()
        assert run_js(qtbot, view, f"{doc}.body.getAttribute('data-pwned')") is None
        assert run_js(qtbot, view, f"{doc}.body.getAttribute('onload')") is not None
        assert run_js(qtbot, view, "location.href") == "replay://player/index.html"
        # the iframe's src was withheld: its document is still the empty local one
        assert run_js(qtbot, view, f"{doc}.querySelector('iframe').getAttribute('src')") is None
        box: dict[str, Any] = {}
        view.dump(lambda d: box.setdefault("dom", d))
        qtbot.waitUntil(lambda: "dom" in box, timeout=20_000)
        from viewer.render.engine.domdump import dump

        assert player.cursor.engine is not None and player.cursor.engine.document is not None
        assert box["dom"] == dump(player.cursor.engine.document)  # exactly what the engine says
        # every image has finished (failed) loading: had a request gone out, it would be logged
        qtbot.waitUntil(lambda: run_js(qtbot, view, f"Array.from({doc}.images).every("
                                                    "i => i.complete)"), timeout=20_000)
        assert server.requests == []
    finally:
        view.shutdown()


def test_remote_assets_are_fetched_only_when_allowed_and_only_as_gets(
        qtbot: QtBot, tmp_path: Path, server: Server) -> None:
    view, _ = open_view(qtbot, hostile_recording(tmp_path, server.port), True)
    try:
        qtbot.waitUntil(lambda: ("GET", "/image.png") in server.requests, timeout=20_000)
        assert all(method == "GET" for method, _ in server.requests)
        fetched = {path for _, path in server.requests}
        assert "/frame.html" not in fetched and "/meta" not in fetched  # no navigation
        assert "/submit" not in fetched
    finally:
        view.shutdown()
