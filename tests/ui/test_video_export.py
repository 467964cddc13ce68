"""`export --video`: the file decodes to the planned frames, frames look like snapshots of their
moments, inactivity is cut, redaction shows in the pictures, cancel leaves nothing, bad input."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests.conftest import ROOT, sentry_recording
from viewer.cli import main
from viewer.export.job import ExportRequest
from viewer.export.redact import Redaction
from viewer.export.video_plan import VideoSettings
from viewer.model import Replay, load_replay
from viewer.render.headless import snapshot_view
from viewer.ui.export_runner import ExportRunner, run_blocking

CHECKOUT = str(sentry_recording("checkout"))
T0 = 1_700_000_000_000


def decode(path: Path) -> tuple[Any, list[np.ndarray]]:
    """The video stream's codec context and every frame as RGB pixels."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
        return stream.codec_context, frames


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(bytes(image.constBits()), np.uint8).reshape(image.height(),
                                                                     image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def as_image(rgb: np.ndarray) -> QImage:
    h, w, _ = rgb.shape
    return QImage(rgb.tobytes(), w, h, w * 3, QImage.Format.Format_RGB888).copy()


def differing(a: np.ndarray, b: np.ndarray) -> float:
    """The project's picture measure: both at 320×200, the share of pixels where any channel
    differs by more than 40."""
    small = [pixels(as_image(x).scaled(320, 200)).astype(int) for x in (a, b)]
    return float((np.abs(small[0] - small[1]).max(axis=2) > 40).mean())


def export(replay: Replay, out: Path, start_s: float, end_s: float, **settings: Any) -> Any:
    request = ExportRequest("video", str(out), replay.start_ms + start_s * 1000,
                            replay.start_ms + end_s * 1000,
                            redaction=settings.pop("redaction", Redaction()),
                            video=VideoSettings(**settings))
    return run_blocking(replay, request, lambda *_: None)


def write_recording(path: Path, texts: list[tuple[int, str]], moves_ms: list[int],
                    end_ms: int) -> Path:
    """An rrweb recording of an 800×500 page whose body is one word in 150 px letters, the
    word replaced at each (ms, word) of `texts`, the mouse moving at `moves_ms`."""
    body = {"type": 2, "id": 5, "tagName": "body", "attributes": {
        "style": "margin:0;padding:40px;font:bold 150px sans-serif;color:#000;background:#fff"},
        "childNodes": [{"type": 3, "id": 6, "textContent": texts[0][1]}]}
    events: list[dict[str, Any]] = [
        {"type": 4, "timestamp": T0, "data": {"href": "https://example.com/", "width": 800,
                                              "height": 500}},
        {"type": 2, "timestamp": T0 + 1, "data": {"initialOffset": {"top": 0, "left": 0},
         "node": {"type": 0, "id": 1, "childNodes": [
             {"type": 1, "id": 2, "name": "html", "publicId": "", "systemId": ""},
             {"type": 2, "id": 3, "tagName": "html", "attributes": {}, "childNodes": [
                 {"type": 2, "id": 4, "tagName": "head", "attributes": {}, "childNodes": []},
                 body]}]}}}]
    for ms, text in texts[1:]:
        events.append({"type": 3, "timestamp": T0 + ms, "data": {
            "source": 0, "texts": [{"id": 6, "value": text}], "attributes": [], "removes": [],
            "adds": []}})
    for ms in moves_ms:
        events.append({"type": 3, "timestamp": T0 + ms, "data": {
            "source": 1, "positions": [{"x": 700, "y": 400, "id": 5, "timeOffset": 0}]}})
    events.append({"type": 3, "timestamp": T0 + end_ms, "data": {
        "source": 1, "positions": [{"x": 700, "y": 420, "id": 5, "timeOffset": 0}]}})
    events.sort(key=lambda e: e["timestamp"])
    path.write_text(json.dumps(events))
    return path


def test_mp4_and_webm_decode_to_the_planned_frames(qtbot: QtBot, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    replay = load_replay([CHECKOUT])
    export(replay, tmp_path / "a.mp4", 30, 33, fps=10, width=320)
    codec, frames = decode(tmp_path / "a.mp4")
    assert codec.name == "h264" and codec.pix_fmt == "yuv420p"
    assert len(frames) == math.ceil(3 * 10) + 1  # one per 100 ms, and the range's end
    assert frames[0].shape == (200, 320, 3)  # the recorded 1280×800 viewport, 320 wide
    status = main(["export", CHECKOUT, "--video", str(tmp_path / "b.webm"), "--from", "30s",
                   "--to", "32s", "--fps", "4", "--speed", "2", "--width", "400"])
    err = capsys.readouterr().err
    assert status == 0 and "frame 5 of 5 (100 %)" in err and "wrote" in err
    codec, frames = decode(tmp_path / "b.webm")
    assert codec.name == "vp9" and codec.pix_fmt == "yuv420p"
    assert len(frames) == math.ceil(2000 / (1000 * 2 / 4)) + 1
    assert frames[0].shape == (250, 400, 3)
    assert sorted(os.listdir(tmp_path)) == ["a.mp4", "b.webm"]  # no temp file left


def test_frames_look_like_snapshots_of_their_moments(qtbot: QtBot, tmp_path: Path) -> None:
    replay = load_replay([CHECKOUT])
    export(replay, tmp_path / "c.mp4", 0, 42, fps=1, width=640)
    _, frames = decode(tmp_path / "c.mp4")
    for k in (5, 12, 40):  # frame k shows moment k s (one frame per second)
        shot = pixels(snapshot_view(replay, replay.start_ms + k * 1000, 640))
        assert shot.shape == frames[k].shape
        assert differing(frames[k], shot) < 0.02, k
    far = pixels(snapshot_view(replay, replay.start_ms + 12_000, 640))
    assert differing(frames[40], far) > 0.02  # the measure tells different moments apart


def test_inactivity_is_cut_with_a_title_card(qtbot: QtBot, tmp_path: Path) -> None:
    source = write_recording(tmp_path / "idle.json", [(0, "BEFORE"), (20_000, "AFTER")],
                             list(range(0, 2_001, 250)), 33_000)
    replay = load_replay([str(source)])
    fps = 5
    export(replay, tmp_path / "cut.mp4", 0, replay.duration_ms / 1000, fps=fps, width=320)
    _, frames = decode(tmp_path / "cut.mp4")
    assert len(frames) < replay.duration_ms / 1000 * fps  # shorter than the uncut duration
    brightness = [float(f.mean()) for f in frames]
    page = max(brightness)
    cards = [i for i, b in enumerate(brightness) if b < page * 0.75]
    assert len(cards) == fps  # a second of title card, in one run
    assert cards == list(range(cards[0], cards[0] + fps))
    assert cards[0] == 2 * fps  # after the moments 0 s … 1.8 s (the stretch starts at 2 s)
    after = pixels(snapshot_view(replay, replay.start_ms + 29_000, 320))  # the stretch's end
    before = pixels(snapshot_view(replay, replay.start_ms + 1_000, 320))
    assert differing(frames[cards[-1] + 1], after) < 0.02
    assert differing(frames[cards[-1] + 1], before) > 0.02  # "AFTER" is not "BEFORE"
    uncut = tmp_path / "uncut.mp4"
    export(replay, uncut, 0, replay.duration_ms / 1000, fps=fps, width=320,
           cut_inactivity=False)
    assert len(decode(uncut)[1]) == math.ceil(replay.duration_ms * fps / 1000) + 1


def test_redacted_text_is_not_in_the_pictures(qtbot: QtBot, tmp_path: Path) -> None:
    source = write_recording(tmp_path / "marker.json", [(0, "MARKER")],
                             list(range(0, 2_001, 250)), 2_000)
    replay = load_replay([str(source)])
    plain, masked = tmp_path / "plain.mp4", tmp_path / "masked.mp4"
    export(replay, plain, 0, 2, fps=2, width=800)
    export(replay, masked, 0, 2, fps=2, width=800, redaction=Redaction.parse("text"))
    shown, hidden = decode(plain)[1][-1], decode(masked)[1][-1]
    ink = shown.max(axis=2) < 100  # where the marker's letters are drawn (the mouse cursor is
    ink[shown.shape[0] * 3 // 5:] = False  # at the bottom right, below them)
    assert ink.sum() > 5_000  # big letters
    ys, xs = np.nonzero(ink)
    box = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
    changed = np.abs(shown[box].astype(int) - hidden[box].astype(int)).max(axis=2) > 40
    assert changed.mean() > 0.2  # the letters are gone where they were
    assert (hidden[box].max(axis=2) < 100).sum() < ink.sum()  # asterisks, not letters


def test_cancel_stops_and_removes_the_file(qtbot: QtBot, tmp_path: Path) -> None:
    replay = load_replay([CHECKOUT])
    out = tmp_path / "cancelled.mp4"
    runner = ExportRunner(replay, ExportRequest("video", str(out),
                                                video=VideoSettings(fps=10, width=320)))
    seen: list[int] = []

    def progress(_step: str, done: int, total: int) -> None:
        seen.append(done)
        if done >= 3:
            runner.cancel()

    runner.progress.connect(progress)
    with (qtbot.waitSignal(runner.ended, timeout=60_000),
          qtbot.waitSignal(runner.cancelled, timeout=60_000)):
        runner.start()
    assert runner.result is None and runner.error is None
    assert max(seen) >= 3
    assert os.listdir(tmp_path) == []


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(["export", *argv])
    return status, capsys.readouterr().err


@pytest.mark.parametrize("args, message", [
    (["--video", "{missing}/x.mp4"], "cannot write"),
    (["--video", "{out}.mp4", "--from", "10s", "--to", "5m"], "range end 05:00.000 is outside"),
    (["--video", "{out}.avi"], "cannot make a video .avi"),
    (["--video", "{out}"], "cannot make a video without a suffix"),
    (["--video", "{out}.mp4", "--fps", "0"], "--fps 0 is out of range (1–60)"),
    (["--video", "{out}.mp4", "--fps", "120"], "--fps 120 is out of range"),
    (["--video", "{out}.webm", "--width", "99999"], "--width 99999 is out of range"),
    (["--video", "{out}.mp4", "--speed", "0"], "--speed 0 is out of range"),
    (["--video", "{out}.mp4", "--speed", "-2"], "--speed -2 is out of range"),
    (["--har", "{out}.har", "--fps", "5"], "--fps: only for --video"),
    (["--replay", "{out}.json", "--width", "300", "--speed", "2"], "--speed, --width: only"),
])
def test_bad_input_is_one_line_status_2_and_no_file(
        qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
        message: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    args = [a.format(out=folder / "clip", missing=tmp_path / "no-such-dir") for a in args]
    status, err = run_cli(capsys, CHECKOUT, *args)
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("replay-viewer: ") and message in err, err
    assert os.listdir(folder) == []


def test_a_missing_encoder_is_one_line(tmp_path: Path) -> None:
    """Without PyAV (as when the `video` extra is not installed): one line, status 2."""
    code = ("import sys; sys.modules['av'] = None\n"
            "from viewer.cli import main\n"
            f"sys.exit(main(['export', {CHECKOUT!r}, '--video', {str(tmp_path / 'x.mp4')!r}]))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    lines = [line for line in proc.stderr.splitlines()
             if line.startswith("replay-viewer")]
    assert proc.returncode == 2, proc.stderr
    assert lines == [f"replay-viewer: {CHECKOUT}: the video export needs PyAV, which is not "
                     "installed (pip install 'replay-viewer[video]' or pip install av)"]
    assert "Traceback" not in proc.stderr
    assert os.listdir(tmp_path) == []


def test_ctrl_c_stops_the_command_line_export_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "interrupted.mp4"
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from viewer.cli import main; sys.exit(main())",
         "export", CHECKOUT, "--video", str(out), "--width", "320"], cwd=ROOT,
        stderr=subprocess.PIPE, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.stderr is not None
    try:
        for line in proc.stderr:  # progress lines: the first frames are done
            if "frame" in line and "of" in line and not line.strip().endswith("(0 %)"):
                break
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert os.listdir(tmp_path) == []
