"""Named converters between legacy wire values and the REST core's values."""

from __future__ import annotations

import datetime
import decimal
import re
from typing import Any

from soap_adapter.mapping import TEXT, Codec

__all__ = [
    "CUSTOMER_ID",
    "CUSTOMER_STATUS",
    "DATE",
    "DATETIME",
    "ERROR_CODE",
    "INT",
    "MONEY",
    "ORDER_ID",
    "TEXT",
    "enumeration",
    "error_field",
    "error_message",
    "title_case",
]

_CENT = decimal.Decimal("0.01")


def _prefixed_id(name: str, prefix: str, digits: int) -> Codec:
    """`C-000101` <-> 101: the legacy ids are a prefix and a zero-padded number."""

    def to_soap(value: int) -> str:
        return f"{prefix}{int(value):0{digits}d}"

    def to_rest(value: str) -> int:
        return int(value[len(prefix) :])

    return Codec(name, to_rest, to_soap)


def enumeration(name: str, to_soap: dict[str, str], to_rest: dict[str, Any]) -> Codec:
    """A legacy enumeration as two tables. A REST value missing from `to_soap` is one the release
    cannot express: the answer fails as a counted mapping failure, never as an invalid message."""
    return Codec(name, to_rest.__getitem__, to_soap.__getitem__)


def title_case(name: str, values: list[str]) -> Codec:
    """`Active` <-> `active`: the legacy enumerations are the REST ones in title case."""
    return enumeration(name, {v.lower(): v for v in values}, {v: v.lower() for v in values})


def _money_to_soap(value: dict[str, Any]) -> decimal.Decimal:
    # Money always travels with exactly two fraction digits: 1250.40, 0.00.
    return decimal.Decimal(value["amount"]).quantize(_CENT, rounding=decimal.ROUND_HALF_EVEN)


def _money_to_rest(value: decimal.Decimal) -> dict[str, str]:
    return {"amount": f"{value:.2f}", "currency": "EUR"}


def _datetime_to_soap(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(datetime.UTC)


def _no_rest(value: Any) -> Any:
    raise TypeError("this codec only converts REST values to SOAP")


CUSTOMER_ID = _prefixed_id("customer_id", "C-", 6)
ORDER_ID = _prefixed_id("order_id", "SO-", 8)
CUSTOMER_STATUS = title_case("customer_status", ["Active", "Suspended", "Closed"])
MONEY = Codec("money", _money_to_rest, _money_to_soap, xsd="decimal")
DATE = Codec("date", datetime.date.isoformat, datetime.date.fromisoformat, xsd="date")
DATETIME = Codec("datetime", _no_rest, _datetime_to_soap, xsd="dateTime")
INT = Codec("int", int, int, xsd="int")
ERROR_CODE = Codec(
    "error_code",
    _no_rest,
    lambda code: "".join(part.capitalize() for part in str(code).split("_")),
)

_PART = re.compile(r"(?P<name>[^.\[]+)(?:\[(?P<index>\d+)\])?")


def error_field(names: dict[str, str]) -> Codec:
    """`lines[0].sku` -> `Lines[1].Sku`: legacy field names, with 1-based line numbers."""

    def part_to_soap(match: re.Match[str]) -> str:
        name = names.get(match["name"], match["name"])
        return name if match["index"] is None else f"{name}[{int(match['index']) + 1}]"

    def to_soap(field: str) -> str:
        return ".".join(part_to_soap(m) for m in _PART.finditer(field))

    return Codec("error_field", _no_rest, to_soap)


def error_message(overrides: dict[tuple[str, str], str]) -> Codec:
    """The REST error's message, or the legacy text where the legacy system worded it otherwise."""

    def to_soap(error: dict[str, Any]) -> str:
        return overrides.get((error["field"], error["code"]), error["message"])

    return Codec("error_message", _no_rest, to_soap)
