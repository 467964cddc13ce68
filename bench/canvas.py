"""Canvas benchmark: `snapshot` time per canvas moment, and what canvas frames cost the engine.

usage: python bench/canvas.py [--repeat N] [--cli N] [--no-corpus] [--solid]

1. The Sentry ReplayCanvas test recording (tests/canvas_recordings.py: four canvases, a second
   full snapshot), its frames replaced by random pixels (WebP; `--solid` keeps the solid
   colours): for each moment, `snapshot_view` in this process (a fresh web view, the seek,
   canvas decodes, the paint, the grab; median of N) beside the same moment with every canvas
   frame and snapshot image taken out (the ratio is the cost of the canvases); playing: one
   frame op applied until painted, and 40 frames sent at once; the whole `replay-viewer
   snapshot` command in a child process (`--cli` runs).
2. Every canvas / WebGL reference moment of the shared corpus (`visual/index.json`): snapshot
   time and the share of pixels that differ from rrweb's Replayer (320 × 200, channel > 40).
3. Engine: one 1280 × 720 WebP frame of random pixels checked and kept, and the keyframe size
   of a canvas that has had 1 000 frames (only the latest is kept).
Runs offscreen.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--ignore-gpu-blocklist --log-level=3")
SHARED = ROOT.parent / "shared" / "corpus"


def without_canvas(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The recording with its canvas frames and snapshot images taken out."""
    out = []
    for event in copy.deepcopy(events):
        data = event.get("data") or {}
        if event["type"] == 3 and data.get("source") == 9:
            continue
        text = json.dumps(event)
        if "rr_dataURL" in text:
            stack = [event]
            while stack:
                cur = stack.pop()
                if isinstance(cur, dict):
                    attrs = cur.get("attributes")
                    if isinstance(attrs, dict):
                        attrs.pop("rr_dataURL", None)
                    stack.extend(cur.values())
                elif isinstance(cur, list):
                    stack.extend(cur)
        out.append(event)
    return out


def noise(width: int, height: int, fmt: str, seed: int) -> bytes:
    """A picture of random pixels (the worst case for image codecs), as `fmt` bytes."""
    import random

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    rnd = random.Random(seed)
    image = QImage(bytes(rnd.getrandbits(8) for _ in range(width * height * 3)), width, height,
                   width * 3, QImage.Format.Format_RGB888).copy()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, fmt, 80)
    return bytes(data.data())


