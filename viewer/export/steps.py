"""The user's actions in a time range, in order: navigations, clicks, typing, choices, keys.

Both the bug report ("steps to reproduce") and the Playwright spec are written from these.
Each action's element is looked up in the DOM engine's state just before the action.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from viewer.export.elements import Element, describe, from_breadcrumb, is_masked
from viewer.export.moments import EngineAt
from viewer.model import Replay
from viewer.model.frames import BreadcrumbFrame, ClickFrame, NavigationFrame

INCREMENTAL, INPUT = 3, 5
#: A page load this soon after a click or key press was caused by it (not typed by the user).
CAUSED_WITHIN_MS = 2500.0
_MODIFIERS = (("ctrlKey", "Control"), ("altKey", "Alt"), ("shiftKey", "Shift"),
              ("metaKey", "Meta"))
_KEY_NAMES = {" ": "Space", "Esc": "Escape", "Left": "ArrowLeft", "Right": "ArrowRight",
              "Up": "ArrowUp", "Down": "ArrowDown", "Del": "Delete"}


@dataclass(frozen=True)
class Step:
    """One user action. `kind`: navigate, click, fill, check, select or press."""

    kind: str
    ts_ms: float
    element: Element | None = None
    url: str = ""  # navigate
    how: str = ""  # navigate: navigate, reload, back_forward, push, breadcrumb, start
    caused: bool = False  # navigate: right after a click / key press (follows from it)
    value: str | None = None  # fill / select: the recorded value (None: not recorded)
    checked: bool | None = None  # check
    key: str = ""  # press: Playwright key (`Control+K`, `Enter`)

    @property
    def masked(self) -> bool:
        return self.value is not None and is_masked(self.value)


def user_steps(replay: Replay, start_ms: float, end_ms: float) -> list[Step]:
    """The actions with start_ms ≤ time ≤ end_ms; the first is the page at `start_ms`."""
    raw = sorted(_raw_actions(replay, start_ms, end_ms), key=lambda a: a[0])
    engine_at = EngineAt(replay.events, replay.recorder)
    steps: list[Step] = []
    first_url = _url_at(replay, engine_at, start_ms)
    if first_url:
        steps.append(Step("navigate", start_ms, url=first_url, how="start"))
    last_action = -1e18
    for ts, kind, payload in raw:
        if kind == "navigate":
            nav: NavigationFrame = payload
            if steps and steps[-1].kind == "navigate" and steps[-1].url == nav.url:
                continue
            steps.append(Step("navigate", ts, url=nav.url, how=nav.how,
                              caused=nav.how == "push" or ts - last_action <= CAUSED_WITHIN_MS))
            continue
        engine = engine_at(ts)
        if kind == "click":
            click: ClickFrame = payload
            element = _element(engine, click.node.node_id if click.node else None,
                               click.node, click.selector)
            steps.append(Step("click", ts, element))
        elif kind == "input":
            data: dict[str, Any] = payload
            element = _element(engine, data.get("id"), None, "")
            if element is None:
                continue
            steps.append(_input_step(ts, element, data))
        elif kind == "key":
            crumb: BreadcrumbFrame = payload
            element = _element(engine, crumb.node.node_id if crumb.node else None, crumb.node,
                               crumb.message)
            steps.append(Step("press", ts, element, key=_key(crumb.data)))
        last_action = ts
    return _merge_inputs(steps)


def _raw_actions(replay: Replay, start_ms: float, end_ms: float
                 ) -> Iterator[tuple[float, str, Any]]:
    for f in replay.frames_between(start_ms, end_ms + 0.001):
        if isinstance(f, NavigationFrame) and f.url:
            yield f.ts_ms, "navigate", f
        elif isinstance(f, ClickFrame) and f.kind == "click":
            yield f.ts_ms, "click", f
        elif isinstance(f, BreadcrumbFrame) and f.kind == "keydown" and f.data.get("key"):
            yield f.ts_ms, "key", f
    events = replay.events
    for i in range(replay.event_index_at(start_ms), replay.event_index_at(end_ms + 0.001)):
        if events.types[i] == INCREMENTAL and events.sources[i] == INPUT:
            data = events[i].get("data") or {}
            if data.get("userTriggered") is not False:
                yield events.timestamps[i], "input", data


def _url_at(replay: Replay, engine_at: EngineAt, t: float) -> str:
    """The page's URL at moment t: the engine's (Meta href), else the last navigation."""
    href = engine_at(t).href if len(replay.events) else ""
    navs = [f.url for f in replay.frames_of("navigation") if f.ts_ms <= t and f.url]
    return href or (navs[-1] if navs else (replay.urls[0] if replay.urls else ""))


def _element(engine: Any, node_id: Any, crumb: Any, path: str) -> Element | None:
    node = engine.mirror.get(node_id) if isinstance(node_id, int) else None
    if node is not None and node.kind == 2:
        return describe(node, engine.document)
    if crumb is not None:
        return from_breadcrumb(crumb, path)
    return None


def _input_step(ts: float, element: Element, data: dict[str, Any]) -> Step:
    text = data.get("text")
    value = text if isinstance(text, str) else None
    if element.tag == "input" and element.input_type in ("checkbox", "radio"):
        return Step("check", ts, element, checked=bool(data.get("isChecked")))
    if element.tag == "select":
        return Step("select", ts, element, value=value)
    return Step("fill", ts, element, value=value)


def _merge_inputs(steps: list[Step]) -> list[Step]:
    """Keystrokes into one field in a row are one fill (with the final value); a radio
    choice unchecks its group's others (not an action of their own)."""
    out: list[Step] = []
    for step in steps:
        prev = out[-1] if out else None
        same_target = (prev is not None and prev.element is not None
                       and step.element is not None and prev.kind == step.kind
                       and prev.element.css_path == step.element.css_path)
        if step.kind in ("fill", "select") and same_target:
            assert prev is not None
            out[-1] = Step(step.kind, prev.ts_ms, step.element, value=step.value)
            continue
        if step.kind == "check" and step.element is not None \
                and step.element.input_type == "radio" and not step.checked:
            continue
        if step.kind in ("check", "select") and prev is not None and prev.kind == "click" \
                and _same_element(prev, step):
            out[-1] = step  # the click was how the box was ticked / the option chosen
            continue
        out.append(step)
    return out


def _same_element(a: Step, b: Step) -> bool:
    return (a.element is not None and b.element is not None
            and a.element.css_path == b.element.css_path)


def _key(data: dict[str, Any]) -> str:
    key = str(data.get("key") or "")
    key = _KEY_NAMES.get(key, key)
    mods = [name for flag, name in _MODIFIERS if data.get(flag) and name != key]
    return "+".join([*mods, key])
