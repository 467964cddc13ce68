"""Redact raw recorded events: rrweb snapshots and mutations, Input events, Sentry custom events.

An `EventRedactor` walks the events in time order (it remembers each node's tag, the input type
of each input and which text nodes sit in a `<style>`), and returns changed copies; events
with nothing to redact are returned as they are (they are never modified in place).
"""

from __future__ import annotations

import re
from typing import Any

import orjson

FULL_SNAPSHOT, INCREMENTAL, META, CUSTOM, PLUGIN = 2, 3, 4, 5, 6
MUTATION, INPUT = 0, 5
ELEMENT, TEXT, COMMENT = 2, 3, 5
_RAW_TEXT_PARENTS = frozenset({"style", "script", "noscript"})
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "cite", "data",
                             "background", "xlink:href", "rr_src", "ping", "longdesc",
                             "manifest", "codebase", "rrweb-original-src"})
_SRCSET_ATTRIBUTES = frozenset({"srcset", "rrweb-original-srcset", "imagesrcset"})
TEXT_ATTRIBUTES = frozenset({"title", "placeholder", "alt", "aria-label", "aria-description",
                              "aria-placeholder", "aria-valuetext", "label"})
#: Input types whose `value` is a label (text), not something the user typed.
_LABEL_INPUTS = frozenset({"submit", "button", "reset", "image"})
_CHOICE_INPUTS = frozenset({"checkbox", "radio"})
_VALUE_TAGS = frozenset({"input", "textarea", "select"})
_NON_SPACE = re.compile(r"\S")
_ABSOLUTE_URL = re.compile(r"\b([a-zA-Z][a-zA-Z0-9+.-]*://[^\s?#\"'<>]*)[?#][^\s\"'<>]*")
_PATH_TEXT_ATTR = re.compile(r'\[(title|alt|aria-label|placeholder)="((?:[^"\\]|\\.)*)"\]')
#: Breadcrumb / span data keys that hold URLs.
_URL_KEYS = frozenset({"url", "from", "to", "previous", "href", "route"})


def mask(text: str) -> str:
    """Sentry's masking: every character but white space becomes `*`."""
    return _NON_SPACE.sub("*", text)


def strip_url(url: str) -> str:
    """A URL without its query string and fragment (`data:` URLs and `#refs` kept)."""
    if not url or url.startswith(("data:", "#")):
        return url
    return url.split("#", 1)[0].split("?", 1)[0]


def strip_urls_in_text(text: str) -> str:
    """Absolute URLs inside free text lose their query string and fragment."""
    return _ABSOLUTE_URL.sub(r"\1", text) if "://" in text else text


def mask_path_text(path: str) -> str:
    """A CSS-like element path (Sentry's click message) with its text attributes masked."""
    return _PATH_TEXT_ATTR.sub(lambda m: f'[{m.group(1)}="{mask(m.group(2))}"]', path)


_mask, _strip, _strip_in_text = mask, strip_url, strip_urls_in_text


def _copy(value: Any) -> Any:
    return orjson.loads(orjson.dumps(value))


