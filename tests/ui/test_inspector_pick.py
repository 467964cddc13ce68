"""Pick mode in the window: the key and Esc, the page's report selects the element in the
Elements tree, a real click through the web view picks without reaching the recorded page,
and picking reaches into shadow roots and iframe documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.conftest import sentry_recording
from tests.engine.events import el, meta, mutation, page, snapshot, text
from tests.inspection.corpus import THIRDPARTY
from tests.ui.conftest import open_window
from tests.ui.inspecting import (
    center_point,
    inspector,
    run_js,
    show_elements,
    wait_seek_index,
)
from viewer.render.engine.inspection.node_info import path
from viewer.render.engine.nodes import ELEMENT, iter_subtree
from viewer.ui.main_window import MainWindow
from viewer.ui.panels.elements_model import NODE_ID_ROLE

NESTED = (THIRDPARTY / "rrweb-test-snapshots-timed" /
          "rrweb__integration__record-integration-tests-should-record-nested-iframes-and-"
          "shadow-doms.json")


def checkbox(qtbot: QtBot, window: MainWindow) -> int:
    """A checkbox the browser's own hit test finds at its centre (not scrolled away)."""
    assert window.player is not None
    engine = window.player.cursor.engine
    assert engine.document is not None
    for n in iter_subtree(engine.document):
        if n.tag == "input" and n.attrs.get("type") == "checkbox":
            hit = run_js(qtbot, window, (
                f"(() => {{ const n = replay.node({n.id}); const r = n.getBoundingClientRect(); "
                "return replay.frame.contentDocument.elementFromPoint(r.left + r.width / 2, "
                "r.top + r.height / 2) === n; })()"))
            if hit:
                return n.id
    raise AssertionError("no visible checkbox")


