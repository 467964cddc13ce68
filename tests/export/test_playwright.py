"""Playwright export: a spec that parses (node; TypeScript's own compiler when there is one),
repeats the recorded actions with robust locators, and asserts on the recorded errors."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests import builders as b
from tests.conftest import CORPUS, sentry_recording
from viewer.cli import main
from viewer.export.elements import Element
from viewer.export.playwright import build_spec, comment, js, locator
from viewer.model import load_replay

#: A folder whose node_modules holds `typescript` and `@playwright/test` (developer machines:
#: `npm install typescript @playwright/test` there) for a full type check of the specs.
TS_DIR = os.environ.get("REPLAY_VIEWER_TS_DIR", "")


def export_spec(tmp_path: Path, source: str, *extra: str) -> str:
    out = tmp_path / "repro.spec.ts"
    assert main(["export", source, "--playwright", str(out), *extra]) == 0
    return out.read_text()


def test_checkout_spec_repeats_the_session(tmp_path: Path) -> None:
    spec = export_spec(tmp_path, str(sentry_recording("checkout")))
    assert spec.count("import { test, expect } from '@playwright/test';") == 1
    assert 'const BASE_URL = "http://127.0.0.1:8801";' in spec
    assert 'await page.goto(BASE_URL + "/index.html");' in spec  # the first page
    assert 'page.getByRole("button", { name: "Track order" }).click();' in spec  # role + text
    assert 'page.getByRole("checkbox", { name: "Category 9" }).check();' in spec
    assert 'page.locator("#fullname").fill(' in spec or 'name: "Full name"' in spec
    # "Add to cart" is on every card: not unique, so the CSS path from the nearest id
    assert re.search(r'page\.locator\("#products > article:nth-of-type\(1\) > .*button', spec)
    assert 'await page.keyboard.press("Escape");' in spec
    assert "masked in the recording" in spec  # Sentry masked the typed values
    assert 'expect(Array.from(pageErrors).join(\'\\n\')).not.toContain(' \
           '"Checkout failed: payment_gateway_timeout (HTTP 500)");' in spec
    assert spec.count("await ") > 60


def test_unmasked_values_are_typed_as_recorded(tmp_path: Path) -> None:
    spec = export_spec(tmp_path, str(CORPUS / "rrweb" / "plain.json"))
    assert 'page.locator("#new-item").fill("Plain rrweb item");' in spec
    assert 'page.getByRole("button", { name: "Add" }).click();' in spec
    assert "not.toContain" not in spec  # no error recorded: no assertion on one


def test_range_limits_the_steps(tmp_path: Path) -> None:
    spec = export_spec(tmp_path, str(sentry_recording("checkout")), "--from", "23s",
                       "--to", "31s")
    assert 'await page.goto(BASE_URL + "/form.html");' in spec
    assert "Track order" not in spec and "#fullname" in spec


def test_locator_preference_and_escaping() -> None:
    assert locator(Element("button", role="button", name="Pay", name_is_unique=True,
                           id="pay")) == 'page.getByRole("button", { name: "Pay" })'
    assert locator(Element("button", role="button", name="Pay", id="pay")) == \
        'page.locator("#pay")'
    assert locator(Element("div", test_id="cart")) == 'page.getByTestId("cart")'
    assert locator(Element("div", id="9lives")) == 'page.locator("[id=\\"9lives\\"]")'
    assert locator(Element("li", css_path="#list > li:nth-of-type(2)")) == \
        'page.locator("#list > li:nth-of-type(2)")'
    hostile = 'x"); process.exit(1); //\u2028'
    assert js(hostile) == '"x\\"); process.exit(1); //\\u2028"'
    assert comment("one\ntwo\r\u2029three") == "// one two three"


def test_recorded_text_cannot_change_the_code(tmp_path: Path) -> None:
    """Typed text and element names full of quotes, newlines and script stay literals."""
    evil = "a'); require('child_process').exec('rm -rf /'); ('\n`${x}`</script>"
    events = [b.meta(b.T0, "https://site.example/"), {
        "type": 2, "timestamp": b.T0 + 1, "data": {"initialOffset": {"top": 0, "left": 0},
        "node": {"type": 0, "id": 1, "childNodes": [{"type": 2, "id": 2, "tagName": "html",
                 "attributes": {}, "childNodes": [{"type": 2, "id": 3, "tagName": "body",
                 "attributes": {}, "childNodes": [
                     {"type": 2, "id": 4, "tagName": "button", "attributes": {},
                      "childNodes": [{"type": 3, "id": 5, "textContent": evil}]},
                     {"type": 2, "id": 6, "tagName": "input", "attributes": {"id": "q"},
                      "childNodes": []}]}]}]}}},
        {"type": 3, "timestamp": b.T0 + 100, "data": {"source": 2, "type": 2, "id": 4}},
        {"type": 3, "timestamp": b.T0 + 200, "data": {"source": 5, "id": 6, "text": evil}},
    ]
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(events))
    replay = load_replay([str(path)])
    spec = build_spec(replay, replay.start_ms, replay.end_ms)
    code = [ln for ln in spec.splitlines() if not ln.strip().startswith("//")]
    outside_strings = re.sub(r'"(?:[^"\\]|\\.)*"', '""', "\n".join(code))
    assert "require" not in outside_strings and "exec" not in outside_strings
    assert f"fill({js(evil)})" in spec
    check_syntax(spec, tmp_path)


def check_syntax(spec: str, tmp_path: Path) -> None:
    """node parses the spec as a module (it is plain JS syntax too); TypeScript checks it."""
    node = shutil.which("node")
    if node is None:
        return
    module = tmp_path / "spec.mjs"
    module.write_text(spec)
    proc = subprocess.run([node, "--check", str(module)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("name", ["checkout", "masked", "tiny", "long"])
def test_specs_parse_as_javascript(tmp_path: Path, name: str) -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    check_syntax(export_spec(tmp_path, str(sentry_recording(name))), tmp_path)


def test_specs_pass_the_typescript_compiler(tmp_path: Path) -> None:
    """With typescript and @playwright/test installed (REPLAY_VIEWER_TS_DIR): a full type
    check against Playwright's own types; with only `tsc` on PATH: its syntax check."""
    tsc = Path(TS_DIR) / "node_modules" / ".bin" / "tsc" if TS_DIR else None
    typed = tsc is not None and tsc.exists() and (
        Path(TS_DIR) / "node_modules" / "@playwright" / "test").is_dir()
    if not typed:
        found = shutil.which("tsc")
        if found is None:
            pytest.skip("no TypeScript compiler (set REPLAY_VIEWER_TS_DIR or put tsc on PATH)")
        tsc = Path(found)
    assert tsc is not None
    folder = Path(TS_DIR) / f".replay-viewer-check-{os.getpid()}" if typed else tmp_path / "ts"
    folder.mkdir()
    try:
        for name in ("checkout", "masked"):
            (folder / f"{name}.spec.ts").write_text(
                export_spec(tmp_path, str(sentry_recording(name))))
        (folder / "tsconfig.json").write_text(json.dumps({"compilerOptions": {
            "strict": True, "noEmit": True, "target": "es2022", "module": "esnext",
            "moduleResolution": "bundler", "skipLibCheck": True, "types": []},
            "include": ["*.spec.ts"]}))
        proc = subprocess.run([str(tsc), "-p", str(folder)], capture_output=True, text=True,
                              timeout=300)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    errors = [ln for ln in proc.stdout.splitlines() if "error TS" in ln]
    if not typed:  # without Playwright's types only syntax errors (TS1xxx) count
        errors = [ln for ln in errors if re.search(r"error TS1\d{3}:", ln)]
    assert errors == [], "\n".join(errors)
