"""Test recordings in the form Sentry's ReplayCanvas writes, with frames whose pixels are known.

`sentry_canvas_events()` builds a page like the one in issue 9: a `div.canvases` flex row
1240 px wide holding a drawing board (640 × 420) and an animated canvas (560 × 420), each with a
1 px border; below it an iframe whose document holds a canvas, and a shadow host with a canvas
in its shadow root. Then CanvasMutation `type 0` events as Sentry records them: `clearRect(0, 0,
w, h)` + `drawImage(ImageBitmap(Blob([ArrayBuffer base64]), type), 0, 0, w, h)`, the images
WebP (written by Qt's QImage) or PNG (written here), solid colours or four quadrants. A second
FullSnapshot rebuilds the page half way. `EXPECTED` says what each canvas shows at each moment.
"""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

Colour = tuple[int, int, int]
#: A frame's picture: one colour, or four quadrants (top left, top right, bottom left, right).
Picture = Colour | tuple[Colour, Colour, Colour, Colour]

RED: Colour = (220, 30, 30)
GREEN: Colour = (30, 170, 60)
BLUE: Colour = (30, 60, 220)
YELLOW: Colour = (240, 200, 20)
MAGENTA: Colour = (200, 40, 200)
CYAN: Colour = (20, 200, 210)
BLANK = None  # a canvas with nothing drawn: transparent, the page's white shows through

T0 = 1_700_000_000_000
BROKEN_AT = T0 + 3000  # the frame whose image is broken (its RIFF size is wrong)
WIDTH, HEIGHT = 1280, 800

#: canvas name -> (node id, bitmap width, height, page x, y of its content box)
CANVASES = {
    "board": (10, 640, 420, 1, 1),
    "anim": (11, 560, 420, 643, 1),
    "framed": (32, 320, 200, 0, 440),  # in the iframe at (0, 440)
    "shadow": (14, 200, 150, 401, 441),  # in the shadow root of the host at (400, 440)
}
IFRAME_ID = 12
QUADRANTS_1 = (RED, GREEN, BLUE, YELLOW)
QUADRANTS_2 = (YELLOW, BLUE, GREEN, RED)
QUADRANTS_3 = (BLUE, RED, YELLOW, GREEN)


def pixel_of(picture: Picture, x: float, y: float) -> Colour:
    """The colour of `picture` at (x, y), both 0–1 across the bitmap."""
    if isinstance(picture[0], int):
        return picture  # type: ignore[return-value]
    quads: tuple[Colour, Colour, Colour, Colour] = picture  # type: ignore[assignment]
    return quads[(2 if y >= 0.5 else 0) + (1 if x >= 0.5 else 0)]