def click_in_replay(qtbot: QtBot, window: MainWindow, node_id: int) -> None:
    """A real mouse click on the node's centre, through the web view's input widget."""
    assert window.view is not None
    target = window.view.focusProxy()
    assert target is not None
    point = center_point(qtbot, window, node_id)
    QTest.mouseMove(target, point)
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def test_the_key_starts_pick_mode_and_esc_leaves_it(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    ins = inspector(window)
    assert ins.picking and ins.elements.pick_button.isChecked()
    assert window.tabs.currentWidget() is ins.elements
    assert run_js(qtbot, window, "[replayPick.active(), document.body.classList.contains("
                                 "'picking')]") == [True, True]
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not ins.picking and not ins.elements.pick_button.isChecked()
    assert run_js(qtbot, window, "replayPick.active()") is False
    ins.elements.pick_button.click()  # the panel's button does the same
    assert ins.picking
    ins.elements.pick_button.click()
    assert not ins.picking
    # a click where the page has no element ends pick mode too, selecting nothing
    ins.set_picking(True)
    selected = ins.elements.selected_id
    assert window.view is not None
    with qtbot.waitSignal(window.view.player_page.picked, timeout=10_000) as picked:
        run_js(qtbot, window, "document.getElementById('pick-glass').dispatchEvent(new "
                              "MouseEvent('click', {clientX: -5000, clientY: -5000})), 1")
    assert picked.args == [0]
    assert not ins.picking and ins.elements.selected_id == selected


def test_the_page_s_report_selects_the_clicked_element(qtbot: QtBot,
                                                       window: MainWindow) -> None:
    assert window.player is not None and window.view is not None
    window.player.seek(window.replay.start_ms + 20_000)
    ins = inspector(window)
    panel = show_elements(qtbot, window)
    target = checkbox(qtbot, window)
    ins.set_picking(True)
    point = run_js(qtbot, window, f"JSON.parse(replayOverlay.box({target}))")
    x, y = point["x"] + point["width"] / 2, point["y"] + point["height"] / 2
    # the glass pane gets a click at the element's place (player-page coordinates)
    dispatch = (f"(() => {{ const r = replay.frame.getBoundingClientRect(); "
                f"const s = r.width / replay.viewport().width; "
                f"const e = new MouseEvent('click', {{bubbles: true, clientX: r.left + {x} * s, "
                f"clientY: r.top + {y} * s}}); "
                f"document.getElementById('pick-glass').dispatchEvent(e); return 1; }})()")
    with qtbot.waitSignal(window.view.player_page.picked, timeout=10_000) as picked:
        run_js(qtbot, window, dispatch)
    assert picked.args == [target]
    assert not ins.picking
    assert panel.selected_id == target
    assert panel.tree.currentIndex().data(NODE_ID_ROLE) == target


def test_a_real_click_picks_and_never_reaches_the_recorded_page(qtbot: QtBot,
                                                                window: MainWindow) -> None:
    assert window.player is not None and window.view is not None
    window.player.seek(window.replay.start_ms + 20_000)
    panel = show_elements(qtbot, window)
    target = checkbox(qtbot, window)
    checked = f"replay.node({target}).checked"
    before = run_js(qtbot, window, checked)
    inspector(window).set_picking(True)
    run_js(qtbot, window, "1")  # pick mode is on in the page
    # hovering outlines the element under the mouse
    proxy = window.view.focusProxy()
    assert proxy is not None
    QTest.mouseMove(proxy, center_point(qtbot, window, target))
    box = run_js(qtbot, window, f"JSON.parse(replayOverlay.box({target}))")
    outline = ("(() => { const s = document.getElementById('highlight').style; "
               "return [s.display, parseFloat(s.left), parseFloat(s.top)]; })()")
    qtbot.waitUntil(lambda: run_js(qtbot, window, outline) == pytest.approx(
        ["block", box["x"], box["y"]], abs=0.01), timeout=5_000)
    with qtbot.waitSignal(window.view.player_page.picked, timeout=10_000) as picked:
        click_in_replay(qtbot, window, target)
    assert picked.args == [target] and panel.selected_id == target
    assert run_js(qtbot, window, checked) == before  # the checkbox never got the click
    # the same click out of pick mode does reach it (so the check above can fail)
    click_in_replay(qtbot, window, target)
    qtbot.waitUntil(lambda: run_js(qtbot, window, checked) != before, timeout=5_000)


def test_picking_reaches_into_shadow_roots_and_iframe_documents(qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path, str(NESTED))
    try:
        assert window.player is not None
        window.player.seek(window.player.playback.end)
        engine = window.player.cursor.engine
        assert engine.document is not None
        paths = {n.id: path(n) for n in iter_subtree(engine.document) if n.kind == ELEMENT}
        inner = next(i for i, p in paths.items()
                     if p.endswith("#shadow-root > div > iframe"))  # in iframe#five's shadow DOM
        point = run_js(qtbot, window, f"JSON.parse(replayOverlay.box({inner}))")
        x, y = point["x"] + point["width"] / 2, point["y"] + point["height"] / 2
        found = run_js(qtbot, window, f"replayPick.idAt({x}, {y})")
        # the innermost document: inside the iframe that is inside the shadow root
        assert paths[found].startswith(paths[inner] + " > #document")
        five = next(i for i, p in paths.items() if p == "body > iframe#five")
        corner = run_js(qtbot, window, f"JSON.parse(replayOverlay.box({five}))")
        outer = run_js(qtbot, window, f"replayPick.idAt({corner['x'] + 4}, {corner['y'] + 4})")
        assert paths[outer].startswith("body > iframe#five > #document")
        assert not paths[outer].startswith(paths[inner])
        panel = show_elements(qtbot, window)
        inspector(window).set_picking(True)
        with qtbot.waitSignal(window.view.player_page.picked,  # type: ignore[union-attr]
                              timeout=10_000):
            click_in_replay(qtbot, window, inner)
        assert panel.selected_id == found
        assert panel.tree.currentIndex().data(NODE_ID_ROLE) == found
    finally:
        window.close()


def test_a_shadow_button_is_picked_not_its_host(qtbot: QtBot, tmp_path: Path) -> None:
    style = "display:block;width:200px;height:60px;margin:20px"
    host = el(10, "div", {"style": style}, el(11, "button", {"style": "width:180px;height:40px"},
                                               text(12, "in the shadow"), isShadow=True),
              isShadowHost=True)
    events = [meta(), snapshot(page(host, el(20, "p", {}, text(21, "light DOM")))),
              mutation(5, attributes=[{"id": 20, "attributes": {"class": "x"}}])]
    file = tmp_path / "shadow.json"
    file.write_text(json.dumps(events))
    window = open_window(qtbot, tmp_path, str(file))
    try:
        assert window.player is not None and window.view is not None
        window.player.seek(window.player.playback.end)
        panel = show_elements(qtbot, window)
        inspector(window).set_picking(True)
        with qtbot.waitSignal(window.view.player_page.picked, timeout=10_000) as picked:
            click_in_replay(qtbot, window, 11)
        assert picked.args == [11]
        assert panel.tree.currentIndex().data(NODE_ID_ROLE) == 11
        assert "#shadow-root > button" in panel.tree.currentIndex().data(
            Qt.ItemDataRole.ToolTipRole)
    finally:
        window.close()


def test_on_a_3000_node_page_the_tree_follows_and_a_click_picks(qtbot: QtBot,
                                                                tmp_path: Path) -> None:
    """sentry/long's stress page: the Elements tab follows seeks and steps there, and a real
    click in pick mode selects the element (its row made on demand in the lazy tree)."""
    folder = sentry_recording("long")
    files = sorted(str(p) for p in folder.glob("envelope-*.bin"))
    window = open_window(qtbot, tmp_path, *files)
    try:
        wait_seek_index(qtbot, window)
        player = window.player
        assert player is not None and window.view is not None
        seek = player.cursor.index
        assert seek is not None
        big = next(p for p in range(len(player.cursor.timeline), 0, -500)
                   if len(seek.engine_at_position(p).mirror) > 3000)
        panel = show_elements(qtbot, window)
        player.go_to_position(big)
        assert panel.model.engine is player.cursor.engine
        for _ in range(3):
            player.step(1)
            assert panel.model.engine is player.cursor.engine
        deep = max((n for n in iter_subtree(player.cursor.engine.document)  # type: ignore[arg-type]
                    if n.kind == ELEMENT and n.attrs.get("id")), key=lambda n: len(path(n)))
        target = run_js(qtbot, window, (  # what the browser finds at the element's centre
            f"(() => {{ const r = replay.node({deep.id}).getBoundingClientRect(); "
            "const e = replay.frame.contentDocument.elementFromPoint(r.left + r.width / 2, "
            "r.top + r.height / 2); return e ? replay.idOf(e) : null; })()"))
        if target is None:  # scrolled out of the viewport: take the body's first child
            target = run_js(qtbot, window, "replay.idOf(replay.frame.contentDocument."
                                           "elementFromPoint(100, 100))")
        inspector(window).set_picking(True)
        with qtbot.waitSignal(window.view.player_page.picked, timeout=10_000) as picked:
            click_in_replay(qtbot, window, target)
        assert picked.args == [target]
        assert panel.tree.currentIndex().data(NODE_ID_ROLE) == target
        player.step(-1)
        assert panel.tree.currentIndex().data(NODE_ID_ROLE) == target  # kept across a step
    finally:
        window.close()
