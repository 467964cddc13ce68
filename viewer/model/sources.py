"""Read replay files in any supported format and collect segments, metadata and linked events.

`collect(paths)` reads every file (or every file of a folder), undoes compression, sniffs the
format (FORMATS.md §6–8) and returns a `Collected`: recording segments plus the replay_event
metadata, error events, transactions, span items and logs found beside them. A file that cannot
be used becomes a `LoadError` when it is the only input, and a problem line otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from viewer.model import posthog
from viewer.model.codec import CodecError, compression_of, decompress
from viewer.model.envelope import EnvelopeError, looks_like_envelope, parse_envelopes
from viewer.model.errors import LoadError
from viewer.model.segments import Segment, SegmentError, segment_from_json, segment_from_list

#: Files larger than this are refused with a message instead of exhausting memory.
MAX_FILE_BYTES = 1024**3
#: All inputs together (on disk) larger than this are refused before anything is read.
MAX_TOTAL_BYTES = 1024**3
#: JSON held in memory, all inputs together, after decompression. Loading and playing need a
#: few times this (see README, "Input limits"); a plain file above it is refused unread.
MAX_JSON_BYTES = 512 * 1024**2
#: Envelope item types kept beside the recording (linked by replay id, error ids, trace ids).
LINKED_ITEM_TYPES = frozenset({"replay_event", "event", "error", "transaction", "span", "log"})
#: The key marking the manifest of a folder written by `replay-viewer fetch`.
FETCH_MANIFEST_KEY = "replay_viewer_fetch"


@dataclass(slots=True)
class LinkedEvent:
    """A Sentry event or span item found beside the replay, with its envelope's trace context."""

    payload: dict[str, Any]
    dsc: dict[str, Any]
    origin: str


@dataclass(slots=True)
class Collected:
    """Everything found in the inputs, before stitching and hydration."""

    segments: list[Segment] = field(default_factory=list)
    replay_events: list[dict[str, Any]] = field(default_factory=list)
    errors: list[LinkedEvent] = field(default_factory=list)
    transactions: list[LinkedEvent] = field(default_factory=list)
    spans: list[LinkedEvent] = field(default_factory=list)
    logs: list[LinkedEvent] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    envelope_replay_ids: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    json_bytes: int = 0  # decompressed JSON read so far (MAX_JSON_BYTES)
    fetch_status: str = ""  # what a `replay-viewer fetch` manifest says is still missing


class _Unusable(Exception):
    """A file whose whole content is unusable (message names the problem)."""


def collect(paths: list[str], require_recording: bool = True) -> Collected:
    """Read all inputs; raises LoadError when nothing replay-like can be read.

    With `require_recording` False (files given with `--events`), error events, transactions
    and spans alone are enough.
    """
    if not paths:
        raise LoadError("replay-viewer", "no input file given")
    out = Collected()
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not _ignored(p))
            if not found:
                raise LoadError(str(path), "the folder holds no files")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise LoadError(str(path), "no such file or folder")
    from_folder = len(files) > len(paths) or any(Path(p).is_dir() for p in paths)
    _check_total_size(paths, files)
    failures: list[LoadError] = []
    for path in files:
        out.inputs.append(str(path))
        try:
            _read_file(path, out)
        except _Unusable as e:
            failures.append(LoadError(str(path), str(e)))
    linked_only = out.errors or out.transactions or out.spans or out.logs
    if not out.segments and not out.replay_events and (require_recording or not linked_only):
        if failures:
            if from_folder and len(failures) > 1:
                raise LoadError(
                    ", ".join(paths), f"nothing replay-like in {len(failures)} files "
                    f"(first: {failures[0]})"
                )
            raise failures[0]
        status = f" ({out.fetch_status})" if out.fetch_status else ""
        raise LoadError(", ".join(paths), f"no replay recording found{status}")
    for failure in failures:
        out.problems.append(str(failure))
    return out


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it will say what is wrong


def _gib(size: int) -> str:
    return f"{size / 1024**3:.2f} GiB" if size >= 1024**3 else f"{size / 1024**2:.0f} MiB"


