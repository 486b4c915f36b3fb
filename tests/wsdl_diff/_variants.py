"""Copies of the legacy contract edited with lxml in a tmp dir, and small WSDLs written out."""

from __future__ import annotations

import dataclasses
import pathlib
from collections.abc import Callable

from lxml import etree

from soap_adapter.wsdl_diff import Difference, diff, load_contract

LEGACY = pathlib.Path(__file__).resolve().parents[2] / "wsdl" / "2011-03"
LEGACY_WSDL = LEGACY / "OrderService.wsdl"
XS = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
NS = {
    "xs": XS,
    "wsdl": WSDL,
    "soap": "http://schemas.xmlsoap.org/wsdl/soap/",
    "soap12": "http://schemas.xmlsoap.org/wsdl/soap12/",
}
TNS = "http://legacy.example.com/OrderService/2011/03"

Verdict = tuple[str, str, str, bool]  # path, kind, direction, breaking


@dataclasses.dataclass
class Docs:
    """The two legacy documents, parsed, for one variant."""

    wsdl: etree._ElementTree
    xsd: etree._ElementTree

    def one(self, xpath: str) -> etree._Element:
        found = self.wsdl.xpath(xpath, namespaces=NS) + self.xsd.xpath(xpath, namespaces=NS)
        assert len(found) == 1, (xpath, found)
        return found[0]

    def all(self, xpath: str) -> list[etree._Element]:
        return self.wsdl.xpath(xpath, namespaces=NS) + self.xsd.xpath(xpath, namespaces=NS)

    def element(self, owner: str, name: str) -> etree._Element:
        """The local element `name` in the complex type or global element `owner`."""
        return self.one(f"//xs:schema/*[@name='{owner}']//xs:element[@name='{name}']")

    def restriction(self, simple_type: str) -> etree._Element:
        return self.one(f"//xs:simpleType[@name='{simple_type}']/xs:restriction")

    def binding_operation(self, binding: str, operation: str) -> etree._Element:
        return self.one(f"//wsdl:binding[@name='{binding}']/wsdl:operation[@name='{operation}']")

    @staticmethod
    def remove(element: etree._Element) -> None:
        element.getparent().remove(element)


Edit = Callable[[Docs], None]


def write_variant(folder: pathlib.Path, edit: Edit | None = None) -> pathlib.Path:
    """The legacy WSDL and XSD copied to `folder`, edited; the path of the WSDL copy."""
    folder.mkdir(parents=True)
    docs = Docs(etree.parse(str(LEGACY_WSDL)), etree.parse(str(LEGACY / "OrderTypes.xsd")))
    if edit is not None:
        edit(docs)
    docs.wsdl.write(str(folder / "OrderService.wsdl"), xml_declaration=True, encoding="UTF-8")
    docs.xsd.write(str(folder / "OrderTypes.xsd"), xml_declaration=True, encoding="UTF-8")
    return folder / "OrderService.wsdl"


def verdicts(found: list[Difference]) -> set[Verdict]:
    return {(d.path, d.kind, d.direction, d.breaking) for d in found}


class Comparer:
    """Compares the legacy contract (or an edited `old`) with an edited copy."""

    def __init__(self, tmp_path: pathlib.Path) -> None:
        self.tmp_path = tmp_path
        self.runs = 0

    def __call__(self, new: Edit, old: Edit | None = None) -> list[Difference]:
        self.runs += 1
        old_wsdl = (
            LEGACY_WSDL if old is None else write_variant(self.tmp_path / f"old{self.runs}", old)
        )
        new_wsdl = write_variant(self.tmp_path / f"new{self.runs}", new)
        return diff(load_contract(str(old_wsdl)), load_contract(str(new_wsdl)))


def new_element(name: str, type_: str = "xs:string", **attributes: str) -> etree._Element:
    return etree.Element(f"{{{XS}}}element", name=name, type=type_, **attributes)


def mini_wsdl(schema: str, *, operation: str = "Op") -> str:
    """A WSDL 1.1 with one document/literal operation Op(Req) -> Resp in namespace urn:t."""
    return f"""<?xml version="1.0"?>
<wsdl:definitions targetNamespace="urn:t" xmlns:tns="urn:t"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <wsdl:types>
    <xs:schema targetNamespace="urn:t" elementFormDefault="qualified">{schema}</xs:schema>
  </wsdl:types>
  <wsdl:message name="In"><wsdl:part name="parameters" element="tns:Req"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="tns:Resp"/></wsdl:message>
  <wsdl:portType name="P">
    <wsdl:operation name="{operation}">
      <wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="B" type="tns:P">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>
    <wsdl:operation name="{operation}">
      <soap:operation soapAction="urn:t/{operation}"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="S">
    <wsdl:port name="P" binding="tns:B"><soap:address location="http://localhost/s"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"""


def both_sides(content: str) -> str:
    """A schema where Req and Resp both have type T, declared by `content`."""
    return f"""
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="Item" type="tns:T"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="Resp"><xs:complexType><xs:sequence>
        <xs:element name="Item" type="tns:T"/></xs:sequence></xs:complexType></xs:element>
      {content}"""


def compare_texts(tmp_path: pathlib.Path, old: str, new: str) -> list[Difference]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "old.wsdl").write_text(old)
    (tmp_path / "new.wsdl").write_text(new)
    return diff(
        load_contract(str(tmp_path / "old.wsdl")), load_contract(str(tmp_path / "new.wsdl"))
    )
