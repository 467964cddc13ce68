"""Test setup: Qt offscreen (and without Chromium's sandbox as root), corpus locations."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the tests' seek-index cache (and any other cache) stays out of the user's
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="replay-viewer-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)
# WebGL canvases need Chromium's GPU blocklist lifted offscreen (software GL; README "Canvas")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--ignore-gpu-blocklist")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "corpus"
#: The shared corpus beside the project (present on developer machines and in CI).
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
SENTRY_RECORDINGS = ("tiny", "checkout", "masked", "long")


def sentry_recording(name: str) -> Path:
    """Folder of envelopes of a Sentry corpus recording (checkout is the bundled sample)."""
    if name == "checkout":
        return ROOT / "sample_replays" / "checkout"
    return CORPUS / "sentry" / name


@pytest.fixture
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("the shared corpus is not beside the project")
    return SHARED_CORPUS


def pytest_configure(config: pytest.Config) -> None:
    """QtWebEngine needs the replay scheme registered before the QApplication exists."""
    try:
        from viewer.render.scheme import register_scheme
    except ImportError:  # Qt is not installed: only the pure tests can run
        return
    register_scheme()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", default=False,
                     help="also run tests marked slow (the long fuzz run)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `slow` are skipped unless `--run-slow` is given."""
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