def noisy(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The recording with every frame and snapshot image replaced by random pixels of the
    same size (WebP frames, PNG snapshot images)."""
    import base64

    from tests.canvas_recordings import CANVASES

    sizes = {node_id: (w, h) for node_id, w, h, *_ in CANVASES.values()}
    out = copy.deepcopy(events)
    for n, event in enumerate(out):
        data = event.get("data") or {}
        if event["type"] == 3 and data.get("source") == 9:
            blob = data["commands"][1]["args"][0]["args"][0]
            w, h = sizes[data["id"]]
            blob["data"][0]["base64"] = base64.b64encode(noise(w, h, "WEBP", n)).decode()
            blob["type"] = "image/webp"
        stack: list[Any] = [event]
        while stack:
            cur = stack.pop()
            if isinstance(cur, dict):
                attrs = cur.get("attributes")
                if isinstance(attrs, dict) and "rr_dataURL" in attrs:
                    w, h = sizes[cur["id"]]
                    attrs["rr_dataURL"] = ("data:image/png;base64," + base64.b64encode(
                        noise(w, h, "PNG", n)).decode())
                stack.extend(cur.values())
            elif isinstance(cur, list):
                stack.extend(cur)
    return out


def timed_snapshot(replay: Any, t: float, width: int, repeat: int) -> tuple[float, Any]:
    from viewer.render.headless import snapshot_view

    times, image = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        image = snapshot_view(replay, t, width)
        times.append(time.perf_counter() - started)
    return statistics.median(times), image


def cli_seconds(path: Path, t: float, width: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "viewer", "snapshot", str(path), "--at", repr(t),
                        "--width", str(width), "-o", str(Path(tmp) / "x.png")],
                       check=True, capture_output=True, cwd=ROOT)
        return time.perf_counter() - started


def sentry_moments(repeat: int, cli: int, random_pixels: bool) -> None:
    from tests.canvas_recordings import MOMENTS, WIDTH, sentry_canvas_events
    from viewer.model import load_replay

    events = sentry_canvas_events()
    if random_pixels:
        events = noisy(events)
    print(f"frames: {'random pixels (WebP q80, PNG)' if random_pixels else 'solid colours'}")
    with tempfile.TemporaryDirectory() as tmp:
        full, bare = Path(tmp) / "canvas.json", Path(tmp) / "bare.json"
        full.write_text(json.dumps(events))
        bare.write_text(json.dumps(without_canvas(events)))
        print(f"recording: {full.stat().st_size / 1e3:.0f} kB with frames, "
              f"{bare.stat().st_size / 1e3:.0f} kB without")
        with_frames, plain = load_replay([str(full)]), load_replay([str(bare)])
        print("| moment | snapshot with canvases | same page, no canvas data | ratio |")
        print("| --- | --- | --- | --- |")
        ratios = []
        for m in MOMENTS:
            a, _ = timed_snapshot(with_frames, m.t, WIDTH, repeat)
            b, _ = timed_snapshot(plain, m.t, WIDTH, repeat)
            ratios.append(a / b)
            print(f"| {m.label} | {a * 1e3:.0f} ms | {b * 1e3:.0f} ms | {a / b:.2f}× |",
                  flush=True)
        print(f"median ratio {statistics.median(ratios):.2f}×")
        playing(with_frames)
        if cli:
            moment = MOMENTS[1]
            runs = [cli_seconds(full, moment.t, WIDTH) for _ in range(cli)]
            bare_runs = [cli_seconds(bare, moment.t, WIDTH) for _ in range(cli)]
            print(f"`replay-viewer snapshot` (child process, {moment.label}): median "
                  f"{statistics.median(runs) * 1e3:.0f} ms; without canvas data "
                  f"{statistics.median(bare_runs) * 1e3:.0f} ms")


def playing(replay: Any) -> None:
    """Frames shown one by one in one view (as while playing): apply a frame's op, wait
    until painted; and 40 frames sent at once (a far jump forward), until painted."""
    from tests.canvas_recordings import CANVASES, MOMENTS, WIDTH
    from viewer.render.engine import Timeline
    from viewer.render.engine.cursor import engine_at
    from viewer.render.headless import wait_painted, wait_ready
    from viewer.render.view import ReplayView

    engine = engine_at(Timeline(replay.events, replay.recorder), MOMENTS[2].t)
    board = CANVASES["board"][0]
    frames = [e["data"] for e in replay.events
              if e["type"] == 3 and e["data"].get("source") == 9 and e["data"]["id"] == board]
    ops = [{"op": "canvas", "id": board, "type": 0, "commands": f["commands"]} for f in frames]
    view = ReplayView()
    view.resize(WIDTH, 800)
    view.show()
    try:
        wait_ready(view)
        view.apply_ops([engine.reset_op()])
        wait_painted(view)
        times = []
        for i in range(20):
            started = time.perf_counter()
            view.apply_ops([ops[i % len(ops)]])
            wait_painted(view)
            times.append(time.perf_counter() - started)
        started = time.perf_counter()
        view.apply_ops([ops[i % len(ops)] for i in range(40)])
        wait_painted(view)
        burst = time.perf_counter() - started
    finally:
        view.shutdown()
    median = statistics.median(times) * 1e3
    print(f"playing: one 640×420 frame applied → painted, median {median:.0f} ms (worst "
          f"{max(times) * 1e3:.0f} ms); 40 frames at once → painted {burst * 1e3:.0f} ms")


def corpus_moments(repeat: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    from viewer.model import load_replay

    def share(ours: QImage, ref: QImage) -> float:
        def small(i: QImage) -> bytes:
            return bytes(i.convertToFormat(QImage.Format.Format_RGBX8888).scaled(
                320, 200, Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation).constBits())
        a, b = small(ours), small(ref)
        return sum(1 for i in range(0, len(a), 4)
                   if max(abs(a[i + k] - b[i + k]) for k in range(3)) > 40) / 64000

    index = json.loads((SHARED / "visual" / "index.json").read_text())
    print("| reference moment | snapshot | differ |")
    print("| --- | --- | --- |")
    times = []
    for name, entry in index.items():
        if "canvas" not in name and "webgl" not in name:
            continue
        replay = load_replay([str(SHARED / entry["input"])])
        for i, (t, pic) in enumerate(zip(entry["times"], entry["pictures"], strict=True)):
            seconds, image = timed_snapshot(replay, t, entry["width"], repeat)
            times.append(seconds)
            diff = share(image, QImage(str(SHARED / "visual" / pic)))
            print(f"| {name.rsplit('/', 1)[-1]} #{i} | {seconds * 1e3:.0f} ms | "
                  f"{diff:.2%} |", flush=True)
    print(f"{len(times)} moments: median {statistics.median(times) * 1e3:.0f} ms, "
          f"worst {max(times) * 1e3:.0f} ms")


def engine_costs() -> None:
    from tests.canvas_recordings import snapshot_frame
    from viewer.render.engine import DomEngine
    from viewer.render.engine.seek import freeze

    image = noise(1280, 720, "WEBP", 1)
    frames = [snapshot_frame(4, 1_700_000_000_100 + i, image, "image/webp", 1280, 720)
              for i in range(1000)]
    snapshot = {"type": 2, "timestamp": 1_700_000_000_001, "data": {"node": {
        "type": 0, "id": 1, "childNodes": [{"type": 2, "id": 2, "tagName": "html",
        "attributes": {}, "childNodes": [{"type": 2, "id": 3, "tagName": "body",
        "attributes": {}, "childNodes": [{"type": 2, "id": 4, "tagName": "canvas",
        "attributes": {"width": "1280", "height": "720"}, "childNodes": []}]}]}]}}}
    engine = DomEngine()
    engine.apply(snapshot)
    started = time.perf_counter()
    for frame in frames:
        engine.apply(frame)
    per_frame = (time.perf_counter() - started) / len(frames)
    keyframe = freeze(engine, 1001)
    empty = DomEngine()
    empty.apply(snapshot)
    print(f"engine: one 1280×720 WebP frame ({len(image) / 1e3:.1f} kB) checked and kept in "
          f"{per_frame * 1e6:.0f} µs; keyframe after 1 000 frames {len(keyframe.blob) / 1e3:.1f} "
          f"kB (page without frames: {len(freeze(empty, 1).blob) / 1e3:.1f} kB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cli", type=int, default=3)
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--solid", action="store_true",
                        help="frames of solid colours (default: random pixels, the worst case)")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from viewer.render.scheme import register_scheme

    register_scheme()
    app = QApplication(sys.argv[:1])
    print(f"load average {os.getloadavg()[0]:.2f}")
    engine_costs()
    sentry_moments(args.repeat, args.cli, not args.solid)
    if not args.no_corpus and (SHARED / "visual" / "index.json").is_file():
        corpus_moments(args.repeat)
    print(f"load average {os.getloadavg()[0]:.2f}")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