class EventRedactor:
    """Redacts events one by one, in time order."""

    def __init__(self, text: bool, inputs: bool, urls: bool, network: bool) -> None:
        self.text, self.inputs, self.urls, self.network = text, inputs, urls, network
        self.tags: dict[Any, str] = {}  # element id -> tag
        self.types: dict[Any, str] = {}  # input id -> type
        self.raw_text: set[Any] = set()  # text node ids inside style/script

    # -- rrweb events ------------------------------------------------------------------------
    def event(self, event: dict[str, Any]) -> dict[str, Any]:
        kind = event.get("type")
        data = event.get("data")
        if not isinstance(data, dict):
            return event
        if kind == FULL_SNAPSHOT and isinstance(data.get("node"), dict):
            event = _copy(event)
            self._tree(event["data"]["node"], "")
        elif kind == META and self.urls and isinstance(data.get("href"), str):
            event = {**event, "data": {**data, "href": _strip(data["href"])}}
        elif kind == INCREMENTAL and data.get("source") == MUTATION:
            event = _copy(event)
            self._mutation(event["data"])
        elif kind == INCREMENTAL and data.get("source") == INPUT and self.inputs:
            target = data.get("id")
            if isinstance(data.get("text"), str) and self.types.get(target) not in _CHOICE_INPUTS:
                event = {**event, "data": {**data, "text": _mask(data["text"])}}
        elif kind == PLUGIN and (self.network or self.urls):
            event = _copy(event)
            self._plugin(event["data"])
        return event

    def _tree(self, root: dict[str, Any], parent_tag: str) -> None:
        stack: list[tuple[dict[str, Any], str]] = [(root, parent_tag)]
        while stack:
            node, parent = stack.pop()
            self._node(node, parent)
            tag = str(node.get("tagName") or "").lower() if node.get("type") == ELEMENT else ""
            kids = node.get("childNodes")
            if isinstance(kids, list):
                stack.extend((k, tag) for k in kids if isinstance(k, dict))

    def _node(self, node: dict[str, Any], parent_tag: str) -> None:
        kind, node_id = node.get("type"), node.get("id")
        if kind == ELEMENT:
            tag = str(node.get("tagName") or "").lower()
            attrs = node.get("attributes")
            if isinstance(node_id, int):
                self.tags[node_id] = tag
                if tag == "input" and isinstance(attrs, dict):
                    self.types[node_id] = str(attrs.get("type") or "text").lower()
            if isinstance(attrs, dict):
                self._attributes(tag, attrs, self.types.get(node_id, "text"))
        elif kind in (TEXT, COMMENT):
            raw = parent_tag in _RAW_TEXT_PARENTS or bool(node.get("isStyle"))
            if raw and isinstance(node_id, int):
                self.raw_text.add(node_id)
            if isinstance(node.get("textContent"), str) and not raw and self._masks_text(
                    parent_tag):
                node["textContent"] = _mask(node["textContent"])

    def _masks_text(self, parent_tag: str) -> bool:
        return self.text or (self.inputs and parent_tag in ("textarea", "option"))

    def _attributes(self, tag: str, attrs: dict[str, Any], input_type: str) -> None:
        for name in list(attrs):
            value = attrs[name]
            if not isinstance(value, str):
                continue
            low = name.lower()
            if self.urls and low in _URL_ATTRIBUTES:
                attrs[name] = _strip(value)
            elif self.urls and low in _SRCSET_ATTRIBUTES:
                attrs[name] = ", ".join(_strip_srcset_part(p) for p in value.split(","))
            elif self.text and low in TEXT_ATTRIBUTES:
                attrs[name] = _mask(value)
            elif low == "value" and tag in _VALUE_TAGS:
                label = tag == "input" and input_type in _LABEL_INPUTS
                choice = tag == "input" and input_type in _CHOICE_INPUTS
                if (label and self.text) or (self.inputs and not label and not choice):
                    attrs[name] = _mask(value)

    def _mutation(self, data: dict[str, Any]) -> None:
        for add in data.get("adds") or []:
            if isinstance(add, dict) and isinstance(add.get("node"), dict):
                parent_tag = self.tags.get(add.get("parentId"), "")
                self._tree(add["node"], parent_tag)
        for item in data.get("texts") or []:
            if not isinstance(item, dict) or not isinstance(item.get("value"), str):
                continue
            target = item.get("id")
            if target in self.raw_text or self.tags.get(target) in _RAW_TEXT_PARENTS:
                continue
            if self.text or (self.inputs and self.tags.get(target) == "textarea"):
                item["value"] = _mask(item["value"])
        for item in data.get("attributes") or []:
            if not isinstance(item, dict) or not isinstance(item.get("attributes"), dict):
                continue
            target = item.get("id")
            tag = self.tags.get(target, "")
            changes = item["attributes"]
            if tag == "input" and isinstance(changes.get("type"), str):
                self.types[target] = changes["type"].lower()
            self._attributes(tag, changes, self.types.get(target, "text"))

    def _plugin(self, data: dict[str, Any]) -> None:
        """rrweb/network@1: bodies and headers, request URLs."""
        payload = data.get("payload")
        requests = payload.get("requests") if isinstance(payload, dict) else None
        for request in requests if isinstance(requests, list) else []:
            if not isinstance(request, dict):
                continue
            if self.network:
                for key in ("requestHeaders", "requestBody", "responseHeaders", "responseBody"):
                    request.pop(key, None)
            if self.urls and isinstance(request.get("name"), str):
                request["name"] = _strip(request["name"])

    # -- Sentry custom events ----------------------------------------------------------------
    def custom(self, event: dict[str, Any]) -> dict[str, Any]:
        data = event.get("data")
        payload = data.get("payload") if isinstance(data, dict) else None
        if not isinstance(payload, dict):
            return event
        event = _copy(event)
        payload = event["data"]["payload"]
        tag = event["data"].get("tag")
        if tag == "breadcrumb":
            if isinstance(payload.get("message"), str):
                message = payload["message"]
                if self.text:
                    message = mask_path_text(message)
                payload["message"] = _strip_in_text(message) if self.urls else message
            if isinstance(payload.get("data"), dict):
                payload["data"] = self.crumb_data(payload["data"])
        elif tag == "performanceSpan":
            op = str(payload.get("op") or "")
            if self.urls and isinstance(payload.get("description"), str) and op.startswith(
                    ("resource.", "navigation.")):
                payload["description"] = _strip(payload["description"])
            data = payload.get("data")
            if isinstance(data, dict):
                if self.network:
                    for key in ("request", "response"):
                        part = data.get(key)
                        if isinstance(part, dict):
                            data[key] = {k: v for k, v in part.items() if k == "size"}
                if self.urls:
                    payload["data"] = self._urls_in(data)
        elif self.urls:
            event["data"]["payload"] = self._urls_in(payload)
        return event

    def crumb_data(self, data: dict[str, Any]) -> dict[str, Any]:
        """A breadcrumb's `data`: the node's text, URLs."""
        out = _copy(data)
        node = out.get("node")
        if self.text and isinstance(node, dict):
            if isinstance(node.get("textContent"), str):
                node["textContent"] = _mask(node["textContent"])
            attrs = node.get("attributes")
            if isinstance(attrs, dict):
                for name, value in attrs.items():
                    if name in TEXT_ATTRIBUTES and isinstance(value, str):
                        attrs[name] = _mask(value)
        return self._urls_in(out) if self.urls else out  # type: ignore[no-any-return]

    def _urls_in(self, value: Any, key: str = "") -> Any:
        if isinstance(value, str):
            return _strip(value) if key in _URL_KEYS else _strip_in_text(value)
        if isinstance(value, list):
            return [self._urls_in(v) for v in value]
        if isinstance(value, dict):
            return {k: self._urls_in(v, str(k)) for k, v in value.items()}
        return value


def _strip_srcset_part(part: str) -> str:
    bits = part.strip().split(None, 1)
    if not bits:
        return part
    return " ".join([_strip(bits[0]), *bits[1:]])
