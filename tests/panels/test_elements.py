"""Elements panel on real engine states: lazy model, expansion/selection kept, search, signals."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication

from tests.engine.events import T0, add, el, meta, mutation, page, snapshot, text
from tests.inspection.corpus import history_index, recording
from viewer.model.replay import Replay
from viewer.render.engine import DomEngine, SeekIndex, Timeline
from viewer.render.engine.inspection.element_tree import rows_of, tree_parent
from viewer.render.engine.nodes import ELEMENT, Node, iter_subtree
from viewer.ui.panels.elements import ElementsPanel
from viewer.ui.panels.elements_model import NODE_ID_ROLE, ElementsModel

NAME = "sentry/checkout"


@pytest.fixture(scope="module")
def replay() -> Replay:
    found = recording(NAME)
    assert found is not None
    return found


@pytest.fixture(scope="module")
def seek(replay: Replay) -> SeekIndex:
    return SeekIndex(Timeline(replay.events, replay.recorder))


def at(seek: SeekIndex, replay: Replay, seconds: float) -> DomEngine:
    return seek.engine_at(replay.start_ms + seconds * 1000)


def shown(qtbot: Any, panel: ElementsPanel) -> ElementsPanel:
    qtbot.addWidget(panel)
    panel.resize(900, 800)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def depth(node: Node) -> int:
    n = 0
    cur = node
    while cur.parent is not None:
        n += 1
        cur = cur.parent
    return n


def test_the_model_passes_qt_s_model_tester_across_states(qtmodeltester: Any, seek: SeekIndex,
                                                          replay: Replay) -> None:
    model = ElementsModel()
    model.show_state(at(seek, replay, 5))
    qtmodeltester.check(model)
    for seconds in (20, 40, 60, 80):  # the tester checks every layout change too
        model.show_state(at(seek, replay, seconds))
    assert model.rowCount() == len([n for n in model.root.children])  # type: ignore[union-attr]


def row_path(node: Node) -> list[int]:
    """The rows from the top down to a node (what a view's index of it is made of)."""
    out: list[int] = []
    while tree_parent(node) is not None:
        up = tree_parent(node)
        assert up is not None
        out.append(next(i for i, n in enumerate(rows_of(up)) if n is node))
        node = up
    return out[::-1]


def moved_rows(seek: SeekIndex) -> tuple[int, int, int]:
    """Two positions of one page and an element whose row path differs between them."""
    tl = seek.timeline
    steps = range(0, len(tl) - 20, 20)
    for a in steps:
        b = a + 20
        if tl.snapshot_before(a) != tl.snapshot_before(b):
            continue  # another page between them
        first, later = seek.engine_at_position(a), seek.engine_at_position(b)
        for node in iter_subtree(first.document):
            other = later.mirror.get(node.id) if node.id > 0 else None
            if (node.kind == ELEMENT and other is not None and depth(node) > 3
                    and later.connected(other) and row_path(node) != row_path(other)):
                return a, b, node.id
    raise AssertionError("no element changes rows within a page")


def test_expansion_and_selection_follow_node_ids_across_moments(qtbot: Any, seek: SeekIndex
                                                                ) -> None:
    a, b, target_id = moved_rows(seek)
    first, later = seek.engine_at_position(a), seek.engine_at_position(b)
    target = first.mirror[target_id]
    panel = shown(qtbot, ElementsPanel())
    panel.show_state(first)
    assert panel.select_node(target.id)  # expands its ancestors
    ancestors = []
    up = tree_parent(target)
    while up is not None and up is not first.document:
        ancestors.append(up.id)
        up = tree_parent(up)
    assert all(panel.tree.isExpanded(panel.model.index_of_id(i)) for i in ancestors)
    panel.show_state(later)
    assert panel.tree.currentIndex().data(NODE_ID_ROLE) == target.id
    assert row_path(later.mirror[target.id]) != row_path(target)
    for node_id in ancestors:
        if node_id in later.mirror:
            assert panel.tree.isExpanded(panel.model.index_of_id(node_id)), node_id
    assert panel.properties.topLevelItem(0).text(1) == str(target.id)


def test_persistent_indexes_follow_their_node_to_its_new_row(seek: SeekIndex) -> None:
    a, b, target_id = moved_rows(seek)
    model = ElementsModel()
    model.show_state(seek.engine_at_position(a))
    kept = QPersistentModelIndex(model.index_of_id(target_id))
    later = seek.engine_at_position(b)
    model.show_state(later)
    assert kept.isValid() and kept.data(NODE_ID_ROLE) == target_id
    assert kept.row() == row_path(later.mirror[target_id])[-1]
    assert model.parent(QModelIndex(kept)) == model.index_of_node(
        tree_parent(later.mirror[target_id]))  # type: ignore[arg-type]


def test_a_node_that_leaves_and_comes_back_is_selected_again(qtbot: Any, seek: SeekIndex,
                                                             replay: Replay) -> None:
    history = history_index(NAME)
    stamps = seek.timeline.timestamps
    for node_id in history.node_ids():
        changes = [(e["change"], e["event"]) for e in history.history(node_id)]
        kinds = [c for c, _ in changes]
        if "removed" in kinds and kinds.index("removed") + 1 < len(kinds) and (
                kinds[kinds.index("removed") + 1] == "created"):
            removed = changes[kinds.index("removed")][1]
            back = changes[kinds.index("removed") + 1][1]
            if back > removed + 1 and seek.engine_at_position(removed).mirror.get(node_id):
                break
    else:
        pytest.fail("no node of the recording leaves and comes back")
    panel = shown(qtbot, ElementsPanel())
    panel.show_state(seek.engine_at_position(removed))
    assert panel.select_node(node_id)
    panel.show_state(seek.engine_at_position(removed + 1))
    assert "not in the page" in panel.properties.topLevelItem(0).text(1)
    panel.show_state(seek.engine_at_position(back + 1))
    assert panel.tree.currentIndex().data(NODE_ID_ROLE) == node_id
    assert stamps[back] > stamps[removed]


def test_search_selects_matches_in_document_order(qtbot: Any, seek: SeekIndex,
                                                  replay: Replay) -> None:
    engine = at(seek, replay, 20)
    panel = shown(qtbot, ElementsPanel())
    panel.show_state(engine)
    buttons = [n.id for n in iter_subtree(engine.document)
               if n.kind == ELEMENT and n.tag == "button"
               and "add-to-cart" in n.attrs.get("class", "").split()]
    assert len(buttons) > 3
    with qtbot.waitSignal(panel.selected) as first:
        panel.search_box.setText("button.add-to-cart")
    assert first.args == [buttons[0]]
    assert panel.match_label.text() == f"1 / {len(buttons)}"
    panel.find_next()
    assert panel.tree.currentIndex().data(NODE_ID_ROLE) == buttons[1]
    panel.find_previous()
    panel.find_previous()
    assert panel.tree.currentIndex().data(NODE_ID_ROLE) == buttons[-1]
    panel.search_box.setText(str(buttons[2]))
    assert panel.tree.currentIndex().data(NODE_ID_ROLE) == buttons[2]
    panel.search_box.setText("no-such-thing-anywhere")
    assert panel.match_label.text() == "no match"


def test_history_rows_ask_for_the_position_just_after_their_event(qtbot: Any, seek: SeekIndex,
                                                  replay: Replay) -> None:
    engine = at(seek, replay, 20)
    panel = shown(qtbot, ElementsPanel())
    panel.set_history(history_index(NAME), replay.start_ms)
    panel.show_state(engine)
    button = next(n for n in iter_subtree(engine.document)
                  if n.kind == ELEMENT and "add-to-cart" in n.attrs.get("class", ""))
    panel.select_node(button.id)
    entries = history_index(NAME).history(button.id, via=True)
    assert panel.history_table.rowCount() == len(entries) > 1
    loads = [entries[-1]["event"]]  # a page load just before the last entry: a marked row
    panel.set_history(history_index(NAME), replay.start_ms, loads)
    assert panel.history_table.rowCount() == len(entries) + 1
    marked = [r for r in range(len(entries) + 1)
              if "page load" in panel.history_table.item(r, 2).text()]
    first_at = next(i for i, e in enumerate(entries) if e["event"] == loads[0])
    assert marked == [first_at]  # just before the entries of that event
    with qtbot.assertNotEmitted(panel.position_requested):
        panel.history_table.cellClicked.emit(marked[0], 2)
    row = len(entries)  # the last entry, after the page load row
    with qtbot.assertNotEmitted(panel.seek_requested), \
            qtbot.waitSignal(panel.position_requested) as position_signal:
        rect = panel.history_table.visualItemRect(panel.history_table.item(row, 2))
        panel.history_table.scrollToItem(panel.history_table.item(row, 2))
        rect = panel.history_table.visualItemRect(panel.history_table.item(row, 2))
        qtbot.mouseClick(panel.history_table.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.center())
    # exactly the events up to this one applied (a moment could apply more: events that
    # share its timestamp)
    assert position_signal.args == [entries[-1]["event"] + 1]


def test_hover_and_user_selection_signals(qtbot: Any, seek: SeekIndex, replay: Replay) -> None:
    engine = at(seek, replay, 20)
    panel = shown(qtbot, ElementsPanel())
    panel.show_state(engine)
    body = next(n for n in iter_subtree(engine.document) if n.tag == "body")
    with qtbot.assertNotEmitted(panel.selected):
        panel.select_node(body.id)  # from code: no echo
    index = panel.model.index_of_id(body.id)
    rect = panel.tree.visualRect(index)
    with qtbot.waitSignal(panel.hovered) as hovered:
        qtbot.mouseMove(panel.tree.viewport(), rect.center())
    assert hovered.args == [body.id]
    with qtbot.waitSignal(panel.hover_cleared):
        QApplication.sendEvent(panel.tree.viewport(), QEvent(QEvent.Type.Leave))
    html = panel.model.index_of_id(body.parent.id)  # type: ignore[union-attr]
    with qtbot.waitSignal(panel.selected) as selected:
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton,
                         pos=panel.tree.visualRect(html).center())
    assert selected.args == [body.parent.id]  # type: ignore[union-attr]


