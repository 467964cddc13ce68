"""File → Export… in the window: the dialog runs the same export as the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
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


def test_har_of_the_timeline_view_with_redaction(dialog: ExportDialog, tmp_path: Path) -> None:
    choose(dialog, "har", tmp_path / "view.har")
    dialog.zoomed.setChecked(True)
    dialog.redact["network-bodies"].setChecked(True)
    dialog.redact["urls"].setChecked(True)
    dialog.export_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    har = json.loads((tmp_path / "view.har").read_text())
    lo, hi = dialog.view_range or (0, 0)
    replay = dialog.replay
    want = [f for f in replay.frames if f.kind in ("network", "resource") and lo <= f.ts_ms <= hi]
    assert len(har["log"]["entries"]) == len(want) > 0
    assert "Redacted:" in har["log"]["comment"]
    assert all("?" not in e["request"]["url"] for e in har["log"]["entries"])
    assert all(e["response"]["headers"] == [] for e in har["log"]["entries"])


def test_errors_stay_in_the_dialog(dialog: ExportDialog, tmp_path: Path) -> None:
    choose(dialog, "replay", tmp_path / "missing" / "cut.json")
    dialog.export_button.click()
    assert dialog.isVisible() or dialog.result() != QDialog.DialogCode.Accepted
    assert "cannot write" in dialog.message.text()
    assert not (tmp_path / "missing").exists()


def test_report_about_the_chosen_error(qtbot: QtBot, dialog: ExportDialog,
                                       tmp_path: Path) -> None:
    choose(dialog, "report", tmp_path / "bug.html")
    assert not dialog.whole.isEnabled()  # the report is about a moment, not a range
    dialog.moment.setCurrentIndex(1)  # the second error
    error_id = dialog.moment.currentData()
    dialog.export_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    html = (tmp_path / "bug.html").read_text()
    assert error_id in html and html.count("data:image/png;base64,") == 3


def test_file_menu_opens_the_dialog_on_the_current_view(window: MainWindow,
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
    d.export_button.click()
    assert "await page" in (tmp_path / "repro.spec.ts").read_text()
    assert not d.isVisible()
