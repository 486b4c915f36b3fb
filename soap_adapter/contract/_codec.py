"""SOAP bodies and headers of any contract, read into values and written back (MODEL.md's value
convention), for document/literal (wrapped and bare), rpc/literal and rpc/encoded.

    read_request(op, body, header)  -> the request object a mapping reads
    write_response(op, value)       -> the Body's children
    write_headers(op, value, ...)   -> the Header's blocks of a message ("#header" of its value)
    write_fault_detail(op, fault, value) -> the fault's detail element
    read_response / write_request / read_fault_detail: the client's side, for samples and tests

The request object: document style, the value of the single body part's element (the wrapper
for wrapped, the element itself for bare; several parts: a dict by element local name); rpc
style, a dict of the parts by part name. Header parts go under "#header", a dict by part name.

Reading checks the structure and lexical forms and raises `MalformedRequest` (a Client/Sender
fault) naming the path of the first problem; writing raises `MappingError` (a Server fault):
the value came from the REST core, not from the caller.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Any, Literal

from lxml import etree

from soap_adapter import _ns
from soap_adapter.contract._codec_common import CodecError, candidates, local
from soap_adapter.contract._codec_read import Reader, member
from soap_adapter.contract._codec_write import PREFERRED, Writer, namespaces
from soap_adapter.contract._model import (
    SOAP_ENC,
    XSI,
    BindingOperation,
    Body,
    Element,
    Part,
    Type,
)
from soap_adapter.exceptions import MalformedRequest, MappingError

__all__ = [
    "CodecError",
    "body_tag",
    "envelope",
    "header_tags",
    "read_fault_detail",
    "read_request",
    "read_response",
    "write_fault_detail",
    "write_headers",
    "write_request",
    "write_response",
]

Direction = Literal["input", "output"]
HEADER_KEY = "#header"
_NSMAPS: weakref.WeakKeyDictionary[Body, dict[str | None, str]] = weakref.WeakKeyDictionary()


def _message(op: BindingOperation, direction: Direction) -> Body:
    body = op.input if direction == "input" else op.output
    if body is None:
        raise MappingError(f"{op.name} is one-way: it has no output")
    return body


def body_tag(op: BindingOperation, direction: Direction = "input") -> str | None:
    """The tag of the first Body child that names `op`: the rpc wrapper, or the first part's
    element (None for a document operation without body parts)."""
    message = _message(op, direction)
    if op.style == "rpc":
        return _wrapper(op, message, direction)
    first = message.parts[0] if message.parts else None
    if first is None:
        return None
    return first.element.name if first.element is not None else first.name


def header_tags(op: BindingOperation, direction: Direction = "input") -> set[str]:
    """The tags of the header blocks `op` declares: the headers a receiver understands."""
    tags: set[str] = set()
    for header in _message(op, direction).headers:
        decl = _header_element(header.part, header.namespace)
        tags.update(e.name for e in candidates(decl))
        tags.add(decl.name)
    return tags


def _wrapper(op: BindingOperation, message: Body, direction: Direction) -> str:
    name = op.name if direction == "input" else f"{op.name}Response"
    return f"{{{message.namespace}}}{name}" if message.namespace else name


def _part_element(part: Part) -> Element:
    """The element a part is written as: its element, or (a type part) one named after it."""
    if part.element is not None:
        return part.element
    found: Element | None = part.__dict__.get("_codec_element")
    if found is None:
        assert part.type is not None, f"part {part.name} has neither element nor type"
        found = part.__dict__["_codec_element"] = Element(part.name, part.type, nillable=True)
    return found


def _nsmap(message: Body, op: BindingOperation) -> dict[str | None, str]:
    """Prefixes declared once on each element the message starts with: xsi, the namespaces of
    its elements (tns for the first), and xsd/soapenc when encoded."""
    found = _NSMAPS.get(message)
    if found is not None:
        return found
    encoded = message.use == "encoded"
    roots: list[Element | Type] = [_part_element(p) for p in message.parts]
    roots += [_part_element(h.part) for h in message.headers]
    main = message.namespace if op.style == "rpc" else None
    if main is None and message.parts and message.parts[0].element is not None:
        name = message.parts[0].element.name
        main = name[1:].partition("}")[0] if name.startswith("{") else None
    nsmap: dict[str | None, str] = {"tns": main} if main else {}
    nsmap["xsi"] = XSI
    if encoded:
        nsmap.update({PREFERRED[ns]: ns for ns in PREFERRED if ns != XSI})
    count = 0
    for namespace in namespaces(roots, encoded):
        if namespace not in nsmap.values():
            count += 1
            nsmap[f"ns{count}"] = namespace
    _NSMAPS[message] = nsmap
    return nsmap


# ---- reading -----------------------------------------------------------------------------------


def read_request(
    op: BindingOperation,
    body: etree._Element,
    header: etree._Element | None = None,
    *,
    types: Mapping[str, Type] | None = None,
) -> Any:
    """The request object of `op` from the SOAP Body (and Header) element sent."""
    return _read(op, "input", body, header, types)


def read_response(
    op: BindingOperation,
    body: etree._Element,
    header: etree._Element | None = None,
    *,
    types: Mapping[str, Type] | None = None,
) -> Any:
    """The response object of `op` from a SOAP Body (and Header) element."""
    return _read(op, "output", body, header, types)


def _read(
    op: BindingOperation,
    direction: Direction,
    body: etree._Element,
    header: etree._Element | None,
    types: Mapping[str, Type] | None,
) -> Any:
    message = _message(op, direction)
    reader = Reader(encoded=message.use == "encoded", types=types or {})
    children = [c for c in body if isinstance(c.tag, str)]
    if reader.encoded:
        reader.refs = {n.get("id", ""): n for n in body.iter() if n.get("id") is not None}
        # Axis puts multiRef values beside the wrapper; they are read through the hrefs.
        children = [c for c in children if c.get("id") is None or c is children[0]]
    try:
        if op.style == "rpc":
            value = _read_rpc(op, message, direction, children, reader)
        else:
            value = _read_document(message, children, reader)
        found = _read_headers(message, header, reader)
    except CodecError as exc:
        raise MalformedRequest(str(exc)) from None
    except RecursionError:  # the parser allows 256 levels; a recursive type may nest them all
        raise MalformedRequest("The request is nested too deeply to be read.") from None
    if found:
        value = value if isinstance(value, dict) else {"": value}  # "" is the value itself
        value[HEADER_KEY] = found
    return value


def _read_rpc(
    op: BindingOperation,
    message: Body,
    direction: Direction,
    children: list[etree._Element],
    reader: Reader,
) -> dict[str, Any]:
    tag = _wrapper(op, message, direction)
    if len(children) != 1 or children[0].tag != tag:
        found = local(children[0].tag) if children else "nothing"
        raise CodecError(
            f"/{local(tag)}", f"the Body must hold the element {local(tag)}, not {found}"
        )
    path = f"/{local(tag)}"
    parts = {p.name: p for p in message.parts}
    out: dict[str, Any] = {}
    for child in children[0]:
        if not isinstance(child.tag, str):
            continue
        name = local(child.tag)
        part = parts.get(name)
        if part is None:
            raise CodecError(f"{path}/{name}", f"unexpected part: {op.name} has no part {name}")
        if name in out:
            raise CodecError(f"{path}/{name}", "part sent twice")
        out[name] = reader.element(_part_element(part), child, f"{path}/{name}")
    for part in message.parts:
        if part.name not in out and not reader.encoded:
            raise CodecError(f"{path}/{part.name}", "required part missing")
    return out


def _read_document(message: Body, children: list[etree._Element], reader: Reader) -> Any:
    found: dict[str, Any] = {}
    for index, part in enumerate(message.parts):
        decl = _part_element(part)
        if index >= len(children):
            raise CodecError(f"/{local(decl.name)}", "required body element missing")
        child = children[index]
        chosen = member(decl, child)
        if chosen.name != child.tag or chosen.abstract:
            raise CodecError(
                f"/{local(child.tag)}", f"unexpected body element: expected {local(decl.name)}"
            )
        found[local(chosen.name)] = reader.element(chosen, child, f"/{local(chosen.name)}")
    if len(children) > len(message.parts):
        raise CodecError(f"/{local(children[len(message.parts)].tag)}", "unexpected body element")
    if len(message.parts) == 1:
        return next(iter(found.values()))
    return found


def _read_headers(message: Body, header: etree._Element | None, reader: Reader) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if header is None or not message.headers:
        return found
    blocks = [c for c in header if isinstance(c.tag, str)]
    for declared in message.headers:
        decl = _header_element(declared.part, declared.namespace)
        tags = {e.name for e in candidates(decl)} | {decl.name}
        block = next((b for b in blocks if b.tag in tags), None)
        if block is None:
            continue
        header_reader = Reader(declared.use == "encoded", reader.refs, reader.types)
        found[declared.part.name] = header_reader.element(
            decl, block, f"/Header/{local(block.tag)}"
        )
    return found


def _header_element(part: Part, namespace: str | None) -> Element:
    if part.element is not None or not namespace:
        return _part_element(part)
    # A header or fault part by type: an element in the soap:header/soap:fault's namespace.
    found: Element | None = part.__dict__.get("_codec_header_element")
    if found is None:
        assert part.type is not None
        found = Element(f"{{{namespace}}}{part.name}", part.type, nillable=True)
        part.__dict__["_codec_header_element"] = found
    return found


# ---- writing -----------------------------------------------------------------------------------


def write_request(
    op: BindingOperation,
    value: Any,
    *,
    types: Mapping[str, Type] | None = None,
    version: str = "1.1",
) -> list[etree._Element]:
    """The Body's children of a request of `op` holding `value` (the request object)."""
    return _write(op, "input", value, types, version)


