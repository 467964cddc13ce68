"""Metadata panel: replay id, user, browser, OS, SDK, release, environment, tags, URLs, segments."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from viewer.model.replay import Replay
from viewer.present.metadata_rows import metadata_sections
from viewer.ui.panels.base import Panel


class MetadataPanel(Panel):
    """Everything known about the replay, as a two-column tree (values are selectable)."""

    def __init__(self, replay: Replay, parent: QWidget | None = None) -> None:
        super().__init__(replay, parent)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Field", "Value"])
        self.tree.setColumnWidth(0, 160)
        self.tree.setAlternatingRowColors(True)
        for title, rows in metadata_sections(replay):
            section = QTreeWidgetItem([title, "" if rows else "(none)"])
            font = section.font(0)
            font.setBold(True)
            section.setFont(0, font)
            self.tree.addTopLevelItem(section)
            for key, value in rows:
                item = QTreeWidgetItem(section, [key, value])
                item.setToolTip(1, value)
            section.setExpanded(True)
        self.layout_.addWidget(self.tree)
