"""The mapping check refuses mappings that do not fit wsdl/ or the REST core's OpenAPI document."""

from __future__ import annotations

import dataclasses

import pytest
import requests

import mappings
from mappings import _codecs as c
from soap_adapter import (
    Field,
    Group,
    MappingCheckError,
    Operation,
    check_mappings,
    load_contract,
)
from tests.system import ROOT, WSDL, System

CONTRACT = load_contract(WSDL)


def found_with(replacement: Operation | None = None, drop: str | None = None) -> dict:
    found = {
        name: list(entries) for name, entries in mappings.release("2011-03").operations.items()
    }
    if replacement is not None:
        found[replacement.name] = [(f"mappings.v2011_03.{replacement.name.lower()}", replacement)]
    if drop is not None:
        del found[drop]
    return found


def problems(found: dict, openapi: dict | None = None) -> list[str]:
    with pytest.raises(MappingCheckError) as error:
        check_mappings(CONTRACT.model, found, openapi)
    return error.value.problems


def mapping(name: str) -> Operation:
    return mappings.release("2011-03").operations[name][0][1]


def replace_result_field(op: Operation, soap: str, new: Field | None) -> Operation:
    group = op.result
    assert isinstance(group, Group)
    fields = tuple(f if f.soap != soap else new for f in group.fields if f.soap != soap or new)
    return dataclasses.replace(op, result=dataclasses.replace(group, fields=fields))


@pytest.mark.parametrize("entry", mappings.releases(), ids=lambda e: e.release.name)
def test_every_release_fits_its_own_wsdl(entry: mappings.ReleaseMappings) -> None:
    contract = load_contract(ROOT / entry.release.contract / entry.release.wsdl)
    check_mappings(contract.model, entry.operations)


@pytest.mark.parametrize("entry", mappings.releases(), ids=lambda e: e.release.name)
def test_every_release_fits_the_rest_core_openapi(
    system: System, entry: mappings.ReleaseMappings
) -> None:
    openapi = requests.get(system.rest_url + "/openapi.json", timeout=10).json()
    contract = load_contract(ROOT / entry.release.contract / entry.release.wsdl)
    check_mappings(contract.model, entry.operations, openapi)


def test_a_release_is_checked_against_its_own_wsdl_not_another() -> None:
    # 2026-12's mappings against 2011-03's WSDL: its new operations and elements are refused.
    found = problems(mappings.release("2026-12").operations)
    assert (
        "mappings.v2026_12.update_customer_contact: operation UpdateCustomerContact is not in the WSDL"
        in found
    )
    assert any("PageNumber: no such element in the XSD" in p for p in found), found


def test_a_missing_mapping_is_named() -> None:
    assert problems(found_with(drop="CancelOrder")) == [
        "operation CancelOrder: no mapping module defines it"
    ]


def test_a_renamed_response_element_names_operation_and_element() -> None:
    broken = replace_result_field(
        mapping("GetCustomer"), "Balance", Field("Balanse", "balance", c.MONEY)
    )
    found = problems(found_with(broken))
    assert any(
        "GetCustomer" in p and "GetCustomerResult/Balanse" in p and "no such element" in p
        for p in found
    )
    assert any("GetCustomerResult/Balance" in p and "never fills it" in p for p in found)


def test_money_formatting_on_a_non_decimal_element_is_refused() -> None:
    broken = replace_result_field(mapping("GetCustomer"), "Name", Field("Name", "name", c.MONEY))
    assert any(
        "GetCustomerResult/Name" in p and "codec money" in p for p in problems(found_with(broken))
    )


def test_a_money_element_without_the_money_codec_is_refused() -> None:
    broken = replace_result_field(mapping("GetCustomer"), "Balance", Field("Balance", "balance"))
    assert any(
        "GetCustomerResult/Balance" in p and "codec text" in p for p in problems(found_with(broken))
    )


def test_a_fault_not_declared_for_the_operation_is_refused() -> None:
    op = mapping("GetCustomer")
    broken = dataclasses.replace(
        op, faults={**op.faults, "order-not-found": mapping("GetOrder").faults["order-not-found"]}
    )
    assert any(
        "GetCustomer" in p and "OrderNotFoundFault" in p and "not declared" in p
        for p in problems(found_with(broken))
    )


def test_a_renamed_rest_field_is_refused(system: System) -> None:
    openapi = requests.get(system.rest_url + "/openapi.json", timeout=10).json()
    broken = replace_result_field(mapping("GetCustomer"), "Name", Field("Name", "full_name"))
    found = problems(found_with(broken), openapi)
    assert any("GetCustomer" in p and "full_name" in p and "OpenAPI" in p for p in found)


def test_a_dropped_fault_mapping_is_refused() -> None:
    op = mapping("CreateOrder")
    faults = {k: v for k, v in op.faults.items() if k != "credit-limit-exceeded"}
    # BusinessRuleFault is still produced by customer-not-active; drop both rules to lose it.
    faults.pop("customer-not-active")
    found = problems(found_with(dataclasses.replace(op, faults=faults)))
    assert any(
        "CreateOrder" in p and "BusinessRuleFault" in p and "no problem type" in p for p in found
    )


def test_a_problem_type_without_a_fault_is_refused(system: System) -> None:
    openapi = requests.get(system.rest_url + "/openapi.json", timeout=10).json()
    op = mapping("CreateOrder")
    faults = {k: v for k, v in op.faults.items() if k != "credit-limit-exceeded"}
    found = problems(found_with(dataclasses.replace(op, faults=faults)), openapi)
    assert any("CreateOrder" in p and "credit-limit-exceeded has no fault" in p for p in found)
