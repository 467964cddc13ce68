"""Where the token, default Sentry URL and organization come from, and where fetched replays go."""

from __future__ import annotations

import configparser
import os
from collections.abc import Mapping
from pathlib import Path

from viewer.model.cache import cache_root

DEFAULT_BASE_URL = "https://sentry.io"
#: The scopes a token needs for everything `fetch` reads.
SCOPES_NEEDED = "org:read, project:read, event:read"


def sentryclirc(home: Path | None = None) -> configparser.ConfigParser:
    """The user's `~/.sentryclirc` (sentry-cli's INI file); empty when absent or unreadable."""
    parser = configparser.ConfigParser(interpolation=None)
    path = (home or Path.home()) / ".sentryclirc"
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return configparser.ConfigParser(interpolation=None)
    return parser


def _rc_value(rc: configparser.ConfigParser, section: str, key: str) -> str | None:
    value = rc.get(section, key, fallback="").strip()
    return value or None


def find_token(given: str | None, env: Mapping[str, str] | None = None,
               home: Path | None = None) -> str | None:
    """`--token`, else SENTRY_AUTH_TOKEN, else `[auth] token` in ~/.sentryclirc."""
    env = os.environ if env is None else env
    for value in (given, env.get("SENTRY_AUTH_TOKEN")):
        if value and value.strip():
            return value.strip()
    return _rc_value(sentryclirc(home), "auth", "token")


def find_base_url(given: str | None, env: Mapping[str, str] | None = None,
                  home: Path | None = None) -> str:
    """`--url`, else SENTRY_URL, else `[defaults] url` in ~/.sentryclirc, else sentry.io."""
    env = os.environ if env is None else env
    for value in (given, env.get("SENTRY_URL")):
        if value and value.strip():
            return value.strip()
    return _rc_value(sentryclirc(home), "defaults", "url") or DEFAULT_BASE_URL


def find_org(given: str | None, env: Mapping[str, str] | None = None,
             home: Path | None = None) -> str | None:
    """`--org`, else SENTRY_ORG, else `[defaults] org` in ~/.sentryclirc."""
    env = os.environ if env is None else env
    for value in (given, env.get("SENTRY_ORG")):
        if value and value.strip():
            return value.strip()
    return _rc_value(sentryclirc(home), "defaults", "org")


def cache_dir(replay_id: str, env: Mapping[str, str] | None = None) -> Path:
    """`$XDG_CACHE_HOME/replay-viewer/replays/<id>` (default `~/.cache/...`)."""
    return cache_root(env) / "replays" / replay_id
