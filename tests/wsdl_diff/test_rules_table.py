"""The policy is data: the table in the rules module's docstring and RULES say the same, rule by rule."""

from __future__ import annotations

import pytest

from soap_adapter.wsdl_diff import rules


def documented() -> dict[tuple[str, str], bool]:
    doc = rules.__doc__ or ""
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
    assert documented() == rules.RULES


def test_directions_and_the_brief_s_fixed_points() -> None:
    assert {direction for _, direction in rules.RULES} == set(rules.DIRECTIONS)
    table = rules.RULES
    # what a client sends: narrowing breaks, widening does not
    assert table[("element-added-optional", "request")] is False
    assert table[("element-added-required", "request")] is True
    assert table[("element-removed", "request")] is True
    assert table[("enumeration-value-removed", "request")] is True
    # what it receives: the other way round, and any new element breaks strict deserializers
    assert table[("enumeration-value-added", "response")] is True
    assert table[("element-added-optional", "response")] is True
    assert table[("min-occurs-lowered", "response")] is True
    assert table[("fault-removed", "response")] is True and table[("fault-added", "response")]


def test_a_combination_without_a_rule_is_an_error() -> None:
    with pytest.raises(KeyError, match="no rule for kind 'fault-added' in direction 'request'"):
        rules.breaks("fault-added", "request")
