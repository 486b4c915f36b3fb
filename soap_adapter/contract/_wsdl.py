"""WSDL 1.1 definitions and their SOAP 1.1/1.2 binding extensions read into the contract model.

Bindings that are not SOAP (`http:binding`, ...) are left out, and so are the ports bound to them:
they are not SOAP endpoints. A MIME `multipartRelated` input or output is read through the
`soap:body`/`soap:header` of its root part; message parts bound to other MIME parts (SwA
attachments) have no place in the model and are refused. Notification and solicit-response
operations (output before input) are refused: a server cannot serve them.
"""

from __future__ import annotations

import pathlib
from typing import Literal

from lxml import etree

from soap_adapter.contract._errors import ContractError
from soap_adapter.contract._model import (
    Binding,
    BindingOperation,
    Body,
    Contract,
    Document,
    Element,
    Fault,
    Header,
    HttpBinding,
    Message,
    Part,
    Port,
    PortType,
    PortTypeOperation,
    Service,
    Source,
    Type,
)
from soap_adapter.contract._xsd import Schemas

WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
SOAP11_NS = "http://schemas.xmlsoap.org/wsdl/soap/"
SOAP12_NS = "http://schemas.xmlsoap.org/wsdl/soap12/"
MIME_NS = "http://schemas.xmlsoap.org/wsdl/mime/"
HTTP_NS = "http://schemas.xmlsoap.org/wsdl/http/"
_SOAP = {SOAP11_NS: "1.1", SOAP12_NS: "1.2"}

_KINDS = ("message", "portType", "binding", "service")


def _w(local: str) -> str:
    return f"{{{WSDL_NS}}}{local}"


class _Doc:
    def __init__(self, document: Document, root: etree._Element) -> None:
        self.name = document.name
        self.root = root
        self.target_namespace = root.get("targetNamespace") or None

    def source(self, node: etree._Element) -> Source:
        return Source(self.name, node.sourceline or 0)

    def error(self, node: etree._Element, message: str) -> ContractError:
        tag = etree.QName(node)
        prefix = {WSDL_NS: "wsdl", SOAP11_NS: "soap", SOAP12_NS: "soap12", MIME_NS: "mime"}.get(
            tag.namespace or "", ""
        )
        construct = f"{prefix}:{tag.localname}" if prefix else tag.localname
        return ContractError(message, construct, self.source(node))

    def qname(self, node: etree._Element, attribute: str) -> str:
        value = node.get(attribute)
        if value is None:
            raise self.error(node, f"{attribute}= is missing")
        prefix, _, local = value.strip().rpartition(":")
        namespace = node.nsmap.get(prefix or None)
        if prefix and namespace is None:
            raise self.error(node, f"{attribute}='{value}': the prefix '{prefix}' is not declared")
        return f"{{{namespace}}}{local}" if namespace else local


