"""Sentry envelope framing: a header line, then items of header line + payload (FORMATS §6.1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

#: Keys of an envelope header; one of them marks the first line as an envelope.
ENVELOPE_HEADER_KEYS = frozenset({"event_id", "sent_at", "dsn", "sdk", "trace"})


class EnvelopeError(ValueError):
    """The bytes start like an envelope but break its framing."""


@dataclass(frozen=True, slots=True)
class EnvelopeItem:
    """One item: its header (always has `type`) and raw payload bytes."""

    type: str
    headers: dict[str, Any]
    payload: bytes


@dataclass(frozen=True, slots=True)
class Envelope:
    headers: dict[str, Any]
    items: list[EnvelopeItem]


def _first_line(data: bytes, start: int = 0) -> tuple[bytes, int]:
    nl = data.find(b"\n", start)
    if nl < 0:
        return data[start:], len(data)
    return data[start:nl], nl + 1


def _json_object(line: bytes) -> dict[str, Any] | None:
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def looks_like_envelope(data: bytes) -> bool:
    """A JSON-object first line with envelope header keys, followed by an item header line."""
    line, rest = _first_line(data)
    header = _json_object(line)
    if header is None or not (ENVELOPE_HEADER_KEYS & header.keys()) or "segment_id" in header:
        return False
    item_line, _ = _first_line(data, rest)
    item = _json_object(item_line)
    return item is not None and isinstance(item.get("type"), str)


def parse_envelopes(data: bytes) -> list[Envelope]:
    """Split one envelope, or several written one after another, into items.

    Every declared `length` is checked; a line that is an envelope header (not an item header)
    starts the next envelope.
    """
    line, pos = _first_line(data)
    headers = _json_object(line)
    if headers is None:
        raise EnvelopeError("the envelope header is not a JSON object")
    envelopes = [Envelope(headers, [])]
    items = envelopes[0].items
    end = len(data)
    while pos < end:
        line, nxt = _first_line(data, pos)
        if not line.strip():
            pos = nxt
            continue
        index = len(items) + 1
        item_header = _json_object(line)
        if (item_header is not None and "type" not in item_header
                and ENVELOPE_HEADER_KEYS & item_header.keys()):
            envelopes.append(Envelope(item_header, []))
            items = envelopes[-1].items
            pos = nxt
            continue
        if item_header is None or not isinstance(item_header.get("type"), str):
            raise EnvelopeError(f"item {index}: the item header is not a JSON object with a type")
        kind = item_header["type"]
        length = item_header.get("length")
        if length is not None:
            if not isinstance(length, int) or isinstance(length, bool) or length < 0:
                raise EnvelopeError(f"item {index} ({kind}): invalid length {length!r}")
            if nxt + length > end:
                raise EnvelopeError(
                    f"item {index} ({kind}): declares length {length} but only "
                    f"{end - nxt} bytes remain (truncated file or wrong length)"
                )
            payload = data[nxt : nxt + length]
            pos = nxt + length
            if pos < end:
                if data[pos : pos + 1] != b"\n":
                    raise EnvelopeError(
                        f"item {index} ({kind}): declared length {length} does not end "
                        "at a line break (wrong length)"
                    )
                pos += 1
        else:
            payload, pos = _first_line(data, nxt)
        items.append(EnvelopeItem(kind, item_header, payload))
    return envelopes