def _check_total_size(paths: list[str], files: list[Path]) -> None:
    """Refuse, before reading anything, inputs that together exceed MAX_TOTAL_BYTES."""
    if len(files) < 2:
        return  # a single file gets the per-file limit and its own message
    sizes = [_size(p) for p in files]
    total = sum(sizes)
    if total > MAX_TOTAL_BYTES:
        raise LoadError(
            ", ".join(paths), f"{len(files)} files total {_gib(total)}; at most "
            f"{_gib(MAX_TOTAL_BYTES)} of input is read at once (open fewer segments)"
        )
    plain = sum(size for path, size in zip(files, sizes, strict=True) if not _compressed(path))
    if plain > MAX_JSON_BYTES:
        raise LoadError(
            ", ".join(paths), f"{len(files)} files hold {_gib(plain)} of uncompressed data; "
            f"at most {_gib(MAX_JSON_BYTES)} of JSON is loaded (open fewer segments)"
        )


def _compressed(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return compression_of(f.read(4)) is not None
    except OSError:
        return False


def _hold_json(path: Path | str, size: int, out: Collected) -> None:
    """Count `size` bytes of JSON kept in memory; past MAX_JSON_BYTES loading stops."""
    out.json_bytes += size
    if out.json_bytes > MAX_JSON_BYTES:
        raise LoadError(
            str(path), f"the recording holds more than {_gib(MAX_JSON_BYTES)} of JSON "
            "(after decompression); larger recordings are refused to keep memory bounded "
            "(open fewer segments)"
        )


def _ignored(path: Path) -> bool:
    name = path.name
    return name.startswith(".") or name.lower() in {"readme", "readme.md", "license"}


def _read_file(path: Path, out: Collected) -> None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _Unusable(
                f"the file is {size / 1024**3:.1f} GiB; files over "
                f"{MAX_FILE_BYTES // 1024**3} GiB are refused (split it into segments)"
            )
        with open(path, "rb") as f:
            if size > MAX_JSON_BYTES and compression_of(f.read(4)) is None:
                _hold_json(path, size, out)  # plain JSON this large: refused unread
            f.seek(0)
            data = f.read()
    except OSError as e:
        raise _Unusable(f"cannot be read ({e.strerror or e})") from None
    if not data.strip():
        raise _Unusable("the file is empty")
    try:
        data, compression = decompress(data)
    except CodecError as e:
        raise _Unusable(str(e)) from None
    if compression:
        out.formats.append(compression)
    _hold_json(path, len(data), out)
    if not data.strip():
        raise _Unusable("the file is empty after decompression")
    read_bytes(data, path.name, out)


def read_bytes(data: bytes, name: str, out: Collected) -> None:
    """Sniff the format of plain (decompressed) bytes and add what they hold to `out`."""
    try:
        _sniff(data, name, out)
    except CodecError as e:
        raise _Unusable(str(e)) from None


def _sniff(data: bytes, name: str, out: Collected) -> None:
    head = data.lstrip()[:1]
    if looks_like_envelope(data):
        _read_envelope(data, name, out)
    elif _is_recording_payload(data):
        out.formats.append("replay_recording payload")
        _add_recording_payload(data, name, out, strict=True)
    elif head in (b"[", b"{"):
        _read_json(data, name, out)
    else:
        raise _Unusable("not replay data (not JSON, not a Sentry envelope)")


def _is_recording_payload(data: bytes) -> bool:
    nl = data.find(b"\n")
    line = data[: nl if nl >= 0 else len(data)]
    if not line.lstrip().startswith(b"{") or b"segment_id" not in line:
        return False
    try:
        header = orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return isinstance(header, dict) and "segment_id" in header and nl >= 0


def _add_recording_payload(payload: bytes, origin: str, out: Collected, strict: bool) -> None:
    """`{"segment_id":N}\\n<body>` with a plain, zlib or gzip body (FORMATS.md §6.3)."""
    nl = payload.find(b"\n")
    try:
        header = orjson.loads(payload[:nl]) if nl >= 0 else None
    except orjson.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or not isinstance(header.get("segment_id"), int):
        _fail(out, origin, "", "replay_recording has no {\"segment_id\": N} header line", strict)
        return
    segment_id = header["segment_id"]
    try:
        body, compression = decompress(payload[nl + 1 :])
        if compression:
            _hold_json(origin, len(body), out)
        body = _strip_video(body)
        out.segments.append(segment_from_json(body, segment_id, origin))
    except (CodecError, SegmentError) as e:
        _fail(out, origin, f"segment {segment_id}", str(e), strict)


def _strip_video(body: bytes) -> bytes:
    """Sentry storage framing: 0x00 + JSON, or 0x01 + u32 length + video + JSON (§7.1)."""
    if body[:1] == b"\x00":
        return body[1:]
    if body[:1] == b"\x01" and len(body) >= 5:
        return body[5 + int.from_bytes(body[1:5], "big") :]
    return body


def _fail(out: Collected, origin: str, label: str, problem: str, strict: bool) -> None:
    """A bad segment: fatal for a single-segment file, a listed problem otherwise."""
    message = f"{label}: {problem}" if label else problem
    if strict:
        raise _Unusable(message)
    out.problems.append(f"{origin}: {message}")


def _read_envelope(data: bytes, name: str, out: Collected) -> None:
    try:
        envelopes = parse_envelopes(data)
    except EnvelopeError as e:
        raise _Unusable(f"broken Sentry envelope: {e}") from None
    out.formats.append("sentry envelope")
    for envelope in envelopes:
        dsc = envelope.headers.get("trace") or {}
        if not isinstance(dsc, dict):
            dsc = {}
        recordings = [i for i in envelope.items if i.type == "replay_recording"]
        if recordings and isinstance(envelope.headers.get("event_id"), str):
            out.envelope_replay_ids.append(envelope.headers["event_id"])
        for number, item in enumerate(envelope.items, 1):
            origin = f"{name} item {number}"
            if item.type == "replay_recording":
                _add_recording_payload(item.payload, name, out, strict=False)
            elif item.type in LINKED_ITEM_TYPES:
                _add_item(item.type, item.payload, dsc, origin, out)
            # sessions, client reports, attachments: not part of a replay


def _add_item(kind: str, raw: bytes, dsc: dict[str, Any], origin: str, out: Collected) -> None:
    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError:
        out.problems.append(f"{origin} ({kind}): payload is not JSON")
        return
    if not isinstance(payload, dict):
        out.problems.append(f"{origin} ({kind}): payload is not a JSON object")
        return
    _add_sentry_object(kind, payload, dsc, origin, out)


def _add_sentry_object(kind: str, payload: dict[str, Any], dsc: dict[str, Any], origin: str,
                       out: Collected) -> None:
    if kind == "replay_event":
        out.replay_events.append(payload)
    elif kind == "span" or kind == "log":
        items = payload.get("items")
        if not isinstance(items, list):
            out.problems.append(f"{origin} ({kind}): no items list")
            return
        target = out.spans if kind == "span" else out.logs
        target.extend(LinkedEvent(i, dsc, origin) for i in items if isinstance(i, dict))
    elif kind == "transaction" or payload.get("type") == "transaction":
        out.transactions.append(LinkedEvent(payload, dsc, origin))
    else:
        out.errors.append(LinkedEvent(payload, dsc, origin))


def _read_json(data: bytes, name: str, out: Collected) -> None:
    stripped = data.lstrip()
    if stripped[:1] == b"[" and _first_element_is_object(stripped):
        # The common big case: one plain array of rrweb events; indexed lazily.
        try:
            out.segments.append(segment_from_json(data, None, name))
            out.formats.append("rrweb events (JSON array)")
            return
        except SegmentError:
            pass  # a wrapper such as rrweb-player pages, or bad events: the full parse says which
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as e:
        lines = [ln for ln in data.splitlines() if ln.strip()]
        if len(lines) > 1 and _is_json(lines[0]):
            _read_ndjson(lines, name, out)
            return
        raise _Unusable(f"not valid JSON ({e})") from None
    _read_value(value, name, out)


def _is_json(line: bytes) -> bool:
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True


def _first_element_is_object(data: bytes) -> bool:
    rest = data[1:].lstrip()
    return rest[:1] == b"{"


def _read_ndjson(lines: list[bytes], name: str, out: Collected) -> None:
    values: list[Any] = []
    for number, line in enumerate(lines, 1):
        try:
            values.append(orjson.loads(line))
        except orjson.JSONDecodeError as e:
            raise _Unusable(f"line {number} is not JSON ({e})") from None
    streams = posthog.jsonl_streams(values)
    if streams is not None:
        out.formats.append("PostHog JSONL")
        _add_streams(streams, name, out)
        return
    out.formats.append("rrweb events (NDJSON)")
    _add_event_list(values, None, name, out, strict=True)


def _read_value(value: Any, name: str, out: Collected) -> None:
    if isinstance(value, list):
        _read_list(value, name, out)
        return
    if not isinstance(value, dict):
        raise _Unusable("JSON holds neither events nor a known wrapper")
    streams = posthog.export_streams(value)
    if FETCH_MANIFEST_KEY in value:
        _read_fetch_manifest(value, name, out)
    elif streams is not None:
        out.formats.append("PostHog export")
        _add_streams(streams, name, out)
    elif isinstance(value.get("events"), list):
        out.formats.append("rrweb events ({\"events\": [...]})")
        _add_event_list(value["events"], None, name, out, strict=True)
        _add_wrapped_sentry(value, name, out)
    elif isinstance(value.get("data"), dict) and "count_segments" in value["data"]:
        out.formats.append("Sentry replay details")
        out.details = value["data"]
    elif value.get("type") == "replay_event":
        out.formats.append("Sentry replay_event")
        out.replay_events.append(value)
    elif "event_id" in value and ("exception" in value or value.get("type") == "transaction"
                                  or "level" in value):
        _add_sentry_object(str(value.get("type") or "event"), value, {}, name, out)
    elif isinstance(value.get("data"), list) and all(isinstance(e, dict) for e in value["data"]):
        # Sentry replays-events-meta list of errors linked to a replay
        for entry in value["data"]:
            if "id" in entry:
                linked = {"event_id": entry["id"], **entry}
                out.errors.append(LinkedEvent(linked, {}, name))
        out.formats.append("Sentry error list")
    else:
        raise _Unusable("JSON object is not a known replay format")


def _read_fetch_manifest(value: dict[str, Any], name: str, out: Collected) -> None:
    """The manifest `replay-viewer fetch` writes beside what it fetched: says if it is whole."""
    out.formats.append("replay-viewer fetch manifest")
    if value.get("complete") is True:
        return
    segments = value.get("segments")
    missing = segments.get("missing") if isinstance(segments, dict) else None
    what = f"segments {missing} are missing" if missing else "it stopped before the end"
    out.fetch_status = (f"{name}: the fetch from Sentry is incomplete ({what}); run "
                        "`replay-viewer fetch` again to finish it")
    out.problems.append(out.fetch_status)

def _add_wrapped_sentry(value: dict[str, Any], name: str, out: Collected) -> None:
    """The Sentry metadata `export --replay` writes beside its events: `replay_events` and
    the linked error events (`linked_events`)."""
    replay_events = [r for r in _list(value.get("replay_events")) if isinstance(r, dict)]
    if replay_events:
        out.formats.append("Sentry replay_event")
        out.replay_events.extend(replay_events)
    for event in _list(value.get("linked_events")):
        if isinstance(event, dict) and "event_id" in event:
            _add_sentry_object(str(event.get("type") or "event"), event, {}, name, out)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _read_list(value: list[Any], name: str, out: Collected) -> None:
    if not value:
        raise _Unusable("the JSON array is empty (no events)")
    if isinstance(value[0], list):
        out.formats.append("Sentry recording-segments download")
        for segment_id, events in enumerate(value):
            if events != []:  # a missing blob is served as []
                _add_event_list(events, segment_id, name, out, strict=len(value) == 1)
        return
    if all(isinstance(v, dict) and isinstance(v.get("events"), list) for v in value):
        out.formats.append("rrweb-player pages")
        events = [e for page in value for e in page["events"]]
        _add_event_list(events, None, name, out, strict=True)
        return
    if isinstance(value[0], str):
        out.formats.append("@rrweb/packer")
    else:
        out.formats.append("rrweb events (JSON array)")
    _add_event_list(value, None, name, out, strict=True)


def _add_event_list(values: Any, segment_id: int | None, origin: str, out: Collected,
                    strict: bool) -> None:
    label = "" if segment_id is None else f"segment {segment_id}"
    if not isinstance(values, list):
        _fail(out, origin, label, "is not an array of events", strict)
        return
    try:
        out.segments.append(segment_from_list(values, segment_id, origin))
    except SegmentError as e:
        _fail(out, origin, label, str(e), strict)


def _add_streams(streams: dict[str, list[Any]], name: str, out: Collected) -> None:
    if not streams:
        raise _Unusable("PostHog file holds no snapshots")
    ranked = sorted(streams.items(), key=lambda kv: -len(kv[1]))
    window, events = ranked[0]
    if len(ranked) > 1:
        out.problems.append(
            f"{name}: {len(ranked)} browser windows recorded; showing window {window} "
            f"({len(events)} events), {len(ranked) - 1} other window(s) left out"
        )
    _add_event_list(events, None, name, out, strict=True)

