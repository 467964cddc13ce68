"""`replay-viewer export` bad input: one line naming the problem, exit 2, no file left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import sentry_recording
from viewer.cli import main

SOURCE = str(sentry_recording("tiny"))  # 2.6 s long, no errors


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(["export", *argv])
    _, err = capsys.readouterr()
    return status, err


@pytest.mark.parametrize("args, message", [
    (["--har", "{out}", "--from", "2s", "--to", "1m"], "range end 01:00.000 is outside the replay"),
    (["--replay", "{out}", "--from", "10s"], "range start 00:10.000 is outside the replay"),
    (["--playwright", "{out}", "--from", "2s", "--to", "1s"], "the range is empty"),
    (["--report", "{out}", "--error", "0123abcd"], "unknown error id '0123abcd'"),
    (["--har", "{out}", "--from", "soon"], "cannot read time 'soon'"),
    (["--har", "{out}", "--redact", "text,cookies"], "unknown redaction 'cookies'"),
    (["--har", "{out}", "--at", "1s"], "--at and --error choose the bug report's moment"),
    (["--report", "{out}", "--from", "1s"], "the bug report is about one moment"),
    (["--har", "{missing}/x.har"], "cannot write"),
    (["--replay", "{folder}"], "it is a folder"),
])
def test_bad_input_is_one_line_status_2_and_no_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
        message: str) -> None:
    out = tmp_path / "out" / "artifact"
    out.parent.mkdir()
    args = [a.format(out=out, missing=tmp_path / "no-such-dir", folder=out.parent)
            for a in args]
    status, err = run(capsys, SOURCE, *args)
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("replay-viewer: ") and message in err
    assert "Traceback" not in err
    assert os.listdir(out.parent) == []  # no partial or temporary file left


def test_output_under_a_file_cannot_be_written(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Even root cannot create a file under a file (as CI runs): a clear line, nothing left."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    status, err = run(capsys, SOURCE, "--har", str(blocker / "x.har"))
    assert status == 2 and "cannot write" in err and str(blocker / "x.har") in err
    assert os.listdir(tmp_path) == ["not-a-folder"]


def test_a_failing_export_removes_its_temporary_file(tmp_path: Path) -> None:
    """The output is written beside the target and renamed only when complete."""
    from viewer.export.output import atomic_output

    target = tmp_path / "x.json"
    with pytest.raises(RuntimeError), atomic_output(target) as handle:
        handle.write(b"partial")
        raise RuntimeError("the export failed half way")
    assert os.listdir(tmp_path) == []
    with atomic_output(target) as handle:
        handle.write(b"{}")
    assert os.listdir(tmp_path) == ["x.json"] and target.read_bytes() == b"{}"


def test_existing_output_is_replaced_whole(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a.har"
    out.write_text("old content")
    status, err = run(capsys, SOURCE, "--har", str(out))
    assert status == 0 and "wrote" in err and out.read_text().startswith("{")
    status, _ = run(capsys, SOURCE, "--har", str(out), "--from", "9s")
    assert status == 2 and out.read_text().startswith("{")  # a failed export keeps the old


@pytest.mark.parametrize("artifact", ["har", "playwright", "replay"])
def test_a_recording_of_one_instant_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            artifact: str) -> None:
    import json

    from tests import builders as b

    source = tmp_path / "instant.json"
    source.write_text(json.dumps([b.meta(b.T0), b.full_snapshot(b.T0)]))
    status, err = run(capsys, str(source), f"--{artifact}", str(tmp_path / "out"))
    assert status == 0, err
