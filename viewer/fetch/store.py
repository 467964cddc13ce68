"""The folder a fetch writes: one file per segment, replay details, error events, traces and a
manifest; every file lands complete (temp file + rename), the manifest last."""

from __future__ import annotations

import os
import re
import threading
import zlib
from pathlib import Path
from typing import Any

import orjson

from viewer.fetch.errors import FetchError
from viewer.model.sources import FETCH_MANIFEST_KEY

MANIFEST = "manifest.json"
#: The manifest's format marker (and version); the viewer recognises a fetched folder by it.
MANIFEST_KEY = FETCH_MANIFEST_KEY
MANIFEST_VERSION = 1
DETAILS = "replay.json"
SEGMENTS = "segments"
ERRORS = "errors"
TRACES = "traces"
_SEGMENT_NAME = re.compile(r"^(\d{6,})\.replay_recording$")
_EVENT_NAME = re.compile(r"^([0-9a-f]{32})\.json$")
_TRACE_NAME = re.compile(r"^([0-9a-f]{32})\.envelope$")


def segment_payload(segment_id: int, body: bytes, compress: bool = True) -> bytes:
    """A `replay_recording` payload: `{"segment_id":N}` line + body (zlib, as the SDK sends)."""
    header = orjson.dumps({"segment_id": segment_id})
    return header + b"\n" + (zlib.compress(body, 1) if compress else body)


class FetchFolder:
    """A fetched replay's folder. Names starting with a dot (temp files) are ignored by loaders."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._serial = 0

    @classmethod
    def claim(cls, path: Path, replay_id: str) -> FetchFolder:
        """The folder for `replay_id`: new, empty, or an earlier fetch of the same replay."""
        if path.exists() and not path.is_dir():
            raise FetchError(f"{path} exists and is not a folder")
        folder = cls(path)
        if path.is_dir() and any(p for p in path.iterdir() if not p.name.startswith(".")):
            manifest = folder.read_manifest()
            if manifest is None:
                raise FetchError(f"{path} is not empty and holds no earlier fetch; "
                                 "choose another folder with -o")
            if manifest.get("replay_id") != replay_id:
                raise FetchError(f"{path} holds another replay ({manifest.get('replay_id')}); "
                                 "choose another folder with -o")
        try:
            for sub in (SEGMENTS, ERRORS, TRACES):
                (path / sub).mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise FetchError(f"cannot create {path}: {e.strerror or e}") from None
        folder.remove_temps()
        return folder

    def remove_temps(self) -> None:
        for sub in ("", SEGMENTS, ERRORS, TRACES):
            directory = self.path / sub
            if directory.is_dir():
                for p in directory.glob(".*.tmp"):
                    p.unlink(missing_ok=True)

    def write(self, relative: str, data: bytes, sync: bool = False) -> Path:
        """Write a file whole: to a hidden temp file first, then renamed into place."""
        target = self.path / relative
        with self._lock:
            self._serial += 1
            serial = self._serial
        temp = target.with_name(f".{target.name}.{os.getpid()}.{serial}.tmp")
        try:
            with open(temp, "wb") as f:
                f.write(data)
                if sync:
                    f.flush()
                    os.fsync(f.fileno())
            os.replace(temp, target)
        except OSError as e:
            temp.unlink(missing_ok=True)
            raise FetchError(f"cannot write {target}: {e.strerror or e}") from None
        return target

    def write_segment(self, segment_id: int, body: bytes, compress: bool = True) -> Path:
        name = f"{SEGMENTS}/{segment_id:06d}.replay_recording"
        return self.write(name, segment_payload(segment_id, body, compress))

    def segment_ids(self) -> set[int]:
        return {int(m.group(1)) for p in _names(self.path / SEGMENTS)
                if (m := _SEGMENT_NAME.match(p))}

    def error_ids(self) -> set[str]:
        return {m.group(1) for p in _names(self.path / ERRORS) if (m := _EVENT_NAME.match(p))}

    def trace_ids(self) -> set[str]:
        return {m.group(1) for p in _names(self.path / TRACES) if (m := _TRACE_NAME.match(p))}

    def write_json(self, relative: str, value: Any, sync: bool = False) -> Path:
        return self.write(relative, orjson.dumps(value, option=orjson.OPT_INDENT_2), sync)

    def read_manifest(self) -> dict[str, Any] | None:
        try:
            value = orjson.loads((self.path / MANIFEST).read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None
        return value if isinstance(value, dict) and MANIFEST_KEY in value else None

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        self.write_json(MANIFEST, {MANIFEST_KEY: MANIFEST_VERSION, **manifest}, sync=True)


def _names(directory: Path) -> list[str]:
    try:
        return [p.name for p in directory.iterdir()]
    except OSError:
        return []
