"""Build the seek index in two parts at once: the later part in a helper process.

Building the index plays the whole recording once and freezes a keyframe now and then; in one
Python process that is one core's work (threads share one interpreter lock). When the machine
has a second core, the recording is split in two: the player's index thread builds the first
part, and a helper process (`python -m viewer.render.engine.index_worker`, no Qt) loads the
same files, checks that it reads the same events (their content digest), builds the keyframes
of the second part and sends them back. The index is then the keyframes of both.

A part must start from the exact state the whole play would have there. Two kinds of split
give it by construction:

- the start of a later page (a Meta event with the viewport size, then at once a FullSnapshot
  with a document): the snapshot drops every node, sheet and selection and the Meta sets the
  viewport and URL, which is how rrweb itself seeks into a page, so the helper starts a fresh
  engine at the Meta event. The first part checks, on reaching the split, that it carries no
  iframe document waiting for its iframe (the one state a snapshot keeps); otherwise the
  helper's part is not used;
- any point, replayed from the start (`replay_from` 0): the helper plays the events before it
  without keyframes from the same starting state. Exact, but not offered by `choose_split`:
  playing costs 0.43 of indexing, and with the helper's start (reading and parsing the whole
  recording) a helper for the 2 s first page of `long`, split anywhere from 50 to 77 %,
  finished no sooner than one build.

Whatever goes wrong in the helper (it fails, answers late, reads other events) only costs
time: the first part then goes on alone to the end.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import marshal
import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

import orjson

from viewer.model.events import EventList

from .engine import META, DomEngine
from .nodes import DOCUMENT
from .seek import DEFAULT_BUDGET, Keyframe, SeekIndex, paused_gc
from .timeline import Timeline

#: The helper process's start, in the units of the work's measure (bytes of events: indexing
#: runs at roughly 6 MB of events a second): the interpreter and imports (~0.15 s), then
#: reading and parsing the files, which grows with the recording (measured: a helper for the
#: 2 s first page of `long`, one JSON file, finished no sooner than one build).
START_COST = 1_000_000
START_SHARE = 0.15
#: The helper runs at this lower priority: when the cores are busy (the window opening,
#: Chromium drawing its first frame) they go to those first.
HELPER_NICENESS = 10
#: Use a helper only when the two parts end at least this much sooner than one build.
MIN_GAIN = 0.2
#: Below this much work (about half a second of indexing) a helper is not worth starting.
MIN_TOTAL_COST = 3_000_000


@dataclass(frozen=True)
class Split:
    """Where the helper's part starts (`position`: its first keyframe) and where its engine
    starts playing: `replay_from` (0 with the timeline's fresh engine, or a later page's Meta
    event; the part then starts just after that page's FullSnapshot)."""

    position: int
    replay_from: int

    def helper_engine(self, timeline: Timeline) -> DomEngine:
        """The engine after the first `position` events, made the way the helper makes it."""
        engine = timeline.fresh_engine() if self.replay_from == 0 else DomEngine(timeline.flavor)
        with paused_gc():
            timeline.apply_range(engine, self.replay_from, self.position)
        return engine

    def carries_over(self, builder: DomEngine) -> bool:
        """Is the first part's state at the split (`builder`) one the helper's part continues?
        A later page drops all state but iframe documents still waiting for their iframe."""
        return self.replay_from == 0 or not builder.parked_documents


def choose_split(timeline: Timeline, cpus: int | None = None,
                 min_total: float = MIN_TOTAL_COST,
                 start_cost: float | None = None) -> Split | None:
    """The later page whose start ends the index soonest with one helper, or None when one
    build is as quick (one core, a short recording, one page, no balanced page start). The
    work of a stretch of events is measured by their size in bytes (`EventList.byte_weights`,
    or the serialized size of each event when the events are plain dicts)."""
    cpus = cpus if cpus is not None else usable_cpus()
    n = len(timeline)
    if cpus < 2 or n < 2:
        return None
    events = timeline.events
    weights = (events.byte_weights() if isinstance(events, EventList)
               else [float(len(orjson.dumps(e))) for e in events])
    cumulative = [0.0, *itertools.accumulate(weights)]
    total = cumulative[-1]
    if total < min_total:
        return None
    start = START_COST + START_SHARE * total if start_cost is None else start_cost
    candidates = []
    for split in page_splits(timeline):
        before = cumulative[split.position]
        candidates.append((max(before, start + total - before), split))
    if not candidates:
        return None
    best_time, best = min(candidates, key=lambda c: c[0])
    return best if best_time <= (1 - MIN_GAIN) * total else None


def page_splits(timeline: Timeline) -> list[Split]:
    """The later pages a helper can start from a fresh engine: a Meta event that sets the
    viewport, at once followed by a FullSnapshot with a document (anything else between them
    would have been applied to the previous page's state)."""
    events = timeline.events
    out = []
    for snap in timeline.snapshots[1:]:
        page = timeline.page_start(snap)
        if page == snap - 1 and _starts_page(events[page], events[snap]):
            out.append(Split(snap + 1, page))
    return out


def _starts_page(meta: Any, snapshot: Any) -> bool:
    """A Meta event that sets the viewport, and a FullSnapshot that has a document."""
    if not (isinstance(meta, dict) and meta.get("type") == META and isinstance(snapshot, dict)):
        return False
    data, snap = meta.get("data"), snapshot.get("data")
    if not isinstance(data, dict) or not isinstance(snap, dict):
        return False
    number = (int, float)
    node = snap.get("node")
    return (isinstance(data.get("width"), number) and isinstance(data.get("height"), number)
            and isinstance(node, dict) and node.get("type") == DOCUMENT)


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build_part(timeline: Timeline, split: Split,
               budget: int = DEFAULT_BUDGET) -> tuple[list[Keyframe], int]:
    """The helper's work: the keyframes from the split to the end, and the largest DOM."""
    index = SeekIndex.starting_at(timeline, split.helper_engine(timeline), split.position,
                                  budget)
    index.build_until(len(timeline))
    return index.keyframes, index.max_nodes


# -- the helper process ------------------------------------------------------------------------

@dataclass(frozen=True)
class Request:
    files: list[str]
    flavor: str
    budget: int
    split: Split
    digest: str
    events: int

    def encode(self) -> bytes:
        return marshal.dumps((self.files, self.flavor, self.budget, self.split.position,
                              self.split.replay_from, self.digest, self.events))

    @classmethod
    def decode(cls, data: bytes) -> Request:
        files, flavor, budget, position, replay_from, digest, events = marshal.loads(data)
        return cls(list(files), str(flavor), int(budget), Split(int(position), int(replay_from)),
                   str(digest), int(events))


class Helper:
    """One helper process building the part after `request.split` (see the module doc).

    Its answer is read by a thread of its own as it comes (a full pipe would stop it), so
    `ready()` can be polled while the first part goes on."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "viewer.render.engine.index_worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._answer = b""
        self._done = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        proc = self.proc
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(self.request.encode())
            proc.stdin.close()
        except OSError:
            pass  # it died at once: its exit status says so
        try:
            self._answer = proc.stdout.read()
        finally:
            proc.wait()
            self._done.set()

    def ready(self, timeout: float = 0.0) -> bool:
        """Has it ended (waiting up to `timeout` seconds)?"""
        return self._done.wait(timeout)

    def result(self) -> tuple[list[Keyframe], int] | None:
        """Its keyframes and largest DOM once it has ended, or None (not ended, failed, or
        read other events than the player's)."""
        if not self._done.is_set() or self.proc.returncode != 0:
            return None
        try:
            digest, events, position, frames, max_nodes = marshal.loads(self._answer)
            keyframes = [Keyframe(int(p), bytes(b)) for p, b in frames]
        except (EOFError, ValueError, TypeError):
            return None
        request = self.request
        if (digest, events, position) != (request.digest, request.events,
                                          request.split.position):
            return None
        if not keyframes or keyframes[0].position != position:
            return None
        return keyframes, int(max_nodes)

    def stop(self) -> None:
        """End it now (its part is no longer wanted)."""
        if self.proc.poll() is None:
            self.proc.kill()
        self._reader.join()


def serve(stdin: IO[bytes], stdout: IO[bytes]) -> int:
    """The helper's side: read a request, build its part, write the answer."""
    from viewer.model import LoadError, load_replay  # the model, not Qt

    request = Request.decode(stdin.read())
    with contextlib.suppress(OSError, AttributeError):  # not on every platform
        os.nice(HELPER_NICENESS)  # the window (and Chromium's first frame) come first
    try:
        replay = load_replay(request.files)
    except LoadError:
        return 2
    if not isinstance(replay.events, EventList):
        return 2
    digest = replay.events.content_digest()
    timeline = Timeline(replay.events, request.flavor)
    if digest != request.digest or len(timeline) != request.events:
        stdout.write(marshal.dumps((digest, len(timeline), request.split.position, [], 0)))
        return 0
    keyframes, max_nodes = build_part(timeline, request.split, request.budget)
    frames = [(k.position, k.blob) for k in keyframes]
    stdout.write(marshal.dumps((digest, len(timeline), request.split.position, frames,
                                max_nodes)))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argparse.ArgumentParser(
        prog="python -m viewer.render.engine.index_worker",
        description="Seek index helper of replay-viewer: reads a request on standard input, "
                    "writes keyframes on standard output (used by the viewer itself).",
    ).parse_args(argv)
    return serve(sys.stdin.buffer, sys.stdout.buffer)


if __name__ == "__main__":
    sys.exit(main())
