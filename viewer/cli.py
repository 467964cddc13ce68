"""The `replay-viewer` command line: open (default), info, dom, snapshot, fetch, export, bench,
inspect, diff."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import orjson

from viewer.model import LoadError, deepjson

if TYPE_CHECKING:
    from viewer.model import Replay

log = logging.getLogger("viewer.cli")
PROG = "replay-viewer"
COMMANDS = ("open", "info", "dom", "snapshot", "fetch", "export", "bench", "inspect", "diff")
#: Exit statuses: 2 for unusable input or bad arguments (as argparse does), 1 for our bugs.
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


def sample_path() -> Path:
    """The recording bundled with the project (opened when no file is given)."""
    return Path(__file__).resolve().parent.parent / "sample_replays" / "checkout"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Offline viewer for Sentry Session Replay and rrweb "
                     "recordings. Without a command, opens the viewer window; given a Sentry "
                     "replay or issue-event URL, fetches it (see `fetch`) and opens it there.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def inputs(p: argparse.ArgumentParser, required: bool = True) -> None:
        p.add_argument("files", nargs="+" if required else "*", metavar="FILE",
                       help="recording files or folders (segments, envelopes); together one replay")
        p.add_argument("--events", action="append", default=[], metavar="FILE",
                       help="Sentry error/transaction events to link (JSON or envelopes)")

    def moment(p: argparse.ArgumentParser) -> None:
        which = p.add_mutually_exclusive_group()  # one moment: both together is refused
        which.add_argument("--at", metavar="TIME",
                           help="01:23.456, 83.4s, 1500ms, epoch ms, or a Sentry URL with ?t=")
        which.add_argument("--error", metavar="EVENT_ID",
                           help="a second before this error event")

    p_open = sub.add_parser("open", help="open the viewer window (the default command)")
    inputs(p_open, required=False)
    moment(p_open)
    p_open.add_argument("--allow-remote-assets", action="store_true",
                        help="let the replay fetch images, fonts and stylesheets it references")
    p_open.add_argument("--exit-after-first-frame", action="store_true", help=argparse.SUPPRESS)

    p_info = sub.add_parser("info", help="print what a replay holds")
    inputs(p_info)
    p_info.add_argument("--json", action="store_true", help="print one JSON object")

    p_dom = sub.add_parser("dom", help="print the rebuilt DOM at given moments (domdump JSON)")
    inputs(p_dom)
    p_dom.add_argument("--at-ms", type=float, action="append", required=True, metavar="T",
                       help="epoch milliseconds (repeatable)")
    p_dom.add_argument("--engine", choices=("model", "web"), default="web",
                       help="web (default): the document as rendered in the offscreen web view; "
                       "model: the Python engine's state")
    p_dom.add_argument("--flavor", choices=("auto", "sentry", "rrweb"), default="auto",
                       help="whose replayer to follow where Sentry's rrweb fork and upstream "
                       "rrweb differ (auto: Sentry's for Sentry recordings)")

    p_snap = sub.add_parser("snapshot", help="render one moment to a PNG, headless")
    inputs(p_snap)
    moment(p_snap)
    p_snap.add_argument("-o", "--output", required=True, metavar="PNG")
    p_snap.add_argument("--width", type=int, default=1280, help="image width (replay only)")
    p_snap.add_argument("--window", action="store_true",
                        help="render the whole main window, not only the replay")

    p_fetch = sub.add_parser(
        "fetch", help="download a replay, its error events and traces from Sentry into a folder",
        description="Download a replay from Sentry's API (segments, replay details, linked error "
        "events, trace spans) into a folder the viewer opens; a second run fetches only what "
        "is missing. Prints the folder.")
    p_fetch.add_argument("url", metavar="URL",
                         help="a Sentry replay URL (…/replays/ID/?t=83), an issue-event URL "
                         "(…/issues/ID/events/EVENT_ID/), or a replay id with --org")
    p_fetch.add_argument("--token", help="Sentry auth token (default: SENTRY_AUTH_TOKEN, then "
                         "`[auth] token` in ~/.sentryclirc); needs org:read, project:read, "
                         "event:read")
    p_fetch.add_argument("--org", help="organization slug when the URL names none (default: "
                         "SENTRY_ORG, then ~/.sentryclirc)")
    p_fetch.add_argument("--url", dest="base_url", metavar="BASE_URL",
                         help="Sentry's address for a bare replay id (default: SENTRY_URL, then "
                         "~/.sentryclirc, then https://sentry.io)")
    p_fetch.add_argument("-o", "--output", metavar="DIR", help="folder to write (default: "
                         "~/.cache/replay-viewer/replays/REPLAY_ID, honouring XDG_CACHE_HOME)")
    p_fetch.add_argument("--open", action="store_true",
                         help="then open the viewer at the URL's ?t=, or a second before the "
                         "issue's error")
    moment(p_fetch)
    p_fetch.add_argument("--allow-remote-assets", action="store_true",
                         help="with --open: let the replay fetch images, fonts and stylesheets")
    p_fetch.add_argument("--refresh", action="store_true",
                         help="ask Sentry again even when the finished replay is fully fetched")
    p_fetch.add_argument("--no-traces", action="store_true", help="do not fetch trace spans")
    p_fetch.add_argument("--workers", type=int, default=4, choices=range(1, 9), metavar="N",
                         help="parallel requests, 1–8 (default 4)")
    p_fetch.add_argument("--per-page", type=int, default=100, choices=range(1, 101),
                         metavar="N", help="segments per request, 1–100 (default and Sentry's "
                         "maximum: 100)")

    p_bench = sub.add_parser("bench", help="measure opening and seeking in a recording "
                             "(first frame, seek index, visible seeks), headless")
    inputs(p_bench)
    p_bench.add_argument("--seeks", type=int, default=30, metavar="N",
                         help="random moments to seek to (default 30)")
    p_bench.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    p_bench.add_argument("--runs", type=int, default=3, metavar="N",
                         help="first-frame runs, each a fresh process (default 3; 0: skip)")
    p_bench.add_argument("--json", action="store_true", help="print one JSON object")

    p_export = sub.add_parser("export", help="write a bug report, HAR, Playwright spec, "
                              "trimmed replay or video (see README, Export)")
    inputs(p_export)
    artifact = p_export.add_mutually_exclusive_group(required=True)
    artifact.add_argument("--report", metavar="OUT.html", help="self-contained HTML bug report")
    artifact.add_argument("--har", metavar="OUT.har", help="HAR 1.2 of the network requests")
    artifact.add_argument("--playwright", metavar="OUT.spec.ts", help="@playwright/test spec")
    artifact.add_argument("--replay", metavar="OUT.json", help="trimmed replay of the range")
    artifact.add_argument("--video", metavar="OUT.mp4|OUT.webm",
                          help="video of the range as it plays (H.264 MP4 or VP9 WebM)")
    moment(p_export)
    p_export.add_argument("--from", dest="start", metavar="TIME", help="range start (TIME)")
    p_export.add_argument("--to", dest="end", metavar="TIME", help="range end (TIME)")
    p_export.add_argument("--redact", metavar="KINDS", default="",
                          help="comma-separated: text,inputs,urls,network-bodies (or all)")
    video = p_export.add_argument_group("video")
    video.add_argument("--speed", type=float, metavar="X", help="replay speed, 0.25–16 (1)")
    video.add_argument("--width", type=int, metavar="W", help="pixels wide, 160–3840 (1280)")
    video.add_argument("--fps", type=int, metavar="N", help="frames per second, 1–60 (10)")
    video.add_argument("--keep-inactivity", action="store_true",
                       help="play inactive stretches instead of cutting them")

    p_inspect = sub.add_parser("inspect", help="a DOM node at a moment and every event that "
                               "touched it (its history)")
    inputs(p_inspect)
    moment(p_inspect)
    p_inspect.add_argument("--node", type=int, required=True, metavar="ID", help="rrweb node id")
    p_inspect.add_argument("--via", action="store_true",
                           help="also list removals that reached the node through an ancestor")
    p_inspect.add_argument("--json", action="store_true", help="print one JSON object")

    p_diff = sub.add_parser("diff", help="what changed in the DOM between two moments")
    inputs(p_diff)
    p_diff.add_argument("--from", dest="from_time", required=True, metavar="TIME",
                        help="moment A (every TIME form --at accepts)")
    p_diff.add_argument("--to", dest="to_time", required=True, metavar="TIME", help="moment B")
    p_diff.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def load(files: Sequence[str], events: Sequence[str] = ()) -> Replay:
    """Load a replay, turning any failure into a LoadError naming the input."""
    try:
        from viewer.model import load_replay  # after `open` has started the web view

        return load_replay(list(files), list(events))
    except LoadError:
        raise
    except (MemoryError, RecursionError) as e:
        raise LoadError(", ".join(files),
                        f"too large or too deeply nested ({type(e).__name__})") from None
    except Exception as e:  # a bug, but the user still gets one line, never a traceback
        if os.environ.get("REPLAY_VIEWER_DEBUG"):
            raise
        log.debug("unexpected error while loading", exc_info=True)
        raise LoadError(", ".join(files), f"cannot be read ({type(e).__name__}: {e})") from None


def cmd_info(args: argparse.Namespace) -> int:
    from viewer.model.summary import render_text, summarize

    summary = summarize(load(args.files, args.events))
    if args.json:
        sys.stdout.write(orjson.dumps(summary, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        sys.stdout.write(render_text(summary) + "\n")
    return 0


def cmd_dom(args: argparse.Namespace) -> int:
    replay = load(args.files, args.events)
    flavor = replay.recorder if args.flavor == "auto" else args.flavor
    if args.engine == "web":
        from viewer.render.engine.canvas import uses_webgl
        from viewer.ui.app import application

        application(headless=True, webgl=uses_webgl(replay.events))
        from viewer.render.headless import web_dumps

        dumps = web_dumps(replay, args.at_ms, flavor)
    else:
        from viewer.render.engine import dom_dumps

        dumps = dom_dumps(replay.events, args.at_ms, flavor)
    sys.stdout.write(deepjson.dumps({"dumps": dumps}) + "\n")  # deep pages too
    return 0


def moment_of(replay: Replay, args: argparse.Namespace) -> float | None:
    """The epoch ms asked for with --at or --error (None when neither was given)."""
    from viewer.model.timeparse import clamp_to_replay, error_moment, parse_time

    try:
        if getattr(args, "error", None):
            return error_moment(replay, args.error)
        if getattr(args, "at", None):
            return clamp_to_replay(replay, parse_time(args.at, replay.start_ms))
    except ValueError as e:
        raise UsageError(str(e)) from None
    return None


class UsageError(Exception):
    """A bad argument value (exit status 2, like argparse)."""


def cmd_snapshot(args: argparse.Namespace) -> int:
    replay = load(args.files, args.events)
    t = moment_of(replay, args)
    t = replay.start_ms if t is None else t
    from viewer.render.engine.canvas import uses_webgl
    from viewer.ui.app import application

    application(headless=True, webgl=uses_webgl(replay.events))
    if args.window:
        from viewer.ui.main_window import render_window

        image = render_window(replay, args.files, t)
    else:
        from viewer.render.headless import snapshot_view

        image = snapshot_view(replay, t, args.width)
    if image.isNull() or not image.save(args.output):
        raise UsageError(f"cannot write {args.output}")
    sys.stderr.write(f"{PROG}: wrote {args.output} ({image.width()}×{image.height()})\n")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from viewer.export.job import ARTIFACTS, ExportRequest, check_request, run_export
    from viewer.export.output import ExportError, OutputError
    from viewer.export.redact import Redaction
    from viewer.model.timeparse import clamp_to_replay, parse_time

    artifact = next(a for a in ARTIFACTS if getattr(args, a, None))
    if artifact != "report" and (args.at or args.error):
        raise UsageError("--at and --error choose the bug report's moment; "
                         "use --from/--to for a range")
    if artifact == "report" and (args.start or args.end):
        raise UsageError("the bug report is about one moment: choose it with --at or --error")
    given = [f"--{o.replace('_', '-')}" for o in ("speed", "width", "fps", "keep_inactivity")
             if getattr(args, o) not in (None, False)]
    if artifact != "video" and given:
        raise UsageError(f"{', '.join(given)}: only for --video")
    try:
        redaction = Redaction.parse(args.redact)
    except ValueError as e:
        raise UsageError(str(e)) from None
    replay = load(args.files, args.events)
    try:
        start = parse_time(args.start, replay.start_ms) if args.start else None
        end = parse_time(args.end, replay.start_ms) if args.end else None
        at = clamp_to_replay(replay, parse_time(args.at, replay.start_ms)) if args.at else None
    except ValueError as e:
        raise UsageError(str(e)) from None
    from viewer.export.video_plan import VideoSettings

    video = VideoSettings(fps=10 if args.fps is None else args.fps,
                          width=1280 if args.width is None else args.width,
                          speed=1.0 if args.speed is None else args.speed,
                          cut_inactivity=not args.keep_inactivity)
    request = ExportRequest(artifact, getattr(args, artifact), start, end, args.error, at,
                            redaction, video)
    try:
        check_request(replay, request)  # bad input fails before Qt starts
        if artifact in ("report", "video"):  # pictures: Qt, the export in a worker thread
            from viewer.ui.app import application

            application(headless=True)
            from viewer.ui.export_runner import StderrProgress, run_blocking

            result = run_blocking(replay, request, StderrProgress(PROG, sys.stderr,
                                                                  time.monotonic))
        else:
            result = run_export(replay, request,
                                progress=lambda step, *_: log.info("%s", step))
    except OutputError as e:
        raise UsageError(str(e)) from None
    except ExportError as e:
        raise UsageError(f"{', '.join(args.files)}: {e}") from None
    sys.stderr.write(f"{PROG}: wrote {result.path} ({result.summary}, {result.size:,} bytes)\n")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    if args.seeks < 0 or args.runs < 0:
        raise UsageError("--seeks and --runs must not be negative")
    replay = load(args.files, args.events)
    from viewer.ui.app import application

    application(headless=True)
    from viewer.ui.bench import render_text, run_bench

    result = run_bench(replay, args.files, args.seeks, args.seed, args.runs)
    if args.json:
        sys.stdout.write(orjson.dumps(result).decode() + "\n")
    else:
        sys.stdout.write(render_text(result) + "\n")
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    from viewer.render.engine.inspection.reports import (
        UnknownNode,
        inspect_report,
        inspect_text,
    )

    replay = load(args.files, args.events)
    t = moment_of(replay, args)
    try:
        report = inspect_report(replay.events, replay.recorder, args.node, t, args.via,
                                pages=not args.json)
    except UnknownNode as e:
        raise UsageError(f"{', '.join(args.files)}: {e}") from None
    if args.json:
        sys.stdout.write(orjson.dumps(report).decode() + "\n")
    else:
        sys.stdout.write(inspect_text(report, replay.start_ms) + "\n")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from viewer.render.engine.inspection.reports import diff_report, diff_text

    replay = load(args.files, args.events)
    t_a = moment_of(replay, argparse.Namespace(at=args.from_time))
    t_b = moment_of(replay, argparse.Namespace(at=args.to_time))
    assert t_a is not None and t_b is not None
    report = diff_report(replay.events, replay.recorder, t_a, t_b)
    if args.json:
        sys.stdout.write(orjson.dumps(report).decode() + "\n")
    else:
        sys.stdout.write(diff_text(report, replay.start_ms) + "\n")
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    files = args.files or [str(sample_path())]
    from viewer.ui.app import NoDisplayError, has_display, run_window, start_view

    # Chromium starts (in its own processes) while the recording loads
    view = start_view(args.allow_remote_assets) if has_display() else None
    try:
        replay = load(files, args.events)
        t = moment_of(replay, args)
    except BaseException:
        if view is not None:
            view.shutdown()
        raise
    try:
        return run_window(replay, files, allow_remote_assets=args.allow_remote_assets, at=t,
                          view=view,
                          exit_after_first_frame=getattr(args, "exit_after_first_frame", False))
    except NoDisplayError as e:
        raise UsageError(str(e)) from None


def cmd_fetch(args: argparse.Namespace) -> int:
    from viewer.fetch import FetchError, FetchOptions, fetch, parse_target
    from viewer.fetch.config import find_base_url, find_org, find_token
    from viewer.fetch.progress import Progress
    from viewer.fetch.run import moment_to_open

    output = Path(args.output).expanduser() if args.output else None
    options = FetchOptions(find_token(args.token), output,
                           workers=args.workers, per_page=args.per_page,
                           traces=not args.no_traces, refresh=args.refresh)
    try:
        target = parse_target(args.url, find_org(args.org), find_base_url(args.base_url))
        result = fetch(target, options, Progress(sys.stderr, PROG))
    except FetchError as e:
        raise UsageError(str(e)) from None
    sys.stdout.write(f"{result.folder}\n")
    sys.stdout.flush()
    if not args.open:
        return 0
    at, error = (args.at, args.error) if args.at or args.error else moment_to_open(target, result)
    return cmd_open(argparse.Namespace(files=[str(result.folder)], events=[], at=at, error=error,
                                       allow_remote_assets=args.allow_remote_assets))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=os.environ.get("REPLAY_VIEWER_LOG", "WARNING").upper(),
                        format="%(name)s: %(message)s")
    from viewer.fetch.target import looks_like_url

    if argv and looks_like_url(argv[0]):
        argv = ["fetch", "--open", *argv]  # `replay-viewer URL`
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv = ["open", *argv]
    args = build_parser().parse_args(argv)
    handler = {"open": cmd_open, "info": cmd_info, "dom": cmd_dom,
               "snapshot": cmd_snapshot, "fetch": cmd_fetch, "export": cmd_export,
               "bench": cmd_bench, "inspect": cmd_inspect, "diff": cmd_diff}[args.command]
    try:
        return handler(args)
    except (LoadError, UsageError) as e:
        sys.stderr.write(f"{PROG}: {e}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a bug: still one line, never a traceback (unless debugging)
        if os.environ.get("REPLAY_VIEWER_DEBUG"):
            raise
        log.debug("internal error", exc_info=True)
        sys.stderr.write(f"{PROG}: internal error: {type(e).__name__}: {e} "
                         "(REPLAY_VIEWER_DEBUG=1 shows the traceback)\n")
        return EXIT_INTERNAL
