"""`replay-viewer inspect` and `diff`: JSON shapes, text forms, every time form, bad input."""

from __future__ import annotations

import json
import math

import pytest

from tests.conftest import CORPUS, sentry_recording
from tests.inspection.corpus import history_index, recording
from viewer.cli import main

CHECKOUT = str(sentry_recording("checkout"))
PLAIN = str(CORPUS / "rrweb" / "plain.json")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_inspect_json_is_the_node_and_its_history(capsys: pytest.CaptureFixture[str]) -> None:
    replay = recording("sentry/checkout")
    assert replay is not None
    index = history_index("sentry/checkout")
    node_id = next(i for i in index.node_ids()
                   if any(e["change"] == "attribute" for e in index.history(i)))
    status, out, err = run(capsys, "inspect", CHECKOUT, "--node", str(node_id), "--at", "40s",
                           "--json")
    assert status == 0, err
    result = json.loads(out)
    assert result.keys() == {"node", "history"}
    node = result["node"]
    assert node["id"] == node_id and node["kind"] == "element"
    assert {"tag", "attributes", "path", "children", "seen", "t", "event"} <= node.keys()
    assert node["seen"] in ("at", "before", "after")
    if node["seen"] == "at":
        assert node["t"] == replay.start_ms + 40_000
    assert result["history"] == json.loads(json.dumps(index.history(node_id)))
    assert all(e.keys() >= {"t", "event", "change", "detail"} for e in result["history"])


def test_inspect_text_and_via(capsys: pytest.CaptureFixture[str]) -> None:
    index = history_index("rrweb/plain")
    node_id = next(i for i in index.node_ids()
                   if any("via" in e for e in index.history(i, via=True)))
    status, out, _ = run(capsys, "inspect", PLAIN, "--node", str(node_id), "--via")
    assert status == 0
    assert out.startswith(f"node #{node_id}")
    assert "history:" in out and "removed with ancestor #" in out
    status, out, _ = run(capsys, "inspect", CHECKOUT, "--node", "258")
    assert status == 0 and "-- page load (event " in out  # the sample loads four pages
    status, out, _ = run(capsys, "inspect", PLAIN, "--node", str(node_id), "--json")
    assert all("via" not in e for e in json.loads(out)["history"])


def test_an_unknown_node_is_one_line_and_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "inspect", CHECKOUT, "--node", "987654", "--json")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "987654" in err and "checkout" in err


@pytest.mark.parametrize("times", [("5s", "20s"), ("00:05", "00:20.000"), ("5000ms", "20000ms")])
def test_diff_accepts_every_time_form(capsys: pytest.CaptureFixture[str],
                                      times: tuple[str, str]) -> None:
    replay = recording("sentry/checkout")
    assert replay is not None
    status, out, err = run(capsys, "diff", CHECKOUT, "--from", times[0], "--to", times[1],
                           "--json")
    assert status == 0, err
    result = json.loads(out)
    assert result["from"]["t"] == replay.start_ms + 5000
    assert result["to"]["t"] == replay.start_ms + 20000
    assert result["same_page"] is True and result["changes"]
    for change in result["changes"]:
        assert change.keys() == {"change", "id", "exists", "node", "path", "detail"}
        assert change["exists"] in ("A", "B", "both")
    assert result["counts"] == {k: sum(c["change"] == k for c in result["changes"])
                                for k in result["counts"]}


def test_diff_epoch_ms_and_text_form(capsys: pytest.CaptureFixture[str]) -> None:
    replay = recording("sentry/checkout")
    assert replay is not None
    start = replay.start_ms
    status, out, _ = run(capsys, "diff", CHECKOUT, "--from", str(int(start + 5000)),
                         "--to", str(int(start + 20000)))
    assert status == 0
    first, *rest = out.splitlines()
    assert first.startswith("diff 00:05.000") and "same page" in first
    assert rest and all(line[:1] in "+->!~" for line in rest)


@pytest.mark.parametrize("argv", [
    ["diff", CHECKOUT, "--from", "later", "--to", "5s"],
    ["diff", CHECKOUT, "--from", "5s"],
    ["inspect", CHECKOUT, "--node", "x"],
    ["inspect", "/no/such/file.json", "--node", "1"],
])
def test_bad_arguments_are_one_line_and_status_2(capsys: pytest.CaptureFixture[str],
                                                 argv: list[str]) -> None:
    try:
        status = main(argv)
    except SystemExit as e:  # argparse's own errors
        status = int(e.code or 0)
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err.strip() and err.strip().count("\n") == 0 and "Traceback" not in err


def test_moments_between_equal_timestamps_are_just_after_an_event() -> None:
    """The seek target of a history row: every event at or before it is applied."""
    replay = recording("sentry/checkout")
    assert replay is not None
    stamps = replay.events.timestamps
    for t in stamps[:50]:
        after = math.nextafter(t, math.inf)
        assert sum(1 for s in stamps if s < after) == sum(1 for s in stamps if s <= t)
