"""Playback controls: buttons, speed, skip inactivity, the scrubber and the status labels."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.model.playback import SPEEDS
from viewer.model.summary import clock, iso

#: What the event-step buttons can step over: label, (rrweb type, incremental source) or None.
STEP_KINDS: list[tuple[str, tuple[int, int | None] | None]] = [
    ("Any event", None),
    ("DOM mutation", (3, 0)),
    ("Mouse click / touch", (3, 2)),
    ("Input", (3, 5)),
    ("Scroll", (3, 3)),
    ("Mouse move", (3, 1)),
    ("Stylesheet", (3, 8)),
    ("Full snapshot", (2, None)),
    ("Meta / page", (4, None)),
]

#: While the scrubber is dragged, seeks are coalesced to one per this many ms.
SCRUB_THROTTLE_MS = 40


class Controls(QWidget):
    """Emits what the user asks for; shows what the player reports. `event_label` and
    `clock_label` are made here but placed by the window (above the replay)."""

    play_toggled = Signal()
    restart_clicked = Signal()
    jump_requested = Signal(float)  # ms, ±
    step_requested = Signal(int, object)  # events ±, kind (type, source) or None
    speed_chosen = Signal(float)
    skip_toggled = Signal(bool)
    seek_requested = Signal(float)  # epoch ms
    error_requested = Signal(int)  # +1 next error, -1 previous

    def __init__(self, start_ms: float, end_ms: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start_ms, self.end_ms = start_ms, end_ms
        self.scrubber = QSlider(Qt.Orientation.Horizontal)
        self.scrubber.setRange(0, max(1, round(end_ms - start_ms)))
        self.scrubber.setObjectName("scrubber")
        self._pending: float | None = None
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(SCRUB_THROTTLE_MS)
        self._throttle.timeout.connect(self._flush_scrub)
        self.scrubber.sliderMoved.connect(self._scrubbed)
        self.scrubber.sliderReleased.connect(lambda: self._scrubbed(self.scrubber.value(), True))
        self.scrubber.actionTriggered.connect(self._slider_action)

        style = self.style()
        SP = QStyle.StandardPixmap

        def button(text: str, tip: str, icon: QStyle.StandardPixmap | None = None) -> QToolButton:
            b = QToolButton()
            b.setText(text)
            if icon is not None:
                b.setIcon(style.standardIcon(icon))
            b.setToolTip(tip)
            b.setAutoRaise(True)
            return b

        self._play_icon = style.standardIcon(SP.SP_MediaPlay)
        self._pause_icon = style.standardIcon(SP.SP_MediaPause)
        self.restart_button = button("Restart", "Restart (Home)", SP.SP_MediaSkipBackward)
        self.back_button = button("−5s", "Back 5 seconds (←)")
        self.step_back_button = button("Previous event", "Previous event (,)",
                                       SP.SP_MediaSeekBackward)
        self.play_button = button("Play", "Play / pause (space)", SP.SP_MediaPlay)
        self.play_button.setObjectName("play")
        self.step_button = button("Next event", "Next event (.)", SP.SP_MediaSeekForward)
        self.forward_button = button("+5s", "Forward 5 seconds (→)")
        self.prev_error_button = button("◂ Error", "Previous error (Shift+E)")
        self.next_error_button = button("Error ▸", "Next error (E)")
        self.prev_error_button.clicked.connect(lambda: self.error_requested.emit(-1))
        self.next_error_button.clicked.connect(lambda: self.error_requested.emit(1))
        self.restart_button.clicked.connect(self.restart_clicked)
        self.back_button.clicked.connect(lambda: self.jump_requested.emit(-5000.0))
        self.forward_button.clicked.connect(lambda: self.jump_requested.emit(5000.0))
        self.step_back_button.clicked.connect(lambda: self.step_requested.emit(-1, self.kind()))
        self.step_button.clicked.connect(lambda: self.step_requested.emit(1, self.kind()))
        self.step_kind = QComboBox()
        self.step_kind.setToolTip("What the event step buttons (, and .) step over")
        for title, kind in STEP_KINDS:
            self.step_kind.addItem(title, kind)
        self.play_button.clicked.connect(self.play_toggled)

        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.setToolTip("Playback speed (keys 0–6)")
        self.speed.currentIndexChanged.connect(lambda i: self.speed_chosen.emit(SPEEDS[i]))
        self.skip = QCheckBox("Skip inactivity")
        self.skip.setChecked(True)
        self.skip.toggled.connect(self.skip_toggled)

        self.time_label = QLabel()
        self.time_label.setObjectName("time")
        self.event_label = QLabel()
        self.event_label.setObjectName("event")
        self.clock_label = QLabel()
        self.clock_label.setObjectName("clock")
        for label in (self.time_label, self.event_label, self.clock_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        row = QHBoxLayout()
        row.setContentsMargins(4, 0, 4, 0)
        for w in (self.restart_button, self.back_button, self.step_back_button,
                  self.play_button, self.step_button, self.forward_button, self.step_kind):
            row.addWidget(w)
        row.addWidget(self.time_label)
        row.addSpacing(12)
        row.addWidget(self.prev_error_button)
        row.addWidget(self.next_error_button)
        row.addStretch(1)
        row.addWidget(self.speed)
        row.addWidget(self.skip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.setSpacing(0)
        layout.addWidget(self.scrubber)
        layout.addLayout(row)
        self.show_position(start_ms)
        self.show_event(0, 0)

    def _slider_action(self, _action: int) -> None:
        # page/step clicks on the groove: seek to where the slider will be
        if not self.scrubber.isSliderDown():
            QTimer.singleShot(0, lambda: self.seek_requested.emit(
                self._moment(self.scrubber.value())))

    def _moment(self, value: int) -> float:
        """The moment a scrubber value stands for (its right end: the end of the replay)."""
        return self.end_ms if value >= self.scrubber.maximum() else self.start_ms + value

    def _scrubbed(self, value: int, final: bool = False) -> None:
        self._pending = self._moment(value)
        if final:
            self._throttle.stop()
            self._flush_scrub()
        elif not self._throttle.isActive():
            self._throttle.start()

    def _flush_scrub(self) -> None:
        if self._pending is not None:
            t, self._pending = self._pending, None
            self.seek_requested.emit(t)

    def show_position(self, t: float) -> None:
        if not self.scrubber.isSliderDown():
            self.scrubber.blockSignals(True)
            self.scrubber.setValue(round(t - self.start_ms))
            self.scrubber.blockSignals(False)
        self.time_label.setText(
            f"{clock(t - self.start_ms)} / {clock(self.end_ms - self.start_ms)}")
        self.clock_label.setText(iso(t).replace("T", " ").rstrip("Z") + " UTC")

    def show_event(self, applied: int, total: int) -> None:
        self.event_label.setText(f"event {applied} of {total}")

    def show_state(self, state: str) -> None:
        playing = state == "playing"
        self.play_button.setIcon(self._pause_icon if playing else self._play_icon)
        self.play_button.setText("Pause" if playing else "Play")

    def kind(self) -> tuple[int, int | None] | None:
        """The event kind the step buttons step over (None: any event)."""
        value = self.step_kind.currentData()
        return tuple(value) if value is not None else None

    def set_speed_index(self, index: int) -> None:
        self.speed.setCurrentIndex(index)
