"""Substitution groups fill `Element.substitutes` (transitively, abstract members left out);
abstract elements; `block="substitution"`."""

from __future__ import annotations

from soap_adapter.contract import ComplexType, Element
from tests.contract_model.conftest import LoadSchema, complex_type, t

BODY = """
<xs:element name="Payment" type="t:Payment" abstract="true"/>
<xs:element name="Card" type="t:Card" substitutionGroup="t:Payment"/>
<xs:element name="Transfer" substitutionGroup="t:Payment"/>
<xs:element name="GoldCard" type="t:Card" substitutionGroup="t:Card"/>
<xs:element name="AbstractCard" type="t:Card" substitutionGroup="t:Card" abstract="true"/>
<xs:element name="Fixed" type="xs:string" block="substitution"/>
<xs:element name="NotAllowed" type="xs:string" substitutionGroup="t:Fixed"/>
<xs:complexType name="Payment">
  <xs:sequence><xs:element name="Amount" type="xs:decimal"/></xs:sequence>
</xs:complexType>
<xs:complexType name="Card">
  <xs:complexContent>
    <xs:extension base="t:Payment">
      <xs:sequence><xs:element name="Pan" type="xs:string"/></xs:sequence>
    </xs:extension>
  </xs:complexContent>
</xs:complexType>
<xs:complexType name="Order">
  <xs:sequence><xs:element ref="t:Payment" maxOccurs="unbounded"/></xs:sequence>
</xs:complexType>
"""


def test_substitution_group_members_are_substitutes(load_schema: LoadSchema) -> None:
    contract = load_schema(BODY)
    payment = contract.elements[t("Payment")]

    assert payment.abstract
    assert {e.name for e in payment.substitutes} == {t("Card"), t("Transfer"), t("GoldCard")}
    assert [e.name for e in contract.elements[t("Card")].substitutes] == [t("GoldCard")]
    assert contract.elements[t("Fixed")].substitutes == ()


def test_member_without_type_takes_the_head_type(load_schema: LoadSchema) -> None:
    contract = load_schema(BODY)

    assert contract.elements[t("Transfer")].type is complex_type(contract, "Payment")


def test_a_ref_to_the_head_carries_the_substitutes(load_schema: LoadSchema) -> None:
    contract = load_schema(BODY)
    order = complex_type(contract, "Order")
    assert order.content is not None
    [ref] = order.content.particles

    assert isinstance(ref, Element)
    assert ref.name == t("Payment") and ref.abstract and ref.max_occurs is None
    assert {e.name for e in ref.substitutes} == {t("Card"), t("Transfer"), t("GoldCard")}
    assert isinstance(ref.type, ComplexType) and ref.type.name == t("Payment")
