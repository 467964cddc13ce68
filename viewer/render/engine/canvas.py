"""Canvas state: what each canvas node needs to show its last frame, kept as plain data on it.

A canvas node's `canvas` field (None until it has something to show) is a dict of JSON-like
values, so keyframes (`seek.freeze`), `reset` trees and patches carry it as it is:

- `type`: the context the recording draws with (0: 2D, 1: WebGL, 2: WebGL2; None: not yet).
- `init`: the `rr_dataURL` image of the snapshot or add that built the node (its first frame).
- `commands`: the commands to replay, in order, on a fresh canvas (after `init`).
- `bytes`: their payload size; `xf` / `saved` (2D): is a transform / clip in effect, and the
  same for each open `save()`; `marks` (WebGL): where each recorded batch starts.

What is kept (see README "Canvas"):
- 2D: the commands since the last full clear — a `clearRect` covering the canvas while no
  transform or clip is in effect, a `putImageData` covering it, `reset()`, or a width/height
  change. Snapshot frames (Sentry ReplayCanvas, PostHog, rrweb `sampling.canvas`) are exactly
  `clearRect` + `drawImage`, so only the latest frame stays. Of the commands before a full clear
  only the state they leave stays (see `compact_state`). Past MAX_COMMANDS_2D commands or
  MAX_BYTES the oldest are dropped and a problem is counted.
- WebGL: every command since the context was made (as rrweb's Replayer, which replays them all:
  later commands name objects by their creation index per type). Past MAX_COMMANDS_WEBGL or
  MAX_BYTES the oldest recorded batch that creates no object is dropped (the first batch, which
  usually sets the scene up, stays) and a problem is counted.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import ops as P
from .canvas_args import MAX_COMMAND_BYTES, BadCommand, check_arg, check_command, data_url_ok
from .nodes import ELEMENT, Meta, Node

if TYPE_CHECKING:
    from .state import EngineState

CONTEXT_2D, CONTEXT_WEBGL, CONTEXT_WEBGL2, CONTEXT_WEBRTC = 0, 1, 2, 3
MAX_COMMANDS_2D = 5_000
MAX_COMMANDS_WEBGL = 20_000
MAX_BYTES = 48_000_000

Canvas = dict[str, Any]
Command = dict[str, Any]

_TRANSFORMS = frozenset({"translate", "rotate", "scale", "transform", "setTransform",
                         "resetTransform"})
_STATE_CALLS = _TRANSFORMS | {"save", "restore", "clip", "setLineDash"}
_PATH_CALLS = frozenset({"beginPath", "moveTo", "lineTo", "bezierCurveTo", "quadraticCurveTo",
                         "arc", "arcTo", "ellipse", "rect", "roundRect", "closePath"})
_CREATE_2D = frozenset({"createLinearGradient", "createRadialGradient", "createConicGradient",
                        "createPattern"})
_CREATE_WEBGL_EXTRA = frozenset({"getUniformLocation", "getActiveAttrib", "getActiveUniform",
                                 "getShaderPrecisionFormat"})


def uses_webgl(events: Sequence[Any]) -> bool:
    """Does a recording draw on WebGL canvases (CanvasMutation events of type 1 or 2)?"""
    sources = getattr(events, "sources", None)  # model.EventList: no need to read every event
    if sources is not None and len(sources) == len(events):
        events = [events[i] for i, source in enumerate(sources) if source == 9]
    for event in events:
        if isinstance(event, dict) and event.get("type") == 3:
            data = event.get("data")
            if isinstance(data, dict) and data.get("source") == 9 and data.get("type") in (1, 2):
                return True
    return False


def canvas_size(node: Node) -> tuple[int, int]:
    """The bitmap size the `width`/`height` attributes give (HTML's defaults 300 × 150)."""
    return _dimension(node.attrs.get("width"), 300), _dimension(node.attrs.get("height"), 150)


def _dimension(text: str | None, default: int) -> int:
    """HTML's rules for parsing a non-negative integer (invalid or negative: the default)."""
    if text is None:
        return default
    s = text.lstrip(" \t\n\f\r")
    sign = 1
    if s[:1] in ("-", "+"):
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    digits = len(s) - len(s.lstrip("0123456789"))
    if digits == 0:
        return default
    value = sign * int(s[:digits])
    return value if value >= 0 else default


def drawable(canvas: Canvas | None) -> dict[str, Any] | None:
    """What an applier needs to draw a canvas from scratch (the op form)."""
    if not canvas or (not canvas.get("init") and not canvas.get("commands")):
        return None
    out: dict[str, Any] = {"type": canvas.get("type"), "commands": list(canvas["commands"])}
    if canvas.get("init"):
        out["init"] = canvas["init"]
    return out


def _new(context: int | None) -> Canvas:
    return {"type": context, "commands": [], "bytes": 0, "xf": [False, False], "saved": []}


# -- events ----------------------------------------------------------------------------------


def initial_frame(state: EngineState, node: Node, meta: Meta) -> None:
    """A canvas built from a snapshot or an add: its `rr_dataURL` is the first frame."""
    attrs = meta.get("attributes")
    url = attrs.get("rr_dataURL") if isinstance(attrs, dict) else None
    if url is None:
        return
    if not isinstance(url, str) or not data_url_ok(url):
        state.problem("canvas: initial image is not an image")
    elif len(url) > MAX_COMMAND_BYTES:
        state.problem("canvas: frame too large")
    else:
        node.canvas = _new(None)
        node.canvas["init"] = url
        node.canvas["bytes"] = len(url)
        node.rec = None


def apply_mutation(state: EngineState, node: Node, data: dict[str, Any]) -> None:
    """A CanvasMutation event: check its commands, keep what the canvas needs, emit them."""
    context = data.get("type", CONTEXT_2D)
    if context == CONTEXT_WEBRTC:
        state.problem("canvas: WebRTC stream (not replayed)")
        return
    if isinstance(context, bool) or context not in (CONTEXT_2D, CONTEXT_WEBGL, CONTEXT_WEBGL2):
        state.problem("canvas: unknown context type")
        return
    if node.kind != ELEMENT or node.tag != "canvas":
        state.problem("canvas: target is not a canvas")
        return
    raw = data.get("commands")
    if raw is None and "property" in data:
        raw = [data]  # rrweb before 1.1: one command inlined in the event
    if not isinstance(raw, list):
        state.problem("canvas: no commands")
        return
    commands: list[Command] = []
    sizes: list[int] = []
    bad = False
    for item in raw:
        try:
            command, size = check_command(item, context)
        except BadCommand as e:
            state.problem(str(e))
            bad = True
            continue
        commands.append(command)
        sizes.append(size)
    if not commands or (bad and _is_snapshot_frame(raw)):
        return  # a frame with a bad image is skipped whole: the previous frame stays
    canvas = node.canvas if node.canvas is not None else _new(context)
    if canvas["type"] is None:
        canvas["type"] = context
    elif canvas["type"] != context:
        state.problem("canvas: drawn with another context type")
        return
    node.canvas = canvas
    node.rec = None  # its canvas state changes in place below
    if context == CONTEXT_2D:
        width, height = canvas_size(node)
        for command, size in zip(commands, sizes, strict=True):
            _add_2d(canvas, command, size, width, height)
        over = _cap_2d(canvas)
    else:
        over = _add_webgl(canvas, commands, sizes)
    if over:
        state.problem("canvas: too many commands kept (oldest dropped)")
    if state.ops is not None and state.connected(node):
        state.emit({"op": P.CANVAS, "id": node.id, "type": context, "commands": commands})


def attribute_changed(node: Node, name: str) -> None:
    """`width`/`height` set or removed: a 2D canvas is cleared and its context reset."""
    canvas = node.canvas
    if canvas is None or name not in ("width", "height") or canvas["type"] not in (None, 0):
        return  # a WebGL context keeps its objects; only its drawing buffer is cleared
    kept = [c for c in canvas["commands"] if _call(c) in _CREATE_2D]  # objects stay valid
    if not kept and canvas["type"] is None:
        node.canvas = None
        return
    node.canvas = _new(canvas["type"])
    node.canvas.update(commands=kept, bytes=_size(kept))


def _is_snapshot_frame(raw: list[Any]) -> bool:
    """Is this batch a snapshot frame (it draws a whole recorded image)?"""
    for item in raw:
        if isinstance(item, dict) and item.get("property") == "drawImage":
            args = item.get("args")
            if isinstance(args, list) and args and isinstance(args[0], dict):
                return args[0].get("rr_type") in ("ImageBitmap", "HTMLImageElement", "Blob")
    return False


# -- 2D --------------------------------------------------------------------------------------


def _call(command: Command) -> str | None:
    """The method a command calls (None for a property set)."""
    return None if command.get("setter") is True else command["property"]


def _numbers(args: list[Any], count: int) -> list[float] | None:
    if len(args) < count or not all(
        isinstance(a, (int, float)) and not isinstance(a, bool) for a in args[:count]
    ):
        return None
    return [float(a) for a in args[:count]]


def _add_2d(canvas: Canvas, command: Command, size: int, width: int, height: int) -> None:
    name = _call(command)
    args = command["args"]
    if name == "reset":
        kept = [c for c in canvas["commands"] if _call(c) in _CREATE_2D]
        canvas.update(_new(canvas["type"]), commands=kept, bytes=_size(kept))
        return
    if (name == "clearRect" and not any(canvas["xf"]) and _covers(args, 0, width, height)) or (
        name == "putImageData" and len(args) == 3 and _image_covers(args, width, height)
    ):
        kept = compact_state([c for c in canvas["commands"] if _is_state(c)])
        canvas["commands"] = kept
        canvas["bytes"] = _size(kept)
        canvas.pop("init", None)
    _track_transform(canvas, name, args)
    canvas["commands"].append(command)
    canvas["bytes"] += size


def _covers(args: list[Any], first: int, width: int, height: int) -> bool:
    """Do (x, y, w, h) at `args[first:]` cover the whole width × height bitmap?"""
    rect = _numbers(args[first:], 4)
    if rect is None:
        return False
    x, y, w, h = rect
    return min(x, x + w) <= 0 and min(y, y + h) <= 0 and max(x, x + w) >= width and max(
        y, y + h
    ) >= height


def _image_covers(args: list[Any], width: int, height: int) -> bool:
    """putImageData(ImageData(data, w, h), dx, dy) over the whole bitmap?"""
    image = args[0]
    origin = _numbers(args[1:], 2)
    if not isinstance(image, dict) or image.get("rr_type") != "ImageData" or origin is None:
        return False
    inner = image.get("args")
    size = _numbers(inner[1:], 2) if isinstance(inner, list) else None
    if size is None:
        return False
    return _covers([origin[0], origin[1], size[0], size[1]], 0, width, height)


def _track_transform(canvas: Canvas, name: str | None, args: list[Any]) -> None:
    """Keep `xf` = [transform in effect, clip in effect] through save()/restore()."""
    xf, saved = canvas["xf"], canvas["saved"]
    if name == "save":
        saved.append(list(xf))
    elif name == "restore":
        if saved:
            canvas["xf"] = saved.pop()
    elif name == "resetTransform":
        xf[0] = False
    elif name == "setTransform":
        xf[0] = _numbers(args, 6) != [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    elif name in ("translate", "rotate", "scale", "transform"):
        neutral = {"translate": [0.0, 0.0], "rotate": [0.0], "scale": [1.0, 1.0],
                   "transform": [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]}[name]
        if _numbers(args, len(neutral)) != neutral:
            xf[0] = True
    elif name == "clip":
        xf[1] = True


def _is_state(command: Command) -> bool:
    """Does a command change what later commands draw (not the bitmap itself)?"""
    name = _call(command)
    return name is None or name in _STATE_CALLS or name in _PATH_CALLS or name in _CREATE_2D


def compact_state(commands: list[Command]) -> list[Command]:
    """The shortest list of state commands leaving the context as `commands` do.

    A balanced save()…restore() leaves only the objects it created and the path; within the
    same save() level a later set of a property (or line dash) replaces an earlier one and an
    absolute transform replaces the transforms before it (unless a clip used them); a
    beginPath() drops the path before it (unless a clip used it). Created gradients and
    patterns always stay: later commands name them by their creation index.
    """
    out: list[Command] = []
    opened: list[int] = []
    for command in commands:
        name = _call(command)
        if name == "save":
            opened.append(len(out))
            out.append(command)
        elif name == "restore":
            if opened:
                start = opened.pop()
                out[start:] = [c for c in out[start + 1 :] if _call(c) in _PATH_CALLS
                               or _call(c) in _CREATE_2D]
        else:
            out.append(command)
    bounds = [0, *(i + 1 for i in opened), len(out)]
    levels = [_compact_level(out[a:b]) for a, b in itertools.pairwise(bounds)]
    return _drop_old_paths([c for level in levels for c in level])


def _compact_level(commands: list[Command]) -> list[Command]:
    """Property sets, line dashes and transforms within one save() level (see compact_state)."""
    last: dict[str, int] = {}
    absolute = -1
    clip_at = -1
    for i, command in enumerate(commands):
        key = _replaced_by_later(command)
        if key is not None:
            last[key] = i
        name = _call(command)
        if name in ("setTransform", "resetTransform"):
            absolute = i
        elif name == "clip" and absolute < 0:
            clip_at = i
    out = []
    for i, command in enumerate(commands):
        key = _replaced_by_later(command)
        if key is not None and last[key] != i:
            continue
        if i < absolute and clip_at < 0 and _call(command) in _TRANSFORMS:
            continue
        out.append(command)
    return out


def _replaced_by_later(command: Command) -> str | None:
    """The key under which a later command of the same kind makes this one useless."""
    if command.get("setter") is True:
        return "=" + str(command["property"])
    return "setLineDash" if command["property"] == "setLineDash" else None


def _drop_old_paths(commands: list[Command]) -> list[Command]:
    begin = max((i for i, c in enumerate(commands) if _call(c) == "beginPath"), default=-1)
    if begin <= 0 or any(_call(c) == "clip" for c in commands[:begin]):
        return commands
    return [c for i, c in enumerate(commands) if i >= begin or _call(c) not in _PATH_CALLS]


def _size(commands: list[Command]) -> int:
    return sum(check_arg(a) for c in commands for a in c.get("args") or [])


def _cap_2d(canvas: Canvas) -> bool:
    """Past the caps, drop the oldest commands (the initial image first) down to 90 % of
    them, so the sizes are not recounted on every event; True if anything went."""
    commands = canvas["commands"]
    if len(commands) <= MAX_COMMANDS_2D and canvas["bytes"] <= MAX_BYTES:
        return False
    canvas.pop("init", None)
    sizes = [_size([c]) for c in commands]
    cut = max(0, len(commands) - MAX_COMMANDS_2D * 9 // 10)
    total = sum(sizes[cut:])
    while total > MAX_BYTES * 9 // 10 and cut < len(commands) - 1:
        total -= sizes[cut]
        cut += 1
    del commands[:cut]
    canvas["bytes"] = total
    return True


# -- WebGL -----------------------------------------------------------------------------------


def _creates(commands: list[Command]) -> bool:
    """Does a batch make WebGL objects (which later commands name by creation index)?"""
    return any(
        (n := _call(c)) is not None and (n.startswith("create") or n in _CREATE_WEBGL_EXTRA)
        for c in commands
    )


def _add_webgl(canvas: Canvas, commands: list[Command], sizes: list[int]) -> bool:
    """Append a batch; past the caps drop the oldest batches that create nothing (never the
    first or the newest) down to 90 % of the caps. True if any went."""
    kept = canvas["commands"]
    marks = canvas.setdefault("marks", [])
    marks.append(len(kept))
    kept.extend(commands)
    canvas["bytes"] += sum(sizes)
    if len(kept) <= MAX_COMMANDS_WEBGL and canvas["bytes"] <= MAX_BYTES:
        return False
    ends = [*marks[1:], len(kept)]
    count, size = len(kept), canvas["bytes"]
    dropped: set[int] = set()
    for k in range(1, len(marks) - 1):
        if count <= MAX_COMMANDS_WEBGL * 9 // 10 and size <= MAX_BYTES * 9 // 10:
            break
        batch = kept[marks[k] : ends[k]]
        if not _creates(batch):
            dropped.add(k)
            count -= len(batch)
            size -= _size(batch)
    if not dropped:
        return False
    new_kept: list[Command] = []
    new_marks: list[int] = []
    for k, start in enumerate(marks):
        if k not in dropped:
            new_marks.append(len(new_kept))
            new_kept.extend(kept[start : ends[k]])
    canvas.update(commands=new_kept, marks=new_marks, bytes=size)
    return True
