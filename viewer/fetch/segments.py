"""Download a replay's recording segments: `recording-segments/?download` pages in parallel
(Sentry's `cursor=0:OFFSET:0` pagination), one file per segment, skipping what is on disk."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

import orjson
import simdjson

from viewer.fetch.client import SentryClient, api_path
from viewer.fetch.errors import FetchError
from viewer.fetch.store import FetchFolder
from viewer.model.codec import CodecError, decompress
from viewer.model.segments import SegmentError, segment_from_json

#: Sentry's largest page (and the web UI's choice).
PER_PAGE = 100
#: Link cursors are not followed past this many segments (an hour-long replay has ~700).
MAX_SEGMENTS = 20_000
RETENTION_HINT = "the replay was deleted or is past Sentry's retention (90 days)"
_LINK_PART = re.compile(r'<[^>]*>((?:\s*;\s*[\w-]+\s*=\s*"[^"]*")*)')
_LINK_ATTR = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')


@dataclass(slots=True)
class SegmentReport:
    """What the segment download did; `error` is set when it stopped early."""

    expected: int
    present: set[int] = field(default_factory=set)
    fetched: int = 0
    server_total: int | None = None  # when Sentry holds fewer segments than the details say
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: FetchError | None = None

    @property
    def total(self) -> int:
        return self.expected if self.server_total is None else self.server_total

    @property
    def missing(self) -> list[int]:
        return sorted(set(range(self.total)) - self.present)


@dataclass(slots=True)
class _Page:
    offset: int
    count: int
    next_offset: int | None
    more: bool


def next_cursor(link: str | None) -> tuple[int | None, bool]:
    """(offset, results) of the `rel="next"` cursor in a Link header. Only the cursor is used,
    never the link's URL (it may name another host than the one the token is for)."""
    for match in _LINK_PART.finditer(link or ""):
        attrs = dict(_LINK_ATTR.findall(match.group(1)))
        if attrs.get("rel") != "next":
            continue
        fields = attrs.get("cursor", "").split(":")
        offset = int(fields[1]) if len(fields) == 3 and fields[1].isdigit() else None
        return offset, attrs.get("results") == "true"
    return None, False


