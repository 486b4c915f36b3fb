"""Walks two contracts side by side and lists every difference with its path and verdict."""

from __future__ import annotations

import dataclasses

from soap_adapter.wsdl_diff._model import UNBOUNDED, Contract, Node, Simple
from soap_adapter.wsdl_diff._rules import breaks


@dataclasses.dataclass(frozen=True)
class Difference:
    path: str
    kind: str
    direction: str  # request, response, or binding
    breaking: bool
    message: str


class _Collector:
    def __init__(self) -> None:
        self.found: list[Difference] = []

    def add(self, path: str, kind: str, direction: str, message: str) -> None:
        self.found.append(Difference(path, kind, direction, breaks(kind, direction), message))


def _occurs(value: int) -> str:
    return "unbounded" if value >= UNBOUNDED else str(value)


def _name(node: Node) -> str:
    return str(node.qname.localname)


def _compare_simple(out: _Collector, path: str, direction: str, old: Simple, new: Simple) -> None:
    if old.base != new.base:
        out.add(path, "type-changed", direction, f"type {old.base} became {new.base}")
        return
    if old.enumeration != new.enumeration:
        if old.enumeration is None:
            out.add(
                path,
                "facet-tightened",
                direction,
                f"now restricted to {sorted(new.enumeration or ())}",
            )
        elif new.enumeration is None:
            out.add(path, "facet-relaxed", direction, "no longer an enumeration")
        else:
            for value in sorted(old.enumeration - new.enumeration):
                out.add(path, "enumeration-value-removed", direction, f"value {value!r} removed")
            for value in sorted(new.enumeration - old.enumeration):
                out.add(path, "enumeration-value-added", direction, f"value {value!r} added")
    if old.patterns != new.patterns:
        if not old.patterns:
            out.add(path, "facet-tightened", direction, f"pattern {new.patterns} added")
        elif not new.patterns:
            out.add(path, "facet-relaxed", direction, f"pattern {old.patterns} removed")
        else:
            out.add(
                path, "pattern-changed", direction, f"pattern {old.patterns} became {new.patterns}"
            )
    # (facet, True when a larger value is narrower)
    for facet, larger_is_narrower in (
        ("min_length", True),
        ("max_length", False),
        ("total_digits", False),
        ("fraction_digits", False),
        ("min_value", True),
        ("max_value", False),
    ):
        before, after = getattr(old, facet), getattr(new, facet)
        if before == after:
            continue
        if before is None or after is None:
            tightened = before is None
        else:
            tightened = (after > before) == larger_is_narrower
        kind = "facet-tightened" if tightened else "facet-relaxed"
        out.add(path, kind, direction, f"{facet.replace('_', ' ')} {before} became {after}")


def _compare_node(out: _Collector, path: str, direction: str, old: Node, new: Node) -> None:
    if old.qname.namespace != new.qname.namespace:
        out.add(
            path,
            "element-removed",
            direction,
            f"namespace {old.qname.namespace} became {new.qname.namespace}",
        )
        return
    if new.min_occurs > old.min_occurs:
        out.add(
            path,
            "min-occurs-raised",
            direction,
            f"minOccurs {old.min_occurs} became {new.min_occurs}",
        )
    elif new.min_occurs < old.min_occurs:
        out.add(
            path,
            "min-occurs-lowered",
            direction,
            f"minOccurs {old.min_occurs} became {new.min_occurs}",
        )
    if new.max_occurs > old.max_occurs:
        out.add(
            path,
            "max-occurs-raised",
            direction,
            f"maxOccurs {_occurs(old.max_occurs)} became {_occurs(new.max_occurs)}",
        )
    elif new.max_occurs < old.max_occurs:
        out.add(
            path,
            "max-occurs-lowered",
            direction,
            f"maxOccurs {_occurs(old.max_occurs)} became {_occurs(new.max_occurs)}",
        )
    if old.nillable != new.nillable:
        out.add(
            path,
            "nillable-added" if new.nillable else "nillable-removed",
            direction,
            f"nillable {str(old.nillable).lower()} became {str(new.nillable).lower()}",
        )
    if (old.simple is None) != (new.simple is None):
        out.add(
            path,
            "type-changed",
            direction,
            "a simple type became complex" if old.simple else "a complex type became simple",
        )
        return
    if old.simple is not None and new.simple is not None:
        _compare_simple(out, path, direction, old.simple, new.simple)
        return
    _compare_children(out, path, direction, old.children, new.children)


