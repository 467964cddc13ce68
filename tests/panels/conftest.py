"""Panel tests: guard against PySide6 6.12's None reference leak on Python 3.11."""

from __future__ import annotations

import ctypes
import sys

if sys.version_info < (3, 12):
    # PySide6 6.12.0 returns None from void methods without a new reference (on 3.12+ None is
    # immortal, so it only bites 3.11): every painter call drops None's refcount by one until
    # the interpreter aborts with "none_dealloc". Give None enough references to never run out.
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
