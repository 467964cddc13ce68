"""Progress of a fetch on stderr: one updating line on a terminal, a few plain lines otherwise."""

from __future__ import annotations

import time
from typing import TextIO


class Progress:
    """`count("segments", 200, 731)` updates a counter; `say(text)` prints a line."""

    def __init__(self, stream: TextIO, prefix: str, every: float = 1.0) -> None:
        self.stream = stream
        self.prefix = prefix
        self.every = every
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self._open = False  # a counter line is being rewritten on the terminal
        self._last = 0.0

    def say(self, text: str) -> None:
        self._close()
        self.stream.write(f"{self.prefix}: {text}\n")
        self.stream.flush()

    def count(self, label: str, done: int, total: int) -> None:
        line = f"{self.prefix}: {label} {done}/{total}"
        finished = done >= total
        if self.tty:
            self.stream.write(f"\r{line}\x1b[K")
            self._open = True
            if finished:
                self._close()
        else:
            now = time.monotonic()
            if not finished and now - self._last < self.every:
                return
            self._last = now
            self.stream.write(line + "\n")
        self.stream.flush()

    def _close(self) -> None:
        if self._open:
            self.stream.write("\n")
            self._open = False
