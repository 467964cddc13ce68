"""The main window: the replay view, playback controls, the raw event, menus and shortcuts."""

from __future__ import annotations

import gc
import logging
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson
import shiboken6
from PySide6.QtCore import QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QImage,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from viewer.model import LoadError, Replay, load_replay
from viewer.model.playback import SPEEDS
from viewer.model.summary import render_text, summarize
from viewer.model.timeparse import adjacent_error, error_moment
from viewer.render.player import Player
from viewer.render.view import ReplayView
from viewer.timeline.widget import TimelineWidget
from viewer.ui.controls import Controls
from viewer.ui.inspect_actions import SHORTCUTS as INSPECT_SHORTCUTS
from viewer.ui.inspect_actions import add_inspect_menus
from viewer.ui.inspector import Inspector
from viewer.ui.panels import build_panels, connect_panels

log = logging.getLogger("viewer.ui.main_window")
MAX_RECENT = 10
#: The raw event is shown this long after the last move (parsing it can cost a segment's parse;
#: the page's frame comes first, and fast playing or scrubbing shows only the last one).
EVENT_TEXT_DELAY_MS = 60
SHORTCUTS = [
    ("Space", "Play / pause"),
    ("← / →", "Back / forward 5 seconds"),
    (", / .", "Previous / next event"),
    ("Home", "Restart"),
    ("0 … 6", "Speed 0.25× … 16×"),
    ("S", "Skip inactivity on / off"),
    ("E / Shift+E", "Next / previous error"),
    ("+ / − / F", "Zoom the timeline in / out / to fit (when it has focus)"),
    *INSPECT_SHORTCUTS,
    ("Ctrl+O", "Open a recording"),
    ("Ctrl+E", "Export: bug report, HAR, Playwright test, trimmed replay"),
    ("?", "This list"),
]


def monospace() -> QFont:
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


