"""What the model cannot represent is refused at load, naming the construct, file and line."""

from __future__ import annotations

import pathlib

import pytest

from soap_adapter.contract import ContractError, Source
from tests.contract_model.conftest import SCHEMA, WSDL_IMPORTING_TYPES, LoadSchema, Write, refused


def _refusal(load_schema: LoadSchema, body: str) -> ContractError:
    with pytest.raises(ContractError) as caught:
        load_schema(body)
    return caught.value


def _line_of(write: Write, text: str) -> int:
    """The line of types.xsd (as load_schema writes it) holding `text`."""
    lines = (write("probe", "").parent / "types.xsd").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize(
    ("body", "construct", "marker"),
    [
        (
            '<xs:element name="A" type="xs:string"><xs:alternative type="xs:int"/></xs:element>',
            "xs:alternative",
            "alternative",
        ),
        ('<xs:override schemaLocation="other.xsd"/>', "xs:override", "override"),
        (
            '<xs:complexType name="A"><xs:sequence/><xs:assert test="true()"/></xs:complexType>',
            "xs:assert",
            "assert",
        ),
        (
            '<xs:complexType name="A"><xs:openContent mode="interleave"><xs:any/></xs:openContent></xs:complexType>',
            "xs:openContent",
            "openContent",
        ),
        (
            "<xs:defaultOpenContent><xs:any/></xs:defaultOpenContent>",
            "xs:defaultOpenContent",
            "defaultOpenContent",
        ),
    ],
    ids=["alternative", "override", "assert", "openContent", "defaultOpenContent"],
)
def test_unsupported_xsd_construct_is_refused_with_file_and_line(
    load_schema: LoadSchema, write: Write, body: str, construct: str, marker: str
) -> None:
    error = _refusal(load_schema, f"\n\n{body}\n")
    line = _line_of(write, f"<xs:{marker}")

    assert isinstance(error, ValueError)
    assert error.construct == construct
    assert error.source == Source("types.xsd", line)
    assert str(error).startswith(f"types.xsd:{line}: {construct}")


def test_unknown_type_names_the_reference(load_schema: LoadSchema, write: Write) -> None:
    error = _refusal(load_schema, '\n<xs:element name="A" type="t:Missing"/>\n')

    assert error.source == Source("types.xsd", _line_of(write, 'name="A"'))
    assert "unknown type '{urn:example:types}Missing'" in str(error)


def test_not_well_formed_xml_names_the_line(write: Write) -> None:
    write("types.xsd", SCHEMA.format(attributes="", body="\n\n<xs:element name='A'>\n"))
    error = refused(write("service.wsdl", WSDL_IMPORTING_TYPES))

    assert error.construct == "XML" and error.source.file == "types.xsd" and error.source.line > 3


def test_missing_import_names_the_import(write: Write) -> None:
    error = refused(write("service.wsdl", WSDL_IMPORTING_TYPES))

    assert error.construct == "xs:import"
    assert error.source == Source("service.wsdl", 6)
    assert "'types.xsd' cannot be read" in str(error)


WSDL_HEAD = """<?xml version="1.0"?>
<wsdl:definitions targetNamespace="urn:svc" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:svc"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/">
  <wsdl:types><xs:schema targetNamespace="urn:svc">
    <xs:element name="In" type="xs:string"/><xs:element name="Out" type="xs:string"/>
    <xs:element name="Doc" type="xs:base64Binary"/>
  </xs:schema></wsdl:types>
  <wsdl:message name="In"><wsdl:part name="in" element="tns:In"/><wsdl:part name="doc" element="tns:Doc"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="out" element="tns:Out"/></wsdl:message>
"""


def test_notification_operation_is_refused(write: Write) -> None:
    wsdl = write(
        "service.wsdl",
        WSDL_HEAD
        + """  <wsdl:portType name="P">
    <wsdl:operation name="Tick"><wsdl:output message="tns:Out"/></wsdl:operation>
  </wsdl:portType>
</wsdl:definitions>""",
    )
    error = refused(wsdl)

    assert error.construct == "wsdl:operation" and error.source == Source("service.wsdl", 12)
    assert "notification" in str(error)


def test_soap_with_attachments_part_is_refused(write: Write) -> None:
    wsdl = write(
        "service.wsdl",
        WSDL_HEAD
        + """  <wsdl:portType name="P">
    <wsdl:operation name="Send"><wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="B" type="tns:P">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Send">
      <wsdl:input><mime:multipartRelated>
        <mime:part><soap:body parts="in" use="literal"/></mime:part>
        <mime:part><mime:content part="doc" type="application/pdf"/></mime:part>
      </mime:multipartRelated></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
</wsdl:definitions>""",
    )
    error = refused(wsdl)

    assert error.construct == "mime:content" and error.source == Source("service.wsdl", 19)
    assert "SOAP with Attachments" in str(error)


def test_binding_of_an_unknown_port_type_names_the_binding(write: Write) -> None:
    wsdl = write(
        "service.wsdl",
        WSDL_HEAD
        + """  <wsdl:binding name="B" type="tns:Nowhere">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
  </wsdl:binding>
</wsdl:definitions>""",
    )
    error = refused(wsdl)

    assert error.construct == "wsdl:binding" and error.source == Source("service.wsdl", 11)
    assert "unknown wsdl:portType '{urn:svc}Nowhere'" in str(error)


def test_reference_into_an_unresolved_namespace_only_import_says_what_to_do(
    load_schema: LoadSchema, write: Write
) -> None:
    error = _refusal(
        load_schema,
        """
        <xs:import namespace="urn:nowhere"/>
        <xs:element name="A" xmlns:n="urn:nowhere" type="n:Thing"/>
        """,
    )

    assert error.source == Source("types.xsd", _line_of(write, 'name="A"'))
    assert "unknown type '{urn:nowhere}Thing'" in str(error)
    assert "without a schemaLocation" in str(error) and "catalog" in str(error)


def test_external_entities_are_never_read(write: Write, tmp_path: pathlib.Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do-not-read")
    wsdl = write(
        "service.wsdl",
        f"""<?xml version="1.0"?>
        <!DOCTYPE d [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>
        <wsdl:definitions targetNamespace="urn:t" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
            xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <wsdl:types><xs:schema targetNamespace="urn:t">
            <xs:element name="A" type="xs:string" default="&xxe;"/>
          </xs:schema></wsdl:types>
        </wsdl:definitions>
        """,
    )
    error = refused(wsdl)

    assert error.construct == "XML" and error.source == Source("service.wsdl", 6)
    assert "do-not-read" not in str(error)
