"""Start Qt and show the main window for a loaded replay."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from viewer.model import Replay

log = logging.getLogger("viewer.ui.app")


class NoDisplayError(RuntimeError):
    """A window was asked for on a machine without a display."""


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("darwin", "win32"))


#: Headless Chromium flags: no GPU to probe offscreen (probing only fills the terminal with
#: noise). A replay with WebGL canvases needs a GL context: Chromium's GPU process then runs on
#: the software GL it finds (Mesa llvmpipe offscreen), which its GPU blocklist refuses for
#: WebGL; only the viewer's own code issues WebGL calls (recorded commands, checked), so the
#: blocklist is lifted for such replays (README "Canvas").
HEADLESS_FLAGS = "--disable-gpu --log-level=3"
HEADLESS_WEBGL_FLAGS = "--ignore-gpu-blocklist --log-level=3"


def prepare_qt_environment(headless: bool = False, webgl: bool = False) -> None:
    """Settings that must be in place before the first Qt (WebEngine) import."""
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS",
                              HEADLESS_WEBGL_FLAGS if webgl else HEADLESS_FLAGS)
    elif not has_display():
        raise NoDisplayError("no display to open a window on (set DISPLAY, or run the headless "
                             "commands: info, dom, snapshot)")
    if hasattr(os, "geteuid") and os.geteuid() == 0 and not os.environ.get(
            "QTWEBENGINE_DISABLE_SANDBOX"):
        os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
        log.warning("running as root: QtWebEngine's Chromium sandbox is turned off "
                 "(the replay iframe's own sandbox still applies)")


def application(headless: bool = False, webgl: bool = False) -> object:
    """The QApplication, created once with the replay scheme registered before it
    (`webgl`: headless, the replay has WebGL canvases to draw)."""
    prepare_qt_environment(headless, webgl)
    from PySide6.QtWidgets import QApplication

    from viewer.render.scheme import register_scheme

    app = QApplication.instance()
    if app is None:
        register_scheme()
        app = QApplication(sys.argv[:1])
        app.setApplicationName("Replay Viewer")
        app.setOrganizationName("ReplayViewer")
        from viewer.ui.panels.style import apply_dark_theme

        apply_dark_theme(app)
    return app


def start_view(allow_remote_assets: bool = False) -> Any:
    """Start Qt and a replay view (Chromium starts and loads the player page in its own
    processes), so that loading the recording meanwhile overlaps with it."""
    application()
    from viewer.render.view import ReplayView

    return ReplayView(allow_remote_assets)


def run_window(replay: Replay, files: Sequence[str], allow_remote_assets: bool = False,
               at: float | None = None, view: Any = None,
               exit_after_first_frame: bool = False) -> int:
    """Open the main window on `replay` (at moment `at`, paused); returns the exit status.
    `view`: the replay view `start_view` made; `exit_after_first_frame`: report the moment
    the first frame is painted on stderr and quit (what `bench` times)."""
    app = application()
    from viewer.ui.main_window import MainWindow

    window = MainWindow(replay, files, allow_remote_assets=allow_remote_assets, view=view)
    if at is not None:
        window.player_seek(at)
    window.show()
    if exit_after_first_frame:
        from viewer.ui.bench import report_first_frame

        report_first_frame(window)
    return int(app.exec())  # type: ignore[attr-defined]
