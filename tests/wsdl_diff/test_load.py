"""Reading contracts: a hardened parser, and clear errors for what cannot be read."""

from __future__ import annotations

import pathlib
import shutil

import pytest

from soap_adapter.wsdl_diff import ContractError, diff, load_contract
from tests.wsdl_diff._variants import LEGACY, LEGACY_WSDL, both_sides, mini_wsdl


def test_the_legacy_contract_against_itself_has_no_difference() -> None:
    contract = load_contract(str(LEGACY_WSDL))
    assert sorted(contract.operations) == sorted(
        ["GetCustomer", "SearchCustomers", "CreateOrder", "GetOrder", "ListOrders", "CancelOrder"]
    )
    assert sorted(contract.bindings) == ["OrderServiceSoap", "OrderServiceSoap12"]
    assert diff(contract, load_contract(str(LEGACY_WSDL))) == []


def test_a_file_url_and_a_relative_path_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(LEGACY)
    by_url = load_contract(LEGACY_WSDL.as_uri())
    assert diff(by_url, load_contract("OrderService.wsdl")) == []


def write(tmp_path: pathlib.Path, text: str, name: str = "c.wsdl") -> str:
    (tmp_path / name).write_text(text)
    return str(tmp_path / name)


def test_external_entities_are_refused(tmp_path: pathlib.Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cret")
    wsdl = mini_wsdl(
        both_sides(
            '<xs:simpleType name="T"><xs:restriction base="xs:string">'
            '<xs:pattern value="&xxe;"/></xs:restriction></xs:simpleType>'
        )
    )
    doctype = f'<!DOCTYPE d [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
    text = wsdl.replace('<?xml version="1.0"?>\n', '<?xml version="1.0"?>\n' + doctype)
    with pytest.raises(ContractError, match="DOCTYPE; DTDs and entities are refused") as error:
        load_contract(write(tmp_path, text))
    assert "s3cret" not in str(error.value)


def test_entity_expansion_is_refused(tmp_path: pathlib.Path) -> None:
    laughs = '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    text = f'<?xml version="1.0"?>\n{laughs}\n<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">&b;</wsdl:definitions>'
    with pytest.raises(ContractError, match="DOCTYPE"):
        load_contract(write(tmp_path, text))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<wsdl:definitions", "not well-formed XML"),
        ('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>', "not a WSDL 1.1 document"),
        (mini_wsdl(both_sides("")), "c.wsdl:9: unknown type '{urn:t}T'"),
        (mini_wsdl(""), "c.wsdl:9: element='tns:Req': no global element {urn:t}Req"),
        (
            mini_wsdl(both_sides('<xs:import namespace="urn:x" schemaLocation="missing.xsd"/>')),
            "c.wsdl:12: xs:import 'missing.xsd' cannot be read .*: No such file",
        ),
        (
            mini_wsdl(both_sides("")).replace('type="tns:T"', 'type="nope:T"'),
            "c.wsdl:9: type='nope:T': the prefix 'nope' is not declared",
        ),
    ],
    ids=[
        "malformed",
        "not-wsdl",
        "undeclared-type",
        "undeclared-element",
        "missing-import",
        "unknown-prefix",
    ],
)
def test_unreadable_contracts_say_why(tmp_path: pathlib.Path, text: str, message: str) -> None:
    with pytest.raises(ContractError, match=message.replace("{", r"\{").replace("}", r"\}")):
        load_contract(write(tmp_path, text))


def test_a_missing_file_is_a_contract_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ContractError, match="No such file"):
        load_contract(str(tmp_path / "absent.wsdl"))


def test_pathological_expansion_is_bounded(tmp_path: pathlib.Path) -> None:
    """Each type holds two of the previous one: 2**12 elements from a dozen declarations."""
    types = ['<xs:complexType name="T0"><xs:sequence/></xs:complexType>'] + [
        f'<xs:complexType name="T{i}"><xs:sequence><xs:element name="A" type="tns:T{i - 1}"/>'
        f'<xs:element name="B" type="tns:T{i - 1}"/></xs:sequence></xs:complexType>'
        for i in range(1, 13)
    ]
    text = mini_wsdl(both_sides("".join(types)).replace('type="tns:T"', 'type="tns:T12"'))
    with pytest.raises(ContractError, match="expands to more than 1000 elements"):
        load_contract(write(tmp_path, text), max_nodes=1000)


def test_schema_locations_are_relative_to_the_document_that_names_them(
    tmp_path: pathlib.Path,
) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(LEGACY / "OrderTypes.xsd", tmp_path / "a" / "b" / "Order Types.xsd")
    text = LEGACY_WSDL.read_text().replace(
        'schemaLocation="OrderTypes.xsd"', 'schemaLocation="b/Order%20Types.xsd"'
    )
    (tmp_path / "a" / "OrderService.wsdl").write_text(text)
    assert (
        diff(
            load_contract(str(LEGACY_WSDL)),
            load_contract(str(tmp_path / "a" / "OrderService.wsdl")),
        )
        == []
    )