class SegmentDownload:
    """One replay's segments into `folder`; progress(done, total) after every page."""

    def __init__(self, client: SentryClient, folder: FetchFolder, org: str, project: str,
                 replay_id: str, expected: int, *, per_page: int = PER_PAGE, workers: int = 4,
                 progress: Callable[[int, int], None] | None = None) -> None:
        self.client = client
        self.folder = folder
        self.path = api_path("projects", org, project, "replays", replay_id,
                             "recording-segments")
        self.replay_id = replay_id
        self.per_page = max(1, min(per_page, PER_PAGE))
        self.workers = max(1, workers)
        self.progress = progress
        self.report = SegmentReport(expected, folder.segment_ids())
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def run(self) -> SegmentReport:
        report = self.report
        offsets = [o for o in range(0, report.expected, self.per_page) if not self._covered(o)]
        if report.expected == 0:
            offsets = [0]  # the details may lag behind: ask anyway
        self._tell()
        planned: dict[int, Future[_Page | None]] = {}
        pool = ThreadPoolExecutor(self.workers, thread_name_prefix="fetch-segments")
        try:
            pending: set[Future[_Page | None]] = set()
            for offset in offsets:
                planned[offset] = pool.submit(self._page, offset)
                pending.add(planned[offset])
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    try:
                        page = future.result()
                    except FetchError as e:
                        report.error = report.error or e
                        self._stop.set()
                        continue
                    if page is None:
                        continue
                    self._after(page)
                    following = page.next_offset
                    if (page.more and page.count and following is not None
                            and page.offset < following < MAX_SEGMENTS
                            and following not in planned and not self._stop.is_set()
                            and not self._covered(following)):
                        planned[following] = pool.submit(self._page, following)
                        pending.add(planned[following])
        except BaseException:  # Ctrl-C: let running requests end, start no new ones
            self._stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        return report

    def _covered(self, offset: int) -> bool:
        end = min(offset + self.per_page, self.report.expected)
        return offset < end and all(i in self.report.present for i in range(offset, end))

    def _tell(self) -> None:
        if self.progress is not None:
            report = self.report
            self.progress(len(report.present), max(report.total, len(report.present)))

    def _after(self, page: _Page) -> None:
        report = self.report
        wanted = min(self.per_page, report.expected - page.offset)
        if not page.more and page.count < wanted and report.server_total is None:
            report.server_total = page.offset + page.count
            report.notes.append(
                f"Sentry lists {report.server_total} segments, the replay details "
                f"{report.expected}: segments {report.server_total}–{report.expected - 1} "
                "are not on the server")
        self._tell()

    def _page(self, offset: int) -> _Page | None:
        if self._stop.is_set():
            return None
        last = offset + self.per_page - 1
        response = self.client.get(
            self.path, [("download", "true"), ("per_page", str(self.per_page)),
                        ("cursor", f"0:{offset}:0")],
            what=f"segments {offset}–{last} of replay {self.replay_id}", scope="project:read",
            not_found=RETENTION_HINT)
        following, more = next_cursor(response.headers.get("link"))
        try:
            segments = split_page(response.body)
        except ValueError:
            count = self._one_by_one(offset)  # one broken segment breaks the page: isolate it
            return _Page(offset, count, following, more)
        if segments is None:
            raise FetchError(f"segments {offset}–{last}: Sentry's answer is not a list of "
                             "segments")
        for index, body in enumerate(segments):
            self._store(offset + index, body)
        return _Page(offset, len(segments), following, more)

    def _store(self, segment_id: int, body: bytes, kept_as_received: bool = False) -> None:
        problem = _check(segment_id, body)
        self.folder.write_segment(segment_id, body, compress=not kept_as_received)
        with self._lock:
            if problem:
                where = "as received " if kept_as_received else ""
                self.report.problems.append(f"{problem} (kept {where}in segments/)")
            elif body.strip() == b"[]":
                self.report.notes.append(f"segment {segment_id}: Sentry has no data for it")
            self.report.present.add(segment_id)
            self.report.fetched += 1

    def _one_by_one(self, offset: int) -> int:
        """Fetch a page's segments singly (`recording-segments/N/?download`); an undecodable
        one is kept as received and listed as a problem. Returns how many Sentry has."""
        count = 0
        end = offset + self.per_page
        if self.report.expected > offset:
            end = min(end, self.report.expected)
        for segment_id in range(offset, end):
            if self._stop.is_set():
                break
            response = self.client.get(
                self.path + api_path(str(segment_id)), [("download", "true")],
                what=f"segment {segment_id} of replay {self.replay_id}", scope="project:read",
                allow=(404,))
            if response.status == 404:
                break
            count += 1
            data = _unframe(response.body)
            self._store(segment_id, data if data is not None else response.body,
                        kept_as_received=data is None or _check(segment_id, data) is not None)
        return count


def split_page(body: bytes) -> list[bytes] | None:
    """A `?download` page (an array of segment arrays) as each segment's own JSON text, split
    by simdjson without building Python objects; None when it is not an array. Raises
    ValueError when the page is not valid JSON."""
    parser = simdjson.Parser()
    doc = parser.parse(body)
    try:
        if not isinstance(doc, simdjson.Array):
            return None
        return [_json_text(item) for item in doc]
    finally:
        del doc


def _json_text(item: object) -> bytes:
    if isinstance(item, (simdjson.Array, simdjson.Object)):
        mini = item.mini
        return mini if isinstance(mini, bytes) else mini.encode()
    return orjson.dumps(item)


def _unframe(body: bytes) -> bytes | None:
    """A single segment as served: plain, zlib or gzip JSON, maybe behind Sentry's storage
    framing byte (0x00, or 0x01 + length + video); None when it cannot be inflated."""
    try:
        data, _ = decompress(body)
    except CodecError:
        return None
    if data[:1] == b"\x00":
        return data[1:]
    if data[:1] == b"\x01" and len(data) >= 5:
        return data[5 + int.from_bytes(data[1:5], "big") :]
    return data


def _check(segment_id: int, body: bytes) -> str | None:
    """The problem the viewer will have with a segment (its own reader decides), if any."""
    try:
        segment_from_json(body, segment_id, "fetch")
    except SegmentError as e:
        return f"segment {segment_id}: cannot be decoded ({e})"
    return None
