"""Example values: valid for their type's facets, in MODEL.md's value convention."""

from __future__ import annotations

import datetime
import decimal
import re

import pytest

from soap_adapter.contract import SimpleType
from soap_adapter.scaffold import _examples, _pattern
from tests.scaffold import _shop


@pytest.mark.parametrize(
    "pattern",
    [
        r"[A-Z]{2}",
        r"\d{4}-\d{2}",
        r"(ES|PT)[0-9]{9}",
        r"[A-Z0-9]{3,10}",
        r"\d{1,3}(\.\d{2})?",
        r"[a-z]+@[a-z]+\.com",
        r"N\d+",
    ],
)
def test_a_plain_pattern_gives_a_matching_text(pattern: str) -> None:
    text = _pattern.example(pattern)
    assert text is not None and re.fullmatch(pattern, text), text


@pytest.mark.parametrize("pattern", [r"\p{Lu}+", r"[a-z-[aeiou]]", r"\i\c*", r"[^0-9]+"])
def test_a_pattern_beyond_the_reader_gives_none(pattern: str) -> None:
    assert _pattern.example(pattern) is None


def simple(builtin: str, **facets: str) -> SimpleType:
    return SimpleType(None, builtin, facets=facets)


def test_simple_values_respect_their_facets() -> None:
    assert _examples.simple_value(SimpleType(None, "int", enumeration=("7", "8"))) == 7
    assert _examples.simple_value(simple("string", length="12")) == "exampleexamp"
    assert len(_examples.simple_value(simple("string", maxLength="3"))) == 3
    assert _examples.simple_value(simple("int", minInclusive="100")) == 100
    assert _examples.simple_value(simple("positiveInteger", maxExclusive="1000")) == 1
    assert _examples.simple_value(simple("decimal", fractionDigits="0")) == decimal.Decimal("1")
    assert _examples.simple_value(simple("string", pattern=r"[A-Z]{3}")) == "AAA"
    assert _examples.simple_value(simple("negativeInteger")) == -1
    assert isinstance(_examples.simple_value(simple("dateTime")), datetime.datetime)
    assert _examples.simple_value(simple("base64Binary")) == b"example"


def test_a_request_value_fills_every_element_and_takes_first_choices() -> None:
    contract = _shop.build()
    operation = next(iter(contract.bindings.values())).operations["PlaceOrder"]
    value = _examples.body_value(contract, operation, operation.input)
    assert list(value) == ["CustomerId", "Lines", "Email", "Category", "Note", "Tag"]
    assert value["Lines"] == {
        "Line": [
            {
                "@sku": "example",
                "Sku": "AAA-1111",
                "Quantity": 1,
                "Price": {"@currency": "EUR", "$": decimal.Decimal("1.5")},
            }
        ]
    }
    # Category/Parent is a Category again: left out, it is optional.
    assert value["Category"] == {"Name": "example"}
    assert value["Tag"] == ["example"]


def test_an_abstract_type_is_sent_as_a_concrete_one_with_its_xsi_type() -> None:
    contract = _shop.build()
    operation = next(iter(contract.bindings.values())).operations["GetItem"]
    assert operation.output is not None
    value = _examples.body_value(contract, operation, operation.output)
    assert value == {
        "Item": {"@xsi:type": "{urn:example:shop}Book", "Title": "example", "Isbn": "example"},
        "Gadget": "example",
    }


def test_rpc_values_are_by_part_name() -> None:
    contract = _shop.build()
    operation = next(iter(contract.bindings.values())).operations["Echo"]
    assert _examples.body_value(contract, operation, operation.input) == {
        "text": "example",
        "count": 1,
    }
