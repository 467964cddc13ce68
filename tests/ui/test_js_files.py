"""The player page's JavaScript parses, runs strict, and is only loaded from the package."""

from __future__ import annotations

import re
import shutil
import subprocess
from importlib import resources

import pytest

WEB = resources.files("viewer.render").joinpath("web")
SCRIPTS = sorted(p.name for p in WEB.iterdir() if p.name.endswith(".js"))


@pytest.mark.parametrize("name", SCRIPTS)
def test_script_is_valid_strict_javascript(name: str) -> None:
    text = WEB.joinpath(name).read_text()
    assert text.startswith("/*") and '"use strict";' in text[:1000]
    assert "eval(" not in text and "new Function" not in text and "innerHTML" not in text
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    proc = subprocess.run([node, "--check", str(WEB.joinpath(name))], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_page_loads_only_the_packaged_scripts() -> None:
    html = WEB.joinpath("index.html").read_text()
    assert sorted(re.findall(r'<script src="([^"]+)"', html)) == SCRIPTS
    assert 'sandbox="allow-same-origin"' in html and "allow-scripts" not in html
    assert "Content-Security-Policy" in html