def png(picture: Picture, width: int, height: int) -> bytes:
    """A PNG of the picture (plain RGB, written by hand: no imaging library needed)."""
    rows = bytearray()
    half = width // 2
    for y in range(height):
        fy = (y + 0.5) / height
        left, right = pixel_of(picture, 0.25, fy), pixel_of(picture, 0.75, fy)
        rows.append(0)
        rows.extend(bytes(left) * half + bytes(right) * (width - half))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def webp(picture: Picture, width: int, height: int) -> bytes:
    """A WebP of the picture, as Sentry's recorder sends them (Qt's QImage writes it)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    half_w, half_h = width // 2, height // 2
    for x, y, w, h, fx, fy in ((0, 0, half_w, half_h, 0.25, 0.25),
                               (half_w, 0, width - half_w, half_h, 0.75, 0.25),
                               (0, half_h, half_w, height - half_h, 0.25, 0.75),
                               (half_w, half_h, width - half_w, height - half_h, 0.75, 0.75)):
        painter.fillRect(x, y, w, h, QColor(*pixel_of(picture, fx, fy)))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "WEBP", 90):
        raise RuntimeError("Qt cannot write WebP here")
    return bytes(data.data())


def snapshot_frame(node_id: int, ts: int, image: bytes, mime: str, width: int,
                   height: int) -> dict:
    """A CanvasMutation event as Sentry's ReplayCanvas writes one frame (the image may be
    smaller than the canvas: drawImage scales it to width × height)."""
    blob = {"rr_type": "Blob", "data": [{"rr_type": "ArrayBuffer",
                                         "base64": base64.b64encode(image).decode()}],
            "type": mime}
    return {"type": 3, "timestamp": ts, "data": {
        "source": 9, "id": node_id, "type": 0, "commands": [
            {"property": "clearRect", "args": [0, 0, width, height]},
            {"property": "drawImage", "args": [{"rr_type": "ImageBitmap", "args": [blob]},
                                               0, 0, width, height]}]}}


def data_url(picture: Picture, width: int, height: int) -> str:
    return "data:image/png;base64," + base64.b64encode(png(picture, width, height)).decode()


_CSS = (
    "body { margin: 0; font: 14px sans-serif; background: white; }"
    ".canvases { display: flex; flex-direction: row; width: 1240px; }"
    ".canvases canvas { border: 1px solid #202020; }"
    "iframe { position: absolute; left: 0; top: 440px; width: 360px; height: 260px;"
    " border: 0; }"
    "#host { position: absolute; left: 400px; top: 440px; }"
)


def _canvas(name: str, **extra: str) -> dict:
    node_id, width, height = CANVASES[name][:3]
    attrs = {"width": str(width), "height": str(height), **extra}
    return {"type": 2, "id": node_id, "tagName": "canvas", "attributes": attrs, "childNodes": []}


def _page(ts: int, board_init: Picture) -> list[dict]:
    """Meta + FullSnapshot of the page, then its iframe's document (as rrweb records them)."""
    board = _canvas("board", id="board", rr_dataURL=data_url(board_init, 640, 420))
    shadow_canvas = {**_canvas("shadow", style="display: block; border: 1px solid #202020"),
                     "isShadow": True}
    body = {"type": 2, "id": 5, "tagName": "body", "attributes": {}, "childNodes": [
        {"type": 2, "id": 9, "tagName": "div", "attributes": {"class": "canvases"},
         "childNodes": [board, _canvas("anim", id="anim")]},
        {"type": 2, "id": IFRAME_ID, "tagName": "iframe", "attributes": {}, "childNodes": []},
        {"type": 2, "id": 13, "tagName": "div", "attributes": {"id": "host"},
         "isShadowHost": True, "childNodes": [shadow_canvas]},
    ]}
    head = {"type": 2, "id": 4, "tagName": "head", "attributes": {}, "childNodes": [
        {"type": 2, "id": 6, "tagName": "style", "attributes": {}, "childNodes": [
            {"type": 3, "id": 7, "textContent": _CSS, "isStyle": True}]}]}
    snapshot = {"type": 2, "timestamp": ts + 1, "data": {
        "initialOffset": {"top": 0, "left": 0}, "node": {
            "type": 0, "id": 1, "childNodes": [
                {"type": 1, "id": 2, "name": "html", "publicId": "", "systemId": ""},
                {"type": 2, "id": 3, "tagName": "html", "attributes": {},
                 "childNodes": [head, body]}]}}}
    framed = _canvas("framed", style="display: block",
                     rr_dataURL=data_url(MAGENTA, 320, 200))
    framed["rootId"] = 20
    iframe_doc = {"type": 3, "timestamp": ts + 2, "data": {
        "source": 0, "texts": [], "attributes": [], "removes": [], "isAttachIframe": True,
        "adds": [{"parentId": IFRAME_ID, "nextId": None, "node": {
            "type": 0, "id": 20, "childNodes": [
                {"type": 1, "id": 21, "name": "html", "publicId": "", "systemId": "",
                 "rootId": 20},
                {"type": 2, "id": 22, "tagName": "html", "attributes": {}, "rootId": 20,
                 "childNodes": [
                     {"type": 2, "id": 23, "tagName": "head", "attributes": {}, "rootId": 20,
                      "childNodes": []},
                     {"type": 2, "id": 24, "tagName": "body", "attributes": {
                         "style": "margin: 0"}, "rootId": 20, "childNodes": [framed]}]}]}}]}}
    meta = {"type": 4, "timestamp": ts,
            "data": {"href": "https://example.com/draw", "width": WIDTH, "height": HEIGHT}}
    return [meta, snapshot, iframe_doc]


