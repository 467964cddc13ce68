"""Pure panel logic: filters, search, sorting, row at time, request details, traces (no Qt)."""

from __future__ import annotations

import shlex
import subprocess
import sys

from viewer.model.frames import (
    ClickFrame,
    ConsoleFrame,
    ErrorFrame,
    HttpPart,
    NavigationFrame,
    NetworkFrame,
    NodeRef,
    TraceSpan,
    WebVitalFrame,
)
from viewer.model.useragent import from_user_agent
from viewer.present.error_text import error_details, error_note, filter_errors
from viewer.present.network_text import (
    body_warnings,
    curl_command,
    general_info,
    page_url_at,
    pretty_body,
    query_params,
)
from viewer.present.queries import (
    NETWORK_SORT_KEYS,
    breadcrumb_frames,
    console_text,
    filter_console,
    filter_frames,
    filter_network,
    latest_row_at,
    request_type,
    row_at_time,
    sort_rows,
    url_path,
    vital_rating,
)
from viewer.present.trace_tree import group_traces

T0 = 1_700_000_000_000.0


def net(offset: float, url: str, status: int | None = 200, op: str = "resource.fetch",
        dur: float = 10, **kw: object) -> NetworkFrame:
    return NetworkFrame("network", T0 + offset, offset, op, url, T0 + offset + dur,
                        status=status, **kw)  # type: ignore[arg-type]


def console(offset: float, level: str, message: str, *args: object) -> ConsoleFrame:
    return ConsoleFrame("console", T0 + offset, offset, level, message, list(args))


def test_breadcrumbs_filter_by_kind_and_search() -> None:
    frames = [ClickFrame("click", T0, 0, "button#pay", NodeRef(7, "button", "Pay now")),
              console(5, "warn", "slow"),
              NavigationFrame("navigation", T0 + 9, 9, "https://shop.test/cart"),
              net(10, "/api/cart"),
              NetworkFrame("resource", T0 + 11, 11, "resource.img", "/a.png", T0 + 12)]
    crumbs = breadcrumb_frames(frames)
    assert [f.kind for f in crumbs] == ["click", "console", "navigation", "network"]
    assert [f.kind for f in filter_frames(crumbs, {"console"}, "")] == ["console"]
    assert [f.kind for f in filter_frames(crumbs, None, "PAY NOW")] == ["click"]
    assert [f.kind for f in filter_frames(crumbs, None, "cart")] == ["navigation", "network"]
    assert [f.kind for f in filter_frames(crumbs, None, "Navigation")] == ["navigation"]


def test_console_levels_search_and_arguments() -> None:
    frames = [console(0, "log", "a"), console(1, "warning", "b"),
              console(2, "error", "failed [object Object]", "failed", {"code": 500})]
    assert console_text(frames[2]) == 'failed {"code": 500}'
    assert [f.message for f in filter_console(frames, {"warn", "error"}, "")] == [
        "b", "failed [object Object]"]
    assert [f.message for f in filter_console(frames, None, "code")] == [
        "failed [object Object]"]


def test_network_filters_and_sorting() -> None:
    frames = [net(0, "https://x.test/api/a?q=1", 200, dur=300),
              net(5, "/api/b", 404, op="resource.xhr", dur=20),
              net(9, "/api/c", None, dur=5),
              net(12, "/img/logo.png", 200, op="resource.img", dur=50)]
    assert [request_type(f) for f in frames] == ["fetch", "xhr", "fetch", "img"]
    assert url_path(frames[0].url) == "/api/a?q=1"
    assert len(filter_network(frames, {"fetch"}, None, "")) == 2
    failures = filter_network(frames, None, {"4xx", "5xx", "failed"}, "")
    assert [f.status for f in failures] == [404, None]
    assert [f.url for f in filter_network(frames, None, None, "logo")] == ["/img/logo.png"]
    by_duration = sort_rows(frames, NETWORK_SORT_KEYS["duration"], descending=True)
    assert [f.duration_ms for f in by_duration] == [300, 50, 20, 5]
    by_status = sort_rows(frames, NETWORK_SORT_KEYS["status"])
    assert [f.status for f in by_status] == [None, 200, 200, 404]


def test_the_row_at_a_time() -> None:
    assert row_at_time([10.0, 20.0, 30.0], 25) == 1
    assert row_at_time([10.0, 20.0, 30.0], 5) is None
    assert row_at_time([10.0, 20.0, 30.0], 30) == 2
    frames = [net(30, "/c"), net(10, "/a"), net(20, "/b")]
    assert latest_row_at(frames, T0 + 25) == 2
    assert latest_row_at(frames, T0) is None


