"""The `replay:` URL scheme that serves the trusted player page from the package's web files."""

from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject
from PySide6.QtWebEngineCore import (
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

log = logging.getLogger("viewer.render.scheme")

SCHEME = b"replay"
PLAYER_URL = "replay://player/index.html"
_MIME = {
    ".html": b"text/html",
    ".js": b"text/javascript",
    ".css": b"text/css",
    ".svg": b"image/svg+xml",
}
_registered = False


def register_scheme() -> None:
    """Declare the scheme; must run before the QApplication is created (once per process)."""
    global _registered
    if _registered:
        return
    scheme = QWebEngineUrlScheme(SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(
        QWebEngineUrlScheme.Flag.SecureScheme
        | QWebEngineUrlScheme.Flag.LocalScheme
        | QWebEngineUrlScheme.Flag.LocalAccessAllowed
    )
    QWebEngineUrlScheme.registerScheme(scheme)
    _registered = True


def web_file(name: str) -> bytes | None:
    """A file of `viewer/render/web/` by its plain name, or None (no paths, no traversal)."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = resources.files("viewer.render").joinpath("web", name)
    return path.read_bytes() if path.is_file() else None


class PlayerSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves `replay://player/<file>` from the package; anything else fails."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        url = job.requestUrl()
        name = url.path().lstrip("/")
        data = web_file(name) if url.host() == "player" else None
        if data is None:
            log.debug("refused %s", url.toString())
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        suffix = name[name.rfind(".") :]
        buf = QBuffer(parent=job)
        buf.setData(QByteArray(data))
        buf.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(_MIME.get(suffix, b"application/octet-stream"), buf)
