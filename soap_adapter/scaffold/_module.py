"""A mapping module's source, laid out as a table: SOAP path, REST name, codec, one per line."""

from __future__ import annotations

import dataclasses

from soap_adapter.scaffold._tree import Message, Node, codec_source

_INDENT = "    "


@dataclasses.dataclass
class FaultSpec:
    slug: str  # the REST problem type
    element: str  # the fault detail element's local name
    string: str
    detail: Message


@dataclasses.dataclass
class OperationSpec:
    """One portType operation, ready to be written as a mapping module and a stub route."""

    name: str
    module: str  # file name without .py
    method: str
    path: str
    request: Message
    response: Message
    faults: list[FaultSpec]


def _member(node: Node, depth: int, width: int) -> list[str]:
    pad = _INDENT * depth
    soap = f'"{node.soap}",'.ljust(width + 3)
    note = f"  # {node.note}" if node.note else ""
    if node.kind == "field":
        assert node.codec is not None
        return [f'{pad}Field({soap} "{node.rest}", {codec_source(node.codec)}),{note}']
    kind = "Group" if node.kind == "group" else "Each"
    if not node.children:
        return [f'{pad}{kind}({soap} "{node.rest}", ()),{note}']
    return [
        f'{pad}{kind}({soap} "{node.rest}", ({note}',
        *_shape(node.children, depth + 1),
        f"{pad})),",
    ]


def _shape(nodes: list[Node], depth: int) -> list[str]:
    width = max((len(node.soap) for node in nodes), default=0)
    return [line for node in nodes for line in _member(node, depth, width)]


def _result(response: Message) -> list[str]:
    nodes = response.nodes
    if len(nodes) == 1 and nodes[0].soap:
        # One member of the response: itself, as the hand-written mappings have it.
        lines = _member(nodes[0], 1, 0)
    else:
        # The response value itself (its members, or a bare element's content): the JSON body.
        lines = _member(Node("group", "", "", children=nodes), 1, 0)
    lines[0] = lines[0].replace(_INDENT, f"{_INDENT}result=", 1)
    return lines


def _cut_comment(spec: OperationSpec) -> list[str]:
    cut = sorted(
        {*spec.request.cut, *spec.response.cut, *(n for f in spec.faults for n in f.detail.cut)}
    )
    if not cut:
        return []
    return [
        f"# Where {', '.join(cut)} recurs (or nests too deep), the mapping stops: one opaque field",
        "# (x.OPAQUE) hands its decoded value over whole, as JSON; see the comment on that line.",
        "",
    ]


def source(spec: OperationSpec) -> str:
    names = {"Operation", "Request"}

    def used(nodes: list[Node]) -> None:
        for node in nodes:
            names.add({"field": "Field", "group": "Group", "each": "Each"}[node.kind])
            used(node.children)

    used(spec.request.nodes)
    used(spec.response.nodes)
    if not (len(spec.response.nodes) == 1 and spec.response.nodes[0].soap):
        names.add("Group")
    for fault in spec.faults:
        names.add("Fault")
        used(fault.detail.nodes)
    lines = [
        f'"""{spec.name}: {spec.method} {spec.path}."""',
        "",
        "from mappings import _xsd_codecs as x",
        f"from soap_adapter.mapping import {', '.join(sorted(names))}",
        "",
        *_cut_comment(spec),
        "MAPPING = Operation(",
        f'{_INDENT}name="{spec.name}",',
    ]
    if spec.request.nodes:
        lines.append(f'{_INDENT}request=Request("{spec.method}", "{spec.path}", body=(')
        lines += _shape(spec.request.nodes, 2)
        lines.append(f"{_INDENT})),")
    else:
        lines.append(f'{_INDENT}request=Request("{spec.method}", "{spec.path}", body=()),')
    lines += _result(spec.response)
    if spec.faults:
        lines.append(f"{_INDENT}faults={{")
        for fault in spec.faults:
            head = f'{_INDENT * 2}"{fault.slug}": Fault("{fault.element}", string="{fault.string}", detail=('
            if fault.detail.nodes:
                lines += [head, *_shape(fault.detail.nodes, 3), f"{_INDENT * 2})),"]
            else:
                lines.append(head + ")),")
        lines.append(f"{_INDENT}}},")
    lines.append(")")
    return "\n".join(lines) + "\n"
