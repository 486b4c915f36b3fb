"""The legacy contract as read from `wsdl/`: operations, actions, messages and the XSD validator."""

from __future__ import annotations

import dataclasses
import pathlib
from functools import cached_property

from lxml import etree

from soap_adapter import _ns, _xml


@dataclasses.dataclass(frozen=True)
class OperationContract:
    """One WSDL operation: its name, SOAPActions per binding, body elements and declared faults."""

    name: str
    input_element: etree.QName
    output_element: etree.QName
    faults: dict[str, etree.QName]  # fault name -> detail element
    soap_actions: dict[str, str]  # binding version ("1.1" / "1.2") -> soapAction
    headers: tuple[etree.QName, ...]


@dataclasses.dataclass
class Contract:
    """The WSDL and its schemas, parsed once at start-up."""

    wsdl_path: pathlib.Path
    wsdl_bytes: bytes
    documents: dict[str, bytes]  # file name in wsdl/ -> bytes, served as published
    operations: dict[str, OperationContract]
    by_input: dict[etree.QName, OperationContract]
    addresses: tuple[str, ...]  # soap:address / soap12:address locations as published
    schema_roots: list[etree._Element]  # every xs:schema (inline and imported)
    target_namespace: str
    service_name: str  # wsdl:service/@name

    @cached_property
    def validator(self) -> etree.XMLSchema:
        """An lxml schema holding the WSDL's inline schema and everything it imports."""
        inline = next(
            s for s in self.schema_roots if s.getparent() is not None
        )  # the schema inside wsdl:types
        doc = _xml.parse(etree.tostring(inline), base_url=str(self.wsdl_path))
        return etree.XMLSchema(etree.ElementTree(doc))


def _qname(element: etree._Element, prefixed: str) -> etree.QName:
    prefix, _, local = prefixed.rpartition(":")
    return etree.QName(element.nsmap.get(prefix or None), local)


def load(wsdl_path: str | pathlib.Path) -> Contract:
    """Read `wsdl_path` and the schemas it imports; raise ValueError when it is not usable."""
    path = pathlib.Path(wsdl_path).resolve()
    wsdl_bytes = path.read_bytes()
    root = _xml.parse(wsdl_bytes, base_url=str(path))
    tns = root.get("targetNamespace", "")
    documents = {path.name: wsdl_bytes}
    schema_roots: list[etree._Element] = list(
        root.iterfind(f"{{{_ns.WSDL}}}types/{{{_ns.XS}}}schema")
    )
    pending = list(schema_roots)
    while pending:
        schema = pending.pop()
        for ref in schema.iterfind(f"{{{_ns.XS}}}import"):
            location = ref.get("schemaLocation")
            if not location or location in documents:
                continue
            data = (path.parent / location).read_bytes()
            documents[location] = data
            imported = _xml.parse(data, base_url=str(path.parent / location))
            schema_roots.append(imported)
            pending.append(imported)

    messages = {
        m.get("name"): _qname(m, m.find(f"{{{_ns.WSDL}}}part").get("element"))
        for m in root.iterfind(f"{{{_ns.WSDL}}}message")
    }
    actions: dict[str, dict[str, str]] = {}
    headers: dict[str, list[etree.QName]] = {}
    for binding in root.iterfind(f"{{{_ns.WSDL}}}binding"):
        version = "1.2" if binding.find(f"{{{_ns.WSDL_SOAP12}}}binding") is not None else "1.1"
        soap = _ns.WSDL_SOAP12 if version == "1.2" else _ns.WSDL_SOAP11
        for op in binding.iterfind(f"{{{_ns.WSDL}}}operation"):
            action = op.find(f"{{{soap}}}operation")
            actions.setdefault(op.get("name"), {})[version] = (
                action.get("soapAction", "") if action is not None else ""
            )
            for header in op.iterfind(f"{{{_ns.WSDL}}}input/{{{soap}}}header"):
                qname = messages[_qname(header, header.get("message")).localname]
                if qname not in headers.setdefault(op.get("name"), []):
                    headers[op.get("name")].append(qname)

    operations: dict[str, OperationContract] = {}
    for port_type in root.iterfind(f"{{{_ns.WSDL}}}portType"):
        for op in port_type.iterfind(f"{{{_ns.WSDL}}}operation"):
            name = op.get("name")
            in_msg = _qname(op, op.find(f"{{{_ns.WSDL}}}input").get("message")).localname
            out_msg = _qname(op, op.find(f"{{{_ns.WSDL}}}output").get("message")).localname
            operations[name] = OperationContract(
                name=name,
                input_element=messages[in_msg],
                output_element=messages[out_msg],
                faults={
                    f.get("name"): messages[_qname(f, f.get("message")).localname]
                    for f in op.iterfind(f"{{{_ns.WSDL}}}fault")
                },
                soap_actions=actions.get(name, {}),
                headers=tuple(headers.get(name, ())),
            )
    addresses = tuple(
        a.get("location")
        for a in root.iterfind(f"{{{_ns.WSDL}}}service/{{{_ns.WSDL}}}port/*")
        if a.tag in (f"{{{_ns.WSDL_SOAP11}}}address", f"{{{_ns.WSDL_SOAP12}}}address")
    )
    if not operations:
        raise ValueError(f"{path}: the WSDL declares no operations")
    return Contract(
        wsdl_path=path,
        wsdl_bytes=wsdl_bytes,
        documents=documents,
        operations=operations,
        by_input={op.input_element: op for op in operations.values()},
        addresses=addresses,
        schema_roots=schema_roots,
        target_namespace=tns,
        service_name=next(
            (s.get("name", "") for s in root.iterfind(f"{{{_ns.WSDL}}}service")), path.stem
        ),
    )
