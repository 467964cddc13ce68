"""Developer check: rrweb's own Replayer rebuilds a trimmed replay as it rebuilds the original.

usage: python -m tests.export.rrweb_check RRWEB_DIR RECORDING [FRACTION ...]

RRWEB_DIR holds `node_modules/rrweb` (`npm install rrweb@2.0.0-alpha.18` there; not needed by
the test suite). For each fraction f of the recording, the replay is trimmed from f to the
end; rrweb's Replayer (upstream rrweb, in QtWebEngine's Chromium, offscreen) plays the original
and the trimmed events to the same moments, and the two documents are dumped with the viewer's
own domdump script and compared. Prints one line per moment and exits 1 when any differs by
more than a scroll offset (a browser's scroll depends on layout and smooth scrolling in flight).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import orjson
import shiboken6

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

ROOT = Path(__file__).resolve().parents[2]
SHIM = """
window.rrwebDumps = function (events, offsets) {
  const host = document.createElement('div');
  document.body.appendChild(host);
  const replayer = new rrweb.Replayer(events, {root: host, mouseTail: false,
                                               showWarning: false, triggerFocus: false});
  const mirror = replayer.getMirror();
  window.replay = {
    frame: replayer.iframe,
    idOf: (n) => { const id = mirror.getId(n); return id > 0 ? id : undefined; },
    kindOf: () => 'text',
    withheldOf: () => null,
    hasRecordedDocument: (n) => !!n.contentDocument && mirror.getId(n.contentDocument) > 0,
  };
  const out = [];
  for (const offset of offsets) { replayer.pause(offset); out.push(window.replayDump()); }
  replayer.destroy();
  host.remove();
  return JSON.stringify(out);
};
"""


def _without_scroll(node: Any) -> Any:
    if isinstance(node, list) and len(node) > 1 and isinstance(node[1], dict):
        kids = [_without_scroll(c) for c in node[2]] if len(node) > 2 else []
        return [node[0], {k: v for k, v in node[1].items() if k != ":scroll"}, kids]
    return node


def rrweb_dumps(view: Any, events: list[dict[str, Any]], times: list[float]) -> list[Any]:
    from viewer.render.headless import wait

    base = min(e["timestamp"] for e in events if e.get("type") != 5)
    script = (f"rrwebDumps({json.dumps([e for e in events if e.get('type') != 5])}, "
              f"{json.dumps([t - base for t in times])})")
    text = wait(lambda done: view.page().runJavaScript(script, 0, done), "rrweb")
    return list(json.loads(text))


def main() -> int:
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from viewer.export.trim import trimmed_replay
    from viewer.model import load_replay
    from viewer.render.headless import wait
    from viewer.ui.app import application

    rrweb_dir, recording, *fractions = sys.argv[1:]
    application(headless=True)
    bundle = (Path(rrweb_dir) / "node_modules/rrweb/dist/rrweb.umd.cjs").read_text()
    dump_js = (ROOT / "viewer/render/web/dump.js").read_text()
    view = QWebEngineView()
    html = (f"<!DOCTYPE html><html><body><script>{bundle}\n</script><script>{dump_js}</script>"
            f"<script>{SHIM}</script></body></html>")
    wait(lambda done: (view.loadFinished.connect(done), view.setHtml(html)), "loading rrweb")
    replay = load_replay([recording])
    original = [replay.events[i] for i in range(len(replay.events))]
    bad = 0
    for fraction in [float(f) for f in fractions or ["0.3", "0.6"]]:
        start = replay.start_ms + replay.duration_ms * fraction
        trimmed = orjson.loads(orjson.dumps(trimmed_replay(replay, start, replay.end_ms)))
        times = [start + 0.5 + (replay.end_ms - start) * k / 6 for k in range(6)]
        for t, a, b in zip(times, rrweb_dumps(view, original, times),
                           rrweb_dumps(view, trimmed["events"], times), strict=True):
            same = a == b
            if not same and _without_scroll(a) == _without_scroll(b):
                print(f"{fraction:.2f} t={t:.1f}: same but a scroll offset (browser layout)")
                continue
            bad += not same
            nodes = json.dumps(a).count("[")
            if not same and os.environ.get("SHOW"):
                import difflib

                diff = difflib.unified_diff(json.dumps(a, indent=0).splitlines(),
                                            json.dumps(b, indent=0).splitlines(), n=2,
                                            lineterm="")
                print("\n".join(list(diff)[:int(os.environ["SHOW"])]))
            print(f"{fraction:.2f} t={t:.1f}: {'same' if same else 'DIFFERENT'} ({nodes} nodes)")
    shiboken6.delete(view)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
