"""File → Export…: choose an artifact, a range, what to redact and where; runs the CLI's export.

The export runs off the GUI thread (`ExportRunner`): a progress bar shows its steps and frames,
Cancel stops it (nothing is left behind) and the window stays usable meanwhile.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from viewer.export.job import ExportRequest, ExportResult
from viewer.export.redact import KINDS, Redaction
from viewer.export.video_plan import FPS_RANGE, WIDTH_RANGE, VideoSettings
from viewer.model import Replay
from viewer.model.playback import SPEEDS
from viewer.model.summary import clock
from viewer.ui.export_runner import ExportRunner

#: (artifact, label, file suffix, file dialog filter)
ARTIFACT_CHOICES = [
    ("report", "Bug report (HTML)", ".html", "HTML files (*.html)"),
    ("har", "Network requests (HAR)", ".har", "HAR files (*.har)"),
    ("playwright", "Playwright test (TypeScript)", ".spec.ts", "Playwright specs (*.spec.ts)"),
    ("replay", "Trimmed replay (JSON)", ".json", "JSON files (*.json)"),
    ("video", "Video (MP4, or WebM by its name)", ".mp4", "Videos (*.mp4 *.webm)"),
]
REDACTION_LABELS = {"text": "Page text", "inputs": "Input values",
                    "urls": "URL query strings", "network-bodies": "Network headers and bodies"}


class ExportDialog(QDialog):
    """One export of `replay`. `view_range` is the timeline's zoomed view (None when not
    zoomed); `position_ms` the playhead (the bug report's moment when no error is chosen).
    `export_ended` is emitted when a run ends, however it ended."""

    export_ended = Signal()

    def __init__(self, replay: Replay, parent: QWidget | None = None,
                 view_range: tuple[float, float] | None = None,
                 position_ms: float | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.replay = replay
        self.view_range = view_range
        self.position_ms = replay.start_ms if position_ms is None else position_ms
        self.outcome: ExportResult | None = None
        self.runner: ExportRunner | None = None
        self._close_when_ended = False

        self.artifact = QComboBox()
        for key, label, _, _ in ARTIFACT_CHOICES:
            self.artifact.addItem(label, key)
        self.moment = QComboBox()
        for error in sorted(replay.errors, key=lambda e: e.ts_ms):
            self.moment.addItem(f"Error at {clock(error.ts_ms - replay.start_ms)}: "
                                f"{error.error_title[:80]}", error.event_id)
        self.moment.addItem(f"Current position ({clock(self.position_ms - replay.start_ms)})",
                            None)

        self.whole = QRadioButton(f"Whole replay ({clock(replay.duration_ms)})")
        span = (f" ({clock(view_range[0] - replay.start_ms)} – "
                f"{clock(view_range[1] - replay.start_ms)})" if view_range
                else " (zoom the timeline to choose a range)")
        self.zoomed = QRadioButton("Timeline view" + span)
        self.zoomed.setEnabled(view_range is not None)
        self.range_group = QButtonGroup(self)
        self.range_group.addButton(self.whole)
        self.range_group.addButton(self.zoomed)
        self.whole.setChecked(True)
        range_box = QVBoxLayout()
        range_box.addWidget(self.whole)
        range_box.addWidget(self.zoomed)

        self.redact: dict[str, QCheckBox] = {k: QCheckBox(REDACTION_LABELS[k]) for k in KINDS}
        redact_box = QVBoxLayout()
        for box in self.redact.values():
            redact_box.addWidget(box)

        self.video_fps = QSpinBox()
        self.video_fps.setRange(*FPS_RANGE)
        self.video_fps.setValue(VideoSettings.fps)
        self.video_fps.setSuffix(" frames/s")
        self.video_width = QSpinBox()
        self.video_width.setRange(*WIDTH_RANGE)
        self.video_width.setSingleStep(2)
        self.video_width.setValue(VideoSettings.width)
        self.video_width.setSuffix(" px wide")
        self.video_speed = QComboBox()
        for speed in SPEEDS:
            self.video_speed.addItem(f"{speed:g}×", speed)
        self.video_speed.setCurrentIndex(SPEEDS.index(VideoSettings.speed))
        self.video_cut = QCheckBox("Cut inactivity")
        self.video_cut.setChecked(True)
        video_row = QHBoxLayout()
        for widget in (self.video_width, self.video_fps, self.video_speed, self.video_cut):
            video_row.addWidget(widget)

        self.path = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)

        self.bar = QProgressBar()
        self.bar.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.cancel_or_close)

        form = QFormLayout()
        form.addRow("Export", self.artifact)
        form.addRow("About", self.moment)
        form.addRow("Range", range_box)
        form.addRow("Video", video_row)
        form.addRow("Redact", redact_box)
        form.addRow("Save to", path_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.artifact.currentIndexChanged.connect(self._artifact_changed)
        self._artifact_changed()

    # -- choices ----------------------------------------------------------------------------
    def chosen_artifact(self) -> str:
        return str(self.artifact.currentData())

    def _artifact_changed(self) -> None:
        is_report = self.chosen_artifact() == "report"
        self.moment.setEnabled(is_report)
        self.whole.setEnabled(not is_report)
        self.zoomed.setEnabled(not is_report and self.view_range is not None)
        for widget in (self.video_fps, self.video_width, self.video_speed, self.video_cut):
            widget.setEnabled(self.chosen_artifact() == "video")
        suffix = next(s for k, _, s, _ in ARTIFACT_CHOICES if k == self.chosen_artifact())
        current = self.path.text().strip()
        stem = f"replay-{(self.replay.replay_id or 'export')[:8]}"
        if not current:
            self.path.setText(str(Path.home() / f"{stem}{suffix}"))
        else:
            for _, _, other, _ in ARTIFACT_CHOICES:
                if current.endswith(other) and not (suffix == ".mp4"
                                                    and current.endswith(".webm")):
                    self.path.setText(current[: -len(other)] + suffix)
                    break

    def browse(self) -> None:
        choice = next(c for c in ARTIFACT_CHOICES if c[0] == self.chosen_artifact())
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(), choice[3])
        if path:
            self.path.setText(path)

    def request(self) -> ExportRequest:
        """The export the dialog's fields describe."""
        artifact = self.chosen_artifact()
        start = end = None
        if artifact != "report" and self.zoomed.isChecked() and self.view_range:
            start, end = self.view_range
        error_id = at = None
        if artifact == "report":
            error_id = self.moment.currentData()
            at = None if error_id else self.position_ms
        names = ",".join(k for k, box in self.redact.items() if box.isChecked())
        video = VideoSettings(self.video_fps.value(), self.video_width.value(),
                              float(self.video_speed.currentData()), self.video_cut.isChecked())
        return ExportRequest(artifact, self.path.text().strip(), start, end, error_id, at,
                             Redaction.parse(names), video)

    # -- running ----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.runner is not None

    def run(self) -> None:
        """Start the export; errors stay in the dialog, success closes it."""
        if self.running:
            return
        request = self.request()
        if not request.output:
            self.show_error("Choose where to save the export.")
            return
        self.export_button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText("Exporting…")
        self.bar.setRange(0, 0)  # busy until there is a count
        self.bar.setVisible(True)
        self.runner = ExportRunner(self.replay, request, self)
        self.runner.progress.connect(self._progress)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self.show_error)
        self.runner.cancelled.connect(self._cancelled)
        self.runner.ended.connect(self._ended)
        self.runner.start()

    def cancel_or_close(self) -> None:
        """Cancel: stops a running export (its partial file is removed), else closes."""
        if self.runner is not None:
            self.message.setText("Cancelling…")
            self.runner.cancel()
        else:
            self.reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runner is not None:  # the export stops first, then the dialog goes
            self._close_when_ended = True
            self.runner.cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if self.runner is not None:
            self._close_when_ended = True
            self.runner.cancel()
            return
        super().reject()

    def _progress(self, text: str, done: int, total: int) -> None:
        self.message.setText(text[:1].upper() + text[1:] + ("" if total else "…"))
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        else:
            self.bar.setRange(0, 0)

    def _finished(self, result: ExportResult) -> None:
        self.outcome = result
        self.message.setText(f"Wrote {result.path} ({result.summary})")

    def _cancelled(self) -> None:
        self.message.setStyleSheet("")
        self.message.setText("Cancelled: nothing was written.")

    def _ended(self) -> None:
        runner, self.runner = self.runner, None
        if runner is not None:
            runner.deleteLater()
        self.bar.setVisible(False)
        self.export_button.setEnabled(True)
        self.export_ended.emit()
        if self.outcome is not None:
            self.accept()
        elif self._close_when_ended:
            self._close_when_ended = False
            self.reject()

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(text)
