"""Diff panel on a real diff: one row per change, the filter, a click names the change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.inspection.corpus import recording
from viewer.render.engine import SeekIndex, Timeline
from viewer.render.engine.inspection.moment_diff import diff_positions
from viewer.ui.panels.diff import DiffPanel


def test_rows_filter_and_choice(qtbot: Any) -> None:
    replay = recording("sentry/checkout")
    assert replay is not None
    seek = SeekIndex(Timeline(replay.events, replay.recorder))
    a = seek.timeline.count_before(replay.start_ms + 30_000)
    report = diff_positions(seek, a, a + 40)
    report["from"]["t"], report["to"]["t"] = replay.start_ms + 30_000, replay.start_ms + 31_000
    panel = DiffPanel(replay)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    panel.show_marks((a, report["from"]["t"]), (a + 40, report["to"]["t"]))
    assert panel.label_a.text() == f"A: 00:30.000 (event {a})"
    panel.show_diff(report)
    changes = report["changes"]
    assert len(changes) > 3
    assert [panel.change_at(r) for r in range(panel.row_count)] == changes
    assert "same page" in panel.summary.text()
    wanted = changes[1]["node"]
    panel.search.setText(wanted)
    rows = [panel.list.topLevelItem(r) for r in range(panel.row_count)]
    shown = [" ".join(i.text(c) for c in range(1, 5)) for i in rows
             if i is not None and not i.isHidden()]
    assert shown and all(wanted.lower() in text.lower() for text in shown)
    assert len(shown) < panel.row_count
    panel.search.clear()
    item = panel.list.topLevelItem(2)
    assert item is not None
    with qtbot.waitSignal(panel.change_chosen) as chosen:
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton,
                         pos=panel.list.visualItemRect(item).center())
    assert chosen.args == [changes[2]]
    with qtbot.waitSignal(panel.mark_requested) as mark:
        panel.mark_b.click()
    assert mark.args == ["B"]
    panel.show_note("nothing yet")
    assert panel.row_count == 0 and panel.summary.text() == "nothing yet"
