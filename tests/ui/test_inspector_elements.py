"""The Elements tab in the window: it follows seeks and steps (expansion and selection kept),
hovering a row outlines the node in the replay, history rows and the previous / next change
keys move the player exactly, and a step flashes what it changed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.inspecting import (
    box_of,
    events_naming,
    inspector,
    run_js,
    show_elements,
    wait_history,
    wait_seek_index,
)
from viewer.render.engine import SeekIndex
from viewer.render.engine.inspection.element_tree import rows_of
from viewer.render.engine.inspection.named_ids import named_ids
from viewer.render.engine.inspection.pages import PageBreaks
from viewer.render.engine.nodes import ELEMENT, iter_subtree
from viewer.ui.main_window import MainWindow
from viewer.ui.panels.elements import ElementsPanel
from viewer.ui.panels.elements_model import NODE_ID_ROLE


def same_page_positions(window: MainWindow, near_ms: float) -> tuple[int, int]:
    """Two positions of one page around a moment, with room for a step after the second
    (no full snapshot is applied between them)."""
    assert window.player is not None
    tl = window.player.cursor.timeline
    start = tl.count_before(near_ms)
    stop = next((s for s in tl.snapshots if s >= start), len(tl))  # applied past position stop
    return start, min(stop, start + 60) - 1


def element(window: MainWindow, test: object) -> int:
    assert window.player is not None
    engine = window.player.cursor.engine
    assert engine.document is not None
    return next(n.id for n in iter_subtree(engine.document)
                if n.kind == ELEMENT and test(n))  # type: ignore[operator]


def test_the_tree_follows_seeks_and_steps_keeping_expansion_and_selection(
        qtbot: QtBot, window: MainWindow) -> None:
    player = window.player
    assert player is not None
    panel = show_elements(qtbot, window)
    a, b = same_page_positions(window, window.replay.start_ms + 20_000)
    player.go_to_position(a)
    assert panel.model.engine is player.cursor.engine
    assert panel.model.rowCount() == len(rows_of(player.cursor.engine.document))  # type: ignore[arg-type]
    toolbar = element(window, lambda n: n.attrs.get("class") == "toolbar")
    button = element(window, lambda n: n.tag == "button" and n.parent is not None
                     and n.parent.id == toolbar)
    assert panel.select_node(button)
    toolbar_index = panel.model.index_of_id(toolbar)
    assert panel.tree.isExpanded(toolbar_index)
    for position in (b, a + 1, b - 1):  # forward, back, forward: patches, plays
        player.go_to_position(position)
        assert panel.model.engine is player.cursor.engine
        assert panel.selected_id == button
        assert panel.tree.currentIndex().data(NODE_ID_ROLE) == button
        assert panel.tree.isExpanded(panel.model.index_of_id(toolbar))
    for delta in (1, 1, -1):
        player.step(delta)
        assert panel.model.engine is player.cursor.engine
        assert panel.tree.currentIndex().data(NODE_ID_ROLE) == button


def test_a_step_marks_the_nodes_its_event_named(qtbot: QtBot, window: MainWindow) -> None:
    player = window.player
    assert player is not None
    panel = show_elements(qtbot, window)
    tl = player.cursor.timeline
    start = tl.count_before(window.replay.start_ms + 20_000)
    event = next(i for i in range(start, len(tl)) if tl.types[i] == 3 and tl.sources[i] == 0)
    player.go_to_position(event)
    player.step(1)
    named = {n for n, _, _ in named_ids(tl.events[event])}
    assert named and panel.model.changed == frozenset(named)
    shown = [n for n in named if panel.model.index_of_id(n).isValid()]
    for node_id in shown:
        index = panel.model.index_of_id(node_id)
        assert index.data(Qt.ItemDataRole.BackgroundRole) is not None


def test_the_tree_waits_while_hidden_and_catches_up_when_shown(qtbot: QtBot,
                                                              window: MainWindow) -> None:
    player = window.player
    assert player is not None
    panel = show_elements(qtbot, window)
    player.go_to_position(player.cursor.timeline.count_before(window.replay.start_ms + 5_000))
    window.tabs.setCurrentIndex(0)  # Breadcrumbs
    qtbot.waitUntil(lambda: not panel.isVisible())
    far = player.cursor.timeline.count_before(window.replay.start_ms + 60_000)
    player.go_to_position(far)
    assert panel.model.engine is not player.cursor.engine  # another page's state: not shown
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.model.engine is player.cursor.engine, timeout=5_000)


def newsletter_button(qtbot: QtBot, window: MainWindow) -> tuple[ElementsPanel, int]:
    """The Elements tab shown, 20 s in, and the id of the sample's newsletter button."""
    assert window.player is not None
    panel = show_elements(qtbot, window)
    window.player.seek(window.replay.start_ms + 20_000)
    return panel, element(window, lambda n: n.attrs.get("id") == "open-newsletter")