def test_changed_nodes_are_marked(seek: SeekIndex, replay: Replay) -> None:
    model = ElementsModel()
    engine = at(seek, replay, 20)
    body = next(n for n in iter_subtree(engine.document) if n.tag == "body")
    model.show_state(engine, {body.id})
    assert model.index_of_id(body.id).data(Qt.ItemDataRole.BackgroundRole) is not None
    head = next(n for n in iter_subtree(engine.document) if n.tag == "head")
    assert model.index_of_id(head.id).data(Qt.ItemDataRole.BackgroundRole) is None


def test_same_rows_repaint_and_new_rows_relayout(qtbot: Any, qtmodeltester: Any) -> None:
    """A change the laid-out rows keep (an attribute, a text) only repaints; a row added, or a
    collapsed row getting its first child, lays the tree out again."""
    items = [el(20 + i, "li", {"class": "x"}, text(30 + i, f"item {i}")) for i in range(3)]
    events = [meta(), snapshot(page(el(10, "ul", {}, *items, el(23, "li")))),
              mutation(5, attributes=[{"id": 21, "attributes": {"class": "y"}}],
                       texts=[{"id": 32, "value": "changed"}]),
              mutation(6, adds=[add(23, el(40, "b"))]),
              mutation(7, adds=[add(10, el(41, "li"))])]
    seek = SeekIndex(Timeline(events))
    panel = shown(qtbot, ElementsPanel())
    model = panel.model
    qtmodeltester.check(model)
    panel.show_state(seek.engine_at(T0 + 2))
    panel.select_node(30)  # expands html, body, ul, li#20
    panel.tree.viewport().repaint()  # lay the rows out
    with qtbot.assertNotEmitted(model.layoutChanged), qtbot.waitSignal(model.dataChanged):
        panel.show_state(seek.engine_at(T0 + 5.5), {21, 32})
    assert model.index_of_id(21).data() == '<li class="y">'
    assert panel.tree.currentIndex().data(NODE_ID_ROLE) == 30
    assert not model.hasChildren(model.index_of_id(23))
    with qtbot.waitSignal(model.layoutChanged):  # the empty li#23 gets its first child
        panel.show_state(seek.engine_at(T0 + 6.5), {23})
    assert model.hasChildren(model.index_of_id(23))
    with qtbot.waitSignal(model.layoutChanged):  # a new row under the open list
        panel.show_state(seek.engine_at(T0 + 7.5), {41})
    assert model.rowCount(model.index_of_id(10)) == 5
    assert panel.tree.currentIndex().data(NODE_ID_ROLE) == 30


def test_a_state_without_a_document_shows_nothing(qtbot: Any, seek: SeekIndex,
                                                  replay: Replay) -> None:
    panel = shown(qtbot, ElementsPanel())
    engine = at(seek, replay, 20)
    panel.show_state(engine)
    assert panel.select_node(next(n.id for n in engine.mirror.values() if n.tag == "body"))
    panel.show_state(DomEngine())
    assert panel.model.rowCount() == 0
    panel.search_box.setText("div")
    assert panel.match_label.text() == "no match"


def test_the_box_row_says_where_the_node_is_on_the_page() -> None:
    from viewer.ui.panels.elements import box_text

    assert box_text({"x": 16, "y": 340.25, "width": 120.5, "height": 40, "scrollX": 0,
                     "scrollY": 1000}) == ("120.5 × 40 px at (16, 340.2) in the viewport, "
                                           "(16, 1340.2) in the page")
    assert box_text({"x": 0, "y": 0, "width": 0, "height": 0}).startswith("0 × 0 px: not")
    assert box_text(None) == "no box (not laid out)"
