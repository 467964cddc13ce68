"""Chromium's DevTools for the replay page, in a window of its own (View → DevTools).

The DevTools front end runs in a page of its own off-the-record profile; it inspects the
player page (`QWebEnginePage.setDevToolsPage`), so its Elements panel reaches the sandboxed
replay iframe for computed styles and layout. Nothing about the replay changes: the iframe
keeps its sandbox (recorded scripts still never run) and the player page's request
interceptor still blocks the network. The front end itself may load only its own bundled
files (`devtools:`) and local data: no request leaves the machine from it either.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QVBoxLayout, QWidget

from viewer.render.view import ReplayView

log = logging.getLogger("viewer.ui.devtools")

#: What the DevTools front end may load: its bundled files and local data.
FRONTEND_SCHEMES = {"devtools", "data", "blob", "about", "chrome", "chrome-devtools"}


class FrontendInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request of the DevTools front end but its own files."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        if url.scheme() in FRONTEND_SCHEMES:
            return
        self.blocked.append(url.toString()[:200])
        info.block(True)


class DevToolsWindow(QWidget):
    """DevTools inspecting one ReplayView's page; `shutdown()` detaches and deletes it
    (closing the window does the same)."""

    def __init__(self, inspected: ReplayView) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle("DevTools — replay page")
        self.resize(1100, 760)
        self.inspected = inspected.player_page
        self.profile = QWebEngineProfile(parent=self)  # off the record: nothing on disk
        self.interceptor = FrontendInterceptor(self.profile)
        self.profile.setUrlRequestInterceptor(self.interceptor)
        self.page = QWebEnginePage(self.profile)  # not the window's child: shutdown() owns it
        self.view = QWebEngineView(self)
        self.view.setPage(self.page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.inspected.setDevToolsPage(self.page)
        self.closed = False

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.shutdown()

    def shutdown(self) -> None:
        """Detach from the inspected page, then delete the front end's page, its profile and
        the window (in that order: Qt warns when a profile goes before its page)."""
        if self.closed or not shiboken6.isValid(self):
            return
        self.closed = True
        if shiboken6.isValid(self.inspected):
            self.inspected.setDevToolsPage(None)  # type: ignore[arg-type]
        self.hide()
        shiboken6.delete(self.page)
        shiboken6.delete(self.view)
        shiboken6.delete(self.profile)
        self.deleteLater()
