"""Is recorded image data a whole image? Its signature and container structure, read from the
base64 text without decoding all of it (a frame is checked in microseconds, whatever its size).

PNG: IHDR first, chunk lengths chaining to IEND inside the data; WebP: the RIFF size matches the
data and the first chunk is a VP8 / VP8L / VP8X header; JPEG and GIF: their end markers; BMP and
AVIF: their size fields. Pixels and checksums are not checked: an image that passes but does not
decode is skipped (and counted) by the page, the same way on every path to a moment.
"""

from __future__ import annotations

import base64
import binascii

_MAX_CHUNKS = 1_000_000


class _Bytes:
    """Random access to the bytes of base64 text (only the 4-character groups read are
    decoded); text with white space or odd padding is decoded whole."""

    def __init__(self, text: str) -> None:
        self.whole: bytes | None = None
        self.text = text
        if len(text) % 4 or any(c in text[:80] for c in " \n\r\t"):
            self.whole = base64.b64decode(text, validate=False)
            self.size = len(self.whole)
        else:
            self.size = len(text) // 4 * 3 - (2 if text.endswith("==") else text.endswith("="))

    def read(self, start: int, count: int) -> bytes:
        start = max(0, start)
        end = min(self.size, start + count)
        if end <= start:
            return b""
        if self.whole is not None:
            return self.whole[start:end]
        first = start // 3
        data = base64.b64decode(self.text[first * 4 : -(-end // 3) * 4], validate=True)
        return data[start - first * 3 : end - first * 3]


def looks_like_image(b64: str) -> bool:
    """Is base64 text a whole PNG, WebP, JPEG, GIF, BMP or AVIF (see the module docstring)?"""
    try:
        data = _Bytes(b64)
        head = data.read(0, 32)
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return _png_ok(data)
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return _webp_ok(head, data.size)
        if head.startswith(b"\xff\xd8\xff"):
            return b"\xff\xd9" in data.read(data.size - 64, 64)  # the EOI marker ends a JPEG
        if head[:6] in (b"GIF87a", b"GIF89a"):
            return data.size > 13 and data.read(data.size - 16, 16).rstrip(b"\x00")[-1:] == b";"
        if head[:2] == b"BM":
            return data.size >= 26 and int.from_bytes(head[2:6], "little") <= data.size
        return head[4:8] == b"ftyp" and 8 <= int.from_bytes(head[:4], "big") <= data.size
    except (binascii.Error, ValueError):
        return False


def _png_ok(data: _Bytes) -> bool:
    """Chunks from IHDR chain, by their lengths, to an IEND inside the data."""
    pos = 8
    for i in range(_MAX_CHUNKS):
        header = data.read(pos, 8)
        if len(header) < 8:
            return False
        kind = header[4:]
        end = pos + 12 + int.from_bytes(header[:4], "big")
        if end > data.size or (i == 0 and kind != b"IHDR"):
            return False
        if kind == b"IEND":
            return True
        pos = end
    return False


def _webp_ok(head: bytes, size: int) -> bool:
    """The RIFF size matches and the first chunk is a VP8 / VP8L / VP8X image header."""
    riff = int.from_bytes(head[4:8], "little")
    if not 0 <= size - (riff + 8) <= 1 or size < 30:
        return False
    kind = head[12:16]
    if kind == b"VP8 ":
        return head[23:26] == b"\x9d\x01\x2a"
    if kind == b"VP8L":
        return head[20:21] == b"\x2f"
    return kind == b"VP8X"
