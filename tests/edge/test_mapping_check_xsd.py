"""The mapping check on XSD beyond the OrderService's, as MODEL.md writes its paths: attributes
(`@name`), simple content (`$`), choices, `##any`, `#header`, rpc parts and encoded arrays."""

from __future__ import annotations

import pathlib

import pytest

from soap_adapter import contract
from soap_adapter.mapping import Codec, Each, Fault, Field, Group, Operation, Request
from soap_adapter.mapping_check import MappingCheckError, check_mappings
from tests.wsdl_diff._variants import mini_wsdl
from tests.wsdl_diff.test_schema_features import RPC_ENCODED

INT = Codec("int", int, int, xsd="int")
AMOUNT = Codec("amount", str, str, xsd="decimal")

SCHEMA = """
  <xs:complexType name="Money"><xs:simpleContent><xs:extension base="xs:decimal">
    <xs:attribute name="currency" type="xs:string" use="required"/>
  </xs:extension></xs:simpleContent></xs:complexType>
  <xs:element name="Req"><xs:complexType><xs:sequence>
    <xs:element name="Id" type="xs:int"/>
    <xs:choice>
      <xs:element name="Email" type="xs:string"/>
      <xs:element name="Phone" type="xs:string"/>
    </xs:choice>
    <xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
  </xs:sequence></xs:complexType></xs:element>
  <xs:element name="Resp"><xs:complexType><xs:sequence>
    <xs:element name="Total" type="tns:Money"/>
    <xs:element name="Note" type="xs:string" minOccurs="0"/>
  </xs:sequence><xs:attribute name="version" type="xs:int" use="required"/></xs:complexType>
  </xs:element>"""

FITTING = Operation(
    name="Op",
    request=Request(
        "POST",
        "/v1/things/{id}",
        params=(Field("Id", "id", INT),),
        body=(Field("Email", "email"), Field("##any", "extensions")),
    ),
    result=Group(
        "",
        "",
        (
            Field("@version", "version", INT),
            Field("Total/$", "total.amount", AMOUNT),
            Field("Total/@currency", "total.currency"),
        ),
    ),
)


@pytest.fixture
def model(tmp_path: pathlib.Path) -> contract.Contract:
    (tmp_path / "c.wsdl").write_text(mini_wsdl(SCHEMA))
    return contract.load(tmp_path / "c.wsdl")


def problems(model: contract.Contract, mapping: Operation) -> list[str]:
    with pytest.raises(MappingCheckError) as error:
        check_mappings(model, {"Op": [("things.op", mapping)]})
    return error.value.problems


def test_attributes_simple_content_choice_and_any_are_paths_of_the_model(
    model: contract.Contract,
) -> None:
    check_mappings(model, {"Op": [("things.op", FITTING)]})  # no problem: nothing raised


def test_a_required_attribute_left_out_is_named(model: contract.Contract) -> None:
    result = Group("", "", (Field("Total/$", "total", AMOUNT), Field("Total/@currency", "cur")))
    found = problems(model, Operation("Op", FITTING.request, result))
    assert found == [
        "things.op (Op): Resp/@version: required by the XSD but the mapping never fills it"
    ]


def test_a_codec_on_an_attribute_or_simple_content_of_another_type_is_refused(
    model: contract.Contract,
) -> None:
    result = Group(
        "",
        "",
        (
            Field("@version", "version"),  # xs:int read as text
            Field("Total/$", "total", INT),  # xs:decimal read as int
            Field("Total/@currency", "currency"),
        ),
    )
    found = problems(model, Operation("Op", FITTING.request, result))
    assert len(found) == 2, found
    assert "Resp/@version: codec text (xs:string) does not fit" in found[0]
    assert "Resp/Total/$: codec int (xs:int) does not fit" in found[1]


def test_paths_the_model_does_not_have_are_named(model: contract.Contract) -> None:
    request = Request(
        "POST", "/v1/things/{id}", params=(Field("Id", "id", INT),), body=(Field("Fax", "fax"),)
    )
    fault = Fault("Problem", "{detail}", ())
    mapping = Operation("Op", request, FITTING.result, faults={"gone": fault})
    assert problems(model, mapping) == [
        "things.op (Op): Req/Fax: no such element in the XSD",
        "things.op (Op): Problem: fault for problem gone is not declared for Op in the WSDL",
    ]


def test_rpc_parts_and_encoded_arrays(tmp_path: pathlib.Path) -> None:
    """rpc/encoded: the request is the parts by name, an encoded array is read with Each."""
    (tmp_path / "rpc.wsdl").write_text(RPC_ENCODED.format(user_extra="", page="xsd:int"))
    model = contract.load(tmp_path / "rpc.wsdl")
    request = Request(
        "GET", "/v1/users", params=(Field("token", "token"), Field("page", "page", INT))
    )
    fitting = Operation("list", request, Each("return", "users", (Field("id", "id", INT),)))
    check_mappings(model, {"list": [("users.list", fitting)]})
    broken = Operation("list", request, Each("return", "users", (Field("name", "name"),)))
    with pytest.raises(MappingCheckError) as error:
        check_mappings(model, {"list": [("users.list", broken)]})
    assert error.value.problems == [
        "users.list (list): listOut/return/name: no such element in the XSD",
        "users.list (list): listOut/return/id: required by the XSD but the mapping never fills it",
    ]


def test_scaffolded_mappings_are_checked_like_hand_written_ones(tmp_path: pathlib.Path) -> None:
    """The scaffold's modules for a contract built by hand pass; one it no longer fills fails."""
    from soap_adapter.mapping_check import check_folder
    from soap_adapter.scaffold import scaffold
    from tests.scaffold import _shop

    shop = _shop.build()
    scaffold(shop, tmp_path / "as-written")
    check_folder(shop, tmp_path / "as-written")
    scaffold(shop, tmp_path / "edited")
    module = tmp_path / "edited" / "place_order.py"
    lines = module.read_text().splitlines(keepends=True)
    module.write_text("".join(line for line in lines if 'Field("@currency"' not in line))
    with pytest.raises(MappingCheckError) as error:
        check_folder(shop, tmp_path / "edited")
    assert [p for p in error.value.problems if "@currency" in p] == [
        "edited (PlaceOrder): PlaceOrderResponse/Total/@currency: "
        "required by the XSD but the mapping never fills it"
    ], error.value.problems
