"""PostHog recordings: export files, JSONL blobs and legacy `$snapshot` events (FORMATS.md §8.3).

Each function returns events grouped by browser window id (a recording may hold several tabs,
which must not be mixed in one document), or None when the value is not that PostHog shape.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson

from viewer.model.codec import CodecError, gunzip_text

Streams = dict[str, list[Any]]


def _window(obj: dict[str, Any]) -> str:
    for key in ("windowId", "window_id", "$window_id"):
        if isinstance(obj.get(key), str):
            return str(obj[key])
    return "default"


def export_streams(value: dict[str, Any]) -> Streams | None:
    """PostHog UI "Export to file": versions 2022-12-02 and 2023-04-28."""
    data = value.get("data")
    if not isinstance(value.get("version"), str) or not isinstance(data, dict):
        return None
    by_window = data.get("snapshotsByWindowId")
    if isinstance(by_window, dict):
        return {str(k): _flatten(v) for k, v in by_window.items() if isinstance(v, list)}
    snapshots = data.get("snapshots")
    if isinstance(snapshots, list):
        streams: Streams = {}
        for event in snapshots:
            if isinstance(event, dict):
                streams.setdefault(_window(event), []).extend(_flatten([event]))
        return streams
    return None


def jsonl_streams(lines: list[Any]) -> Streams | None:
    """Blob JSONL lines: `[windowId, event]`, `{window_id, data: [events]}` or `$snapshot`s."""
    streams: Streams = {}
    matched = False
    for line in lines:
        if isinstance(line, list) and len(line) == 2 and isinstance(line[0], str):
            streams.setdefault(line[0], []).extend(_flatten([line[1]]))
            matched = True
        elif isinstance(line, dict) and isinstance(line.get("data"), list) and (
            "window_id" in line or "windowId" in line
        ):
            streams.setdefault(_window(line), []).extend(_flatten(line["data"]))
            matched = True
        elif isinstance(line, dict) and line.get("event") == "$snapshot":
            props = line.get("properties") or {}
            streams.setdefault(_window(props), []).extend(_flatten([props.get("$snapshot_data")]))
            matched = True
        elif isinstance(line, dict) and "type" in line and "timestamp" in line:
            streams.setdefault(_window(line), []).append(line)
        else:
            return None
    return streams if matched else None


def _flatten(items: list[Any]) -> list[Any]:
    """Expand legacy gzip-base64 chunks and `$snapshot_data` arrays into plain events."""
    out: list[Any] = []
    chunks: dict[str, dict[int, str]] = {}
    for item in items:
        if isinstance(item, list):
            out.extend(_flatten(item))
        elif isinstance(item, dict) and item.get("compression") == "gzip-base64":
            for blob in item.get("data_items") or [item.get("data")]:
                out.extend(_flatten(_decode_gzip_base64(blob)))
        elif isinstance(item, dict) and "chunk_id" in item and "chunk_index" in item:
            chunks.setdefault(str(item["chunk_id"]), {})[int(item["chunk_index"])] = str(
                item.get("data", "")
            )
        elif item is not None:
            out.append(item)
    for parts in chunks.values():
        joined = "".join(parts[i] for i in sorted(parts))
        try:
            out.extend(_flatten(_as_list(orjson.loads(joined))))
        except orjson.JSONDecodeError:
            out.extend(_flatten(_decode_gzip_base64(joined)))
    return out


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _decode_gzip_base64(blob: Any) -> list[Any]:
    """base64 → gunzip → UTF-16LE JSON (legacy PostHog server storage)."""
    try:
        raw = gunzip_text(base64.b64decode(str(blob)))
        text = raw.decode("utf-16-le")
        return _as_list(orjson.loads(text))
    except (binascii.Error, CodecError, UnicodeDecodeError, orjson.JSONDecodeError) as e:
        raise CodecError(f"a PostHog gzip-base64 item does not decode ({e})") from None
