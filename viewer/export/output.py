"""Write an export atomically: a temp file beside the output, renamed on success."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


class ExportError(Exception):
    """An export that cannot be made (bad range, unknown error id...): one line."""


class OutputError(ExportError):
    """The output file cannot be written (the message names it)."""


class ExportCancelled(ExportError):
    """The user cancelled the export (nothing is left behind)."""


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary file to write the export into; it becomes `path` only when the block ends
    without an exception, and is removed otherwise (no partial file is left behind).

    The temp file is made first, so an output that cannot be written fails before any work.
    """
    with atomic_path(path) as temp, open(temp, "wb") as handle:
        yield handle


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[str]:
    """`atomic_output` for writers that open the file by its name (the video encoder): the
    path of an empty temp file beside `path`, renamed to it when the block succeeds."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a folder")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                    dir=target.parent if str(target.parent) else ".")
        os.close(fd)
    except OSError as e:
        raise OutputError(f"cannot write {target}: {e.strerror or e}") from None
    done = False
    try:
        yield temp
        os.chmod(temp, 0o644 & ~_umask())
        os.replace(temp, target)
        done = True
    except OSError as e:
        raise OutputError(f"cannot write {target}: {e.strerror or e}") from None
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
