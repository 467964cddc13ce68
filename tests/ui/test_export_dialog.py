"""File → Export… in the window: the dialog runs the same export as the command line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from tests.conftest import sentry_recording
from viewer.model import load_replay
from viewer.ui.export_dialog import ExportDialog
from viewer.ui.main_window import MainWindow

CHECKOUT = str(sentry_recording("checkout"))


@pytest.fixture
def dialog(qtbot: QtBot) -> ExportDialog:
    replay = load_replay([CHECKOUT])
    view = (replay.start_ms + 20_000, replay.start_ms + 40_000)
    d = ExportDialog(replay, None, view, replay.start_ms + 30_000)
    qtbot.addWidget(d)
    return d


def choose(d: ExportDialog, artifact: str, path: Path) -> None:
    d.artifact.setCurrentIndex(d.artifact.findData(artifact))
    d.path.setText(str(path))


def export(qtbot: QtBot, d: ExportDialog) -> None:
    """Click Export and wait for the export (run off the GUI thread) to end."""
    with qtbot.waitSignal(d.export_ended, timeout=120_000):
        d.export_button.click()


def test_har_of_the_timeline_view_with_redaction(qtbot: QtBot, dialog: ExportDialog,
                                                 tmp_path: Path) -> None:
    choose(dialog, "har", tmp_path / "view.har")
    dialog.zoomed.setChecked(True)
    dialog.redact["network-bodies"].setChecked(True)
    dialog.redact["urls"].setChecked(True)
    export(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    har = json.loads((tmp_path / "view.har").read_text())
    lo, hi = dialog.view_range or (0, 0)
    replay = dialog.replay
    want = [f for f in replay.frames if f.kind in ("network", "resource") and lo <= f.ts_ms <= hi]
    assert len(har["log"]["entries"]) == len(want) > 0
    assert "Redacted:" in har["log"]["comment"]
    assert all("?" not in e["request"]["url"] for e in har["log"]["entries"])
    assert all(e["response"]["headers"] == [] for e in har["log"]["entries"])


def test_errors_stay_in_the_dialog(qtbot: QtBot, dialog: ExportDialog, tmp_path: Path) -> None:
    choose(dialog, "replay", tmp_path / "missing" / "cut.json")
    export(qtbot, dialog)
    assert dialog.isVisible() or dialog.result() != QDialog.DialogCode.Accepted
    assert "cannot write" in dialog.message.text()
    assert not (tmp_path / "missing").exists()


def test_report_about_the_chosen_error(qtbot: QtBot, dialog: ExportDialog,
                                       tmp_path: Path) -> None:
    choose(dialog, "report", tmp_path / "bug.html")
    assert not dialog.whole.isEnabled()  # the report is about a moment, not a range
    dialog.moment.setCurrentIndex(1)  # the second error
    error_id = dialog.moment.currentData()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    export(qtbot, dialog)
    timer.stop()
    assert len(ticks) >= 3  # the window's event loop ran while the report was made
    assert dialog.result() == QDialog.DialogCode.Accepted
    html = (tmp_path / "bug.html").read_text()
    assert error_id in html and html.count("data:image/png;base64,") == 3


def test_file_menu_opens_the_dialog_on_the_current_view(qtbot: QtBot, window: MainWindow,
                                                        tmp_path: Path) -> None:
    window.timeline.set_view(window.replay.start_ms + 10_000, window.replay.start_ms + 25_000)
    action = next(a for a in window.menuBar().actions()[0].menu().actions()
                  if a.text() == "&Export…")
    action.trigger()
    d = window.export_dialog
    assert d.isVisible()
    assert d.view_range == pytest.approx((window.replay.start_ms + 10_000,
                                          window.replay.start_ms + 25_000))
    choose(d, "playwright", tmp_path / "repro.spec.ts")
    assert d.zoomed.isEnabled()
    d.zoomed.setChecked(True)
    export(qtbot, d)
    assert "await page" in (tmp_path / "repro.spec.ts").read_text()
    assert not d.isVisible()


def test_video_of_the_timeline_view_with_progress(qtbot: QtBot, dialog: ExportDialog,
                                                  tmp_path: Path) -> None:
    import av

    choose(dialog, "video", tmp_path / "clip.webm")
    assert dialog.video_fps.isEnabled() and not dialog.moment.isEnabled()
    dialog.zoomed.setChecked(True)  # 20 s … 40 s
    dialog.video_fps.setValue(2)
    dialog.video_width.setValue(320)
    dialog.video_speed.setCurrentIndex(dialog.video_speed.findData(2.0))
    seen: list[tuple[int, int, bool]] = []

    def watch(_step: str, done: int, total: int) -> None:
        seen.append((dialog.bar.value(), total, not dialog.bar.isHidden()))

    dialog.run()
    assert dialog.runner is not None
    dialog.runner.progress.connect(watch)
    with qtbot.waitSignal(dialog.export_ended, timeout=120_000):
        pass
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert seen and all(visible for _, _, visible in seen)
    assert seen[-1][:2] == (21, 21)  # 20 s at 2× is 10 s at 2 frames/s, and the end's frame
    with av.open(str(tmp_path / "clip.webm")) as video:
        assert video.streams.video[0].codec_context.name == "vp9"
        assert sum(1 for _ in video.decode(video=0)) == 21


def test_cancel_stops_a_running_export(qtbot: QtBot, dialog: ExportDialog,
                                       tmp_path: Path) -> None:
    choose(dialog, "video", tmp_path / "whole.mp4")
    dialog.video_width.setValue(320)
    dialog.run()
    assert dialog.runner is not None
    with qtbot.waitSignal(dialog.export_ended, timeout=120_000):
        dialog.runner.progress.connect(
            lambda _s, done, _t: done >= 2 and dialog.buttons.button(
                QDialogButtonBox.StandardButton.Cancel).click())
    assert "Cancelled" in dialog.message.text()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.runner is None
    assert os.listdir(tmp_path) == []  # nor a partial file
    choose(dialog, "har", tmp_path / "after.har")  # the dialog is still usable
    export(qtbot, dialog)
    assert (tmp_path / "after.har").exists()