def write_response(
    op: BindingOperation,
    value: Any,
    *,
    types: Mapping[str, Type] | None = None,
    version: str = "1.1",
) -> list[etree._Element]:
    """The Body's children of the answer of `op` holding `value` (the response object)."""
    return _write(op, "output", value, types, version)


def _write(
    op: BindingOperation,
    direction: Direction,
    value: Any,
    types: Mapping[str, Type] | None,
    version: str,
) -> list[etree._Element]:
    message = _message(op, direction)
    writer = Writer(encoded=message.use == "encoded", types=types or {})
    nsmap = _nsmap(message, op)
    try:
        if op.style == "rpc":
            return [_write_rpc(op, message, direction, value, writer, nsmap, version)]
        return _write_document(message, value, writer, nsmap)
    except CodecError as exc:
        raise MappingError(f"the value does not fit {op.name}: {exc}") from None
    except RecursionError:
        raise MappingError(f"the value of {op.name} is nested too deeply to be written") from None


def _write_rpc(
    op: BindingOperation,
    message: Body,
    direction: Direction,
    value: Any,
    writer: Writer,
    nsmap: dict[str | None, str],
    version: str,
) -> etree._Element:
    tag = _wrapper(op, message, direction)
    path = f"/{local(tag)}"
    data = {} if value is None else value
    if not isinstance(data, dict):
        raise CodecError(path, "the parts of an rpc message are a dict by part name")
    names = {p.name for p in message.parts}
    unknown = [k for k in data if k not in names and k != HEADER_KEY]
    if unknown:
        raise CodecError(f"{path}/{unknown[0]}", f"{op.name} has no part {unknown[0]}")
    wrapper = etree.Element(tag, nsmap=nsmap)
    if writer.encoded:
        wrapper.set(f"{{{_ns.ENVELOPE[version]}}}encodingStyle", SOAP_ENC)
    for part in message.parts:
        if part.name not in data:
            raise CodecError(f"{path}/{part.name}", "required part missing")
        decl = _part_element(part)
        writer.write(
            wrapper,
            decl,
            decl.name if part.element else part.name,
            data[part.name],
            f"{path}/{part.name}",
        )
    return wrapper


