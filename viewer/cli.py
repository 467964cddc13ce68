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
COMMANDS = ("open", "info", "dom")
#: Exit statuses: 2 for unusable input or bad arguments (as argparse does).
EXIT_BAD_INPUT = 2


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

    p_open = sub.add_parser("open", help="open the viewer window (the default command)")
    inputs(p_open, required=False)

    p_info = sub.add_parser("info", help="print what a replay holds")
    inputs(p_info)
    p_info.add_argument("--json", action="store_true", help="print one JSON object")

    p_dom = sub.add_parser("dom", help="print the rebuilt DOM at given moments (domdump JSON)")
    inputs(p_dom)
    p_dom.add_argument("--at-ms", type=float, action="append", required=True, metavar="T",
                       help="epoch milliseconds (repeatable)")
    p_dom.add_argument("--engine", choices=("model", "web"), default="model",
                       help="model: the Python engine's state (default until the web player "
                       "lands); web: the document rendered in the web view")
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
    if args.engine == "web":
        sys.stderr.write(f"{PROG}: the web engine is not available yet; use --engine model\n")
        return EXIT_BAD_INPUT
    from viewer.render.engine import dom_dumps

    dumps = dom_dumps(replay.events, args.at_ms)
    sys.stdout.write(orjson.dumps({"dumps": dumps}).decode() + "\n")
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    files = args.files or [str(sample_path())]
    replay = load(files, args.events)
    from viewer.ui.app import run_window

    return run_window(replay, files)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=os.environ.get("REPLAY_VIEWER_LOG", "WARNING").upper(),
                        format="%(name)s: %(message)s")
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv = ["open", *argv]
    args = build_parser().parse_args(argv)
    handler = {"open": cmd_open, "info": cmd_info, "dom": cmd_dom}[args.command]
    try:
        return handler(args)
    except LoadError as e:
        sys.stderr.write(f"{PROG}: {e}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
