"""HTML's value sanitization of `<input>` elements: the `value` a browser shows for a raw value.

A browser never shows an input's raw value: it runs the type's value sanitization algorithm
(HTML § 4.10.5.1) — newlines stripped from text, an invalid number emptied, a colour lower-cased,
a range value clamped to min/max and stepped, a malformed date emptied. Chromium (the oracle,
checked by tests/ui/test_input_values.py) keeps a sanitized value: it sanitizes a value when it
is set (the property, or the `value` attribute while the value is not dirty), again when `type`,
`min`, `max` or `multiple` change, and once more when it is read. So the order in which a
recorded element's attributes are set matters (`built_value`). Range arithmetic follows
Chromium's `Decimal` (decimal, 18 digits, half away from zero) and its number serialization.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Context, Decimal

#: Attributes whose change makes Chromium sanitize a value it keeps again (so a value set
#: before the change is kept as it was sanitized then).
SANITIZING_ATTRS = frozenset({"type", "min", "max", "multiple"})
#: Input types whose `value` is the `value` attribute itself ("default" / "default/on" modes).
DEFAULT_MODE = frozenset({"hidden", "submit", "reset", "button", "image", "checkbox", "radio"})

_ASCII_WS = " \t\n\f\r"
_NEWLINES = str.maketrans("", "", "\r\n")
_FLOAT = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_YEAR_MONTH = r"(\d{4,})-(\d\d)"
_TIME = r"(\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,3}))?)?"
_DATE_RE = re.compile(_YEAR_MONTH + r"-(\d\d)")
_MONTH_RE = re.compile(_YEAR_MONTH)
_WEEK_RE = re.compile(r"(\d{4,})-W(\d\d)")
_TIME_RE = re.compile(_TIME)
_LOCAL_RE = re.compile(_YEAR_MONTH + r"-(\d\d)[T ]" + _TIME)
#: The latest moment a date input accepts (ECMAScript's time value limit): 275760-09-13.
_MAX_DATE = (275760, 9, 13)
_DECIMAL = Context(prec=18, rounding=ROUND_HALF_UP)
_DOUBLE_MAX = Decimal("1.7976931348623157e308")  # as Chromium writes DBL_MAX
RANGE_MIN = Decimal(0)
RANGE_MAX = Decimal(100)
RANGE_STEP = Decimal(1)


def input_type(attrs: Mapping[str, str]) -> str:
    """The input's type as the browser reads it (unknown or missing: "text")."""
    kind = attrs.get("type", "").lower()
    return kind if kind in _SANITIZERS or kind in DEFAULT_MODE or kind == "file" else "text"


def sanitize(value: str, attrs: Mapping[str, str]) -> str:
    """The value an input with attributes `attrs` shows for the raw value `value`."""
    kind = input_type(attrs)
    if kind in DEFAULT_MODE:
        return value
    if kind == "file":
        return ""
    return _SANITIZERS[kind](value, attrs)


def built_value(attrs: Mapping[str, str]) -> tuple[str, bool]:
    """The value (and dirty flag) of an input built by setting `attrs` in their order, as
    Chromium keeps it: the sanitized `value` attribute is cached when the attribute is set, and
    sanitized again when `type`, `min` or `max` change; `multiple` on an email input makes the
    sanitized value dirty (a `value` attribute set after it is then ignored)."""
    cached, dirty = "", False
    so_far: dict[str, str] = {}
    kind = "text"
    for name, value in attrs.items():
        so_far[name] = value
        if name == "type":
            kind = input_type(so_far)
            cached = sanitize(so_far.get("value", "") if kind in DEFAULT_MODE else cached,
                              so_far)
        elif name == "value" and not dirty:
            cached = sanitize(value, so_far)
        elif name in ("min", "max") and kind == "range":
            cached = sanitize(cached, so_far)
        elif name == "multiple" and kind == "email":
            cached, dirty = sanitize(cached, so_far), True
    return cached, dirty


def shown_value(raw: str | None, attrs: Mapping[str, str]) -> str:
    """The `value` property of an input built with `attrs` (in order) whose value was then set
    to `raw` (None: never set): what the browser shows. Chromium sanitizes the value it keeps
    once more when it is read (a `step` set after `max` steps the clamped value)."""
    kind = input_type(attrs)
    if kind in ("checkbox", "radio"):
        return attrs.get("value", "on")
    if kind in DEFAULT_MODE:
        return attrs.get("value", "")
    return sanitize(raw if raw is not None else built_value(attrs)[0], attrs)


# -- the sanitizers, by type ---------------------------------------------------------------


def _text(value: str, attrs: Mapping[str, str]) -> str:
    return value.translate(_NEWLINES)


def _url(value: str, attrs: Mapping[str, str]) -> str:
    return value.translate(_NEWLINES).strip(_ASCII_WS)


