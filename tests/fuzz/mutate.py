"""Mutations of corpus recordings for fuzzing: byte-level and JSON-level, deterministic per seed."""

from __future__ import annotations

import json
import random
import zlib
from pathlib import Path
from typing import Any

from tests.conftest import CORPUS, sentry_recording
from viewer.model.codec import decompress
from viewer.model.envelope import parse_envelopes

RRWEB_PLAIN = CORPUS / "rrweb" / "plain.json"
#: Recordings to damage: tiny (4 envelopes), the bundled sample (14 segments with linked error
#: events and spans) and a plain rrweb array.
BASES = ("sentry/tiny", "sentry/checkout", "rrweb/plain")
BYTE_OPS = ("truncate", "flip", "insert", "delete")
JSON_OPS = ("drop_key", "change_type", "shuffle", "duplicate", "truncate_list", "swap_values",
            "odd_time", "item_json")
#: What "item_json" does to one envelope item (error event, span, session, replay_event).
ITEM_OPS = ("drop_key", "change_type", "shuffle", "duplicate", "truncate_list", "swap_values",
            "odd_time")
ODD_TIMES: tuple[Any, ...] = (0, -1, 1e308, -1e308, 2**64, 1e20, 9_999_999_999, 0.5, "1", None)
ODD_VALUES: tuple[Any, ...] = (None, 0, -1, 2**63, 1e308, -0.5, True, "", "x", "\u0000",
                               [], {}, [None], {"id": None}, 9_999_999_999, "<script>")


def base_files(base: str) -> dict[str, bytes]:
    """The files of a corpus recording, name → bytes."""
    if base.startswith("sentry/"):
        folder = sentry_recording(base.split("/")[1])
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    return {RRWEB_PLAIN.name: RRWEB_PLAIN.read_bytes()}


def mutate_bytes(data: bytes, op: str, rng: random.Random) -> bytes:
    """One byte-level damage: truncate, flip a few bytes, insert or delete a run."""
    if not data:
        return data
    at = rng.randrange(len(data))
    if op == "truncate":
        return data[:at]
    if op == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
        return bytes(out)
    if op == "insert":
        junk = rng.choice([b"\n", b"{", b"]", b"\x00", b'"', b",null", b"\xff\xfe", b"9" * 40])
        return data[:at] + junk + data[at:]
    return data[:at] + data[at + rng.randint(1, 64):]


def _containers(value: Any, out: list[Any]) -> list[Any]:
    if isinstance(value, dict):
        out.append(value)
        for v in value.values():
            _containers(v, out)
    elif isinstance(value, list):
        out.append(value)
        for v in value:
            _containers(v, out)
    return out


def mutate_json(value: Any, op: str, rng: random.Random) -> Any:
    """One structural damage somewhere in a JSON value (in place where possible)."""
    containers = _containers(value, [])
    if not containers:
        return rng.choice(ODD_VALUES)
    if op == "odd_time":
        timed = [c for c in containers if isinstance(c, dict)
                 and any(k in c for k in ("timestamp", "timeOffset", "startTimestamp"))]
        if timed:
            target = rng.choice(timed)
            key = rng.choice([k for k in ("timestamp", "timeOffset", "startTimestamp")
                              if k in target])
            target[key] = rng.choice(ODD_TIMES)
        return value
    lists = [c for c in containers if isinstance(c, list) and c]
    dicts = [c for c in containers if isinstance(c, dict) and c]
    if op in ("shuffle", "duplicate", "truncate_list") and lists:
        # prefer the top-level events list half of the time
        target = value if isinstance(value, list) and rng.random() < 0.5 else rng.choice(lists)
        if op == "shuffle":
            rng.shuffle(target)
        elif op == "duplicate":
            target.insert(rng.randrange(len(target) + 1), rng.choice(target))
        else:
            del target[rng.randrange(len(target)):]
        return value
    if not dicts:
        return value
    target = rng.choice(dicts)
    key = rng.choice(list(target))
    if op == "drop_key":
        del target[key]
    elif op == "swap_values" and len(dicts) > 1:
        other = rng.choice(dicts)
        okey = rng.choice(list(other))
        target[key], other[okey] = other[okey], target[key]
    else:
        target[key] = rng.choice(ODD_VALUES)
    return value


def _dumps(value: Any) -> bytes:
    return json.dumps(value, allow_nan=False).encode()


def mutate_envelope(data: bytes, op: str, rng: random.Random) -> bytes:
    """JSON damage inside an envelope's replay_recording events (or, for "item_json", in one
    other item); re-framed with a zlib body."""
    envelopes = parse_envelopes(data)
    if op == "item_json":
        return _mutate_item(envelopes, rng)
    lines: list[bytes] = []
    for envelope in envelopes:
        lines.append(_dumps(envelope.headers))
        for item in envelope.items:
            payload = item.payload
            if item.type == "replay_recording":
                nl = payload.find(b"\n")
                body, _ = decompress(payload[nl + 1:])
                events = mutate_json(json.loads(body), op, rng)
                payload = payload[: nl + 1] + zlib.compress(_dumps(events))
            elif item.type == "replay_event" and rng.random() < 0.3:
                payload = _dumps(mutate_json(json.loads(payload), op, rng))
            lines.append(_dumps({**item.headers, "length": len(payload)}))
            lines.append(payload)
    return b"\n".join(lines)


def _mutate_item(envelopes: list[Any], rng: random.Random) -> bytes:
    items = [(e, i) for e in envelopes for i in e.items if i.type != "replay_recording"]
    target = rng.choice(items)[1] if items else None
    lines: list[bytes] = []
    for envelope in envelopes:
        lines.append(_dumps(envelope.headers))
        for item in envelope.items:
            payload = item.payload
            if item is target:
                payload = _dumps(mutate_json(json.loads(payload), rng.choice(ITEM_OPS), rng))
            lines.append(_dumps({**item.headers, "length": len(payload)}))
            lines.append(payload)
    return b"\n".join(lines)


def mutate_file(name: str, data: bytes, op: str, rng: random.Random) -> bytes:
    """One op on one file; a JSON op on bytes an earlier op broke leaves them as they are."""
    if op in BYTE_OPS:
        return mutate_bytes(data, op, rng)
    try:
        if name.endswith(".bin"):
            return mutate_envelope(data, op, rng)
        return _dumps(mutate_json(json.loads(data), op, rng))
    except (ValueError, TypeError):  # JSON, envelope or codec errors are all ValueErrors
        return data


def mutated_recording(base: str, ops: list[tuple[str, int]], folder: Path) -> list[str]:
    """Write `base` with `ops` (name, seed) applied to `folder`; returns the paths to load.

    Each op damages one file chosen by its seed; a Sentry recording is loaded as its folder.
    """
    files = base_files(base)
    for op, seed in ops:
        rng = random.Random(seed)
        name = rng.choice(sorted(files))
        files[name] = mutate_file(name, files[name], op, rng)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    if base.startswith("sentry/"):
        return [str(folder)]
    return [str(folder / name) for name in files]
