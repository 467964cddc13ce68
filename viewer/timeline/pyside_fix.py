"""Work around PySide6 6.12's lost None references on Python 3.11 (aborts with none_dealloc)."""

from __future__ import annotations

import ctypes
import sys

#: References given to None once; a painter call loses one, so this never runs out.
_EXTRA_REFS = 1 << 40
_applied = False


def guard_none_refcount() -> None:
    """Give None enough references to survive PySide6 6.12 (idempotent; no-op on 3.12+).

    PySide6 6.12.0 returns None from void methods (`QPainter.setPen`, `fillRect`, `setX`…)
    without a new reference. On 3.12+ None is immortal; on 3.11 every call drops None's
    refcount by one until the interpreter aborts ("none_dealloc: deallocating None").
    A painted timeline makes thousands of such calls per second.
    """
    global _applied
    if _applied or sys.version_info >= (3, 12):
        return
    ctypes.c_ssize_t.from_address(id(None)).value += _EXTRA_REFS
    _applied = True
