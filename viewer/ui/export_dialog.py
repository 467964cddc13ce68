"""File → Export…: choose an artifact, a range, what to redact and where; runs the CLI's export."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import (
    QApplication,
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
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from viewer.export.job import ExportRequest, ExportResult, run_export
from viewer.export.output import ExportError
from viewer.export.redact import KINDS, Redaction
from viewer.model import Replay
from viewer.model.summary import clock
from viewer.ui.export_images import QtImages

log = logging.getLogger("viewer.ui.export_dialog")
#: (artifact, label, file suffix, file dialog filter)
ARTIFACT_CHOICES = [
    ("report", "Bug report (HTML)", ".html", "HTML files (*.html)"),
    ("har", "Network requests (HAR)", ".har", "HAR files (*.har)"),
    ("playwright", "Playwright test (TypeScript)", ".spec.ts", "Playwright specs (*.spec.ts)"),
    ("replay", "Trimmed replay (JSON)", ".json", "JSON files (*.json)"),
]
REDACTION_LABELS = {"text": "Page text", "inputs": "Input values",
                    "urls": "URL query strings", "network-bodies": "Network headers and bodies"}


class ExportDialog(QDialog):
    """One export of `replay`. `view_range` is the timeline's zoomed view (None when not
    zoomed); `position_ms` the playhead (the bug report's moment when no error is chosen)."""

    def __init__(self, replay: Replay, parent: QWidget | None = None,
                 view_range: tuple[float, float] | None = None,
                 position_ms: float | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.replay = replay
        self.view_range = view_range
        self.position_ms = replay.start_ms if position_ms is None else position_ms
        self.outcome: ExportResult | None = None

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

        self.path = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Export", self.artifact)
        form.addRow("About", self.moment)
        form.addRow("Range", range_box)
        form.addRow("Redact", redact_box)
        form.addRow("Save to", path_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
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
        suffix = next(s for k, _, s, _ in ARTIFACT_CHOICES if k == self.chosen_artifact())
        current = self.path.text().strip()
        stem = f"replay-{(self.replay.replay_id or 'export')[:8]}"
        if not current:
            self.path.setText(str(Path.home() / f"{stem}{suffix}"))
        else:
            for _, _, other, _ in ARTIFACT_CHOICES:
                if current.endswith(other):
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
        return ExportRequest(artifact, self.path.text().strip(), start, end, error_id, at,
                             Redaction.parse(names))

    # -- running ----------------------------------------------------------------------------
    def run(self) -> None:
        """Export; errors stay in the dialog, success closes it."""
        request = self.request()
        if not request.output:
            self.show_error("Choose where to save the export.")
            return
        self.export_button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText("Exporting…")
        try:
            self.outcome = run_export(self.replay, request, QtImages(), self._progress)
        except ExportError as e:
            self.show_error(str(e))
            return
        except Exception as e:  # a bug: say it in the dialog, keep the window alive
            log.exception("export failed")
            self.show_error(f"internal error ({type(e).__name__}: {e})")
            return
        finally:
            self.export_button.setEnabled(True)
        self.message.setText(f"Wrote {self.outcome.path} ({self.outcome.summary})")
        self.accept()

    def _progress(self, text: str) -> None:
        """Show a step of the export (the export runs here, so let the label repaint)."""
        self.message.setText(text[:1].upper() + text[1:] + "…")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(text)
