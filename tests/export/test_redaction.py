"""Every export with `--redact` holds none of the data asked to be redacted (searched as bytes),
and without it the same data is there (so the search can fail)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tests.export import secrets
from viewer.cli import main
from viewer.export.job import ExportRequest, run_export
from viewer.export.redact import KINDS, Redaction, mask, redact_replay, strip_url
from viewer.model import Replay, load_replay

ARTIFACTS = {"har": "out.har", "playwright": "out.spec.ts", "replay": "out.json"}
#: Secrets each artifact carries when nothing is redacted.
CARRIED = {
    "har": ["HEADERSECRET", "BODYSECRETA", "BODYSECRETB", "QSECRET4", "RESPHEADERSECRET"],
    "playwright": ["INPUTSECRET", "QSECRET1"],
    "replay": [s for s in secrets.ALL_SECRETS if s != "QSECRET6"] + ["QSECRET6"],
}


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return secrets.write(tmp_path_factory.mktemp("secrets"))


def export(recording: Path, tmp_path: Path, artifact: str, redact: str) -> bytes:
    out = tmp_path / ARTIFACTS[artifact]
    args = ["export", str(recording), f"--{artifact}", str(out)]
    assert main(args + (["--redact", redact] if redact else [])) == 0
    return out.read_bytes()


def found(data: bytes, words: list[str]) -> list[str]:
    return [w for w in words if w.encode() in data]


@pytest.mark.parametrize("artifact", sorted(ARTIFACTS))
def test_unredacted_exports_carry_the_data(recording: Path, tmp_path: Path,
                                           artifact: str) -> None:
    data = export(recording, tmp_path, artifact, "")
    assert found(data, CARRIED[artifact]) == CARRIED[artifact]


@pytest.mark.parametrize("artifact", sorted(ARTIFACTS))
def test_redact_all_leaves_no_secret(recording: Path, tmp_path: Path, artifact: str) -> None:
    data = export(recording, tmp_path, artifact, "all")
    assert found(data, secrets.ALL_SECRETS) == []
    assert b"Redacted:" in data  # the export says what was redacted


@pytest.mark.parametrize("kind", KINDS)
def test_each_redaction_removes_its_own_data_only(recording: Path, tmp_path: Path,
                                                  kind: str) -> None:
    data = export(recording, tmp_path, "replay", kind)
    assert found(data, secrets.SECRETS[kind]) == []
    others = [s for k, group in secrets.SECRETS.items() if k != kind for s in group
              if not (kind == "text" and s == "AREASECRET")]  # textarea text is page text too
    assert found(data, others) == others
    assert orjson.loads(data)["redacted"] == [kind]


def test_redacted_trimmed_replay_still_plays(recording: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    assert main(["export", str(recording), "--replay", str(out), "--redact", "all"]) == 0
    replay = load_replay([str(out)])
    assert replay.problems == []
    texts = orjson.dumps([replay.events[i] for i in range(len(replay.events))])
    assert b"***** ***********" in texts  # "Hello TEXTSECRETA" masked like Sentry
    assert replay.frames_of("network")[0].url == "/api/items"


def test_masking_and_url_stripping_rules() -> None:
    assert mask("Ada  Lovelace\n42") == "***  ********\n**"
    assert strip_url("https://a.example/p?q=1#x") == "https://a.example/p"
    assert strip_url("/api?x=1") == "/api"
    assert strip_url("#local") == "#local"
    assert strip_url("data:image/png;base64,AAAA") == "data:image/png;base64,AAAA"
    assert Redaction.parse("all").names == list(KINDS)
    with pytest.raises(ValueError, match="unknown redaction 'cookies'"):
        Redaction.parse("text,cookies")


def test_redaction_leaves_the_original_replay_alone(recording: Path) -> None:
    replay = load_replay([str(recording)])
    before = orjson.dumps([replay.events[i] for i in range(len(replay.events))])
    redacted = redact_replay(replay, Redaction.parse("all"))
    assert redacted is not replay
    assert orjson.dumps([replay.events[i] for i in range(len(replay.events))]) == before
    assert replay.frames_of("network")[0].request is not None
    assert replay.frames_of("network")[0].request.body == {"password": "BODYSECRETA"}


class SourceCapture:
    """The real Qt pictures, remembering which replay each was rendered from."""

    def __init__(self) -> None:
        from viewer.ui.export_images import QtImages

        self.images = QtImages()
        self.replays: list[Replay] = []

    def screenshot(self, replay: Replay, t_ms: float, width: int) -> bytes:
        self.replays.append(replay)
        return self.images.screenshot(replay, t_ms, width)

    def timeline(self, replay: Replay, start_ms: float, end_ms: float, playhead_ms: float,
                 width: int) -> bytes:
        self.replays.append(replay)
        return self.images.timeline(replay, start_ms, end_ms, playhead_ms, width)


def test_report_and_its_pictures_hold_no_secret(qtbot: object, recording: Path,
                                                tmp_path: Path) -> None:
    replay = load_replay([str(recording)])
    capture = SourceCapture()
    out = tmp_path / "report.html"
    run_export(replay, ExportRequest("report", str(out), redaction=Redaction.parse("all")),
               capture)
    data = out.read_bytes()
    assert found(data, secrets.ALL_SECRETS) == []
    assert b"Redacted:" in data and data.count(b"data:image/png;base64,") == 3
    assert len(capture.replays) == 3
    for source in capture.replays:  # what the screenshots were rendered from
        dumped = orjson.dumps([source.events[i] for i in range(len(source.events))])
        assert found(dumped, secrets.ALL_SECRETS) == []
    plain = tmp_path / "plain.html"
    run_export(replay, ExportRequest("report", str(plain)), None)
    assert found(plain.read_bytes(), ["CLICKTEXTSECRET", "QSECRET6", "QSECRET1"]) == [
        "CLICKTEXTSECRET", "QSECRET6", "QSECRET1"]
