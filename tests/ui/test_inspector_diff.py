"""A/B diff, the hydration diff from the Issues panel, DevTools, and a new replay while the
inspector works, in the window."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import sentry_recording
from tests.engine.events import hydration_error_events
from tests.ui.conftest import open_window
from tests.ui.inspecting import inspector, run_js, wait_history, wait_seek_index
from tests.ui.test_security import Server, hostile_recording
from viewer.render.engine import SeekIndex, Timeline
from viewer.render.engine.inspection.moment_diff import diff_positions
from viewer.render.engine.inspection.pages import PageBreaks
from viewer.ui.main_window import MainWindow
from viewer.ui.panels.diff import DiffPanel
from viewer.ui.panels.elements_model import NODE_ID_ROLE
from viewer.ui.panels.issues import IssuesPanel


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


def diff_panel(window: MainWindow) -> DiffPanel:
    return next(w for _, w in window.panels if isinstance(w, DiffPanel))


def click_change(qtbot: QtBot, panel: DiffPanel, row: int) -> None:
    item = panel.list.topLevelItem(row)
    assert item is not None
    panel.list.scrollToItem(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.list.visualItemRect(item).center())


def expected_diff(window: MainWindow, a: int, b: int) -> dict:
    """The diff from a seek index of its own (not the window's)."""
    seek = SeekIndex(Timeline(window.replay.events, window.replay.recorder))
    return diff_positions(seek, a, b, PageBreaks(seek))


def test_marks_a_and_b_list_the_changes_and_select_each_node_where_it_exists(
        qtbot: QtBot, window: MainWindow) -> None:
    player = window.player
    assert player is not None
    wait_seek_index(qtbot, window)
    tl = player.cursor.timeline
    a = tl.count_before(window.replay.start_ms + 30_000)
    b = a + 40  # the list being cleared: removals (and what replaces them)
    assert not any(a < s < b for s in tl.snapshots)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    player.go_to_position(a)
    qtbot.keyClick(window, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    player.go_to_position(b)
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    panel = diff_panel(window)
    assert window.tabs.currentWidget() is panel
    expected = expected_diff(window, a, b)
    assert [panel.change_at(r) for r in range(panel.row_count)] == expected["changes"]
    assert "same page" in panel.summary.text() and f"(event {a})" in panel.summary.text()
    kinds = {c["exists"] for c in expected["changes"]}
    assert {"A", "B"} <= kinds or {"A", "both"} <= kinds
    elements = inspector(window).elements
    for where, position in (("A", a), ("B", b), ("both", b)):
        row = next((r for r in range(panel.row_count)
                    if panel.change_at(r)["exists"] == where), None)  # type: ignore[index]
        if row is None:
            continue
        change = panel.change_at(row)
        assert change is not None
        player.go_to_position(a + 7)  # somewhere else: choosing the change moves there
        click_change(qtbot, panel, row)
        assert player.cursor.position == position
        assert window.tabs.currentWidget() is elements
        assert elements.selected_id == change["id"]
        if elements.model.index_of_id(change["id"]).isValid():
            assert elements.tree.currentIndex().data(NODE_ID_ROLE) == change["id"]
    panel.clear.click()
    assert panel.row_count == 0 and panel.label_a.text() == "A: –"


def test_a_diff_across_a_page_load_replaces_the_page(qtbot: QtBot, window: MainWindow) -> None:
    player = window.player
    assert player is not None
    wait_seek_index(qtbot, window)
    tl = player.cursor.timeline
    breaks = inspector(window).breaks()
    assert breaks is not None
    load = next(s for s in tl.snapshots[1:] if breaks.is_new_page(s))
    ctl = inspector(window).diff
    player.go_to_position(load - 3)
    ctl.mark("A")
    player.go_to_position(load + 5)
    ctl.mark("B")
    panel = diff_panel(window)
    assert "another page" in panel.summary.text()
    changes = [panel.change_at(r) for r in range(panel.row_count)]
    assert changes == expected_diff(window, load - 3, load + 5)["changes"]
    assert [(c["change"], c["exists"], c["detail"]["page"]) for c in changes] == [  # type: ignore[index]
        ("removed", "A", True), ("added", "B", True)]


def test_marks_before_the_seek_index_wait_for_it(qtbot: QtBot, tmp_path: Path) -> None:
    path = str(sentry_recording("checkout"))
    window = open_window(qtbot, tmp_path, path, ready=False, use_index_cache=False)
    assert window.player is not None
    ctl = inspector(window).diff
    ctl.mark("A")
    window.player.step(5)
    ctl.mark("B")
    panel = diff_panel(window)
    if window.player.cursor.index is None:
        assert panel.row_count == 0 and "Waiting" in panel.summary.text()
    wait_seek_index(qtbot, window)
    qtbot.waitUntil(lambda: "same page" in panel.summary.text(), timeout=10_000)
    window.close()


def hydration_recording(tmp_path: Path) -> str:
    events = hydration_error_events()
    file = tmp_path / "hydration.json"
    file.write_text(json.dumps(events))
    return str(file)


def test_a_hydration_error_row_shows_the_dom_diff_around_it(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path, hydration_recording(tmp_path))
    try:
        wait_seek_index(qtbot, window)
        issues = next(w for _, w in window.panels if isinstance(w, IssuesPanel))
        window.tabs.setCurrentWidget(issues)
        assert not issues.diff_button.isEnabled()
        index = issues.model.index(0, 1)
        qtbot.mouseClick(issues.table.viewport(), Qt.MouseButton.LeftButton,
                         pos=issues.table.visualRect(index).center())
        assert issues.diff_button.isEnabled()
        issues.diff_button.click()
        panel = diff_panel(window)
        assert window.tabs.currentWidget() is panel
        changes = [panel.change_at(r) for r in range(panel.row_count)]
        assert [(c["change"], c["id"]) for c in changes] == [  # type: ignore[index]
            ("text", 11), ("added", 12)]
        assert panel.summary.text().startswith("Hydration error at 00:00.006")
        # A: just after the last DOM change before the error; B: after the second one after
        # it (the breadcrumb is an event of the recording too: event 3)
        assert panel.label_a.text().endswith("(event 3)")
        assert panel.label_b.text().endswith("(event 5)")
        click_change(qtbot, panel, 1)  # the span exists only after: B
        assert window.player is not None and window.player.cursor.position == 5
        assert inspector(window).elements.selected_id == 12
    finally:
        window.close()


def test_devtools_open_and_close_cleanly_and_recorded_scripts_still_never_run(
        qtbot: QtBot, tmp_path: Path, server: Server) -> None:
    window = open_window(qtbot, tmp_path, hostile_recording(tmp_path, server.port))
    try:
        ins = inspector(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
        qtbot.keyClick(window, Qt.Key.Key_F12)
        devtools = ins.devtools
        assert devtools is not None and devtools.isVisible()
        with qtbot.waitSignal(devtools.page.loadFinished, timeout=30_000) as loaded:
            pass
        assert loaded.args == [True]
        assert devtools.page.url().scheme() == "devtools"
        assert window.view is not None
        assert window.view.player_page.devToolsPage() is devtools.page
        # the hostile page is rebuilt with DevTools attached: nothing recorded runs
        assert window.player is not None
        window.player.seek(window.player.playback.start)
        window.player.seek(window.player.playback.end)
        with qtbot.waitSignal(window.view.player_page.painted, timeout=20_000):
            window.view.when_painted()
        doc = "document.getElementById('replay').contentDocument"
        run_js(qtbot, window, f"({doc}.getElementById('js').click(), 1)")
        assert run_js(qtbot, window, f"{doc}.body.getAttribute('data-pwned')") is None
        assert run_js(qtbot, window, f"{doc}.body.getAttribute('onload')") is not None
        assert run_js(qtbot, window, "document.getElementById('replay').getAttribute("
                                     "'sandbox')") == "allow-same-origin"
        qtbot.waitUntil(lambda: run_js(qtbot, window, f"Array.from({doc}.images).every("
                                                      "i => i.complete)"), timeout=20_000)
        assert server.requests == []
        assert devtools.interceptor.blocked == []
        devtools.close()
        qtbot.waitUntil(lambda: window.view.player_page.devToolsPage() is None,  # type: ignore[union-attr]
                        timeout=5_000)
        ins.open_devtools()  # again, then the window goes with DevTools open
        assert ins.devtools is not None and ins.devtools is not devtools
    finally:
        window.close()


def test_a_new_replay_while_history_builds_and_devtools_are_open(qtbot: QtBot,
                                                                 window: MainWindow) -> None:
    old = inspector(window)
    old.ensure_history()
    old.open_devtools()
    assert window.open_files([str(sentry_recording("tiny"))])
    new = inspector(window)
    assert new is not old and new.history is None and new.devtools is None
    wait_history(qtbot, window)
    assert window.player is not None
    new.elements.select_node(next(iter(window.player.cursor.engine.mirror)))
    assert new.elements.history_table.rowCount() > 0