def _email(value: str, attrs: Mapping[str, str]) -> str:
    value = value.translate(_NEWLINES)
    if "multiple" not in attrs:
        return value.strip(_ASCII_WS)
    return ",".join(part.strip(_ASCII_WS) for part in value.split(","))


def _number(value: str, attrs: Mapping[str, str]) -> str:
    if not value:
        return value
    if value.endswith(".") or not _FLOAT.fullmatch(value):
        return ""
    return value if math.isfinite(float(value)) else ""


def _color(value: str, attrs: Mapping[str, str]) -> str:
    return value.lower() if _COLOR.fullmatch(value) else "#000000"


def _valid_ymd(year: int, month: int, day: int) -> bool:
    if year < 1 or not 1 <= month <= 12:
        return False
    if not 1 <= day <= calendar.monthrange(min(year, 9999), month)[1] + _leap_fix(year, month):
        return False
    return (year, month, day) <= _MAX_DATE


def _leap_fix(year: int, month: int) -> int:
    """calendar works up to 9999: February 29th of a later year follows the same rules."""
    if year <= 9999 or month != 2:
        return 0
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return int(leap) - int(calendar.isleap(min(year, 9999)))


def _valid_time(hour: str, minute: str, second: str | None) -> bool:
    return int(hour) < 24 and int(minute) < 60 and (second is None or int(second) < 60)


def _date(value: str, attrs: Mapping[str, str]) -> str:
    m = _DATE_RE.fullmatch(value)
    ok = m is not None and _valid_ymd(int(m[1]), int(m[2]), int(m[3]))
    return value if ok or not value else ""


def _month(value: str, attrs: Mapping[str, str]) -> str:
    m = _MONTH_RE.fullmatch(value)
    ok = m is not None and _valid_ymd(int(m[1]), int(m[2]), 1)
    return value if ok or not value else ""


def _weeks_in(year: int) -> int:
    """ISO 8601: a year has 53 weeks when it starts on a Thursday (or a Wednesday in a leap
    year); the weekday of January 1st repeats every 400 years."""
    jan1 = datetime.date(2000 + (year - 2000) % 400, 1, 1).isoweekday()
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 53 if jan1 == 4 or (leap and jan1 == 3) else 52


def _week(value: str, attrs: Mapping[str, str]) -> str:
    m = _WEEK_RE.fullmatch(value)
    ok = m is not None and int(m[1]) >= 1 and 1 <= int(m[2]) <= _weeks_in(int(m[1]))
    if ok and m is not None and int(m[1]) >= _MAX_DATE[0]:
        ok = int(m[1]) == _MAX_DATE[0] and int(m[2]) <= 37  # week of 275760-09-13
    return value if ok or not value else ""


def _time(value: str, attrs: Mapping[str, str]) -> str:
    m = _TIME_RE.fullmatch(value)
    ok = m is not None and _valid_time(m[1], m[2], m[3])
    return value if ok or not value else ""


def _datetime_local(value: str, attrs: Mapping[str, str]) -> str:
    """Valid local date and times are normalized: a `T`, and the shortest time (no zero
    seconds, no trailing zeros in the fraction)."""
    m = _LOCAL_RE.fullmatch(value)
    if m is None or not (_valid_ymd(int(m[1]), int(m[2]), int(m[3]))
                         and _valid_time(m[4], m[5], m[6])):
        return ""
    seconds, fraction = m[6] or "00", (m[7] or "").rstrip("0")
    if (int(m[1]), int(m[2]), int(m[3])) == _MAX_DATE and (m[4], m[5], seconds, fraction) != (
            "00", "00", "00", ""):
        return ""  # the latest moment is 275760-09-13T00:00
    time = f"{m[4]}:{m[5]}"
    if seconds != "00" or fraction:
        time += f":{seconds}" + (f".{fraction}" if fraction else "")
    return f"{m[1]}-{m[2]}-{m[3]}T{time}"


# -- range: Chromium's StepRange over its Decimal ------------------------------------------


def parse_decimal(text: str | None) -> Decimal | None:
    """A number attribute or value as Chromium's ParseToDecimalForNumberType reads it: its own
    decimal grammar (laxer than a valid floating-point number: `.e5` is 0, `1.` is not a
    number), at most 18 significant digits, finite and within a double's range."""
    if not text or not (text[0] in "-." or "0" <= text[0] <= "9"):
        return None
    number = _chromium_decimal(text)
    if number is None or abs(number) > _DOUBLE_MAX:
        return None
    return Decimal(0) if number.is_zero() else number


