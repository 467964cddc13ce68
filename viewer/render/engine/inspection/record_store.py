"""Compact storage of history records by node id.

Most records of a replay are structural (created, moved, removed, removed through an ancestor),
with ids as their only payload: those live in one flat `array` of 64-bit ints per node
(event, code, a, b). The rest (attribute, text, input, scroll and interaction records, with
strings and dicts) stay Python tuples. A record, decoded, is `(event, change, payload)`.
"""

from __future__ import annotations

from array import array
from typing import Any

Record = tuple[int, str, Any]
#: Change name of a removal that reached the node through an ancestor (see history.py).
VIA = "removed-via"

_NONE = -(2**62)  # stands for None (or an id that is not a 62-bit int)
_STRUCTURE = ("created", "moved", "removed", VIA)
_BY = ("snapshot", "mutation")


def _int(value: Any) -> int:
    return value if type(value) is int and -(2**62) < value < 2**62 else _NONE


def _opt(value: int) -> int | None:
    return None if value == _NONE else value


class RecordStore:
    """History records by node id, appended in event order."""

    def __init__(self) -> None:
        self._structure: dict[int, array[int]] = {}
        self._others: dict[int, list[Record]] = {}

    def created(self, node_id: int, event: int, by_snapshot: bool, parent: Any) -> None:
        self._put(node_id, event, 0, 0 if by_snapshot else 1, _int(parent))

    def moved(self, node_id: int, event: int, source: Any, target: Any) -> None:
        self._put(node_id, event, 1, _int(source), _int(target))

    def removed(self, node_id: int, event: int, parent: Any) -> None:
        self._put(node_id, event, 2, _int(parent), 0)

    def removed_via(self, node_id: int, event: int, top: Any, by_snapshot: bool) -> None:
        self._put(node_id, event, 3, _int(top), 0 if by_snapshot else 1)

    def other(self, node_id: int, record: Record) -> None:
        found = self._others.get(node_id)
        if found is None:
            self._others[node_id] = [record]
        else:
            found.append(record)

    def _put(self, node_id: int, event: int, code: int, a: int, b: int) -> None:
        found = self._structure.get(node_id)
        if found is None:
            self._structure[node_id] = array("q", (event, code, a, b))
        else:
            found.extend((event, code, a, b))

    def records(self, node_id: int) -> list[Record]:
        """The node's records in event order (structural ones first within an event)."""
        out: list[Record] = []
        flat = self._structure.get(node_id)
        if flat is not None:
            for k in range(0, len(flat), 4):
                event, code, a, b = flat[k], flat[k + 1], flat[k + 2], flat[k + 3]
                change = _STRUCTURE[code]
                payload: Any
                if code == 0:
                    payload = (a == 0, _opt(b))
                elif code == 1:
                    payload = (_opt(a), _opt(b))
                elif code == 2:
                    payload = _opt(a)
                else:
                    payload = (_opt(a), _BY[b])
                out.append((event, change, payload))
        others = self._others.get(node_id)
        if others:
            out.extend(others)
            out.sort(key=lambda r: r[0])  # stable: structural records first in an event
        return out

    def ids(self) -> set[int]:
        """Every id with at least one record."""
        return self._structure.keys() | self._others.keys()

    def direct_ids(self) -> set[int]:
        """Every id with a record other than a removal through an ancestor."""
        out = set(self._others)
        out.update(k for k, flat in self._structure.items()
                   if any(code != 3 for code in flat[1::4]))
        return out

    def count(self) -> int:
        """How many records are stored."""
        return (sum(len(a) for a in self._structure.values()) // 4
                + sum(len(v) for v in self._others.values()))