def test_hovering_a_row_outlines_its_node_in_the_replay(qtbot: QtBot,
                                                        window: MainWindow) -> None:
    panel, button = newsletter_button(qtbot, window)
    panel.select_node(button)
    rect = panel.tree.visualRect(panel.model.index_of_id(button))
    with qtbot.waitSignal(panel.highlight_node) as hovered:
        qtbot.mouseMove(panel.tree.viewport(), rect.center())
    assert hovered.args == [button]
    outline = ("(() => { const s = document.getElementById('highlight').style; "
               "return [s.display, parseFloat(s.left), parseFloat(s.top), parseFloat(s.width), "
               "parseFloat(s.height)]; })()")
    box = box_of(qtbot, window, button)
    assert box is not None
    shown = run_js(qtbot, window, outline)
    assert shown[0] == "block"  # the style keeps a few decimals of the box
    assert shown[1:] == pytest.approx([box["x"], box["y"], box["width"], box["height"]],
                                      abs=0.01)
    QApplication.sendEvent(panel.tree.viewport(), QEvent(QEvent.Type.Leave))
    qtbot.waitUntil(lambda: run_js(qtbot, window, outline)[0] == "none", timeout=5_000)


def test_the_selected_node_shows_its_box_on_the_page(qtbot: QtBot, window: MainWindow) -> None:
    panel, button = newsletter_button(qtbot, window)
    assert inspector(window).reveal(button)
    box = box_of(qtbot, window, button)
    assert box is not None and box["width"] > 0

    def box_row() -> str:
        for i in range(panel.properties.topLevelItemCount()):
            item = panel.properties.topLevelItem(i)
            if item is not None and item.text(0) == "box":
                return item.text(1)
        return ""

    qtbot.waitUntil(lambda: box_row().startswith(f"{box['width']:g} × {box['height']:g} px"),
                    timeout=5_000)
    assert f"at ({box['x']:.1f}".rstrip("0").rstrip(".") in box_row()


def test_history_rows_and_change_keys_move_the_player_exactly(qtbot: QtBot,
                                                              window: MainWindow) -> None:
    panel, button = newsletter_button(qtbot, window)
    player = window.player
    assert player is not None
    panel.select_node(button)
    wait_history(qtbot, window)
    events = player.cursor.timeline.events
    scan = events_naming(events, button)
    assert len(scan) >= 4
    table = panel.history_table

    def cell(row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text() if item is not None else ""

    # page loads are marked once the seek index has decided them (in the background)
    wait_seek_index(qtbot, window)
    breaks = PageBreaks(SeekIndex(player.cursor.timeline))
    loads = [s for s in player.cursor.timeline.snapshots[1:] if breaks.is_new_page(s)]
    assert loads
    last = max(e["event"] for e in inspector(window).history.history(button, via=True))  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: [int(cell(r, 1)) for r in range(table.rowCount())
                             if "page load" in cell(r, 2)] == [e for e in loads if e <= last],
                    timeout=30_000)
    # the direct entries (not page-load marks, not removals through an ancestor)
    rows = [r for r in range(table.rowCount())
            if cell(r, 0) and not cell(r, 2).startswith("removed with ancestor")]
    assert [int(cell(r, 1)) for r in rows] == scan
    row = rows[3]
    item = table.item(row, 2)
    assert item is not None
    table.scrollToItem(item)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualItemRect(item).center())
    assert player.cursor.position == scan[3] + 1  # just after that event, not a moment later
    assert panel.selected_id == button

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_Period, Qt.KeyboardModifier.AltModifier)
    assert player.cursor.position == scan[4] + 1
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.AltModifier)
    assert player.cursor.position == scan[3] + 1
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.AltModifier)
    assert player.cursor.position == scan[2] + 1
    panel.next_change_button.click()
    assert player.cursor.position == scan[3] + 1
    gap = next(k for k in range(len(scan) - 1) if scan[k + 1] > scan[k] + 1)
    player.go_to_position(scan[gap] + 2)  # between two changes
    panel.prev_change_button.click()
    assert player.cursor.position == scan[gap] + 1  # the last change before the playhead
    player.go_to_position(scan[-1] + 1)
    panel.next_change_button.click()
    assert player.cursor.position == scan[-1] + 1  # no later change: it stays


