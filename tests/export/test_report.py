"""The bug report: one self-contained HTML file with the error, pictures, steps, console,
failed requests, environment and timeline; nothing in it loads from outside or runs."""

from __future__ import annotations

import base64
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.conftest import CORPUS, sentry_recording
from viewer.cli import main
from viewer.export.report import build_report, report_moment
from viewer.model import load_replay

CHECKOUT_ERROR = "8185f54ab396424e992dd69704e187fd"


class Outline(HTMLParser):
    """Tags, the URLs the document would load, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href", "action", "srcset")]
        self.urls += [v or "" for k, v in attrs if k == "style" and "url(" in (v or "")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def images(parser: Outline) -> list[QImage]:
    out = []
    for url in parser.urls:
        assert url.startswith("data:image/png;base64,")
        image = QImage()
        assert image.loadFromData(base64.b64decode(url.split(",", 1)[1]), "PNG")
        out.append(image)
    return out


def test_report_on_an_error(qtbot: object, tmp_path: Path) -> None:
    out = tmp_path / "bug.html"
    assert main(["export", str(sentry_recording("checkout")), "--report", str(out),
                 "--error", CHECKOUT_ERROR]) == 0
    html = out.read_text()
    page = outline(html)
    text = " ".join(page.text)
    assert "script" not in page.tags and "link" not in page.tags and "iframe" not in page.tags
    shots = images(page)  # every URL is an inline PNG: nothing loads from outside
    assert len(shots) == 3 and all(i.width() == 1280 for i in shots)
    assert shots[0] != shots[1]  # 3 s before and at the error differ
    assert "CheckoutError: Checkout failed: payment_gateway_timeout (HTTP 500)" in text
    assert CHECKOUT_ERROR in text and "7991b7794c484b2fb722e39368743c67" in text  # trace id
    assert "HTMLFormElement.<anonymous>" in text and "bundle.js:23462:21" in text  # stack
    assert "Steps to reproduce" in text and "Clicked #place-order" in text
    assert "Typed into #email (value masked)" in text
    assert "Checked input \"Category 9\"" in text and "Pressed Escape" in text
    assert "[form] checkout failed 500" in text  # console error
    assert "/data/checkout" in text and "500" in text  # failed request
    assert "HeadlessChrome 156" in text and "Linux" in text and "1280 × 800" in text
    assert "replay-corpus-app@1.0.0" in text and "http://127.0.0.1:8801/form.html" in text


def test_report_at_a_moment_without_errors(qtbot: object, tmp_path: Path) -> None:
    out = tmp_path / "moment.html"
    assert main(["export", str(CORPUS / "rrweb" / "plain.json"), "--report", str(out),
                 "--at", "00:05"]) == 0
    page = outline(out.read_text())
    text = " ".join(page.text)
    assert "Replay at 00:05.000" in text and "No error at this moment" in text
    assert len(images(page)) == 3
    assert "Clicked #add" in text


def test_default_moment_is_the_first_error_or_the_end() -> None:
    checkout = load_replay([str(sentry_recording("checkout"))])
    first = min(checkout.errors, key=lambda e: e.ts_ms)
    assert report_moment(checkout, None, None).error == first
    plain = load_replay([str(CORPUS / "rrweb" / "plain.json")])
    moment = report_moment(plain, None, None)
    assert moment.error is None and moment.t_ms == plain.end_ms
    with pytest.raises(ValueError, match="unknown error id"):
        report_moment(checkout, "deadbeef", None)


def test_recorded_markup_is_escaped() -> None:
    replay = load_replay([str(sentry_recording("checkout"))])
    html = build_report(replay, report_moment(replay, None, None), None)
    page = outline(html)
    assert page.urls == [] and "img" not in page.tags  # no pictures without a renderer
    assert "<anonymous>" not in html and "&lt;anonymous&gt;" in html


def test_hostile_recorded_strings_stay_text(tmp_path: Path) -> None:
    """Markup in console messages, page text, URLs and error texts is shown, never parsed."""
    import json

    from tests import builders as b

    evil = '<script>alert(1)</script><img src="https://evil.example/x.png" onerror="x()">'
    events = [
        b.meta(b.T0, "https://site.example/?q=" + evil), b.full_snapshot(b.T0 + 1, evil),
        {"type": 3, "timestamp": b.T0 + 100, "data": {"source": 2, "type": 2, "id": 5}},
        {"type": 5, "timestamp": b.T0 + 200, "data": {"tag": "breadcrumb", "payload": {
            "timestamp": (b.T0 + 200) / 1000, "category": "console", "level": "error",
            "message": evil, "data": {"arguments": [evil]}}}},
        {"type": 5, "timestamp": (b.T0 + 300) / 1000, "data": {"tag": "performanceSpan",
         "payload": {"op": "resource.fetch", "description": "/api/" + evil,
                     "startTimestamp": (b.T0 + 300) / 1000,
                     "endTimestamp": (b.T0 + 5000) / 1000, "data": {"statusCode": 500}}}},
        {"type": 3, "timestamp": b.T0 + 6000, "data": {"source": 1, "positions": []}},
    ]
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(events))
    replay = load_replay([str(path)])
    html = build_report(replay, report_moment(replay, None, None), None)
    page = outline(html)
    assert "script" not in page.tags and "img" not in page.tags and page.urls == []
    assert "onerror" not in "".join(page.tags)
    assert evil in " ".join(page.text)  # shown as text
