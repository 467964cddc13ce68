"""Replay Viewer: offline desktop viewer for Sentry Session Replay and rrweb recordings."""

__version__ = "0.1.0"
