"""The seek index kept on disk, so the next open of the same recording seeks at once.

A cached index is keyed by content: the recording's events (`EventList.content_digest`), the
replayer flavour, the keyframe budget and the engine's own source code (an engine that changed
may build other states, so its old keyframes are not used). Files live in the user's cache
directory (`viewer.model.cache`), never beside the inputs; one file per recording, written
atomically, checked by a hash of its payload when read. A missing, corrupt or stale file is
ignored (the index is built again), and the directory is kept under `MAX_CACHE_BYTES` by
removing the least recently used files.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import tempfile
from functools import cache
from pathlib import Path

from viewer.model import events as events_module
from viewer.model.cache import cache_root

from .seek import Keyframe, SeekIndex
from .timeline import Timeline

log = logging.getLogger("viewer.render.engine.index_cache")

FORMAT = 3
MAGIC = b"RVSEEK1\n"
MAX_CACHE_BYTES = 1 << 30


@cache
def engine_version() -> str:
    """A hash of the engine's source files, and of the model's that order the events (any
    change there invalidates old indexes)."""
    digest = hashlib.blake2b(digest_size=12)
    model = Path(events_module.__file__ or "").parent
    sources = [*Path(__file__).parent.glob("*.py"), model / "events.py", model / "segments.py"]
    for path in sorted(sources):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def index_key(content_digest: str, flavor: str, budget: int) -> str:
    """The cache key of the index of a recording whose events hash to `content_digest`."""
    text = f"{FORMAT}:{engine_version()}:{flavor}:{budget}:{content_digest}"
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def index_dir() -> Path:
    return cache_root() / "seek-index"


def load(timeline: Timeline, key: str, folder: Path | None = None) -> SeekIndex | None:
    """The cached index for `key`, or None (absent, unreadable, corrupt or not this one)."""
    path = (folder or index_dir()) / f"{key}.idx"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    index = _decode(data, timeline, key)
    if index is None:
        log.info("ignoring the cached seek index %s (corrupt or stale)", path)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept longest
    return index


def save(index: SeekIndex, key: str, folder: Path | None = None) -> Path | None:
    """Write the index for `key` (atomically); returns the file, or None when it cannot be."""
    folder = folder or index_dir()
    payload = marshal.dumps((FORMAT, key, index.budget, len(index.timeline), index.max_nodes,
                             [(k.position, k.blob) for k in index.keyframes]))
    data = MAGIC + hashlib.blake2b(payload, digest_size=32).digest() + payload
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, folder / f"{key}.idx")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(folder, keep=f"{key}.idx")
    except OSError as e:
        log.warning("cannot cache the seek index in %s: %s", folder, e)
        return None
    return folder / f"{key}.idx"


def _decode(data: bytes, timeline: Timeline, key: str) -> SeekIndex | None:
    if not data.startswith(MAGIC):
        return None
    digest, payload = data[len(MAGIC):len(MAGIC) + 32], data[len(MAGIC) + 32:]
    if hashlib.blake2b(payload, digest_size=32).digest() != digest:
        return None
    try:
        fmt, stored_key, budget, events, max_nodes, frames = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    if fmt != FORMAT or stored_key != key or events != len(timeline):
        return None
    if not isinstance(frames, list) or not frames or not isinstance(max_nodes, int):
        return None
    keyframes = []
    last = -1
    for item in frames:
        if not (isinstance(item, tuple) and len(item) == 2):
            return None
        position, blob = item
        if not isinstance(position, int) or not isinstance(blob, bytes):
            return None
        if not last < position <= events:
            return None
        keyframes.append(Keyframe(position, blob))
        last = position
    if keyframes[0].position != 0 or not isinstance(budget, int):
        return None
    return SeekIndex.restored(timeline, keyframes, budget, max_nodes)


def _prune(folder: Path, keep: str) -> None:
    """Remove the least recently used index files until the folder fits MAX_CACHE_BYTES."""
    files = []
    for path in folder.glob("*.idx"):
        try:
            st = path.stat()
        except OSError:
            continue
        files.append((st.st_mtime, st.st_size, path))
    total = sum(size for _, size, _ in files)
    for _, size, path in sorted(files):
        if total <= MAX_CACHE_BYTES:
            break
        if path.name != keep:
            path.unlink(missing_ok=True)
            total -= size
