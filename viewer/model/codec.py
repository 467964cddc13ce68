"""Sniff and undo the compressions replay data arrives in: gzip, zlib, zstd, raw deflate."""

from __future__ import annotations

import gzip
import zlib

import zstandard

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"

#: Refuse to inflate anything beyond this many bytes (a zip bomb or a file too large to hold).
MAX_DECOMPRESSED = 2 * 1024**3


class CodecError(ValueError):
    """The bytes claim a compression but do not decode."""


def is_zlib(data: bytes) -> bool:
    """True when `data` starts with a valid RFC 1950 header (e.g. 78 9C)."""
    if len(data) < 2:
        return False
    cmf, flg = data[0], data[1]
    return (cmf & 0x0F) == 8 and (cmf >> 4) <= 7 and ((cmf << 8) | flg) % 31 == 0


def compression_of(data: bytes) -> str | None:
    """Name of the compression `data` starts with, or None for plain bytes."""
    if data.startswith(GZIP_MAGIC):
        return "gzip"
    if data.startswith(ZSTD_MAGIC):
        return "zstd"
    if is_zlib(data):
        return "zlib"
    return None


def _inflate(data: bytes, wbits: int, kind: str) -> bytes:
    d = zlib.decompressobj(wbits)
    try:
        out = d.decompress(data, MAX_DECOMPRESSED)
    except zlib.error as e:
        raise CodecError(f"corrupt {kind} data ({e})") from None
    if d.unconsumed_tail:
        raise CodecError(f"{kind} data inflates beyond {MAX_DECOMPRESSED} bytes")
    if not d.eof:
        raise CodecError(f"truncated {kind} data (the stream ends early)")
    return out


def _unzstd(data: bytes) -> bytes:
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(data)
        out = reader.read(MAX_DECOMPRESSED + 1)
    except zstandard.ZstdError as e:
        raise CodecError(f"corrupt zstd data ({e})") from None
    if len(out) > MAX_DECOMPRESSED:
        raise CodecError(f"zstd data inflates beyond {MAX_DECOMPRESSED} bytes")
    return out


def decompress(data: bytes) -> tuple[bytes, str | None]:
    """Undo every layer of compression; returns the plain bytes and the outer compression name."""
    outer = compression_of(data)
    kind = outer
    while kind is not None:
        if kind == "gzip":
            data = _gunzip(data)
        elif kind == "zstd":
            data = _unzstd(data)
        else:
            data = _inflate(data, zlib.MAX_WBITS, "zlib")
        kind = compression_of(data)
    return data, outer


def _gunzip(data: bytes) -> bytes:
    # gzip members may be concatenated; wbits 16+MAX handles one member, loop for the rest.
    out = bytearray()
    rest = data
    while rest.startswith(GZIP_MAGIC):
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += d.decompress(rest, MAX_DECOMPRESSED - len(out))
        except zlib.error as e:
            raise CodecError(f"corrupt gzip data ({e})") from None
        if d.unconsumed_tail:
            raise CodecError(f"gzip data inflates beyond {MAX_DECOMPRESSED} bytes")
        if not d.eof:
            raise CodecError("truncated gzip data (the stream ends early)")
        rest = d.unused_data
    return bytes(out)


def gunzip_text(data: bytes) -> bytes:
    """gzip.decompress with our error type (used for PostHog's latin-1 gzip strings)."""
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as e:
        raise CodecError(f"corrupt gzip data ({e})") from None
