"""The command line: `info` output, and one clear line with exit status 2 for bad input."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from tests import builders as b
from tests.conftest import sentry_recording
from viewer.cli import main

REQUIRED_KEYS = {"replay_id", "started_at_ms", "duration_ms", "segments", "missing_segments",
                 "rrweb_events", "frames", "urls", "error_ids", "trace_ids", "problems"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_info_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "info", "--json", str(sentry_recording("checkout")))
    assert status == 0
    info = json.loads(out)
    assert info.keys() >= REQUIRED_KEYS
    assert {"click", "console", "network", "navigation", "error"} <= info["frames"].keys()
    assert info["replay_id"] == "cdce83b4796c406d8057e18bf436a70e"
    assert info["duration_ms"] == 82292


def test_info_text_names_the_replay(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "info", str(sentry_recording("tiny")))
    assert status == 0
    assert "e6923d41c1134027bf68eb43d15ce50a" in out
    assert "problems   none" in out


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def good_events() -> bytes:
    return json.dumps(b.segment_events(0)).encode()


BAD_INPUTS = {
    "empty": (b"", "empty"),
    "blank": (b"  \n\n", "empty"),
    "truncated-json": (good_events()[:-40], "not valid JSON"),
    "truncated-zlib": (zlib.compress(good_events())[:-30], "truncated zlib"),
    "corrupt-zlib-body": (b.recording_payload(0)[:30] + b"\xff" * 40, "corrupt zlib"),
    "wrong-length": (b.envelope(0, length=50), "wrong length"),
    "length-past-end": (b.envelope(0, length=10**6), "truncated file or wrong length"),
    "non-json-payload": (b'{"segment_id":0}\nthis is not json', "not valid JSON"),
    "not-json": (b"hello world", "not replay data"),
    "segment-not-array": (json.dumps({"segment_id": 0}).encode() + b"\n" + b'{"a": 1}',
                          "not a JSON array"),
    "event-without-type": (json.dumps([{"timestamp": 1, "data": {}}]).encode(), "no type"),
    "event-without-timestamp": (json.dumps([{"type": 4, "data": {}}]).encode(), "no timestamp"),
    "string-timestamp": (json.dumps([{"type": 4, "timestamp": "1700000000000", "data": {}}])
                         .encode(), "timestamp is a string"),
    "empty-array": (b"[]", "empty"),
    "number": (b"42", "not replay data"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_and_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            case: str) -> None:
    data, expected = BAD_INPUTS[case]
    path = write(tmp_path, f"{case}.bin", data)
    digest = hashlib.sha256(data).hexdigest()
    status, out, err = run(capsys, "info", str(path))
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(path) in err
    assert expected in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest  # never written to


def test_missing_file_and_empty_or_useless_folder(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "info", str(tmp_path / "nope.json"))
    assert status == 2 and "no such file" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    status, _, err = run(capsys, "info", str(empty))
    assert status == 2 and "holds no files" in err
    useless = tmp_path / "useless"
    useless.mkdir()
    write(useless, "notes.txt", b"shopping list")
    write(useless, "photo.jpg", b"\xff\xd8\xff\xe0 not really")
    status, _, err = run(capsys, "info", str(useless))
    assert status == 2 and "nothing replay-like" in err and err.count("\n") == 1


def test_a_bad_segment_beside_good_ones_is_a_problem_not_a_failure(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = [write(tmp_path, f"e{i}.bin", b.envelope(i)) for i in (0, 2)]
    broken = b.recording_payload(1)[:25] + b"\x00garbage"
    bad = write(tmp_path, "e1.bin", b.envelope(1, broken))
    not_json = write(tmp_path, "notes.txt", b"not a replay")
    status, out, err = run(capsys, "info", "--json", *map(str, [*good, bad, not_json]))
    assert status == 0, err
    info = json.loads(out)
    assert info["segments"] == [0, 2]
    assert info["missing_segments"] == [1]
    problems = "\n".join(info["problems"])
    assert "e1.bin: segment 1: corrupt zlib" in problems
    assert "notes.txt" in problems


def test_every_segment_corrupt_is_bad_input(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(3):
        broken = b.recording_payload(i)[:25] + b"\x00garbage"
        write(tmp_path, f"e{i}.bin", b.envelope(i, broken))
    status, out, err = run(capsys, "info", "--json", str(tmp_path))
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and str(tmp_path) in err
    assert "no usable recording" in err and "corrupt zlib" in err


@pytest.mark.parametrize("command", ["snapshot", "open"])
def test_at_and_error_together_are_refused(capsys: pytest.CaptureFixture[str],
                                           command: str) -> None:
    argv = [command, str(sentry_recording("tiny")), "--at", "2s", "--error", "abc"]
    if command == "snapshot":
        argv += ["-o", "never.png"]
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--error: not allowed with argument --at" in err and err.count("\n") == 1
    assert not Path("never.png").exists()


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.json", b"[{")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.run([sys.executable, "-m", "viewer", "info", str(bad)], capture_output=True,
                          text=True, env=env, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.startswith("replay-viewer: ") and "Traceback" not in proc.stderr


def test_a_bug_after_loading_is_one_line_not_a_traceback(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import viewer.model.summary as summary

    def broken(_: object) -> dict:
        raise RuntimeError("boom")

    monkeypatch.setattr(summary, "summarize", broken)
    monkeypatch.delenv("REPLAY_VIEWER_DEBUG", raising=False)
    status, out, err = run(capsys, "info", str(sentry_recording("tiny")))
    assert status == 1 and out == ""
    assert err == "replay-viewer: internal error: RuntimeError: boom " \
                  "(REPLAY_VIEWER_DEBUG=1 shows the traceback)\n"