class WsdlReader:
    def __init__(self, schemas: Schemas) -> None:
        self.schemas = schemas
        self.index: dict[str, dict[str, tuple[etree._Element, _Doc]]] = {k: {} for k in _KINDS}
        self.messages: dict[str, Message] = {}
        self.port_types: dict[str, PortType] = {}
        self.bindings: dict[str, Binding | None] = {}  # None: not a SOAP binding
        self.http_bindings: dict[str, HttpBinding] = {}  # kept for wsdl-diff, never served

    def contract(
        self,
        wsdl: pathlib.Path,
        documents: list[tuple[Document, etree._Element]],
        all_documents: dict[str, Document],
    ) -> Contract:
        docs = [_Doc(document, root) for document, root in documents]
        for doc in docs:
            for child in doc.root:
                kind = etree.QName(child).localname if isinstance(child.tag, str) else ""
                if (
                    isinstance(child.tag, str)
                    and child.tag.startswith(f"{{{WSDL_NS}}}")
                    and kind in _KINDS
                ):
                    name = child.get("name")
                    if name is None:
                        raise doc.error(child, f"wsdl:{kind} without a name")
                    key = f"{{{doc.target_namespace}}}{name}" if doc.target_namespace else name
                    self.index[kind].setdefault(key, (child, doc))
        for name in self.index["message"]:
            self._message(name, None, None)
        for name in self.index["portType"]:
            self._port_type(name, None, None)
        for name in self.index["binding"]:
            self._binding(name, None, None)
        services = [self._service(name, *entry) for name, entry in self.index["service"].items()]
        return Contract(
            wsdl=wsdl,
            target_namespace=docs[0].target_namespace or "",
            services=services,
            bindings={k: v for k, v in self.bindings.items() if v is not None},
            port_types=self.port_types,
            messages=self.messages,
            elements=self.schemas.elements,
            types={k: v for k, v in self.schemas.types.items() if v.name == k},
            documents=all_documents,
            http_bindings=self.http_bindings,
        )

    def _lookup(
        self, kind: str, name: str, site: etree._Element | None, doc: _Doc | None
    ) -> tuple[etree._Element, _Doc]:
        entry = self.index[kind].get(name)
        if entry is None:
            assert site is not None and doc is not None
            raise doc.error(site, f"unknown wsdl:{kind} '{name}'")
        return entry

    # ---- messages and port types --------------------------------------------------------------

    def _message(self, name: str, site: etree._Element | None, site_doc: _Doc | None) -> Message:
        if name in self.messages:
            return self.messages[name]
        node, doc = self._lookup("message", name, site, site_doc)
        message = Message(name=name, source=doc.source(node))
        for child in node:
            if child.tag != _w("part"):
                continue
            part_name = child.get("name")
            if part_name is None:
                raise doc.error(child, "wsdl:part without a name")
            part = Part(name=part_name)
            if child.get("element") is not None:
                part.element = self._element(doc, child)
            elif child.get("type") is not None:
                part.type = self._type(doc, child)
            else:
                raise doc.error(child, f"wsdl:part '{part_name}' has neither element= nor type=")
            message.parts.append(part)
        self.messages[name] = message
        return message

    def _element(self, doc: _Doc, node: etree._Element) -> Element:
        name = doc.qname(node, "element")
        found = self.schemas.global_named(name, "element")
        if not isinstance(found, Element):
            raise doc.error(
                node, f"element='{node.get('element')}': no global element {name} in the schemas"
            )
        return found

    def _type(self, doc: _Doc, node: etree._Element) -> Type:
        name = doc.qname(node, "type")
        found = self.schemas.global_named(name, "type")
        if found is None or isinstance(found, Element):
            raise doc.error(node, f"type='{node.get('type')}': no type {name} in the schemas")
        return found

    def _port_type(self, name: str, site: etree._Element | None, site_doc: _Doc | None) -> PortType:
        if name in self.port_types:
            return self.port_types[name]
        node, doc = self._lookup("portType", name, site, site_doc)
        port_type = PortType(name=name, source=doc.source(node))
        for child in node:
            if child.tag != _w("operation"):
                continue
            operation = self._operation(doc, child)
            port_type.operations.setdefault(operation.name, operation)
        self.port_types[name] = port_type
        return port_type

    def _operation(self, doc: _Doc, node: etree._Element) -> PortTypeOperation:
        name = node.get("name")
        if name is None:
            raise doc.error(node, "wsdl:operation without a name")
        steps = [c for c in node if c.tag in (_w("input"), _w("output"))]
        if not steps or steps[0].tag != _w("input"):
            raise doc.error(
                node,
                f"operation '{name}' is a notification or solicit-response operation (output "
                "first): a SOAP server cannot serve it",
            )
        messages = {
            etree.QName(c).localname: self._message(doc.qname(c, "message"), c, doc) for c in steps
        }
        faults: dict[str, Message] = {}
        documentation = ""
        for child in node:
            if child.tag == _w("fault"):
                fault_name = child.get("name")
                if fault_name is None:
                    raise doc.error(child, "wsdl:fault without a name")
                faults[fault_name] = self._message(doc.qname(child, "message"), child, doc)
            elif child.tag == _w("documentation"):
                documentation = "".join(child.itertext()).strip()
        return PortTypeOperation(
            name=name,
            input=messages.get("input"),
            output=messages.get("output"),
            faults=faults,
            documentation=documentation,
            source=doc.source(node),
        )

    # ---- bindings -----------------------------------------------------------------------------

    def _binding(
        self, name: str, site: etree._Element | None, site_doc: _Doc | None
    ) -> Binding | None:
        if name in self.bindings:
            return self.bindings[name]
        node, doc = self._lookup("binding", name, site, site_doc)
        soap = [
            c
            for c in node
            if isinstance(c.tag, str)
            and etree.QName(c).namespace in _SOAP
            and etree.QName(c).localname == "binding"
        ]
        if not soap:
            self.bindings[name] = None  # http:binding and the like: not a SOAP binding
            http = node.find(f"{{{HTTP_NS}}}binding")
            if http is not None:  # what wsdl-diff compares of it: verb and locations
                self.http_bindings[name] = HttpBinding(
                    name=name,
                    port_type=self._port_type(doc.qname(node, "type"), node, doc),
                    verb=http.get("verb", ""),
                    locations={
                        op.get("name", ""): next(
                            (h.get("location", "") for h in op.iterfind(f"{{{HTTP_NS}}}operation")),
                            "",
                        )
                        for op in node.iterfind(_w("operation"))
                    },
                    source=doc.source(node),
                )
            return None
        extension = soap[0]
        namespace = etree.QName(extension).namespace or SOAP11_NS
        default_style = extension.get("style", "document")
        port_type = self._port_type(doc.qname(node, "type"), node, doc)
        binding = Binding(
            name=name,
            port_type=port_type,
            soap_version=_SOAP[namespace],  # type: ignore[arg-type]
            transport=extension.get("transport", ""),
            source=doc.source(node),
            style=default_style,
        )
        for child in node:
            if child.tag != _w("operation"):
                continue
            operation = self._binding_operation(doc, child, namespace, default_style, port_type)
            binding.operations[operation.name] = operation
        self.bindings[name] = binding
        return binding

    def _binding_operation(
        self, doc: _Doc, node: etree._Element, soap: str, default_style: str, port_type: PortType
    ) -> BindingOperation:
        name = node.get("name", "")
        abstract = port_type.operations.get(name)
        if abstract is None:
            raise doc.error(node, f"operation '{name}' is not in portType {port_type.name}")
        soap_operation = _soap_child(node, soap, "operation")
        style = default_style
        action = ""
        if soap_operation is not None:
            style = soap_operation.get("style", default_style)
            action = soap_operation.get("soapAction", "")
        if style not in ("document", "rpc"):
            raise doc.error(node, f"style='{style}' is neither document nor rpc")
        input_node = node.find(_w("input"))
        output_node = node.find(_w("output"))
        if abstract.input is None or input_node is None:
            raise doc.error(node, f"operation '{name}' has no bound input")
        body_in = self._body(doc, input_node, soap, abstract.input)
        body_out = None
        if abstract.output is not None:
            if output_node is None:
                raise doc.error(node, f"operation '{name}' has an output its binding does not bind")
            body_out = self._body(doc, output_node, soap, abstract.output)
        faults: dict[str, Fault] = {}
        for child in node.findall(_w("fault")):
            fault_name = child.get("name", "")
            message = abstract.faults.get(fault_name)
            if message is None:
                raise doc.error(child, f"fault '{fault_name}' is not a fault of operation '{name}'")
            soap_fault = _soap_child(child, soap, "fault")
            faults[fault_name] = Fault(
                name=fault_name,
                message=message,
                use=_use(doc, soap_fault),
                namespace=soap_fault.get("namespace") if soap_fault is not None else None,
            )
        return BindingOperation(
            name=name,
            operation=abstract,
            soap_action=action,
            style=style,  # type: ignore[arg-type]
            input=body_in,
            output=body_out,
            faults=faults,
            source=doc.source(node),
        )

    def _body(self, doc: _Doc, node: etree._Element, soap: str, message: Message) -> Body:
        holder = node
        multipart = node.find(f"{{{MIME_NS}}}multipartRelated")
        if multipart is not None:
            holder = self._mime_root(doc, multipart, soap)
        body_node = _soap_child(holder, soap, "body")
        headers = [self._header(doc, h, soap) for h in _soap_children(holder, soap, "header")]
        if body_node is None:
            # No soap:body: every part not in a header is in the body (as if soap:body were
            # there with no parts=), literal.
            body_node = etree.Element(f"{{{soap}}}body")
        if body_node.get("parts") is not None:
            parts = []
            for part_name in (body_node.get("parts") or "").split():
                part = next((p for p in message.parts if p.name == part_name), None)
                if part is None:
                    raise doc.error(
                        body_node, f"parts='{part_name}': no such part in {message.name}"
                    )
                parts.append(part)
        else:
            in_headers = {id(h.part) for h in headers if h.message is message}
            parts = [p for p in message.parts if id(p) not in in_headers]
        return Body(
            message=message,
            parts=parts,
            use=_use(doc, body_node),
            namespace=body_node.get("namespace"),
            encoding_style=body_node.get("encodingStyle"),
            headers=headers,
        )

    def _mime_root(self, doc: _Doc, multipart: etree._Element, soap: str) -> etree._Element:
        """The mime:part of a multipartRelated that carries the SOAP envelope; other parts would be
        attachments, which the model cannot carry."""
        root: etree._Element | None = None
        for part in multipart.findall(f"{{{MIME_NS}}}part"):
            if _soap_child(part, soap, "body") is not None:
                root = part
                continue
            for child in part:
                if isinstance(child.tag, str):
                    raise doc.error(
                        child,
                        "a MIME attachment part (SOAP with Attachments) is not supported; only "
                        "the part holding soap:body is read",
                    )
        if root is None:
            raise doc.error(multipart, "mime:multipartRelated without a part holding soap:body")
        return root

    def _header(self, doc: _Doc, node: etree._Element, soap: str) -> Header:
        message = self._message(doc.qname(node, "message"), node, doc)
        part_name = node.get("part")
        part = next((p for p in message.parts if p.name == part_name), None)
        if part is None:
            raise doc.error(node, f"part='{part_name}': no such part in {message.name}")
        # soap:headerfault (a fault carried in a header) is not read: it describes no part of a
        # successful request or response.
        return Header(
            message=message,
            part=part,
            use=_use(doc, node),
            namespace=node.get("namespace"),
            encoding_style=node.get("encodingStyle"),
        )

    # ---- services -----------------------------------------------------------------------------

    def _service(self, name: str, node: etree._Element, doc: _Doc) -> Service:
        service = Service(name=name)
        for child in node:
            if child.tag != _w("port"):
                continue
            binding = self._binding(doc.qname(child, "binding"), child, doc)
            if binding is None:
                continue  # an http:binding port: not a SOAP port
            address = next(
                (
                    a.get("location", "")
                    for a in child
                    if isinstance(a.tag, str)
                    and etree.QName(a).localname == "address"
                    and etree.QName(a).namespace in _SOAP
                ),
                "",
            )
            service.ports.append(Port(name=child.get("name", ""), binding=binding, address=address))
        return service


def _soap_children(node: etree._Element, soap: str, local: str) -> list[etree._Element]:
    """The `soap:`/`soap12:` extension elements named `local` under `node`: the binding's SOAP
    version first; a WSDL that mixes the two (some tools write soap:body in a soap12 binding)
    still has its body read rather than dropped."""
    other = SOAP12_NS if soap == SOAP11_NS else SOAP11_NS
    return node.findall(f"{{{soap}}}{local}") or node.findall(f"{{{other}}}{local}")


def _soap_child(node: etree._Element, soap: str, local: str) -> etree._Element | None:
    found = _soap_children(node, soap, local)
    return found[0] if found else None


def _use(doc: _Doc, node: etree._Element | None) -> Literal["literal", "encoded"]:
    if node is None:
        return "literal"
    use = node.get("use", "literal")
    if use == "literal" or use == "encoded":
        return use
    raise doc.error(node, f"use='{use}' is neither literal nor encoded")