class MainWindow(QMainWindow):
    """One replay on screen. `open_files()` replaces it with another."""

    def __init__(self, replay: Replay, files: Sequence[str], allow_remote_assets: bool = False,
                 settings: QSettings | None = None, view: ReplayView | None = None,
                 use_index_cache: bool = True) -> None:
        """`view`: a replay view made earlier (its page may already be loading: the first
        frame comes sooner); `use_index_cache`: read the seek index from the cache."""
        super().__init__()
        self.allow_remote_assets = allow_remote_assets
        self.use_index_cache = use_index_cache
        self._spare_view = view
        self.settings = settings or QSettings("ReplayViewer", "replay-viewer")
        self.setAcceptDrops(True)
        self.resize(1440, 960)
        self._build_menus()
        self.replay: Replay
        self.view: ReplayView | None = None
        self.player: Player | None = None
        self.inspector: Inspector | None = None
        self.leave_pick = add_inspect_menus(self)
        self.set_replay(replay, files)

    # -- building --------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open…", self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.choose_files)
        file_menu.addAction(open_action)
        open_folder = QAction("Open &Folder…", self)
        open_folder.triggered.connect(self.choose_folder)
        file_menu.addAction(open_folder)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        file_menu.addSeparator()
        export_action = QAction("&Export…", self)
        export_action.setShortcut(QKeySequence("Ctrl+E"))
        export_action.triggered.connect(self.show_export)
        file_menu.addAction(export_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self._build_playback_menu()
        help_menu = self.menuBar().addMenu("&Help")
        keys = QAction("&Keyboard Shortcuts", self)
        keys.setShortcut(QKeySequence("?"))
        keys.triggered.connect(self.show_shortcuts)
        help_menu.addAction(keys)
        self.addAction(keys)
        self._refresh_recent()

    def _build_playback_menu(self) -> None:
        """Every player key as a window-wide action (works whatever has the focus, except
        while typing in a text field), listed in the Playback menu."""
        menu = self.menuBar().addMenu("&Playback")

        def on_player(method: str, *args: Any) -> Callable[[], None]:
            def run() -> None:
                if self.player is not None:
                    getattr(self.player, method)(*args)
            return run

        entries: list[tuple[str, str, Callable[[], None]]] = [
            ("Play / Pause", "Space", on_player("toggle")),
            ("Back 5 s", "Left", on_player("jump", -5000.0)),
            ("Forward 5 s", "Right", on_player("jump", 5000.0)),
            ("Previous Event", ",", lambda: self._step(-1)),
            ("Next Event", ".", lambda: self._step(1)),
            ("Restart", "Home", on_player("restart")),
            ("Skip Inactivity", "S", lambda: self.controls.skip.toggle()),
            ("Next Error", "E", lambda: self.jump_to_error(1)),
            ("Previous Error", "Shift+E", lambda: self.jump_to_error(-1)),
        ]
        entries += [(f"Speed {speed:g}×", str(i),
                     lambda *_, i=i: self.controls.set_speed_index(i))
                    for i, speed in enumerate(SPEEDS)]
        for title, keys, slot in entries:
            action = QAction(title, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            menu.addAction(action)
            self.addAction(action)

    def _step(self, delta: int) -> None:
        if self.player is not None:
            self.player.step(delta, self.controls.kind())

    def _build_central(self) -> None:
        replay = self.replay
        spare, self._spare_view = self._spare_view, None
        self.view = spare if spare is not None else ReplayView(self.allow_remote_assets)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.player = Player(replay, self.view, self)
        self.controls = Controls(replay.start_ms, self.player.playback.end)
        self.url_label = QLabel()
        self.url_label.setObjectName("url")
        self.url_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.viewport_label = QLabel()
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 8, 4)
        bar.addWidget(self.url_label, 1)
        bar.addWidget(self.controls.event_label)
        bar.addSpacing(16)
        bar.addWidget(self.controls.clock_label)
        bar.addSpacing(16)
        bar.addWidget(self.viewport_label)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(0)
        top_layout.addLayout(bar)
        top_layout.addWidget(self.view, 1)
        top_layout.addWidget(self.controls)

        self.timeline = TimelineWidget(replay)
        self.timeline.setMinimumHeight(230)
        self.panels = build_panels(replay)
        self.tabs = QTabWidget()
        for title, widget in self.panels:
            self.tabs.addTab(widget, title)
        self.event_text = QPlainTextEdit()
        self._event_text_timer = QTimer(self)
        self._event_text_timer.setSingleShot(True)
        self._event_text_timer.setInterval(EVENT_TEXT_DELAY_MS)
        self._event_text_timer.timeout.connect(self._show_event_text)
        self.event_text.setReadOnly(True)
        self.event_text.setFont(monospace())
        self.summary_text = QPlainTextEdit(render_text(summarize(replay)))
        self.summary_text.setReadOnly(True)
        self.summary_text.setFont(monospace())
        self.tabs.addTab(self.event_text, "Event")
        self.tabs.addTab(self.summary_text, "Summary")

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(top)
        left.addWidget(self.timeline)
        left.setStretchFactor(0, 4)
        left.setStretchFactor(1, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 540])
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self._connect()

    def _connect(self) -> None:
        player, controls = self.player, self.controls
        assert player is not None
        controls.play_toggled.connect(player.toggle)
        controls.restart_clicked.connect(player.restart)
        controls.jump_requested.connect(player.jump)
        controls.step_requested.connect(player.step)
        controls.speed_chosen.connect(player.set_speed)
        controls.skip_toggled.connect(player.set_skip_inactive)
        controls.seek_requested.connect(player.seek)
        player.position_changed.connect(controls.show_position)
        player.event_changed.connect(self._event_changed)
        player.state_changed.connect(controls.show_state)
        player.page_changed.connect(self._page_changed)
        player.index_progress.connect(lambda f: self.statusBar().showMessage(
            f"Indexing the replay for instant seeking… {f:.0%}"))
        player.index_ready.connect(lambda: self.statusBar().showMessage(
            "Seek index ready: seeking is instant", 4000))
        self.show_time = connect_panels(self.panels, self.timeline, player.seek, player.highlight)
        player.position_changed.connect(self.show_time)
        controls.error_requested.connect(self.jump_to_error)
        assert self.view is not None
        self.inspector = Inspector(self.replay, player, self.view, self.panels, self.tabs, self)
        self.inspector.status.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.inspector.pick_changed.connect(self.leave_pick.setEnabled)

    # -- replay ----------------------------------------------------------------------------------
    def set_replay(self, replay: Replay, files: Sequence[str]) -> None:
        old_view, old_player = self.view, self.player
        self._stop_inspector()
        if old_player is not None:
            old_player.stop()
            shiboken6.delete(old_player)
        gc.unfreeze()  # the previous replay's objects may be collected again
        self.replay = replay
        self.files = list(files)
        self.setWindowTitle(f"Replay Viewer — {replay.replay_id or Path(files[0]).name}")
        self._build_central()
        if old_view is not None:
            old_view.shutdown()
        assert self.player is not None
        self.player.seek(self.player.first_frame_time())
        self.player.build_index(self.use_index_cache, self.files)
        self.player.index_ready.connect(_freeze_heap)
        self._remember(files)

    def open_files(self, files: Sequence[str]) -> bool:
        try:
            replay = load_replay(list(files))
        except LoadError as e:
            QMessageBox.warning(self, "Cannot open the recording", str(e))
            return False
        except Exception as e:  # a bug: say it, keep the current replay open
            log.exception("loading %s failed", files)
            QMessageBox.warning(self, "Cannot open the recording",
                                f"{', '.join(files)}: internal error ({type(e).__name__}: {e})")
            return False
        self.set_replay(replay, files)
        return True

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Open recording files")
        if files:
            self.open_files(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of segments")
        if folder:
            self.open_files([folder])

    def _remember(self, files: Sequence[str]) -> None:
        entry = "\n".join(str(Path(f).resolve()) for f in files)
        recent = [r for r in self.recent() if r != entry]
        self.settings.setValue("recent", [entry, *recent][:MAX_RECENT])
        self._refresh_recent()

    def recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for entry in self.recent():
            files = entry.split("\n")
            action = self.recent_menu.addAction(Path(files[0]).name +
                                                (f" (+{len(files) - 1})" if len(files) > 1 else ""))
            action.setToolTip("\n".join(files))
            action.triggered.connect(lambda _=False, f=files: self.open_files(f))
        self.recent_menu.setEnabled(bool(self.recent()))

    def show_export(self) -> None:
        """File → Export…: the export dialog for this replay (its range: the timeline view)."""
        from viewer.ui.export_dialog import ExportDialog

        scale = self.timeline.scale
        view = (scale.view_start, scale.view_end) if scale.is_zoomed else None
        self.export_dialog = ExportDialog(self.replay, self, view, self.timeline.playhead)
        self.export_dialog.open()

    def player_seek(self, t: float) -> None:
        if self.player is not None:
            self.player.seek(t)

    def jump_to_error(self, step: int) -> None:
        """Seek to the next (step > 0) or previous error, a little before it, paused."""
        if self.player is None:
            return
        error = adjacent_error(self.replay, self.player.cursor.time, step)
        if error is None:
            self.statusBar().showMessage("No more errors that way", 3000)
            return
        if self.player.playing:
            self.player.pause()
        self.player.seek(error_moment(self.replay, error.event_id))
        for _, widget in self.panels:
            widget.select_frame(error)  # type: ignore[attr-defined]
        self.timeline.select_frame(error)
        self.statusBar().showMessage(f"Error {error.event_id[:8]}: {error.error_title}", 5000)

    # -- player reports --------------------------------------------------------------------------
    def _event_changed(self, applied: int, total: int) -> None:
        self.controls.show_event(applied, total)
        self._event_text_timer.start()  # the raw event after the page has its frame

    def _show_event_text(self) -> None:
        if self.player is None:
            return
        applied, total = self.player.cursor.position, self.player.cursor.total
        event = self.player.cursor.event()
        if event is None:
            self.event_text.setPlainText("(no event applied yet)")
            return
        text = orjson.dumps(event, option=orjson.OPT_INDENT_2).decode()
        if len(text) > 200_000:
            text = text[:200_000] + "\n… (truncated)"
        self.event_text.setPlainText(f"event {applied} of {total}\n{text}")

    def _page_changed(self, url: str, width: int, height: int) -> None:
        self.url_label.setText(url or "(no URL recorded)")
        self.viewport_label.setText(f"{width} × {height}" if width and height else "")

    # -- input -----------------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>"
                       for k, v in SHORTCUTS)
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{rows}</table>")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [QUrl(u).toLocalFile() for u in event.mimeData().urls()]
        files = [f for f in files if f]
        if files:
            self.open_files(files)
            event.acceptProposedAction()

    def _stop_inspector(self) -> None:
        if self.inspector is not None:
            self.inspector.stop()
            shiboken6.delete(self.inspector)
            self.inspector = None
        self.leave_pick.setEnabled(False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_inspector()
        if self.player is not None:
            self.player.stop()
            shiboken6.delete(self.player)
            self.player = None
        if self.view is not None:
            self.view.shutdown()
            self.view = None
        super().closeEvent(event)



def _freeze_heap() -> None:
    """Once the replay is loaded and indexed, keep its many long-lived objects out of the
    garbage collector's full passes (a seek should not pay for scanning the whole replay).
    No collection first: on a large replay it would stall the window for 100–200 ms."""
    gc.freeze()


def render_window(replay: Replay, files: Sequence[str], t: float) -> QImage:
    """The whole main window at moment `t`, rendered offscreen (for `snapshot --window`)."""
    from viewer.render.headless import stable_grab, wait_ready

    scratch = tempfile.TemporaryDirectory()  # a snapshot does not touch the user's settings
    settings = QSettings(str(Path(scratch.name) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(replay, files, settings=settings)
    try:
        window.show()
        assert window.view is not None
        wait_ready(window.view)
        window.player_seek(t)
        return stable_grab(window, window.view)
    finally:
        window.close()
        shiboken6.delete(window)
        scratch.cleanup()