def _compare_children(
    out: _Collector, path: str, direction: str, old: list[Node], new: list[Node]
) -> None:
    old_by = {c.qname: c for c in old}
    new_by = {c.qname: c for c in new}
    for child in old:
        if child.qname not in new_by:
            out.add(
                f"{path}/{_name(child)}",
                "element-removed",
                direction,
                f"element {_name(child)} removed",
            )
    for child in new:
        if child.qname not in old_by:
            kind = "element-added-required" if child.min_occurs > 0 else "element-added-optional"
            out.add(
                f"{path}/{_name(child)}",
                kind,
                direction,
                f"element {_name(child)} added (minOccurs {child.min_occurs})",
            )
    common_old = [c.qname for c in old if c.qname in new_by]
    common_new = [c.qname for c in new if c.qname in old_by]
    if common_old != common_new:
        out.add(
            path,
            "element-order-changed",
            direction,
            f"order {[q.localname for q in common_old]} became {[q.localname for q in common_new]}",
        )
    for child in old:
        if child.qname in new_by:
            _compare_node(out, f"{path}/{_name(child)}", direction, child, new_by[child.qname])


def _compare_message(
    out: _Collector, path: str, direction: str, old: Node | None, new: Node | None
) -> None:
    if old is None or new is None:
        if old is not new:
            out.add(
                path,
                "element-removed" if new is None else "type-changed",
                direction,
                "message element changed",
            )
        return
    if old.qname != new.qname:
        out.add(path, "element-removed", direction, f"body element {old.qname} became {new.qname}")
        return
    _compare_node(out, f"{path}/{_name(old)}", direction, old, new)


def diff(old: Contract, new: Contract) -> list[Difference]:
    """Every difference between two contracts, request and response side, and the bindings."""
    out = _Collector()
    if old.target_namespace != new.target_namespace:
        out.add(
            "definitions/targetNamespace",
            "namespace-changed",
            "binding",
            f"{old.target_namespace} became {new.target_namespace}",
        )
    for name, op in old.operations.items():
        if name not in new.operations:
            out.add(name, "operation-removed", "binding", f"operation {name} removed")
            continue
        other = new.operations[name]
        _compare_message(out, f"{name}/request", "request", op.request, other.request)
        _compare_message(out, f"{name}/response", "response", op.response, other.response)
        for header, node in op.headers.items():
            if header not in other.headers:
                out.add(
                    f"{name}/header/{header}",
                    "element-removed",
                    "request",
                    f"header {header} removed",
                )
            else:
                _compare_message(out, f"{name}/header", "request", node, other.headers[header])
        for header, node in other.headers.items():
            if header not in op.headers and node is not None:
                kind = "element-added-required" if node.min_occurs > 0 else "element-added-optional"
                out.add(f"{name}/header/{header}", kind, "request", f"header {header} added")
        for fault, node in op.faults.items():
            if fault not in other.faults:
                out.add(
                    f"{name}/fault/{fault}",
                    "fault-removed",
                    "response",
                    f"fault {fault} no longer declared",
                )
            else:
                _compare_message(out, f"{name}/fault", "response", node, other.faults[fault])
        for fault in other.faults:
            if fault not in op.faults:
                out.add(
                    f"{name}/fault/{fault}",
                    "fault-added",
                    "response",
                    f"fault {fault} newly declared",
                )
    for name in new.operations:
        if name not in old.operations:
            out.add(name, "operation-added", "binding", f"operation {name} added")
    for name, binding in old.bindings.items():
        new_binding = new.bindings.get(name)
        if new_binding is None:
            out.add(f"binding {name}", "binding-removed", "binding", f"binding {name} removed")
            continue
        for field, kind in (
            ("version", "soap-version-changed"),
            ("style", "binding-style-changed"),
            ("transport", "transport-changed"),
        ):
            if getattr(binding, field) != getattr(new_binding, field):
                out.add(
                    f"binding {name}/{field}",
                    kind,
                    "binding",
                    f"{getattr(binding, field)} became {getattr(new_binding, field)}",
                )
        for op_name, details in binding.operations.items():
            new_details = new_binding.operations.get(op_name)
            if new_details is None:
                out.add(
                    f"binding {name}/{op_name}",
                    "operation-removed",
                    "binding",
                    f"operation {op_name} not bound",
                )
                continue
            for key, value in details.items():
                if new_details.get(key) != value:
                    kind = {
                        "soapAction": "soap-action-changed",
                        "style": "binding-style-changed",
                    }.get(key, "body-use-changed")
                    out.add(
                        f"binding {name}/{op_name}/{key}",
                        kind,
                        "binding",
                        f"{value!r} became {new_details.get(key)!r}",
                    )
    for name in new.bindings:
        if name not in old.bindings:
            out.add(f"binding {name}", "binding-added", "binding", f"binding {name} added")
    for port, binding_name in old.ports.items():
        if port not in new.ports:
            out.add(f"port {port}", "port-removed", "binding", f"port {port} removed")
        elif new.ports[port] != binding_name:
            out.add(
                f"port {port}",
                "binding-removed",
                "binding",
                f"port {port} now uses {new.ports[port]}",
            )
    for port in new.ports:
        if port not in old.ports:
            out.add(f"port {port}", "port-added", "binding", f"port {port} added")
    return out.found
