"""Sentry links: replay and issue-event URLs (SaaS subdomains, self-hosted paths), bare ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from viewer.fetch import FetchError, parse_target
from viewer.fetch.config import cache_dir, find_base_url, find_org, find_token

RID = "cdce83b4796c406d8057e18bf436a70e"
EID = "8185f54ab396424e992dd69704e187fd"


@pytest.mark.parametrize(("url", "base", "org"), [
    (f"https://acme.sentry.io/replays/{RID}/?t=83", "https://acme.sentry.io", "acme"),
    (f"https://acme.sentry.io/explore/replays/{RID}/", "https://acme.sentry.io", "acme"),
    (f"https://sentry.io/organizations/acme/replays/{RID}/", "https://sentry.io", "acme"),
    (f"https://sentry.example.com/organizations/acme/replays/{RID}/",
     "https://sentry.example.com", "acme"),
    (f"http://10.0.0.5:9000/sentry/organizations/acme/replays/{RID}/",
     "http://10.0.0.5:9000/sentry", "acme"),
    (f"https://acme.sentry.io/replays/shop:{RID}/", "https://acme.sentry.io", "acme"),
    ("https://acme.sentry.io/replays/cdce83b4-796c-406d-8057-e18bf436a70e/",
     "https://acme.sentry.io", "acme"),
])
def test_replay_links(url: str, base: str, org: str) -> None:
    target = parse_target(url)
    assert (target.kind, target.replay_id, target.base_url, target.org) == ("replay", RID, base,
                                                                          org)


def test_the_links_t_is_kept_and_user_info_dropped() -> None:
    target = parse_target(f"https://me:secret@acme.sentry.io/replays/{RID}/?t=83")
    assert target.t == "83"
    assert "secret" not in target.source and "me@" not in target.source
    assert target.source == f"https://acme.sentry.io/replays/{RID}/?t=83"


@pytest.mark.parametrize("url", [
    f"https://acme.sentry.io/issues/4242/events/{EID}/",
    f"https://sentry.io/organizations/acme/issues/4242/events/{EID}/?project=1",
    f"https://sentry.example.com/organizations/acme/issues/4242/events/{EID}/",
])
def test_issue_event_links(url: str) -> None:
    target = parse_target(url)
    assert (target.kind, target.org, target.issue_id, target.event_id) == ("issue", "acme",
                                                                          "4242", EID)


def test_an_issue_link_without_an_event_means_sentrys_recommended_event() -> None:
    assert parse_target("https://acme.sentry.io/issues/4242/").event_id == "recommended"


def test_region_hosts_are_not_organizations() -> None:
    target = parse_target(f"https://us.sentry.io/replays/{RID}/", org="from-option")
    assert target.org == "from-option"


def test_a_bare_replay_id_uses_the_given_org_and_base() -> None:
    target = parse_target(RID.upper(), org="acme", base_url="https://sentry.example.com/")
    assert (target.kind, target.replay_id, target.org, target.base_url) == (
        "replay", RID, "acme", "https://sentry.example.com")


@pytest.mark.parametrize(("text", "message"), [
    ("not-a-replay", "neither a Sentry URL nor a replay id"),
    ("https://acme.sentry.io/replays/1234/", "is not a replay id"),
    ("https://acme.sentry.io/issues/4242/events/zzz/", "is not an event id"),
    ("https://acme.sentry.io/dashboards/", "not a Sentry replay or issue-event link"),
    ("ftp://acme.sentry.io/replays/x/", "neither a Sentry URL"),
])
def test_bad_links_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        parse_target(text)


def test_token_order_option_then_environment_then_sentryclirc(tmp_path: Path) -> None:
    (tmp_path / ".sentryclirc").write_text("[auth]\ntoken = from-rc\n[defaults]\n"
                                           "url = https://sentry.example.com\norg = rc-org\n")
    env = {"SENTRY_AUTH_TOKEN": "from-env"}
    assert find_token("from-option", env, tmp_path) == "from-option"
    assert find_token(None, env, tmp_path) == "from-env"
    assert find_token(None, {}, tmp_path) == "from-rc"
    assert find_token(None, {}, tmp_path / "nowhere") is None
    assert find_base_url(None, {}, tmp_path) == "https://sentry.example.com"
    assert find_base_url(None, {"SENTRY_URL": "https://s.local"}, tmp_path) == "https://s.local"
    assert find_base_url(None, {}, tmp_path / "nowhere") == "https://sentry.io"
    assert find_org(None, {}, tmp_path) == "rc-org"
    assert find_org("opt", {"SENTRY_ORG": "env"}, tmp_path) == "opt"


def test_a_broken_sentryclirc_is_as_if_absent(tmp_path: Path) -> None:
    (tmp_path / ".sentryclirc").write_bytes(b"token without a section\n\xff")
    assert find_token(None, {}, tmp_path) is None


def test_cache_dir_honours_xdg_cache_home(tmp_path: Path) -> None:
    assert cache_dir(RID, {"XDG_CACHE_HOME": str(tmp_path)}) == (
        tmp_path / "replay-viewer" / "replays" / RID)
    assert cache_dir(RID, {"XDG_CACHE_HOME": "relative/ignored"}) == (
        Path.home() / ".cache" / "replay-viewer" / "replays" / RID)
