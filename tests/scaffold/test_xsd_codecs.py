"""The codecs scaffolded mappings name: every XSD built-in has one, and each turns a decoded SOAP
value into JSON and back without losing it."""

from __future__ import annotations

import datetime
import decimal
import json
import math
from typing import Any

import pytest
from lxml import etree

from mappings import _xsd_codecs as x
from soap_adapter.mapping import Codec

# XSD 1.1 part 2, section 3: the built-in datatypes (anyAtomicType and dateTimeStamp are 1.1's).
BUILTINS = [
    "anySimpleType",
    "anyAtomicType",
    "string",
    "normalizedString",
    "token",
    "language",
    "Name",
    "NCName",
    "NMTOKEN",
    "NMTOKENS",
    "ID",
    "IDREF",
    "IDREFS",
    "ENTITY",
    "ENTITIES",
    "boolean",
    "decimal",
    "integer",
    "nonPositiveInteger",
    "negativeInteger",
    "long",
    "int",
    "short",
    "byte",
    "nonNegativeInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
    "positiveInteger",
    "float",
    "double",
    "duration",
    "dayTimeDuration",
    "yearMonthDuration",
    "dateTime",
    "dateTimeStamp",
    "time",
    "date",
    "gYearMonth",
    "gYear",
    "gMonthDay",
    "gDay",
    "gMonth",
    "hexBinary",
    "base64Binary",
    "anyURI",
    "QName",
    "NOTATION",
    "anyType",
]

UTC = datetime.UTC

# codec, decoded SOAP value, the JSON the REST side sees
ROUND_TRIPS: list[tuple[Codec, Any, Any]] = [
    (x.TEXT, "Grüße & <tags>", "Grüße & <tags>"),
    (x.BOOLEAN, True, True),
    (x.BOOLEAN, False, False),
    (x.DECIMAL, decimal.Decimal("1250.40"), "1250.40"),
    (x.DECIMAL, decimal.Decimal("1E+3"), "1000"),
    (x.DECIMAL, decimal.Decimal("-0.000001"), "-0.000001"),
    (x.INTEGER, 12345678901234567890, 12345678901234567890),
    (x.FLOAT, 1.5, 1.5),
    (x.DOUBLE, -2.25e-10, -2.25e-10),
    (x.DOUBLE, math.inf, "INF"),
    (x.DOUBLE, -math.inf, "-INF"),
    (
        x.DATETIME,
        datetime.datetime(2011, 3, 1, 9, 30, 15, 250000, tzinfo=UTC),
        "2011-03-01T09:30:15.250000+00:00",
    ),
    (x.DATETIME, datetime.datetime(2011, 3, 1, 9, 30), "2011-03-01T09:30:00"),
    (x.DATE, datetime.date(2011, 3, 1), "2011-03-01"),
    (x.TIME, datetime.time(23, 59, 1, tzinfo=UTC), "23:59:01+00:00"),
    (x.DURATION, "P1Y2M3DT4H", "P1Y2M3DT4H"),
    (x.G_YEAR, "2011", "2011"),
    (x.G_YEAR_MONTH, "2011-03", "2011-03"),
    (x.G_MONTH, "--03", "--03"),
    (x.G_MONTH_DAY, "--03-01", "--03-01"),
    (x.G_DAY, "---01", "---01"),
    (x.BASE64, b"\x00\xffbinary", "AP9iaW5hcnk="),
    (x.HEX, b"\x0f\xa0", "0fa0"),
    (x.URI, "http://example.com/a?b=c", "http://example.com/a?b=c"),
    (x.QNAME, "{urn:example}Name", "{urn:example}Name"),
    (x.NOTATION, "gif", "gif"),
    (x.ANY_SIMPLE, "text", "text"),
    (x.list_of(x.INTEGER), [1, 2, 3], [1, 2, 3]),
    (x.list_of(x.DATE), [datetime.date(2011, 3, 1)], ["2011-03-01"]),
]


@pytest.mark.parametrize(
    ("codec", "soap", "rest"),
    ROUND_TRIPS,
    ids=[f"{c.name}-{i}" for i, (c, _, _) in enumerate(ROUND_TRIPS)],
)
def test_codec_converts_to_json_and_back(codec: Codec, soap: Any, rest: Any) -> None:
    converted = codec.to_rest(soap)
    assert converted == rest
    assert json.loads(json.dumps(converted)) == rest  # plain JSON
    assert codec.to_soap(converted) == soap


def test_nan_travels_as_xsd_spells_it() -> None:
    assert x.FLOAT.to_rest(math.nan) == "NaN"
    assert math.isnan(x.FLOAT.to_soap("NaN"))


def test_a_boolean_from_json_text_is_read_as_xsd_reads_it() -> None:
    assert x.BOOLEAN.to_soap("1") is True
    assert x.BOOLEAN.to_soap("false") is False


def test_base64_refuses_what_is_not_base64() -> None:
    with pytest.raises(ValueError):
        x.BASE64.to_soap("not base64!")


def test_any_content_travels_as_xml_text() -> None:
    element = etree.fromstring('<a:Note xmlns:a="urn:a" lang="en">hi <b/></a:Note>')
    [text] = x.ANY.to_rest([element])
    assert text == '<a:Note xmlns:a="urn:a" lang="en">hi <b/></a:Note>'
    [back] = x.ANY.to_soap([text])
    assert back.tag == "{urn:a}Note"
    assert etree.tostring(back) == etree.tostring(element)


def test_opaque_hands_a_decoded_value_over_as_json() -> None:
    value = {
        "Name": "root",
        "Amount": {"$": decimal.Decimal("1.50"), "@currency": "EUR"},
        "When": datetime.date(2011, 3, 1),
        "Data": b"\x01",
        "Children": [{"Name": "leaf"}],
        "##any": [etree.fromstring("<x/>")],
    }
    rest = x.OPAQUE.to_rest(value)
    assert rest == {
        "Name": "root",
        "Amount": {"$": "1.50", "@currency": "EUR"},
        "When": "2011-03-01",
        "Data": "AQ==",
        "Children": [{"Name": "leaf"}],
        "##any": ["<x/>"],
    }
    assert json.loads(json.dumps(rest)) == rest
    assert x.OPAQUE.to_soap(rest) == rest


@pytest.mark.parametrize("builtin", BUILTINS)
def test_every_builtin_has_a_codec_of_its_family(builtin: str) -> None:
    codec = x.codec_for(builtin)
    assert isinstance(codec, Codec)
    if builtin in ("NMTOKENS", "IDREFS", "ENTITIES"):
        assert codec.to_rest(["a", "b"]) == ["a", "b"]
    else:
        assert codec is x.FOR_BUILTIN[builtin]


def test_codec_xsd_names_the_family_it_converts() -> None:
    assert x.codec_for("int").xsd == "integer"
    assert x.codec_for("token").xsd == "string"
    assert x.codec_for("dateTime").xsd == "dateTime"
    assert x.codec_for("base64Binary").xsd == "base64Binary"


def test_an_unknown_type_name_is_refused() -> None:
    with pytest.raises(ValueError, match="Integer"):
        x.codec_for("Integer")
