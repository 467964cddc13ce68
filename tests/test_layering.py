"""Model, engine, presentation logic and fetch import no Qt (fresh interpreter, import-linter)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_model_and_engine_import_no_qt() -> None:
    code = (
        "import sys, importlib, importlib.util, pkgutil\n"
        "names = ['viewer.model', 'viewer.render.engine', 'viewer.present', 'viewer.fetch',"
        " 'viewer.export']\n"
        "pkgs = [importlib.import_module(n) for n in names if importlib.util.find_spec(n)]\n"
        "assert pkgs and pkgs[0].__name__ == 'viewer.model'\n"
        "for pkg in pkgs:\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "from viewer.model import load_replay\n"
        "load_replay(['sample_replays/checkout'])\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_import_linter_contracts_hold() -> None:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(lint).exists():
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    proc = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
