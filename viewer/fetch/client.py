"""A small Sentry REST client on `http.client`: bearer token only to the base host, own redirects,
429 / Retry-After handling shared by all threads, bounded retries of dropped connections."""

from __future__ import annotations

import email.utils
import http.client
import ipaddress
import logging
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit

import orjson

from viewer.fetch.errors import FetchError

log = logging.getLogger("viewer.fetch")
USER_AGENT = "replay-viewer/0.1 (+fetch)"
#: Responses larger than this are refused (a replay's page of 100 segments is far smaller).
MAX_BODY_BYTES = 1024**3
MAX_REDIRECTS = 5
#: Statuses worth asking again after a pause (Sentry's load balancers and rate limiter).
_RETRY_STATUSES = (429, 500, 502, 503, 504)
_DROPPED = (http.client.IncompleteRead, http.client.RemoteDisconnected, ConnectionResetError,
            ConnectionAbortedError, BrokenPipeError, TimeoutError, http.client.BadStatusLine)

Query = Sequence[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    reason: str
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self, what: str) -> Any:
        try:
            return orjson.loads(self.body)
        except orjson.JSONDecodeError as e:
            raise FetchError(f"{what}: Sentry's answer is not JSON ({e})") from None


class RateGate:
    """One pause for every thread: after a 429 no request leaves before `resume_at`."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self._lock = threading.Lock()
        self._resume_at = 0.0
        self._sleep = sleep

    def pause(self, seconds: float) -> None:
        with self._lock:
            self._resume_at = max(self._resume_at, time.monotonic() + seconds)

    def wait(self) -> None:
        while True:
            with self._lock:
                delay = self._resume_at - time.monotonic()
            if delay <= 0:
                return
            self._sleep(delay)


def api_path(*parts: str) -> str:
    """`a/b/c/` from path segments, each quoted whole (a slug or id never adds a segment)."""
    return "".join(f"{quote(part, safe='')}/" for part in parts)


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class SentryClient:
    """GETs under `<base_url>/api/0/`. The token is sent to the base URL's scheme, host and port
    only: a redirect elsewhere is followed without it."""

    def __init__(self, base_url: str, token: str, *, timeout: float = 60.0, retries: int = 5,
                 max_wait: float = 120.0, backoff: float = 0.5,
                 warn: Callable[[str], None] | None = None) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"{base_url!r} is not an http(s) URL")
        self.base_url = base_url.rstrip("/")
        self.host = parts.hostname
        self._origin = _origin(base_url)
        self._token = token
        self.timeout = timeout
        self.retries = retries
        self.max_wait = max_wait
        self.backoff = backoff
        self.gate = RateGate()
        self.rate_limited = 0  # how many 429s were waited out
        if parts.scheme == "http" and not is_loopback(self.host) and warn is not None:
            warn(f"warning: the token is sent over plain http to {self.host} (anyone on the "
                 "network can read it); use https")

    def __repr__(self) -> str:  # never shows the token
        return f"SentryClient({self.base_url!r})"

    def url(self, path: str, query: Query = ()) -> str:
        url = f"{self.base_url}/api/0/{path.lstrip('/')}"
        return f"{url}?{urlencode(list(query))}" if query else url

    def get(self, path: str, query: Query = (), *, what: str, scope: str, not_found: str = "",
            allow: Sequence[int] = ()) -> Response:
        """GET an API path; statuses >= 400 not in `allow` become a FetchError saying why."""
        response = self._with_retries(self.url(path, query), what)
        if response.status >= 400 and response.status not in allow:
            raise FetchError(_explain(response, what, scope, not_found), response.status)
        return response

    def _with_retries(self, url: str, what: str) -> Response:
        dropped = 0
        busy = 0
        while True:
            self.gate.wait()
            try:
                response = self._follow(url)
            except _DROPPED as e:
                dropped += 1
                if dropped > self.retries:
                    raise FetchError(f"the connection to {self.host} kept dropping while "
                                     f"reading {what} ({_describe(e)}; {dropped} tries)") from None
                log.info("connection dropped (%s); trying again", _describe(e))
                time.sleep(self.backoff * 2 ** (dropped - 1))
                continue
            if response.status not in _RETRY_STATUSES:
                return response
            busy += 1
            wait = _wait_seconds(response.headers)
            if response.status == 429:
                self.rate_limited += 1
            if busy > self.retries:
                if response.status == 429:
                    raise FetchError(f"Sentry kept answering 429 Too Many Requests (rate limited) "
                                     f"for {what} after {busy} tries; run again later",
                                     429)
                return response
            if wait is None:
                wait = self.backoff * 2 ** (busy - 1)
            if wait > self.max_wait:
                raise FetchError(f"Sentry asks to wait {wait:.0f} s before reading {what} "
                                 f"({response.status} {response.reason}); run again later",
                                 response.status)
            log.info("%s %s: waiting %.1f s", response.status, response.reason, wait)
            self.gate.pause(wait)

    def _follow(self, url: str) -> Response:
        for _ in range(MAX_REDIRECTS + 1):
            response = self._send(url)
            location = response.headers.get("location")
            if response.status not in (301, 302, 303, 307, 308) or not location:
                return response
            url = urljoin(url, location)
            if urlsplit(url).scheme not in ("http", "https"):
                raise FetchError(f"{self.host} redirected to a non-http URL")
        raise FetchError(f"{self.host} redirected more than {MAX_REDIRECTS} times")

    def _send(self, url: str) -> Response:
        parts = urlsplit(url)
        host = parts.hostname or ""
        connection: http.client.HTTPConnection
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(host, parts.port, timeout=self.timeout,
                                                     context=ssl.create_default_context())
        else:
            connection = http.client.HTTPConnection(host, parts.port, timeout=self.timeout)
        headers = {"Accept": "application/json", "Accept-Encoding": "gzip",
                   "User-Agent": USER_AGENT}
        if _origin(url) == self._origin:
            headers["Authorization"] = f"Bearer {self._token}"
        target = parts.path or "/"
        if parts.query:
            target += f"?{parts.query}"
        try:
            try:
                connection.request("GET", target, headers=headers)
            except ValueError:
                raise FetchError("the token holds characters an HTTP header cannot carry") from None
            raw = connection.getresponse()
            body = _read_body(raw, host)
            names = {k.lower(): v for k, v in raw.getheaders()}
            return Response(raw.status, raw.reason, names, body)
        except _DROPPED:
            raise
        except ssl.SSLCertVerificationError as e:
            raise FetchError(f"cannot reach {host}: its TLS certificate is not trusted "
                             f"({e.verify_message})") from None
        except socket.gaierror:
            raise FetchError(f"cannot reach {host}: the name does not resolve (network down, "
                             "or a wrong URL)") from None
        except ConnectionRefusedError:
            raise FetchError(f"cannot reach {host}: connection refused") from None
        except OSError as e:
            raise FetchError(f"cannot reach {host}: {e.strerror or e}") from None
        finally:
            connection.close()


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


def _read_body(raw: http.client.HTTPResponse, host: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := raw.read(1 << 20):
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise FetchError(f"{host} sent more than {MAX_BODY_BYTES // 1024**3} GiB in one "
                             "answer")
        chunks.append(chunk)
    body = b"".join(chunks)
    if raw.length:  # the connection closed before Content-Length bytes came
        raise http.client.IncompleteRead(body, raw.length)
    if raw.getheader("Content-Encoding", "").lower() == "gzip":
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(body, MAX_BODY_BYTES + 1)
        except zlib.error as e:
            raise http.client.IncompleteRead(body, None) from e
        if len(body) > MAX_BODY_BYTES or inflater.unconsumed_tail:
            raise FetchError(f"{host} sent more than {MAX_BODY_BYTES // 1024**3} GiB in one answer")
        if not inflater.eof:
            raise http.client.IncompleteRead(body, None)
    return body


def _wait_seconds(headers: dict[str, str]) -> float | None:
    """Seconds to wait from `Retry-After` (seconds or a date) or Sentry's rate-limit reset."""
    value = headers.get("retry-after", "").strip()
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, when.timestamp() - time.time())
        except (TypeError, ValueError):
            pass
    reset = headers.get("x-sentry-rate-limit-reset", "").strip()
    try:
        return max(0.0, float(reset) - time.time()) if reset else None
    except ValueError:
        return None


def _describe(e: BaseException) -> str:
    if isinstance(e, http.client.IncompleteRead):
        return f"the answer stopped after {len(e.partial)} bytes"
    return type(e).__name__ if not str(e) else f"{type(e).__name__}: {e}"


def _detail(response: Response) -> str:
    try:
        value = orjson.loads(response.body)
    except orjson.JSONDecodeError:
        return ""
    detail = value.get("detail") if isinstance(value, dict) else None
    if isinstance(detail, dict):
        detail = detail.get("message")
    if not isinstance(detail, str) or not detail.strip():
        return ""
    text = " ".join(detail.split())
    return f": {text[:200]}"


def _explain(response: Response, what: str, scope: str, not_found: str) -> str:
    status, detail = response.status, _detail(response)
    if status == 401:
        return (f"Sentry refused the token (401 Unauthorized{detail}): it is invalid, expired "
                "or revoked")
    if status == 403:
        return (f"the token may not read {what} (403 Forbidden{detail}): it needs the "
                f"`{scope}` scope (and its user access to the project)")
    if status == 404:
        return f"{what} not found (404){': ' + not_found if not_found else detail}"
    return f"{what}: Sentry answered {status} {response.reason}{detail}"
