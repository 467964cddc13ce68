"""The replay web view: a QWebEngineView showing the player page, locked down, with one bridge.

Recorded content is untrusted. Three locks keep it inert and offline: the replay document lives in
an `<iframe sandbox="allow-same-origin">` (no scripts run); the page refuses every navigation
but the player page's own; a request interceptor blocks every network request unless remote
assets are allowed, and then lets through only GETs of images, fonts and stylesheets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from viewer.model import deepjson
from viewer.render.js import js_call
from viewer.render.scheme import PLAYER_URL, SCHEME, PlayerSchemeHandler

log = logging.getLogger("viewer.render.view")

_ASSET_TYPES = {
    QWebEngineUrlRequestInfo.ResourceType.ResourceTypeImage,
    QWebEngineUrlRequestInfo.ResourceType.ResourceTypeFontResource,
    QWebEngineUrlRequestInfo.ResourceType.ResourceTypeStylesheet,
}
_LOCAL_SCHEMES = {SCHEME.decode(), "data", "blob", "about"}
_REMOTE_SCHEMES = {"http", "https"}  # allowed remote assets come from the web, never file:


#: How many blocked/allowed URLs, refused navigations and console lines are kept (the newest).
KEEP_LAST = 500


def remember(log_list: list[str], entry: str) -> None:
    """Append to a bounded record (a long session must not grow it without end)."""
    log_list.append(entry)
    if len(log_list) > KEEP_LAST:
        del log_list[: len(log_list) - KEEP_LAST]


class RequestInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks all network access unless remote assets are allowed (then asset GETs only)."""

    def __init__(self, allow_remote: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.allow_remote = allow_remote
        self.blocked: list[str] = []
        self.allowed: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        if url.scheme() in _LOCAL_SCHEMES:
            return
        if (self.allow_remote and url.scheme() in _REMOTE_SCHEMES
                and bytes(info.requestMethod().data()) == b"GET"
                and info.resourceType() in _ASSET_TYPES):
            remember(self.allowed, url.toString())
            return
        remember(self.blocked, url.toString())
        log.debug("blocked %s", url.toString())
        info.block(True)


PAINT_TOKEN = "replay-viewer:painted:"
#: Pick mode's report (pick.js): the engine id of the element the user clicked in the replay.
PICK_TOKEN = "replay-viewer:picked:"
#: Only the player page's own scripts may report (recorded content runs no script anyway).
_OWN_SOURCE = "replay://player/"
#: Animation frames to wait before a paint is reported (the iframe composites a little later).
PAINT_FRAMES = 4


class PlayerPage(QWebEnginePage):
    """Refuses every navigation except loading the player page itself; opens no windows."""

    painted = Signal(int)  # token of a `ReplayView.when_painted` request
    picked = Signal(int)  # engine id of the element clicked in pick mode (0: none there)

    def __init__(self, profile: QWebEngineProfile, parent: QObject | None = None) -> None:
        super().__init__(profile, parent)
        self.refused: list[str] = []
        self.console: list[str] = []

    def acceptNavigationRequest(self, url: QUrl | str, nav_type: Any,
                                is_main_frame: bool) -> bool:
        url = QUrl(url)
        text = url.toString()
        if is_main_frame and text == PLAYER_URL:
            return True
        if not is_main_frame and text in ("about:blank", ""):
            return True
        remember(self.refused, text)
        log.info("refused navigation to %s", text[:200])
        return False

    def createWindow(self, _type: Any) -> QWebEnginePage | None:  # type: ignore[override]
        return None  # no windows: Qt's stub says a page, Qt itself accepts None

    def javaScriptConsoleMessage(self, level: Any, message: str, line: int,
                                 source: str) -> None:
        if message.startswith(PAINT_TOKEN):
            self.painted.emit(int(message[len(PAINT_TOKEN):]))
            return
        if message.startswith(PICK_TOKEN) and source.startswith(_OWN_SOURCE):
            value = message[len(PICK_TOKEN):]
            if value.isdigit():
                self.picked.emit(int(value))
            return
        remember(self.console, message)
        log.debug("js %s:%s %s", source, line, message)


class ReplayView(QWebEngineView):
    """The player page; `call()` runs `window.<fn>(args)` there, queued until it is ready."""

    ready = Signal()
    #: Rebuilt documents and large inserts travel in markup form (markup.py) and the page builds
    #: them with one XML parse; False sends the plain trees, built node by node (the reference).
    markup = True

    def __init__(self, allow_remote_assets: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = QWebEngineProfile(parent=self)  # off the record: nothing kept on disk
        self.scheme_handler = PlayerSchemeHandler(self.profile)
        self.profile.installUrlSchemeHandler(SCHEME, self.scheme_handler)
        self.interceptor = RequestInterceptor(allow_remote_assets, self.profile)
        self.profile.setUrlRequestInterceptor(self.interceptor)
        self.player_page = PlayerPage(self.profile)  # not the view's child: shutdown() owns it
        settings = self.player_page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls,
                              allow_remote_assets)
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.PluginsEnabled, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.PdfViewerEnabled, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.AutoLoadIconsForPage, False)
        self.setPage(self.player_page)
        self.is_ready = False
        self._paint_token = 0
        self._queue: list[tuple[str, Callable[[Any], None] | None]] = []
        self.player_page.loadFinished.connect(self._loaded)
        self.player_page.load(QUrl(PLAYER_URL))

    def _loaded(self, ok: bool) -> None:
        if not ok:
            log.error("the player page did not load")
            return
        if self.is_ready:
            return
        self.is_ready = True
        queued, self._queue = self._queue, []
        for code, callback in queued:
            self._run(code, callback)
        self.ready.emit()

    def _run(self, code: str, callback: Callable[[Any], None] | None) -> None:
        if callback is None:
            self.player_page.runJavaScript(code, 0)
        else:
            self.player_page.runJavaScript(code, 0, callback)

    def call(self, function: str, *args: Any,
             callback: Callable[[Any], None] | None = None) -> None:
        """Call a function of the player page (`replay.apply`, `replayOverlay.pointer`, …)."""
        code = js_call(function, *args)
        if self.is_ready:
            self._run(code, callback)
        else:
            self._queue.append((code, callback))

    def apply_ops(self, ops: list[dict[str, Any]]) -> None:
        # imported here: the engine (~50 ms) loads while Chromium starts, not before
        from viewer.render.engine.markup import encode_ops

        if ops:
            self.call("replay.apply", encode_ops(ops) if self.markup else ops)

    def when_painted(self, frames: int = 0) -> int:
        """Ask the page to report (signal `player_page.painted`) once what was sent so far has
        been drawn — canvas frames decoded and drawn included — and then been through a few
        animation frames; returns the token the signal will carry."""
        self._paint_token += 1
        token = self._paint_token
        code = ("(window.replayCanvas ? window.replayCanvas.idle() : Promise.resolve()).then(() => "
                "(function f(n) { if (n) requestAnimationFrame(() => f(n - 1)); "
                f"else console.log({PAINT_TOKEN!r} + {token}); }})({frames or PAINT_FRAMES}))")
        if self.is_ready:
            self._run(code, None)
        else:
            self._queue.append((code, None))
        return token

    def dump(self, callback: Callable[[Any], None]) -> None:
        """The rendered document as a domdump (parsed JSON) passed to `callback`."""
        def parse(result: Any) -> None:
            callback(deepjson.loads(result) if isinstance(result, str) else None)
        code = "JSON.stringify(window.replayDump())"
        if self.is_ready:
            self._run(code, parse)
        else:
            self._queue.append((code, parse))

    def shutdown(self) -> None:
        """Delete the page, then its profile, then the view itself (Qt warns when a profile
        goes before its page, and a view left alive would make itself a default page)."""
        if not shiboken6.isValid(self) or not shiboken6.isValid(self.profile):
            return
        self._queue.clear()
        shiboken6.delete(self.player_page)
        shiboken6.delete(self.profile)
        shiboken6.delete(self)