def _write_document(
    message: Body, value: Any, writer: Writer, nsmap: dict[str | None, str]
) -> list[etree._Element]:
    parts = message.parts
    if len(parts) == 1:
        entries = [value]
    else:
        data = {} if value is None else value
        if not isinstance(data, dict):
            raise CodecError("/", "the parts of a message are a dict by element name")
        entries = []
        for part in parts:
            key = local(_part_element(part).name)
            if key not in data:
                raise CodecError(f"/{key}", "required body element missing")
            entries.append(data[key])
    written = []
    for part, entry in zip(parts, entries, strict=True):
        decl = _part_element(part)
        if isinstance(entry, dict) and HEADER_KEY in entry:
            entry = {k: v for k, v in entry.items() if k != HEADER_KEY}
            entry = entry[""] if set(entry) == {""} else entry
        node = writer.write(None, decl, decl.name, entry, f"/{local(decl.name)}", nsmap)
        if node is not None:
            written.append(node)
    return written


def envelope(
    version: str, body: list[etree._Element], headers: list[etree._Element] | None = None
) -> bytes:
    """A whole SOAP `version` envelope around body children and header blocks, as UTF-8."""
    env = _ns.ENVELOPE[version]
    root = etree.Element(f"{{{env}}}Envelope", nsmap={"soap": env})
    if headers:
        etree.SubElement(root, f"{{{env}}}Header").extend(headers)
    etree.SubElement(root, f"{{{env}}}Body").extend(body)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def write_headers(
    op: BindingOperation,
    value: Any,
    direction: Direction = "output",
    *,
    types: Mapping[str, Type] | None = None,
) -> list[etree._Element]:
    """The Header blocks of a message of `op`: its header parts found under value["#header"]."""
    message = _message(op, direction)
    given = value.get(HEADER_KEY) if isinstance(value, dict) else None
    if not given:
        return []
    nsmap = _nsmap(message, op)
    declared = {h.part.name: h for h in message.headers}
    unknown = [k for k in given if k not in declared]
    if unknown:
        raise MappingError(f"the value does not fit {op.name}: it has no header part {unknown[0]}")
    blocks = []
    for name, entry in given.items():
        header = declared[name]
        decl = _header_element(header.part, header.namespace)
        writer = Writer(encoded=header.use == "encoded", types=types or {})
        try:
            node = writer.write(None, decl, decl.name, entry, f"/Header/{local(decl.name)}", nsmap)
        except CodecError as exc:
            raise MappingError(f"the value does not fit {op.name}: {exc}") from None
        if node is not None:
            blocks.append(node)
    return blocks