@dataclass(frozen=True)
class Moment:
    """A moment to look at and what each canvas shows then (None: nothing drawn)."""

    label: str
    t: float
    shows: dict[str, Picture | None]


def sentry_canvas_events(encode: Callable[[Picture, int, int], bytes] | None = None,
                         mime: str = "image/webp") -> list[dict]:
    """The recording (see the module docstring). `encode` writes the frames that are not
    explicitly PNG (default: WebP via Qt; pass `png` to stay Qt-free)."""
    enc = encode or webp

    def frame(name: str, ts: int, picture: Picture, as_png: bool = False,
              bitmap: tuple[int, int] | None = None) -> dict:
        node_id, width, height = CANVASES[name][:3]
        bw, bh = bitmap or (width, height)
        if as_png or enc is png:
            return snapshot_frame(node_id, ts, png(picture, bw, bh), "image/png", width, height)
        return snapshot_frame(node_id, ts, enc(picture, bw, bh), mime, width, height)

    broken = frame("anim", BROKEN_AT, RED)
    broken["data"]["commands"][1]["args"][0]["args"][0]["data"][0]["base64"] = (
        base64.b64encode(b"RIFF\x10\x00\x00\x00WEBPVP8 broken, not an image").decode())
    return [
        *_page(T0, BLUE),
        frame("board", T0 + 1000, QUADRANTS_1),
        frame("anim", T0 + 1100, GREEN, as_png=True),
        frame("shadow", T0 + 1200, CYAN),
        # Sentry's maxCanvasSize: a smaller bitmap drawn over the whole canvas
        frame("board", T0 + 2000, QUADRANTS_2, bitmap=(320, 210)),
        frame("anim", T0 + 2100, RED),
        frame("framed", T0 + 2200, YELLOW, as_png=True),
        broken,  # a frame whose image does not decode: skipped, RED stays
        *_page(T0 + 4000, GREEN),  # the page is rebuilt (a new full snapshot)
        frame("board", T0 + 5000, QUADRANTS_3),
        frame("anim", T0 + 5100, YELLOW),
    ]


MOMENTS = [
    Moment("snapshot images", T0 + 500,
           {"board": BLUE, "anim": BLANK, "framed": MAGENTA, "shadow": BLANK}),
    Moment("first frames", T0 + 1500,
           {"board": QUADRANTS_1, "anim": GREEN, "framed": MAGENTA, "shadow": CYAN}),
    Moment("second frames", T0 + 2500,
           {"board": QUADRANTS_2, "anim": RED, "framed": YELLOW, "shadow": CYAN}),
    Moment("after a broken frame", T0 + 3500,
           {"board": QUADRANTS_2, "anim": RED, "framed": YELLOW, "shadow": CYAN}),
    Moment("rebuilt page", T0 + 4500,
           {"board": GREEN, "anim": BLANK, "framed": MAGENTA, "shadow": BLANK}),
    Moment("frames after the rebuild", T0 + 5500,
           {"board": QUADRANTS_3, "anim": YELLOW, "framed": MAGENTA, "shadow": BLANK}),
]


def sample_points(name: str) -> list[tuple[int, int, float, float]]:
    """Page pixels inside a canvas to check: (page x, page y, bitmap fraction x, y)."""
    _, width, height, left, top = CANVASES[name]
    out = []
    for fx in (0.25, 0.75):
        for fy in (0.25, 0.75):
            out.append((round(left + fx * width), round(top + fy * height), fx, fy))
    return out
