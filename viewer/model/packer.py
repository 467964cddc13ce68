"""`@rrweb/packer` strings and PostHog's per-event compression (FORMATS.md §8.2, §8.3)."""

from __future__ import annotations

import zlib
from typing import Any

import orjson

from viewer.model.codec import CodecError, gunzip_text

PACKER_VERSION = "v1"
#: PostHog event-level compression marker and the fields it compresses, per event shape.
POSTHOG_CV = "2024-10"
_POSTHOG_MUTATION_FIELDS = ("adds", "removes", "texts", "attributes")
_POSTHOG_STYLESHEET_FIELDS = ("adds", "removes")


def unpack_string(text: str) -> dict[str, Any]:
    """Unpack one packer string (latin-1 chars of zlib bytes) or a JSON-encoded event string."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            value = orjson.loads(stripped)
        except orjson.JSONDecodeError:
            value = None
        if isinstance(value, dict) and "timestamp" in value:
            return value
    try:
        raw = zlib.decompress(text.encode("latin-1"))
    except (UnicodeEncodeError, zlib.error) as e:
        raise CodecError(f"a packed event does not decompress ({e})") from None
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise CodecError("a packed event is not JSON after decompression") from None
    if not isinstance(value, dict):
        raise CodecError("a packed event is not a JSON object")
    version = value.pop("v", None)
    if version != PACKER_VERSION:
        raise CodecError(f"packed with an unsupported packer version {version!r}")
    return value


def _gunzip_json(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return orjson.loads(gunzip_text(value.encode("latin-1")))


def decompress_posthog_event(event: dict[str, Any]) -> dict[str, Any]:
    """Undo PostHog's `cv: "2024-10"` per-field gzip; other events pass through unchanged."""
    if event.get("cv") != POSTHOG_CV:
        return event
    event = dict(event)
    del event["cv"]
    data = event.get("data")
    try:
        if event.get("type") == 2 and isinstance(data, str):
            event["data"] = _gunzip_json(data)
        elif event.get("type") == 3 and isinstance(data, dict):
            source = data.get("source")
            fields = _POSTHOG_MUTATION_FIELDS if source == 0 else (
                _POSTHOG_STYLESHEET_FIELDS if source == 8 else ())
            event["data"] = {k: (_gunzip_json(v) if k in fields else v) for k, v in data.items()}
    except (CodecError, orjson.JSONDecodeError, UnicodeEncodeError) as e:
        raise CodecError(f"a PostHog-compressed event does not decode ({e})") from None
    return event
