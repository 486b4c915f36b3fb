"""Lexical forms of XSD simple types: text to the Python value of the value convention, and back.

Every built-in's value space maps to one Python type (MODEL.md): the integer family to `int`,
decimal to `Decimal` (written in positional form, never with an exponent, its scale kept),
float/double to `float`, boolean to `bool`, date/dateTime/time to `datetime` objects (aware when
the text has a zone), base64Binary/hexBinary to `bytes`, QName to a Clark string, list types to
`list`, everything else to `str`. A text outside the type's lexical space (or its enumeration)
raises `ValueError` with a short reason; the codec adds where it was.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import decimal
import math
import re
import weakref
from collections.abc import Callable, Mapping
from typing import Any

from soap_adapter.contract._model import XS, SimpleType

_INTEGERS: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-(2**7), 2**7 - 1),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 2**8 - 1),
}
# Built-ins whose value is a string kept as written (collapsed where the type says so).
_STRINGS = {"string", "normalizedString", "anyURI", "anySimpleType", "anyType", "NOTATION"}
_TOKENS = {"token", "language", "NMTOKEN", "Name", "NCName", "ID", "IDREF", "ENTITY"}
_LISTS = {"NMTOKENS": "NMTOKEN", "IDREFS": "IDREF", "ENTITIES": "ENTITY"}
_ZONE = r"(Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?"
_PATTERNS = {
    "duration": r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?",
    "gYear": r"-?\d{4,}" + _ZONE,
    "gYearMonth": r"-?\d{4,}-(0[1-9]|1[0-2])" + _ZONE,
    "gMonth": r"--(0[1-9]|1[0-2])" + _ZONE,
    "gMonthDay": r"--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])" + _ZONE,
    "gDay": r"---(0[1-9]|[12]\d|3[01])" + _ZONE,
}
_COMPILED = {name: re.compile(pattern) for name, pattern in _PATTERNS.items()}
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_FLOAT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN")
_DATE = re.compile(r"(-?\d{4,})-(\d\d)-(\d\d)" + _ZONE)
_TIME = re.compile(r"(\d\d):(\d\d):(\d\d)(\.\d+)?" + _ZONE)
_DATETIME = re.compile(r"(-?\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?" + _ZONE)
_HEX = re.compile(r"([0-9a-fA-F]{2})*")
_BASE64 = re.compile(r"[A-Za-z0-9+/=\s]*")


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _zone(text: str | None) -> datetime.tzinfo | None:
    if text is None:
        return None
    if text == "Z":
        return datetime.UTC
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    return datetime.timezone(sign * datetime.timedelta(hours=hours, minutes=minutes))


def _microseconds(fraction: str | None) -> int:
    return int((fraction or ".0")[1:7].ljust(6, "0"))


def _parse_datetime(text: str) -> datetime.datetime:
    match = _DATETIME.fullmatch(text)
    if match is None:
        raise ValueError("not an xs:dateTime")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    extra = datetime.timedelta()
    if hour == "24":  # 24:00:00 is the next day's midnight
        if (minute, second) != ("00", "00") or _microseconds(fraction):
            raise ValueError("not an xs:dateTime")
        hour, extra = "00", datetime.timedelta(days=1)
    value = datetime.datetime(
        int(year),
        int(month),
        int(day),
        int(hour),
        int(minute),
        int(second),
        _microseconds(fraction),
        tzinfo=_zone(zone),
    )
    return value + extra


def _parse_time(text: str) -> datetime.time:
    match = _TIME.fullmatch(text)
    if match is None:
        raise ValueError("not an xs:time")
    hour, minute, second, fraction, zone = match.groups()
    return datetime.time(
        int(hour) % 24, int(minute), int(second), _microseconds(fraction), tzinfo=_zone(zone)
    )


def _parse_date(text: str) -> datetime.date:
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError("not an xs:date")
    year, month, day, _ = match.groups()
    return datetime.date(int(year), int(month), int(day))


def _parse_bool(text: str) -> bool:
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise ValueError("not an xs:boolean (true, false, 1 or 0)")


def _parse_integer(builtin: str, text: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise ValueError(f"not an xs:{builtin}")
    value = int(text)
    low, high = _INTEGERS[builtin]
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"out of the range of xs:{builtin}")
    return value


def _parse_decimal(text: str) -> decimal.Decimal:
    if not _DECIMAL.fullmatch(text):
        raise ValueError("not an xs:decimal")
    return decimal.Decimal(text)


def _parse_float(text: str) -> float:
    if not _FLOAT.fullmatch(text):
        raise ValueError("not an xs:float or xs:double")
    return float(text.replace("INF", "inf"))


def _parse_base64(text: str) -> bytes:
    if not _BASE64.fullmatch(text):
        raise ValueError("not xs:base64Binary")
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except binascii.Error:
        raise ValueError("not xs:base64Binary") from None


def _parse_hex(text: str) -> bytes:
    if not _HEX.fullmatch(text):
        raise ValueError("not xs:hexBinary")
    return bytes.fromhex(text)


def _parse_qname(text: str, nsmap: Mapping[str | None, str]) -> str:
    prefix, _, local = text.rpartition(":")
    if not local or (prefix and prefix not in nsmap):
        raise ValueError(f"not an xs:QName in scope ({text})")
    namespace = nsmap.get(prefix or None)
    return f"{{{namespace}}}{local}" if namespace else local


def parse_builtin(builtin: str, text: str, nsmap: Mapping[str | None, str]) -> Any:
    """The value of `text` for the built-in type named `builtin` (whitespace as XSD says)."""
    if builtin in _STRINGS:
        return text if builtin != "normalizedString" else re.sub(r"[\t\r\n]", " ", text)
    if builtin in _TOKENS:
        return _collapse(text)
    if builtin in _LISTS:
        return text.split()
    text = text.strip()
    parser = _PARSERS.get(builtin)
    if parser is not None:
        return parser(text)
    if builtin in _INTEGERS:
        return _parse_integer(builtin, text)
    if builtin == "QName":
        return _parse_qname(text, nsmap)
    pattern = _COMPILED.get(builtin)
    if pattern is None:
        raise ValueError(f"xs:{builtin} is not an XSD built-in type")
    if not pattern.fullmatch(text):
        raise ValueError(f"not an xs:{builtin}")
    return text


_PARSERS: dict[str, Callable[[str], Any]] = {
    "boolean": _parse_bool,
    "decimal": _parse_decimal,
    "float": _parse_float,
    "double": _parse_float,
    "date": _parse_date,
    "time": _parse_time,
    "dateTime": _parse_datetime,
    "base64Binary": _parse_base64,
    "hexBinary": _parse_hex,
}


def parse(simple: SimpleType, text: str, nsmap: Mapping[str | None, str]) -> Any:
    """The value of `text` for `simple`: atomic, list or union, enumeration checked."""
    if simple.variety == "list":
        item = simple.item or builtin_type("anySimpleType")
        items = [parse(item, token, nsmap) for token in text.split()]
        if simple.facets:
            check_facets(simple, " ".join(text.split()), items)
        return items
    if simple.variety == "union":
        for member in simple.members:
            try:
                return parse(member, text, nsmap)
            except ValueError:
                continue
        if simple.members:
            raise ValueError(f"not a value of any member of the union {simple.name or ''}")
        return text
    value = parse_builtin(simple.builtin, text, nsmap)
    if simple.enumeration and isinstance(value, str) and value not in simple.enumeration:
        raise ValueError(f"not one of the values of {_name(simple)}")
    if simple.facets:
        check_facets(simple, text if simple.builtin in _STRINGS else text.strip(), value)
    return value


# ---- facets ------------------------------------------------------------------------------------

_FACET_PATTERNS: weakref.WeakKeyDictionary[SimpleType, re.Pattern[str] | None] = (
    weakref.WeakKeyDictionary()
)
# XSD regular expressions Python's `re` reads differently or not at all: such a pattern is not
# checked (the schema still documents it) rather than checked wrongly.
_XSD_ONLY = re.compile(r"\\[icIC]|\\[pP]\{|\[[^\]]*-\[")


def _pattern(simple: SimpleType) -> re.Pattern[str] | None:
    if simple in _FACET_PATTERNS:
        return _FACET_PATTERNS[simple]
    source = simple.facets.get("pattern")
    compiled = None
    if source is not None and not _XSD_ONLY.search(source):
        try:
            compiled = re.compile(source)
        except re.error:
            compiled = None
    _FACET_PATTERNS[simple] = compiled
    return compiled


def _size(value: Any) -> int | None:
    if isinstance(value, str | bytes | list):
        return len(value)
    return None


def check_facets(simple: SimpleType, text: str, value: Any) -> None:
    """The facets of `simple` that constrain `text` (its lexical form) and `value`."""
    facets = simple.facets
    pattern = _pattern(simple) if "pattern" in facets else None
    if pattern is not None and pattern.fullmatch(text) is None:
        raise ValueError(f"does not match the pattern of {_name(simple)}")
    size = _size(value)
    if size is not None:
        if "length" in facets and size != int(facets["length"]):
            raise ValueError(f"not of length {facets['length']}")
        if "minLength" in facets and size < int(facets["minLength"]):
            raise ValueError(f"shorter than {facets['minLength']}")
        if "maxLength" in facets and size > int(facets["maxLength"]):
            raise ValueError(f"longer than {facets['maxLength']}")
    if isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool):
        number = decimal.Decimal(str(value)) if isinstance(value, float) else decimal.Decimal(value)
        bounds = (
            ("minInclusive", lambda b: number >= b, "less than"),
            ("maxInclusive", lambda b: number <= b, "more than"),
            ("minExclusive", lambda b: number > b, "not more than"),
            ("maxExclusive", lambda b: number < b, "not less than"),
        )
        for facet, holds, words in bounds:
            if facet in facets and number.is_finite() and not holds(_bound(facets[facet])):
                raise ValueError(f"{words} {facets[facet]}")
        if isinstance(value, decimal.Decimal | int) and number.is_finite():
            # The value space counts: i x 10^-n, trailing zeros of the fraction not counted.
            normal = number.normalize().as_tuple()
            exponent = int(normal.exponent)
            fraction = max(-exponent, 0)
            total = (
                max(len(normal.digits), fraction) if exponent < 0 else len(normal.digits) + exponent
            )
            if "totalDigits" in facets and total > int(facets["totalDigits"]):
                raise ValueError(f"more than {facets['totalDigits']} digits")
            if "fractionDigits" in facets and fraction > int(facets["fractionDigits"]):
                raise ValueError(f"more than {facets['fractionDigits']} fraction digits")


def _bound(text: str) -> decimal.Decimal:
    try:
        return decimal.Decimal(text.strip().replace("INF", "Infinity"))
    except decimal.InvalidOperation:
        return decimal.Decimal("NaN")


def _name(simple: SimpleType) -> str:
    return (simple.name or f"{{{XS}}}{simple.builtin}").rpartition("}")[2]


# ---- values -> text ----------------------------------------------------------------------------


def _format_decimal(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float | decimal.Decimal | str):
        raise ValueError(f"{value!r} is not a decimal")
    number = value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite decimal")
    # Positional notation with the scale as given: Decimal("1250.40") stays 1250.40.
    return format(number, "f")


def _format_float(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float | decimal.Decimal):
        raise ValueError(f"{value!r} is not a number")
    number = float(value)
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "INF" if number > 0 else "-INF"
    return repr(number)


def _format_integer(value: Any) -> str:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not an integer")
    if isinstance(value, float | decimal.Decimal):
        if value != int(value):
            raise ValueError(f"{value!r} is not an integer")
        value = int(value)
    if not isinstance(value, int):
        raise ValueError(f"{value!r} is not an integer")
    return str(value)


def _format_bool(value: Any) -> str:
    if not isinstance(value, bool | int):
        raise ValueError(f"{value!r} is not a boolean")
    return "true" if value else "false"


def _iso_zone(text: str) -> str:
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _format_datetime(value: Any) -> str:
    if not isinstance(value, datetime.datetime):
        raise ValueError(f"{value!r} is not a datetime")
    return _iso_zone(value.isoformat())


def _format_date(value: Any) -> str:
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise ValueError(f"{value!r} is not a date")
    return value.isoformat()


def _format_time(value: Any) -> str:
    if not isinstance(value, datetime.time):
        raise ValueError(f"{value!r} is not a time")
    return _iso_zone(value.isoformat())


def _format_base64(value: Any) -> str:
    if not isinstance(value, bytes | bytearray):
        raise ValueError(f"{type(value).__name__} is not bytes")
    return base64.b64encode(value).decode("ascii")


def _format_hex(value: Any) -> str:
    if not isinstance(value, bytes | bytearray):
        raise ValueError(f"{type(value).__name__} is not bytes")
    return value.hex().upper()


_FORMATTERS: dict[str, Callable[[Any], str]] = {
    "boolean": _format_bool,
    "decimal": _format_decimal,
    "float": _format_float,
    "double": _format_float,
    "date": _format_date,
    "time": _format_time,
    "dateTime": _format_datetime,
    "base64Binary": _format_base64,
    "hexBinary": _format_hex,
    **dict.fromkeys(_INTEGERS, _format_integer),
}


def format_value(simple: SimpleType, value: Any, prefix: Callable[[str], str]) -> str:
    """The text of `value` for `simple`; `prefix(namespace)` names a QName's namespace.

    A `str` is taken as a text already in lexical form: checked, then written as it is (a money
    amount "12.50" keeps its digits)."""
    if simple.variety == "list":
        if not isinstance(value, list | tuple):
            raise ValueError(f"{value!r} is not a list")
        item = simple.item or builtin_type("anySimpleType")
        text = " ".join(format_value(item, v, prefix) for v in value)
        if simple.facets:
            check_facets(simple, text, list(value))
        return text
    if simple.variety == "union":
        for member in simple.members:
            try:
                return format_value(member, value, prefix)
            except ValueError:
                continue
        if simple.members:
            raise ValueError(f"{value!r} is a value of no member of the union")
        return str(value)
    builtin = simple.builtin
    if builtin == "QName":
        return _format_qname(value, prefix)
    if isinstance(value, str):
        if builtin in _LISTS:
            raise ValueError(f"{value!r} is not a list")
        if builtin in _STRINGS and not simple.facets and not simple.enumeration:
            return value  # any text is a string
        parse(simple, value, {})
        return value
    formatter = _FORMATTERS.get(builtin)
    if formatter is None:
        if builtin in _LISTS and isinstance(value, list | tuple):
            return " ".join(str(v) for v in value)
        raise ValueError(f"{value!r} is not text for xs:{builtin}")
    text = formatter(value)
    if simple.facets:
        check_facets(simple, text, value)
    return text


def _format_qname(value: Any, prefix: Callable[[str], str]) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a QName")
    if not value.startswith("{"):
        return value
    namespace, _, local = value[1:].partition("}")
    return f"{prefix(namespace)}:{local}"


_BUILTINS: dict[str, SimpleType] = {}


def builtin_type(name: str) -> SimpleType:
    """The SimpleType of an XSD built-in by its local name (for xsi:type and encoded items)."""
    found = _BUILTINS.get(name)
    if found is None:
        found = _BUILTINS[name] = SimpleType(name=f"{{{XS}}}{name}", builtin=name)
    return found


def is_builtin(name: str) -> bool:
    return (
        name in _STRINGS
        or name in _TOKENS
        or name in _LISTS
        or name in _INTEGERS
        or name in _PARSERS
        or name in _COMPILED
        or name == "QName"
    )
