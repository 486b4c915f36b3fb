"""The policy is data: the table in _rules' docstring and RULES say the same, rule by rule."""

from __future__ import annotations

import pytest

from soap_adapter.wsdl_diff import _rules


def documented() -> dict[tuple[str, str], bool]:
    doc = _rules.__doc__ or ""
    rows = [line for line in doc.splitlines() if line.startswith("| ") and "---" not in line]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert header[:5] == ["kind", "request", "response", "both", "binding"]
    table: dict[tuple[str, str], bool] = {}
    for row in rows[1:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        for direction, cell in zip(header[1:5], cells[1:5], strict=True):
            if cell:
                assert cell in ("breaks", "ok"), row
                table[(cells[0], direction)] = cell == "breaks"
    return table


def test_the_docstring_table_is_the_rules_table() -> None:
    assert documented() == _rules.RULES


def test_directions_and_the_brief_s_fixed_points() -> None:
    assert {direction for _, direction in _rules.RULES} == set(_rules.DIRECTIONS)
    rules = _rules.RULES
    # what a client sends: narrowing breaks, widening does not
    assert rules[("element-added-optional", "request")] is False
    assert rules[("element-added-required", "request")] is True
    assert rules[("element-removed", "request")] is True
    assert rules[("enumeration-value-removed", "request")] is True
    # what it receives: the other way round, and any new element breaks strict deserializers
    assert rules[("enumeration-value-added", "response")] is True
    assert rules[("element-added-optional", "response")] is True
    assert rules[("min-occurs-lowered", "response")] is True
    assert rules[("fault-removed", "response")] is True and rules[("fault-added", "response")]


def test_a_combination_without_a_rule_is_an_error() -> None:
    with pytest.raises(KeyError, match="no rule for kind 'fault-added' in direction 'request'"):
        _rules.breaks("fault-added", "request")
