"""Colours and the dark palette the panels share with the timeline."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from viewer.model import kinds
from viewer.timeline.painting import THEME

#: Colours that read on a dark and on a light background (the kinds table's); plain logs and
#: 2xx responses keep the palette's text colour (see `text_color`).
LEVEL_COLORS = {**kinds.LEVEL_COLORS, "log": ""}
STATUS_COLORS = {**kinds.STATUS_COLORS, "2xx": ""}
RATING_COLORS = {"good": "#9ece6a", "needs-improvement": "#e0af68", "poor": "#ff5370"}


def kind_color(kind: str) -> str:
    """A frame kind's colour, from the kinds table."""
    return kinds.kind_of(kind).color


CURRENT_ROW = QColor(122, 162, 247, 70)


def color(hex_code: str) -> QColor:
    return QColor(hex_code)


def mono_font(point_size: float = 9.0) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(point_size)
    return font


def dark_palette() -> QPalette:
    """A dark palette matching the timeline (use with the Fusion style)."""
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: THEME["gutter"], QPalette.ColorRole.WindowText: "#c0caf5",
        QPalette.ColorRole.Base: THEME["bg"], QPalette.ColorRole.AlternateBase: "#1e2030",
        QPalette.ColorRole.Text: "#c0caf5", QPalette.ColorRole.Button: "#24283b",
        QPalette.ColorRole.ButtonText: "#c0caf5", QPalette.ColorRole.Highlight: "#3d59a1",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#24283b",
        QPalette.ColorRole.ToolTipText: "#c0caf5", QPalette.ColorRole.PlaceholderText: "#565f89",
        QPalette.ColorRole.Link: "#7aa2f7", QPalette.ColorRole.Mid: "#292e42",
        QPalette.ColorRole.Dark: "#101014", QPalette.ColorRole.Light: "#3b4261",
        QPalette.ColorRole.Midlight: "#2f3549",
    }
    for role, hex_code in roles.items():
        pal.setColor(role, QColor(hex_code))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#565f89"))
    return pal


def apply_dark_theme(app: QApplication) -> None:
    """Fusion style with the dark palette, for the whole application."""
    app.setStyle("Fusion")
    app.setPalette(dark_palette())
