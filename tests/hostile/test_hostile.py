"""Hostile recordings are inert: no recorded script runs, the player never navigates, nothing
reaches the network unless remote assets are allowed (and then only asset GETs)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.hostile.cases import CASES, Case
from tests.ui.test_security import Server, open_view, run_js
from viewer.render.engine.domdump import dump
from viewer.render.player import Player
from viewer.render.view import ReplayView

DOC = "document.getElementById('replay').contentDocument"
#: The trusted page pokes everything a user could: clicks links, buttons and handlers,
#: submits forms (requestSubmit honours the sandbox, as a user's click does), hovers, focuses.
POKE = f"""(() => {{
  const docs = [{DOC}];
  for (const f of {DOC}.querySelectorAll('iframe')) {{
    try {{ if (f.contentDocument) docs.push(f.contentDocument); }} catch (e) {{}}
  }}
  let n = 0;
  for (const d of docs) {{
    for (const el of d.querySelectorAll('a, area, button, input, div, svg, img')) {{
      for (const type of ['mouseover', 'click']) {{
        el.dispatchEvent(new MouseEvent(type, {{bubbles: true, cancelable: true}}));
      }}
      if (el.focus) el.focus();
      n++;
    }}
    for (const f of d.querySelectorAll('form')) {{
      try {{ f.requestSubmit(); }} catch (e) {{}}
      n++;
    }}
  }}
  return n;
}})()"""
PWNED = f"""[{DOC}.documentElement && {DOC}.documentElement.getAttribute('data-pwned'),
  {DOC}.body && {DOC}.body.getAttribute('data-pwned'),
  document.body.getAttribute('data-pwned'), document.documentElement.getAttribute('data-pwned')]
  .filter(Boolean)"""
IDS = [f.__name__ for f in CASES]


def write(tmp_path: Path, case: Case) -> str:
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(case.events))
    return str(path)


def rendered(qtbot: QtBot, view: ReplayView) -> Any:
    box: dict[str, Any] = {}
    view.dump(lambda d: box.setdefault("dom", d))
    qtbot.waitUntil(lambda: "dom" in box, timeout=20_000)
    return box["dom"]


def split_styles(dom: Any, styles: list[str]) -> Any:
    """The dump without `style` attributes (collected, canonicalised, into `styles`)."""
    if isinstance(dom, list):
        return [split_styles(item, styles) for item in dom]
    if isinstance(dom, dict) and "style" in dom:
        styles.append(re.sub(r"[\s\"']", "", dom["style"]).rstrip(";"))
        return {k: v for k, v in dom.items() if k != "style"}
    return dom


def assert_inert(qtbot: QtBot, view: ReplayView, player: Player) -> None:
    assert isinstance(run_js(qtbot, view, POKE), int)
    with qtbot.waitSignal(view.player_page.painted, timeout=20_000):
        view.when_painted()
    assert run_js(qtbot, view, PWNED) == []
    assert run_js(qtbot, view, "location.href") == "replay://player/index.html"
    assert player.cursor.engine is not None and player.cursor.engine.document is not None
    web_styles: list[str] = []
    engine_styles: list[str] = []
    web = split_styles(rendered(qtbot, view), web_styles)
    engine = split_styles(dump(player.cursor.engine.document), engine_styles)
    assert web == engine  # exactly what the engine says: nothing added, removed or run
    assert sorted(web_styles) == sorted(engine_styles)


def settle(qtbot: QtBot, view: ReplayView) -> None:
    """Wait until every image of the replay document finished (or failed) loading."""
    qtbot.waitUntil(lambda: run_js(qtbot, view, f"Array.from({DOC}.images).every("
                                               "i => i.complete)"), timeout=20_000)
    with qtbot.waitSignal(view.player_page.painted, timeout=20_000):
        view.when_painted()


@pytest.mark.parametrize("make", CASES, ids=IDS)
def test_offline_nothing_runs_navigates_or_leaks(qtbot: QtBot, tmp_path: Path, server: Server,
                                                 make: Any) -> None:
    case = make(f"http://127.0.0.1:{server.port}")
    view, player = open_view(qtbot, write(tmp_path, case), False)
    try:
        assert_inert(qtbot, view, player)
        settle(qtbot, view)
        # (the same case with remote assets allowed proves these documents do ask for them)
        assert view.interceptor.allowed == []
        assert server.requests == []
        for url in view.player_page.refused:  # refused navigations never came back as loads
            assert not url.startswith("replay://player/index.html")
    finally:
        view.shutdown()


@pytest.mark.parametrize("make", CASES, ids=IDS)
def test_remote_assets_only_as_gets(qtbot: QtBot, tmp_path: Path, server: Server,
                                    make: Any) -> None:
    case = make(f"http://127.0.0.1:{server.port}")
    view, player = open_view(qtbot, write(tmp_path, case), True)
    try:
        assert_inert(qtbot, view, player)
        settle(qtbot, view)
        qtbot.waitUntil(lambda: case.assets <= {p for _, p in server.requests}, timeout=20_000)
        assert all(method == "GET" for method, _ in server.requests), server.requests
        fetched = {path for _, path in server.requests}
        assert fetched <= case.assets | case.optional, fetched - case.assets - case.optional
    finally:
        view.shutdown()


def test_a_refused_navigation_is_listed_and_the_replay_stays(qtbot: QtBot, tmp_path: Path,
                                                             server: Server) -> None:
    from tests.hostile.cases import javascript_urls

    case = javascript_urls(f"http://127.0.0.1:{server.port}")
    view, player = open_view(qtbot, write(tmp_path, case), False)
    try:
        # the last lock: even the trusted page cannot move the replay frame elsewhere
        run_js(qtbot, view, "(replay.frame.contentWindow.location = 'replay://player/x.html', 1)")
        qtbot.waitUntil(lambda: "replay://player/x.html" in view.player_page.refused,
                        timeout=20_000)
        assert_inert(qtbot, view, player)
    finally:
        view.shutdown()


@pytest.mark.parametrize("allow", [False, True])
def test_local_files_are_never_shown(qtbot: QtBot, tmp_path: Path, server: Server,
                                     allow: bool) -> None:
    from tests.hostile.cases import file_urls

    view, _ = open_view(qtbot, write(tmp_path, file_urls(f"http://127.0.0.1:{server.port}")),
                        allow)
    try:
        settle(qtbot, view)
        assert run_js(qtbot, view, f"Array.from({DOC}.images).map(i => i.naturalWidth)") == [0, 0]
        assert not any(u.startswith("file:") for u in view.interceptor.allowed)
    finally:
        view.shutdown()
