"""Check recorded canvas commands and their serialized arguments (rrweb's `rr_type` values)."""

from __future__ import annotations

from typing import Any

from .canvas_api import METHODS_2D, METHODS_WEBGL, SETTERS_2D, SETTERS_WEBGL
from .canvas_images import looks_like_image

#: One command carrying more than this (characters of base64, numbers counted as 8) is skipped.
MAX_COMMAND_BYTES = 24_000_000

#: `rr_type`s rebuilt with `new <type>(...args)` (typed arrays and a few DOM value types).
CONSTRUCTED = frozenset(
    {
        "Float32Array", "Float64Array", "Int8Array", "Int16Array", "Int32Array", "Uint8Array",
        "Uint16Array", "Uint32Array", "Uint8ClampedArray", "DataView", "ImageData", "Path2D",
        "DOMMatrix",
    }
)
#: `rr_type`s of objects that only exist in the replaying context: `{rr_type, index}` refs.
REFERENCED = frozenset(
    {
        "CanvasGradient", "CanvasPattern", "Path2D", "WebGLActiveInfo", "WebGLBuffer",
        "WebGLFramebuffer", "WebGLProgram", "WebGLRenderbuffer", "WebGLShader",
        "WebGLShaderPrecisionFormat", "WebGLTexture", "WebGLUniformLocation",
        "WebGLVertexArrayObject", "WebGLVertexArrayObjectOES", "WebGLQuery", "WebGLSampler",
        "WebGLSync", "WebGLTransformFeedback",
    }
)


class BadCommand(ValueError):
    """A command that cannot be replayed; the message is the problem to count."""


def names_for(context: int) -> tuple[frozenset[str], frozenset[str]]:
    """(methods, settable properties) of a context type (0: 2D, 1/2: WebGL)."""
    return (METHODS_2D, SETTERS_2D) if context == 0 else (METHODS_WEBGL, SETTERS_WEBGL)


def check_command(command: Any, context: int) -> tuple[dict[str, Any], int]:
    """The command in its canonical form and its payload size; raises BadCommand."""
    if not isinstance(command, dict) or not isinstance(command.get("property"), str):
        raise BadCommand("canvas: command without a name")
    name = command["property"]
    args = command.get("args", [])
    if not isinstance(args, list):
        raise BadCommand("canvas: arguments are not a list")
    methods, setters = names_for(context)
    setter = command.get("setter") is True
    if name not in (setters if setter else methods):
        raise BadCommand("canvas: unknown command")
    if setter and not args:
        raise BadCommand("canvas: property set without a value")
    size = sum(check_arg(a) for a in args)
    if size > MAX_COMMAND_BYTES:
        raise BadCommand("canvas: frame too large")
    check_images(args)
    if "args" in command:
        return command, size  # already in the canonical form (shared with the event)
    out: dict[str, Any] = {"property": name, "args": args}
    if setter:
        out["setter"] = True
    return out, size


def check_arg(arg: Any) -> int:
    """The payload size of one argument (iterative); raises BadCommand when malformed."""
    size = 0
    stack = [arg]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            size += len(value)
        elif isinstance(value, list):
            size += 8
            stack.extend(value)
        elif isinstance(value, dict):
            size += 16
            if "rr_type" in value:
                stack.extend(_serialized_parts(value))
            else:
                stack.extend(value.values())  # a dictionary argument (options)
        else:
            size += 8
        if size > MAX_COMMAND_BYTES:
            raise BadCommand("canvas: frame too large")
    return size


def _serialized_parts(value: dict[str, Any]) -> list[Any]:
    """The nested values of one `{rr_type: ...}` argument to check next."""
    kind = value.get("rr_type")
    if not isinstance(kind, str):
        raise BadCommand("canvas: bad argument type")
    if "index" in value:
        index = value["index"]
        if kind not in REFERENCED or not isinstance(index, int) or index < 0:
            raise BadCommand("canvas: bad object reference")
        return []
    if kind == "ArrayBuffer":
        if not isinstance(value.get("base64"), str):
            raise BadCommand("canvas: bad ArrayBuffer")
        return [value["base64"]]
    if kind == "Blob":
        data = value.get("data")
        if not isinstance(data, list):
            raise BadCommand("canvas: bad Blob")
        return data
    if kind == "HTMLImageElement":
        src = value.get("src")
        if not isinstance(src, str):
            raise BadCommand("canvas: bad image")
        if not src.startswith("data:"):
            raise BadCommand("canvas: image from the network (not loaded)")
        return [src]
    if kind == "ImageBitmap":
        args = value.get("args")
        if not isinstance(args, list) or not args:
            raise BadCommand("canvas: bad ImageBitmap")
        return args
    if kind in CONSTRUCTED:
        args = value.get("args")
        if not isinstance(args, list):
            raise BadCommand(f"canvas: bad {kind}")
        return args
    raise BadCommand("canvas: unknown argument type")


def check_images(args: list[Any]) -> None:
    """Raise BadCommand when an image the arguments carry is not whole (run after the size
    check: it decodes the base64)."""
    stack = list(args)
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            kind = value.get("rr_type")
            if kind == "ImageBitmap":
                if not image_source_ok(value["args"][0]):
                    raise BadCommand("canvas: image data is not an image")
            elif kind == "HTMLImageElement":
                if not data_url_ok(value["src"]):
                    raise BadCommand("canvas: image data is not an image")
            elif isinstance(value.get("args"), list):
                stack.extend(value["args"])


def image_source_ok(source: Any) -> bool:
    """Does an ImageBitmap source look like an image (a Blob of image bytes, image data...)?"""
    if not isinstance(source, dict):
        return False
    kind = source.get("rr_type")
    if kind == "Blob":
        parts = source.get("data")
        if not isinstance(parts, list) or not parts:
            return False
        first = parts[0]
        return (
            isinstance(first, dict)
            and first.get("rr_type") == "ArrayBuffer"
            and isinstance(first.get("base64"), str)
            and looks_like_image(first["base64"])
        )
    if kind == "HTMLImageElement":
        return isinstance(source.get("src"), str) and data_url_ok(source["src"])
    return kind in ("ImageData", "ImageBitmap")


def data_url_ok(url: str) -> bool:
    """A `data:image/...` URL whose image is whole (base64 payloads: see `looks_like_image`)."""
    if not url.startswith("data:image/"):
        return False
    comma = url.find(",")
    if comma < 0:
        return False
    if url[:comma].endswith(";base64"):
        return looks_like_image(url[comma + 1 :])
    return True  # e.g. an SVG written as text