def _fault_element(op: BindingOperation, name: str) -> tuple[Element, bool]:
    fault = op.faults.get(name)
    if fault is None or not fault.message.parts:
        raise MappingError(f"{op.name} declares no fault {name}")
    return _header_element(fault.message.parts[0], fault.namespace), fault.use == "encoded"


def write_fault_detail(
    op: BindingOperation, fault: str, value: Any, *, types: Mapping[str, Type] | None = None
) -> etree._Element:
    """The element that goes into the fault's detail: the fault message's part."""
    decl, encoded = _fault_element(op, fault)
    writer = Writer(encoded=encoded, types=types or {})
    nsmap: dict[str | None, str] = {"xsi": XSI}
    if decl.name.startswith("{"):
        nsmap["tns"] = decl.name[1:].partition("}")[0]
    try:
        node = writer.write(None, decl, decl.name, value, f"/{local(decl.name)}", nsmap)
    except CodecError as exc:
        raise MappingError(f"the value does not fit fault {fault}: {exc}") from None
    if node is None:
        raise MappingError(f"fault {fault}: the detail has no value")
    return node


def read_fault_detail(
    op: BindingOperation,
    fault: str,
    node: etree._Element,
    *,
    types: Mapping[str, Type] | None = None,
) -> Any:
    """The value of a fault's detail element."""
    decl, encoded = _fault_element(op, fault)
    try:
        if node.tag != decl.name:
            raise CodecError(f"/{local(node.tag)}", f"expected {local(decl.name)}")
        return Reader(encoded=encoded, types=types or {}).element(
            decl, node, f"/{local(decl.name)}"
        )
    except CodecError as exc:
        raise MalformedRequest(str(exc)) from None
