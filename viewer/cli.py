"""The `replay-viewer` command line: open (default), info, dom."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import orjson

from viewer.model import LoadError, Replay, load_replay

log = logging.getLogger("viewer.cli")
PROG = "replay-viewer"
COMMANDS = ("open", "info", "dom", "snapshot", "inspect", "diff")
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
                     "recordings. Without a command, opens the viewer window.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def inputs(p: argparse.ArgumentParser, required: bool = True) -> None:
        p.add_argument("files", nargs="+" if required else "*", metavar="FILE",
                       help="recording files or folders (segments, envelopes); together one replay")
        p.add_argument("--events", action="append", default=[], metavar="FILE",
                       help="Sentry error/transaction events to link (JSON or envelopes)")

    def moment(p: argparse.ArgumentParser) -> None:
        p.add_argument("--at", metavar="TIME",
                       help="01:23.456, 83.4s, 1500ms, epoch ms, or a Sentry URL with ?t=")
        p.add_argument("--error", metavar="EVENT_ID", help="the moment of this error event")

    p_open = sub.add_parser("open", help="open the viewer window (the default command)")
    inputs(p_open, required=False)
    moment(p_open)
    p_open.add_argument("--allow-remote-assets", action="store_true",
                        help="let the replay fetch images, fonts and stylesheets it references")

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
        from viewer.ui.app import application

        application(headless=True)
        from viewer.render.headless import web_dumps

        dumps = web_dumps(replay, args.at_ms, flavor)
    else:
        from viewer.render.engine import dom_dumps

        dumps = dom_dumps(replay.events, args.at_ms, flavor)
    sys.stdout.write(orjson.dumps({"dumps": dumps}).decode() + "\n")
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
    from viewer.ui.app import application

    application(headless=True)
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
    replay = load(files, args.events)
    t = moment_of(replay, args)
    from viewer.ui.app import NoDisplayError, run_window

    try:
        return run_window(replay, files, allow_remote_assets=args.allow_remote_assets, at=t)
    except NoDisplayError as e:
        raise UsageError(str(e)) from None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=os.environ.get("REPLAY_VIEWER_LOG", "WARNING").upper(),
                        format="%(name)s: %(message)s")
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv = ["open", *argv]
    args = build_parser().parse_args(argv)
    handler = {"open": cmd_open, "info": cmd_info, "dom": cmd_dom,
               "snapshot": cmd_snapshot, "inspect": cmd_inspect, "diff": cmd_diff}[args.command]
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
