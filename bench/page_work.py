"""Chromium's own work per seek in the window: style, layout, script, as its DevTools count them.

usage: python bench/page_work.py [RECORDING] [--seeks 20] [--seed 7] [--port 9333]

Opens the window offscreen with Chromium's remote debugging on `--port`, waits for the seek
index, then around each of N random seeks (seeded, as `replay-viewer bench`) reads the page's
`Performance.getMetrics` over the DevTools protocol: the differences are what the renderer did
for that seek (RecalcStyleDuration, LayoutDuration, ScriptDuration, TaskDuration and the
counts). Needs `websocket-client` (in the `dev` extra). Development only: the viewer itself
never opens a debugging port.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import threading
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT / "tests" / "data" / "corpus" / "sentry" / "long"
KEYS = ("RecalcStyleDuration", "LayoutDuration", "ScriptDuration", "TaskDuration",
        "RecalcStyleCount", "LayoutCount")


class DevTools:
    """A DevTools protocol client for the player page. Chromium serves the protocol on the
    Qt main thread, so every exchange runs in a thread while Qt's event loop spins."""

    def __init__(self, port: int, spin: Callable[[Callable[[Callable[..., None]], None], str],
                                                  Any]) -> None:
        self.port = port
        self.spin = spin
        self.socket: Any = None
        self.next_id = 0

    def _exchange(self, method: str) -> Any:
        import websocket  # type: ignore[import-untyped]

        if self.socket is None:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json") as answer:
                targets = json.load(answer)
            page = next(t for t in targets if t.get("type") == "page")
            self.socket = websocket.create_connection(page["webSocketDebuggerUrl"])
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": {}}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                return message.get("result")

    def call(self, method: str) -> Any:
        box: dict[str, Any] = {}

        def start(done: Callable[..., None]) -> None:
            from PySide6.QtCore import QTimer

            worker = threading.Thread(target=lambda: box.update(r=self._exchange(method)))
            worker.start()

            def poll() -> None:
                if worker.is_alive():
                    QTimer.singleShot(1, poll)
                else:
                    done(box.get("r"))
            poll()
        return self.spin(start, method)

    def metrics(self) -> dict[str, float]:
        return {m["name"]: m["value"] for m in self.call("Performance.getMetrics")["metrics"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("recording", nargs="?", default=str(DEFAULT))
    ap.add_argument("--seeks", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--port", type=int, default=9333)
    a = ap.parse_args()
    os.environ["QTWEBENGINE_REMOTE_DEBUGGING"] = str(a.port)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from viewer.render.scheme import register_scheme

    register_scheme()
    from PySide6.QtWidgets import QApplication

    from viewer.model import load_replay
    from viewer.render.headless import wait, wait_painted, wait_ready
    from viewer.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    replay = load_replay([a.recording])
    window = MainWindow(replay, [a.recording])
    window.show()
    view, player = window.view, window.player
    assert view is not None and player is not None
    wait_ready(view)
    wait_painted(view, frames=1)
    if player.cursor.index is None:
        wait(lambda done: player.index_ready.connect(lambda: done(True)), "the seek index")
    devtools = DevTools(a.port, wait)
    devtools.call("Performance.enable")
    rnd = random.Random(a.seed)
    rows = []
    for _ in range(a.seeks):
        before = devtools.metrics()
        player.seek(rnd.uniform(replay.start_ms, replay.end_ms))
        wait_painted(view, frames=1)
        after = devtools.metrics()
        rows.append({k: (after[k] - before[k]) * (1000 if k.endswith("Duration") else 1)
                     for k in KEYS})
    print(f"{a.recording}: {a.seeks} seeks, per seek (median / worst)")
    for key in KEYS:
        values = [r[key] for r in rows]
        unit = " ms" if key.endswith("Duration") else ""
        print(f"  {key:20s} {statistics.median(values):7.1f}{unit} / {max(values):7.1f}{unit}")
    window.close()
    del app


if __name__ == "__main__":
    main()
