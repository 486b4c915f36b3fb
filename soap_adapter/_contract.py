"""The edge's view of a document/literal contract such as the OrderService: operations, actions,
body elements and the XSD validator, read through the one contract model."""

from __future__ import annotations

import dataclasses
import pathlib
from functools import cached_property

from lxml import etree

from soap_adapter import _ns, _xml
from soap_adapter import contract as model


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
    documents: dict[str, bytes]  # location as the WSDL names it -> bytes, served as published
    operations: dict[str, OperationContract]
    by_input: dict[etree.QName, OperationContract]
    addresses: tuple[str, ...]  # soap:address / soap12:address locations as published
    schema_roots: list[etree._Element]  # every xs:schema (inline and imported)
    target_namespace: str
    service_name: str  # wsdl:service/@name
    model: model.Contract  # everything the WSDL says, as the one reader read it

    @cached_property
    def validator(self) -> etree.XMLSchema:
        """An lxml schema holding the WSDL's inline schema and everything it imports."""
        inline = next(
            s for s in self.schema_roots if s.getparent() is not None
        )  # the schema inside wsdl:types
        doc = _xml.parse(etree.tostring(inline), base_url=str(self.wsdl_path))
        return etree.XMLSchema(etree.ElementTree(doc))


def _element(part: model.Part, where: str) -> etree.QName:
    if part.element is None:
        raise ValueError(
            f"{where}: part {part.name} is not an element; the edge serves only "
            "document/literal contracts this way (soap-adapter serve --wsdl: any)"
        )
    return etree.QName(part.element.name)


def _body_element(message: model.Message | None, where: str) -> etree.QName:
    if message is None or len(message.parts) != 1:
        raise ValueError(f"{where}: the edge's generated service needs one body part per message")
    return _element(message.parts[0], where)


def _operation(op: model.PortTypeOperation, bound: list[model.Binding]) -> OperationContract:
    where = f"{op.source}: operation {op.name}" if op.source else f"operation {op.name}"
    actions: dict[str, str] = {}
    headers: list[etree.QName] = []
    for binding in bound:
        bound_op = binding.operations.get(op.name)
        if bound_op is None:
            continue
        if bound_op.style != "document" or bound_op.input.use != "literal":
            raise ValueError(
                f"{where}: {bound_op.style}/{bound_op.input.use} is served by "
                "soap-adapter serve --wsdl, not by the edge's generated service"
            )
        actions[binding.soap_version] = bound_op.soap_action
        for header in bound_op.input.headers:
            qname = _element(header.part, where)
            if qname not in headers:
                headers.append(qname)
    return OperationContract(
        name=op.name,
        input_element=_body_element(op.input, where),
        output_element=_body_element(op.output, where),
        faults={name: _body_element(m, f"{where} fault {name}") for name, m in op.faults.items()},
        soap_actions=actions,
        headers=tuple(headers),
    )


def target_namespace(wsdl_path: str | pathlib.Path) -> str:
    """The WSDL's targetNamespace alone, without reading what it imports; ValueError (a
    MappingCheckError for the edge) when the file cannot be read."""
    path = pathlib.Path(wsdl_path)
    try:
        return _xml.parse(path.read_bytes()).get("targetNamespace", "")
    except (OSError, etree.XMLSyntaxError) as exc:
        raise ValueError(f"{path}: {exc}") from exc


def load(wsdl_path: str | pathlib.Path, catalog: str | pathlib.Path | None = None) -> Contract:
    """Read `wsdl_path` and the schemas it imports; raise ValueError when it is not usable
    (`soap_adapter.contract.ContractError`, a ValueError, when the reader refuses it)."""
    path = pathlib.Path(wsdl_path).resolve()
    read = model.load(path, catalog)
    wsdl_document, *imported = read.documents.values()
    # Served under the location the WSDL writes, so that `?wsdl` can point each import there.
    documents = {path.name: wsdl_document.data}
    by_name = {document.name: document for document in imported}
    for location, name in wsdl_document.links.items():
        documents.setdefault(location, by_name[name].data)
    linked = set(wsdl_document.links.values())
    documents.update((d.name, d.data) for d in imported if d.name not in linked)
    root = _xml.parse(wsdl_document.data, base_url=str(path))
    schema_roots: list[etree._Element] = list(
        root.iterfind(f"{{{_ns.WSDL}}}types/{{{_ns.XS}}}schema")
    )
    schema_roots += [
        _xml.parse(document.data, base_url=document.url)
        for document in imported
        if document.kind == "xsd"
    ]
    bindings = list(read.bindings.values())
    operations = {
        op.name: _operation(op, [b for b in bindings if b.port_type is port_type])
        for port_type in read.port_types.values()
        for op in port_type.operations.values()
    }
    if not operations:
        raise ValueError(f"{path}: the WSDL declares no operations")
    return Contract(
        wsdl_path=path,
        wsdl_bytes=wsdl_document.data,
        documents=documents,
        operations=operations,
        by_input={op.input_element: op for op in operations.values()},
        addresses=tuple(port.address for service in read.services for port in service.ports),
        schema_roots=schema_roots,
        target_namespace=read.target_namespace,
        service_name=(etree.QName(read.services[0].name).localname if read.services else path.stem),
        model=read,
    )