def _chromium_decimal(text: str) -> Decimal | None:
    """Chromium's Decimal::FromString: sign, digits, dot, digits, exponent (None: NaN)."""
    negative = False
    digits = ""
    after_dot = extra = 0
    exponent = 0
    exp_negative = False
    state = "start"
    for ch in text:
        digit = "0" <= ch <= "9"
        if state in ("start", "sign", "zero", "digit") and digit:
            if ch == "0" and state != "digit":
                state = "zero"
            elif len(digits) < 18:
                digits += ch
                state = "digit"
            else:
                extra += 1
        elif state in ("start", "sign", "zero", "digit") and ch == ".":
            state = "dot"
        elif state == "start" and ch in "+-":
            negative, state = ch == "-", "sign"
        elif state in ("zero", "digit", "dot", "dotdigit") and ch in "eE":
            state = "e"
        elif state in ("dot", "dotdigit") and digit:
            if len(digits) < 18:
                digits += ch
                after_dot += 1
            state = "dotdigit"
        elif state == "e" and ch in "+-":
            exp_negative, state = ch == "-", "esign"
        elif state in ("e", "esign", "edigit") and digit:
            exponent = exponent * 10 + int(ch)
            if exponent > 1023 + 18:  # out of Decimal's range: zero, or infinite (not finite)
                return None if digits.strip("0") and not exp_negative else Decimal(0)
            state = "edigit"
        else:
            return None
    if state == "zero":
        return Decimal(0)
    if state not in ("digit", "edigit", "dotdigit"):
        return None
    power = (-exponent if exp_negative else exponent) - after_dot + extra
    return Decimal((int(negative), tuple(int(d) for d in digits or "0"), power))


def _round_half_away(number: Decimal) -> Decimal:
    return number.to_integral_value(rounding=ROUND_HALF_UP)


def serialize_decimal(number: Decimal) -> str:
    """A number as Chromium's SerializeForNumberType writes it (Decimal::ToString)."""
    if number.is_zero():
        return "0"
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    coefficient = int("".join(map(str, digits)))
    if exponent < 0:  # at most 15 significant digits, then no trailing zeros
        last = 0
        while len(str(coefficient)) > 15:
            last = coefficient % 10
            coefficient //= 10
            exponent += 1
        if last >= 5:
            coefficient += 1
        while exponent < 0 and coefficient and coefficient % 10 == 0:
            coefficient //= 10
            exponent += 1
    text = str(coefficient)
    adjusted = exponent + len(text) - 1
    out = "-" if sign else ""
    if exponent <= 0 and adjusted >= -6:
        if exponent == 0:
            return out + text
        if adjusted >= 0:
            return out + text[: adjusted + 1] + "." + text[adjusted + 1 :]
        return out + "0." + "0" * (-adjusted - 1) + text
    mantissa = text[0] + ("." + text[1:].rstrip("0") if text[1:].rstrip("0") else "")
    if adjusted:
        mantissa += ("e" if adjusted < 0 else "e+") + str(adjusted)
    return out + mantissa


def _range(value: str, attrs: Mapping[str, str]) -> str:
    minimum = parse_decimal(attrs.get("min"))
    minimum = RANGE_MIN if minimum is None else minimum
    maximum = parse_decimal(attrs.get("max"))
    maximum = RANGE_MAX if maximum is None else maximum
    maximum = max(maximum, minimum)
    step_text = attrs.get("step")
    step: Decimal | None = RANGE_STEP
    if step_text is not None and step_text.lower() == "any":
        step = None
    elif step_text:
        parsed = parse_decimal(step_text)
        step = parsed if parsed is not None and parsed > 0 else RANGE_STEP
    default = _DECIMAL.add(minimum, _DECIMAL.divide(_DECIMAL.subtract(maximum, minimum), 2))
    number = parse_decimal(value)
    number = default if number is None else number
    # the step base: the min attribute, else the value attribute, else 0
    base = parse_decimal(attrs.get("min"))
    if base is None:
        base = parse_decimal(attrs.get("value"))
    return serialize_decimal(_clamp(number, minimum, maximum, step,
                                    Decimal(0) if base is None else base))


def _clamp(number: Decimal, minimum: Decimal, maximum: Decimal, step: Decimal | None,
           base: Decimal) -> Decimal:
    in_range = max(minimum, min(number, maximum))
    if step is None:
        return in_range
    steps = _round_half_away(_DECIMAL.divide(_DECIMAL.subtract(in_range, base), step))
    rounded = _DECIMAL.add(base, _DECIMAL.multiply(steps, step))
    if rounded > maximum:
        rounded = _DECIMAL.subtract(rounded, step)
    elif rounded < minimum:
        rounded = _DECIMAL.add(rounded, step)
    if rounded < minimum or rounded > maximum:
        return in_range
    return rounded


_SANITIZERS = {
    "text": _text,
    "search": _text,
    "tel": _text,
    "password": _text,
    "url": _url,
    "email": _email,
    "number": _number,
    "color": _color,
    "date": _date,
    "month": _month,
    "week": _week,
    "time": _time,
    "datetime-local": _datetime_local,
    "range": _range,
}