def test_a_step_flashes_what_it_added_changed_and_removed(qtbot: QtBot,
                                                          window: MainWindow) -> None:
    player = window.player
    assert player is not None
    tl = player.cursor.timeline
    take = "replayOverlay.takeFlashLog()"

    def mutation_with(key: str) -> int:
        start = tl.count_before(window.replay.start_ms + 20_000)
        return next(i for i in range(start, len(tl)) if tl.types[i] == 3 and tl.sources[i] == 0
                    and tl.events[i]["data"].get(key))

    for key in ("attributes", "removes"):
        event = mutation_with(key)
        player.go_to_position(event)
        run_js(qtbot, window, take)
        player.step(1)
        flashed = run_js(qtbot, window, take)
        roles: dict[int, set[str]] = {}
        for n, role, _ in named_ids(tl.events[event]):
            roles.setdefault(n, set()).add(role)
        assert flashed, key
        for node_id, kind, x, y, width, height in flashed:
            assert node_id in roles
            if kind == "removed":
                assert "remove" in roles[node_id]
                assert node_id not in player.cursor.engine.mirror
                assert width > 0 or height > 0  # measured before it went
            else:
                assert kind == ("added" if "add" in roles[node_id] else "changed")
                box = box_of(qtbot, window, node_id)
                assert box is not None and [x, y, width, height] == [
                    box["x"], box["y"], box["width"], box["height"]]
        if key == "removes":
            assert any(kind == "removed" for _, kind, *_ in flashed)
            player.step(-1)  # undone: the node is back, flashed as added
            back = run_js(qtbot, window, take)
            assert {n for n, kind, *_ in back if kind == "added"} == {
                n for n, found in roles.items() if "remove" in found}
    player.go_to_position(tl.count_before(window.replay.start_ms + 20_000))
    run_js(qtbot, window, take)
    player.seek(window.replay.start_ms + 40_000)  # a seek is not a step: nothing flashes
    assert run_js(qtbot, window, take) == []


def test_flashing_while_playing_is_a_choice_up_to_normal_speed(qtbot: QtBot,
                                                               window: MainWindow) -> None:
    player = window.player
    assert player is not None
    panel = show_elements(qtbot, window)
    tl = player.cursor.timeline
    mutations = [i for i in range(1, len(tl)) if tl.types[i] == 3 and tl.sources[i] == 0]
    # where DOM changes come fastest (10 mutations in the shortest time)
    busy = min(mutations[:-10], key=lambda i: tl.timestamps[mutations[mutations.index(i) + 10]]
               - tl.timestamps[i])
    take = "replayOverlay.takeFlashLog()"

    def play_a_little(speed: float) -> list[object]:
        player.go_to_position(busy - 1)
        player.set_speed(speed)
        run_js(qtbot, window, take)
        target = tl.timestamps[busy] + 600
        player.play()
        qtbot.waitUntil(lambda: player.cursor.time > target or not player.playing,
                        timeout=20_000)
        player.pause()
        return list(run_js(qtbot, window, take))

    assert play_a_little(1.0) == []  # off by default
    panel.flash_box.setChecked(True)
    assert play_a_little(1.0)
    assert play_a_little(4.0) == []  # faster than 1×: no flashing