def test_request_details_and_curl() -> None:
    frames = [NavigationFrame("navigation", T0, 0, "https://shop.test/cart?x=1")]
    request = HttpPart({"content-type": "application/json", "x-token": "it's"}, 12,
                       {"sku": 3})
    response = HttpPart({}, 2048, '{"ok": true}', ["MAYBE_JSON_TRUNCATED"])
    frame = net(100, "/api/pay?id=7&debug=", 201, method="POST", request=request,
                response=response)
    page = page_url_at(frames, frame.ts_ms)
    assert page == "https://shop.test/cart?x=1"
    info = dict(general_info(frame, T0, page))
    assert info["URL"] == "https://shop.test/api/pay?id=7&debug="
    assert info["Response size"] == "2.0 kB"
    assert query_params(frame.url) == [("id", "7"), ("debug", "")]
    assert pretty_body(response.body) == '{\n  "ok": true\n}'
    assert pretty_body("plain text") == "plain text"
    assert "truncated" in body_warnings(response)[0]
    curl = curl_command(frame, page)
    assert shlex.split(curl) == [
        "curl", "https://shop.test/api/pay?id=7&debug=", "-X", "POST",
        "-H", "content-type: application/json", "-H", "x-token: it's",
        "--data-raw", '{"sku":3}']
    assert curl_command(net(0, "https://x.test/"), "") == "curl https://x.test/"


def test_errors_notes_details_and_search() -> None:
    outside = ErrorFrame("error", T0 - 5000, -5000, "abc123", "TypeError: x", "x is undefined",
                         in_recording=False)
    bare = ErrorFrame("error", T0, 0, "def456", has_event=False)
    assert error_note(outside) == "outside the recording"
    assert error_note(bare) == "id only (no error event given)"
    assert "abc123" in error_details(outside, T0) and "-00:05.000" in error_details(outside, T0)
    assert filter_errors([outside, bare], "undefined") == [outside]
    assert filter_errors([outside, bare], "def4") == [bare]


def test_traces_group_into_trees() -> None:
    def span(trace: str, sid: str, parent: str, offset: float, end: float) -> TraceSpan:
        return TraceSpan("trace", T0 + offset, offset, trace, sid, parent, sid, "op",
                         T0 + end, is_segment=not parent)

    groups = group_traces([span("t2", "r2", "", 50, 60), span("t1", "c1", "r1", 5, 8),
                           span("t1", "r1", "", 0, 10), span("t1", "o", "missing", 9, 9)])
    assert [g.trace_id for g in groups] == ["t1", "t2"]
    t1 = groups[0]
    assert [n.span.span_id for n in t1.roots] == ["r1", "o"]
    assert [c.span.span_id for c in t1.roots[0].children] == ["c1"]
    assert (t1.start_ms, t1.end_ms, t1.count) == (T0, T0 + 10, 3)


def test_vital_ratings_fall_back_to_thresholds() -> None:
    def vital(name: str, value: float, rating: str = "") -> WebVitalFrame:
        return WebVitalFrame("web-vital", T0, 0, name, value, rating)

    assert vital_rating(vital("largest-contentful-paint", 5000, "poor")) == "poor"
    assert vital_rating(vital("lcp", 1000)) == "good"
    assert vital_rating(vital("cumulative-layout-shift", 0.2)) == "needs-improvement"
    assert vital_rating(vital("inp", 900)) == "poor"


def test_user_agent_gives_browser_and_os() -> None:
    ua = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "HeadlessChrome/156.0.0.0 Safari/537.36")
    assert from_user_agent(ua) == ("HeadlessChrome 156", "Linux")


def test_panel_logic_imports_no_qt() -> None:
    code = ("import sys, viewer.present.queries, viewer.present.network_text, "
            "viewer.present.trace_tree, viewer.present.error_text, "
            "viewer.present.metadata_rows\n"
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_issues_are_frustration_clicks_and_hydration_errors() -> None:
    from viewer.model.frames import BreadcrumbFrame
    from viewer.present.queries import issue_detail, issue_frames, issue_target

    dead = ClickFrame("dead-click", T0, 0, "button#pay", NodeRef(3, "button", "Pay"), 1, 7000.0,
                      "timeout")
    rage = ClickFrame("rage-click", T0 + 1, 1, "div.card", None, 6)
    hydrate = BreadcrumbFrame("hydrate-error", T0 + 2, 2, "replay.hydrate-error",
                              "Hydration failed", data={"url": "https://x.test/a"})
    frames = [ClickFrame("click", T0, 0, "a"), dead, rage, hydrate]
    assert issue_frames(frames) == [dead, rage, hydrate]
    assert issue_target(dead) == "<button> “Pay”" and issue_target(rage) == "div.card"
    assert issue_detail(dead) == "no reaction for 7.0 s, ended by timeout"
    assert issue_detail(rage) == "6 clicks"
    assert issue_detail(hydrate) == "Hydration failed https://x.test/a"
