"""Browser and OS from a User-Agent string, for replays whose events carry no contexts."""

from __future__ import annotations

_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
             ("HeadlessChrome/", "HeadlessChrome"), ("Chrome/", "Chrome"),
             ("Version/", "Safari"))
_SYSTEMS = (("Windows NT", "Windows"), ("Android", "Android"), ("iPhone", "iOS"),
            ("iPad", "iPadOS"), ("Mac OS X", "macOS"), ("CrOS", "Chrome OS"),
            ("Linux", "Linux"))


def from_user_agent(user_agent: str) -> tuple[str, str]:
    """(browser with major version, OS) guessed from a User-Agent, for when no context says."""
    browser = ""
    for token, name in _BROWSERS:
        at = user_agent.find(token)
        if at >= 0:
            version = user_agent[at + len(token):].split(" ", 1)[0].split(".", 1)[0]
            browser = f"{name} {version}".strip()
            break
    system = next((name for token, name in _SYSTEMS if token in user_agent), "")
    return browser, system
