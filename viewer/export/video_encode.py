"""Encoding the video's pictures with PyAV (FFmpeg): H.264 in MP4, or VP9 (else VP8) in WebM.

Both are what Chromium and Firefox play; pictures are converted to yuv420p (even sizes).
PyAV is an optional dependency (`pip install 'replay-viewer[video]'`): without it, or
without a fitting encoder in its FFmpeg, the export fails up front with one line.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from viewer.export.output import ExportError

#: Output suffix → (FFmpeg container, encoders in order of preference, what they encode).
CONTAINERS: dict[str, tuple[str, tuple[str, ...], str]] = {
    ".mp4": ("mp4", ("libx264",), "H.264"),
    ".webm": ("webm", ("libvpx-vp9", "libvpx"), "VP9 or VP8"),
}
#: Fast presets (the export must beat real time on two shared cores), screen-content quality.
CODEC_OPTIONS: dict[str, dict[str, str]] = {
    "libx264": {"preset": "superfast", "crf": "21"},
    "libvpx-vp9": {"deadline": "realtime", "cpu-used": "8", "row-mt": "1", "crf": "30",
                   "b": "0"},
    "libvpx": {"deadline": "realtime", "cpu-used": "8", "crf": "10", "b": "2M"},
}
CONTAINER_OPTIONS = {"mp4": {"movflags": "+faststart"}}  # plays while it downloads


@dataclass(frozen=True)
class Picture:
    """A painted frame: 8-bit BGRA pixels (Qt's RGB32 in memory), rows `stride` bytes apart."""

    width: int
    height: int
    stride: int
    data: bytes


def load_av() -> Any:
    """The `av` module, or ExportError saying how to install it."""
    try:
        import av
    except ImportError:
        raise ExportError("the video export needs PyAV, which is not installed "
                          "(pip install 'replay-viewer[video]' or pip install av)") from None
    return av


def codec_available(name: str) -> bool:
    av = load_av()
    try:
        av.codec.Codec(name, "w")
    except Exception:  # PyAV raises its own UnknownCodecError (a ValueError) or FFmpeg's
        return False
    return True


def choose_encoder(output: str, available: Callable[[str], bool] = codec_available
                   ) -> tuple[str, str]:
    """(container, encoder) for the output's suffix; ExportError for an unknown suffix or
    when this FFmpeg has none of the suffix's encoders."""
    suffix = Path(output).suffix.lower()
    if suffix not in CONTAINERS:
        raise ExportError(f"cannot make a video {suffix or 'without a suffix'} ({output}): "
                          "write .mp4 (H.264) or .webm (VP9)")
    container, encoders, what = CONTAINERS[suffix]
    for name in encoders:
        if available(name):
            return container, name
    raise ExportError(f"no {what} encoder ({', '.join(encoders)}) in this PyAV's FFmpeg: "
                      f"cannot write {suffix}")


class VideoEncoder:
    """Writes pictures of one size as a video file at `fps` frames per second."""

    def __init__(self, path: str, container: str, codec: str, width: int, height: int,
                 fps: int) -> None:
        self.av = load_av()
        self.width, self.height = width, height
        self.frames = 0
        self.output = self.av.open(path, "w", format=container,
                                   options=CONTAINER_OPTIONS.get(container, {}))
        try:
            self.stream = self.output.add_stream(codec, rate=fps,
                                                 options=dict(CODEC_OPTIONS.get(codec, {})))
            self.stream.width, self.stream.height = width, height
            self.stream.pix_fmt = "yuv420p"
            self.stream.time_base = Fraction(1, fps)
        except BaseException:
            self.output.close()
            raise

    def add(self, picture: Picture) -> None:
        import numpy as np

        if (picture.width, picture.height) != (self.width, self.height):
            raise ValueError(f"a {picture.width}×{picture.height} picture in a "
                             f"{self.width}×{self.height} video")
        rows = np.frombuffer(picture.data, np.uint8).reshape(picture.height, picture.stride)
        pixels = rows[:, : picture.width * 4].reshape(picture.height, picture.width, 4)
        frame = self.av.VideoFrame.from_ndarray(np.ascontiguousarray(pixels), format="bgra")
        frame.pts = self.frames
        self.frames += 1
        for packet in self.stream.encode(frame):
            self.output.mux(packet)

    def close(self) -> None:
        """Flush the encoder and finish the file."""
        try:
            for packet in self.stream.encode():
                self.output.mux(packet)
        finally:
            self.output.close()

    def abort(self) -> None:
        """Close without finishing (the file is removed by the caller)."""
        with contextlib.suppress(Exception):  # the file is going away anyway
            self.output.close()
