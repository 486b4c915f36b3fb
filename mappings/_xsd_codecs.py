"""One codec per XSD built-in family: decoded SOAP values (MODEL.md's convention) <-> plain JSON.

What a scaffolded mapping names for an element of that type. JSON has no decimal, date or
bytes: a decimal travels as a string that keeps every digit ("12.50"), a date, time or dateTime
as its ISO 8601 text, binary as base64 (hexBinary as hex), and a float that is not finite as
XSD spells it ("INF", "-INF", "NaN"). `FOR_BUILTIN` names the codec for every built-in type.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import math
from typing import Any

from lxml import etree

from soap_adapter.mapping import TEXT, Codec

__all__ = [
    "ANY",
    "ANY_SIMPLE",
    "BASE64",
    "BOOLEAN",
    "DATE",
    "DATETIME",
    "DECIMAL",
    "DOUBLE",
    "DURATION",
    "FLOAT",
    "FOR_BUILTIN",
    "G_DAY",
    "G_MONTH",
    "G_MONTH_DAY",
    "G_YEAR",
    "G_YEAR_MONTH",
    "HEX",
    "INTEGER",
    "NOTATION",
    "OPAQUE",
    "QNAME",
    "TEXT",
    "TIME",
    "URI",
    "codec_for",
    "list_of",
]


def _same(value: Any) -> Any:
    return value


def _as_text(name: str, xsd: str) -> Codec:
    """A type whose decoded value is already a `str` (durations, gYear, anyURI, QName...)."""
    return Codec(name, _same, str, xsd=xsd)


def _decimal_to_rest(value: decimal.Decimal) -> str:
    # Fixed-point text: str() would give "1E+3", which is no xs:decimal.
    return f"{value:f}"


def _iso(value: datetime.date | datetime.time) -> str:
    return value.isoformat()


def _datetime_to_soap(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _time_to_soap(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value.replace("Z", "+00:00"))


def _float_to_rest(value: float) -> float | str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    return value


def _float_to_soap(value: float | str) -> float:
    return float(value)  # float() reads "INF", "-INF" and "NaN" too


def _bool_to_soap(value: bool | str) -> bool:
    if isinstance(value, str):
        return value in ("true", "1")
    return bool(value)


def _base64_to_rest(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def _base64_to_soap(value: str) -> bytes:
    return base64.b64decode(value, validate=True)


def _jsonable(value: Any) -> Any:
    """A decoded value of any type as JSON: what an opaque field hands to the REST side."""
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, decimal.Decimal):
        return _decimal_to_rest(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return _base64_to_rest(value)
    if isinstance(value, float):
        return _float_to_rest(value)
    if isinstance(value, etree._Element):
        return etree.tostring(value, encoding="unicode")
    return value


def _xml_to_rest(value: list[etree._Element]) -> list[str]:
    return [etree.tostring(element, encoding="unicode") for element in value]


def _xml_to_soap(value: list[str]) -> list[etree._Element]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return [etree.fromstring(text.encode("utf-8"), parser) for text in value]


STRING = TEXT  # the string family: string, token, NCName, ID, language, ...
BOOLEAN = Codec("boolean", bool, _bool_to_soap, xsd="boolean")
DECIMAL = Codec("decimal", _decimal_to_rest, decimal.Decimal, xsd="decimal")
INTEGER = Codec("integer", int, int, xsd="integer")  # int, long, short, unsignedByte, ...
FLOAT = Codec("float", _float_to_rest, _float_to_soap, xsd="float")
DOUBLE = Codec("double", _float_to_rest, _float_to_soap, xsd="double")
DATETIME = Codec("datetime", _iso, _datetime_to_soap, xsd="dateTime")
DATE = Codec("date", _iso, datetime.date.fromisoformat, xsd="date")
TIME = Codec("time", _iso, _time_to_soap, xsd="time")
DURATION = _as_text("duration", "duration")
G_YEAR = _as_text("g_year", "gYear")
G_YEAR_MONTH = _as_text("g_year_month", "gYearMonth")
G_MONTH = _as_text("g_month", "gMonth")
G_MONTH_DAY = _as_text("g_month_day", "gMonthDay")
G_DAY = _as_text("g_day", "gDay")
BASE64 = Codec("base64", _base64_to_rest, _base64_to_soap, xsd="base64Binary")
HEX = Codec("hex", bytes.hex, bytes.fromhex, xsd="hexBinary")
URI = _as_text("uri", "anyURI")
QNAME = _as_text("qname", "QName")  # a Clark string, {namespace}local
NOTATION = _as_text("notation", "NOTATION")
# A union's value, or anySimpleType: whichever member type the text read as, as JSON.
ANY_SIMPLE = Codec("any_simple", _jsonable, _same, xsd="anySimpleType")
# xs:any content ("##any"): the elements as XML text, one string each.
ANY = Codec("any_xml", _xml_to_rest, _xml_to_soap, xsd="anyType")
# A complex value handed over whole, as its decoded dict in JSON: where a scaffold stops
# following a recursive type. The REST side's JSON comes back as it is (strings stay strings).
OPAQUE = Codec("opaque", _jsonable, _same, xsd="anyType")


def list_of(item: Codec) -> Codec:
    """An xs:list of `item`'s type: a JSON array of the item's values."""

    def to_rest(values: list[Any]) -> list[Any]:
        return [item.to_rest(value) for value in values]

    def to_soap(values: list[Any]) -> list[Any]:
        return [item.to_soap(value) for value in values]

    return Codec(f"list_of_{item.name}", to_rest, to_soap, xsd=item.xsd)


_FAMILIES: dict[Codec, tuple[str, ...]] = {
    STRING: (
        "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN", "ID",
        "IDREF", "ENTITY",
    ),
    BOOLEAN: ("boolean",),
    DECIMAL: ("decimal",),
    INTEGER: (
        "integer", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte",
        "nonNegativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
        "positiveInteger",
    ),
    FLOAT: ("float",),
    DOUBLE: ("double",),
    DATETIME: ("dateTime", "dateTimeStamp"),
    DATE: ("date",),
    TIME: ("time",),
    DURATION: ("duration", "dayTimeDuration", "yearMonthDuration"),
    G_YEAR: ("gYear",),
    G_YEAR_MONTH: ("gYearMonth",),
    G_MONTH: ("gMonth",),
    G_MONTH_DAY: ("gMonthDay",),
    G_DAY: ("gDay",),
    BASE64: ("base64Binary",),
    HEX: ("hexBinary",),
    URI: ("anyURI",),
    QNAME: ("QName",),
    NOTATION: ("NOTATION",),
    ANY_SIMPLE: ("anySimpleType", "anyAtomicType"),
    ANY: ("anyType",),
}

# The built-in lists: lists of a built-in item type.
_BUILTIN_LISTS = {"NMTOKENS": "NMTOKEN", "IDREFS": "IDREF", "ENTITIES": "ENTITY"}

FOR_BUILTIN: dict[str, Codec] = {
    builtin: codec for codec, builtins in _FAMILIES.items() for builtin in builtins
}


def codec_for(builtin: str) -> Codec:
    """The codec for a built-in type's values; ValueError for a name XSD does not define."""
    if builtin in _BUILTIN_LISTS:
        return list_of(FOR_BUILTIN[_BUILTIN_LISTS[builtin]])
    try:
        return FOR_BUILTIN[builtin]
    except KeyError:
        raise ValueError(f"{builtin!r} is not an XSD built-in type") from None
