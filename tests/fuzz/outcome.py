"""Run one input through load + play and name how it ended (ok, error, exception, timeout)."""

from __future__ import annotations

import contextlib
import io
import signal
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from viewer.cli import main as cli_main
from viewer.model import LoadError, load_replay
from viewer.render.engine import Cursor, SeekIndex, Timeline, dom_dumps

OK = "loaded ok"
ERROR = "one-line error"
OTHER = "other exception"
TIMEOUT = "timeout"
OUTCOMES = (OK, ERROR, OTHER, TIMEOUT)


class Hang(BaseException):
    """Raised in the main thread by the alarm when a run exceeds its budget."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the main thread with `Hang` after `seconds` (SIGALRM; POSIX only)."""
    def ring(_signum: int, _frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Result:
    outcome: str
    detail: str = ""


def play_to_end(paths: Sequence[str]) -> None:
    """Load, then play every event (Timeline + engine), dump the end, seek via the index."""
    replay = load_replay(list(paths))
    end = replay.end_ms + 1
    timeline = Timeline(replay.events, replay.recorder)
    Cursor(timeline, ops=False).seek(end)
    dom_dumps(replay.events, [replay.start_ms, end], replay.recorder)
    index = SeekIndex(timeline)
    index.engine_at(end)


def run_cli(paths: Sequence[str]) -> tuple[int, str]:
    """`replay-viewer info FILE... --json` in process: (exit status, stderr)."""
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        status = cli_main(["info", *paths, "--json"])
    return status, err.getvalue()


def classify(run: Callable[[], None], budget_s: float = 10.0) -> Result:
    """How `run` ended: OK, ERROR (a one-line LoadError), OTHER or TIMEOUT."""
    try:
        with time_limit(budget_s):
            run()
    except Hang as e:
        return Result(TIMEOUT, str(e))
    except LoadError as e:
        text = str(e)
        if "\n" in text or not text.strip():
            return Result(OTHER, f"LoadError not one line: {text!r}")
        return Result(ERROR, text)
    except Exception as e:
        where = traceback.extract_tb(e.__traceback__)[-1]
        return Result(OTHER, f"{type(e).__name__}: {str(e)[:200]} "
                             f"at {Path(where.filename).name}:{where.lineno}")
    return Result(OK)


def classify_input(paths: Sequence[str], budget_s: float = 10.0) -> Result:
    """Load + play (library) and the CLI's `info`; the worse of the two outcomes."""
    lib = classify(lambda: play_to_end(paths), budget_s)
    if lib.outcome in (OTHER, TIMEOUT):
        return lib
    box: dict[str, tuple[int, str]] = {}
    cli = classify(lambda: box.setdefault("r", run_cli(paths)), budget_s)
    if cli.outcome != OK:
        return cli
    status, err = box["r"]
    lines = err.strip().splitlines()
    if status == 0 and lib.outcome == OK:
        return lib
    if status == 2 and len(lines) == 1 and lib.outcome == ERROR:
        return lib
    return Result(OTHER, f"library {lib.outcome}, cli exit {status} stderr {err[:300]!r}")
