"""Walks two contracts side by side and lists every difference with its path and verdict."""

from __future__ import annotations

import dataclasses
import decimal
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from soap_adapter import _xsd_types
from soap_adapter.wsdl_diff._model import (
    Bound,
    Contract,
    Difference,
    Name,
    Node,
    Operation,
    Simple,
)
from soap_adapter.wsdl_diff.rules import breaks

_V = TypeVar("_V")


def _ancestors(base: str) -> list[str]:
    """The built-ins a type label (`xs:int`) derives from, as labels; [] for any other label."""
    if not base.startswith("xs:"):
        return []
    return [f"xs:{name}" for name in _xsd_types.ancestors(base[3:])]


def _occurs(value: int | None) -> str:
    return "unbounded" if value is None else str(value)


def _describe(node: Node) -> str:
    if node.is_attribute:
        return f"{node.type_label}, {'required' if node.min_occurs else 'optional'}"
    return f"{node.type_label} [{node.min_occurs}..{_occurs(node.max_occurs)}]"


def _values(values: frozenset[str] | None) -> str:
    return "none" if values is None else "|".join(sorted(values)) or "(empty)"


def _patterns(patterns: frozenset[tuple[str, ...]]) -> str:
    return " and ".join("|".join(step) for step in sorted(patterns)) or "none"


def _ns(namespace: str | None) -> str:
    return namespace or "(no namespace)"


class _Diff:
    def __init__(self) -> None:
        self.found: list[Difference] = []

    def add(self, path: str, kind: str, direction: str, message: str) -> None:
        self.found.append(Difference(path, kind, direction, breaks(kind, direction), message))

    def added(
        self,
        old: Mapping[str, object],
        new: Mapping[str, _V],
        kind: str,
        direction: str,
        path: Callable[[str], str],
        message: Callable[[str, _V], str],
    ) -> None:
        """`kind` for every name `new` has and `old` has not, in `new`'s order."""
        for name, value in new.items():
            if name not in old:
                self.add(path(name), kind, direction, message(name, value))

    # -- simple content ---------------------------------------------------------------------------

    def simple(self, path: str, direction: str, old: Simple, new: Simple) -> None:
        if old.base != new.base:
            if new.base in _ancestors(old.base):
                self.add(path, "type-widened", direction, f"type {old.base} -> {new.base}")
            elif old.base in _ancestors(new.base):
                self.add(path, "type-narrowed", direction, f"type {old.base} -> {new.base}")
            else:
                self.add(path, "type-changed", direction, f"type {old.base} -> {new.base}")
                return
        if old.enumeration != new.enumeration:
            before, after = _values(old.enumeration), _values(new.enumeration)
            if old.enumeration is None:
                self.add(path, "facet-tightened", direction, f"enumeration {before} -> {after}")
            elif new.enumeration is None:
                self.add(path, "facet-relaxed", direction, f"enumeration {before} -> {after}")
            else:
                for value in sorted(old.enumeration - new.enumeration):
                    self.add(
                        path,
                        "enumeration-value-removed",
                        direction,
                        f"enumeration value {value!r} removed: {before} -> {after}",
                    )
                for value in sorted(new.enumeration - old.enumeration):
                    self.add(
                        path,
                        "enumeration-value-added",
                        direction,
                        f"enumeration value {value!r} added: {before} -> {after}",
                    )
        if old.patterns != new.patterns:
            removed, added = old.patterns - new.patterns, new.patterns - old.patterns
            kind = (
                "pattern-changed"
                if removed and added
                else "pattern-added"
                if added
                else "pattern-removed"
            )
            message = f"pattern {_patterns(old.patterns)} -> {_patterns(new.patterns)}"
            self.add(path, kind, direction, message)
        for facet, label, larger_is_narrower in (
            ("min_length", "minLength", True),
            ("max_length", "maxLength", False),
            ("total_digits", "totalDigits", False),
            ("fraction_digits", "fractionDigits", False),
        ):
            before, after = getattr(old, facet), getattr(new, facet)
            if before == after:
                continue
            if before is None or after is None:
                tightened = before is None
            else:
                tightened = (after > before) == larger_is_narrower
            kind = "facet-tightened" if tightened else "facet-relaxed"
            self.add(path, kind, direction, f"{label} {_none(before)} -> {_none(after)}")
        for label, before_bound, after_bound, lower in (
            ("lower bound", old.lower, new.lower, True),
            ("upper bound", old.upper, new.upper, False),
        ):
            if before_bound == after_bound:
                continue
            kind = _bound_change(before_bound, after_bound, lower)
            self.add(
                path, kind, direction, f"{label} {_none(before_bound)} -> {_none(after_bound)}"
            )

    # -- elements -------------------------------------------------------------------------------

    def node(
        self,
        path: str,
        direction: str,
        old: Node,
        new: Node,
        moved: frozenset[tuple[str | None, str | None]] = frozenset(),
    ) -> None:
        """Compare one element (or attribute) and what it contains.

        `moved` holds namespace changes already reported on an ancestor: not repeated below it.
        """
        if old.name.namespace != new.name.namespace:
            change = (old.name.namespace, new.name.namespace)
            if change not in moved:
                self.add(
                    path,
                    "namespace-changed",
                    direction,
                    f"namespace {_ns(change[0])} -> {_ns(change[1])}",
                )
                moved = moved | {change}
        self.occurrence(path, direction, old, new)
        if old.recursion or new.recursion:
            if old.recursion != new.recursion:
                self.add(
                    path, "type-changed", direction, f"type {old.type_label} -> {new.type_label}"
                )
            return
        if (old.simple is None) != (new.simple is None):
            shape = {True: "simple", False: "complex"}
            self.add(
                path,
                "type-changed",
                direction,
                f"type {old.type_label} ({shape[old.simple is not None]}) -> "
                f"{new.type_label} ({shape[new.simple is not None]})",
            )
            return
        if old.simple is not None and new.simple is not None:
            self.simple(path, direction, old.simple, new.simple)
        self.attributes(path, direction, old.attributes, new.attributes, moved)
        if old.wildcard != new.wildcard:
            kind = "wildcard-added" if new.wildcard else "wildcard-removed"
            self.add(
                path,
                kind,
                direction,
                f"xs:any {'absent' if old.wildcard is False else 'allowed'}"
                f" -> {'allowed' if new.wildcard else 'absent'}",
            )
        self.children(path, direction, old, new, moved)

    def occurrence(self, path: str, direction: str, old: Node, new: Node) -> None:
        if old.is_attribute:
            if old.min_occurs != new.min_occurs:
                kind = "min-occurs-raised" if new.min_occurs else "min-occurs-lowered"
                use = {0: "optional", 1: "required"}
                self.add(
                    path, kind, direction, f"use {use[old.min_occurs]} -> {use[new.min_occurs]}"
                )
            return
        if old.min_occurs != new.min_occurs:
            kind = "min-occurs-raised" if new.min_occurs > old.min_occurs else "min-occurs-lowered"
            self.add(path, kind, direction, f"minOccurs {old.min_occurs} -> {new.min_occurs}")
        if old.max_occurs != new.max_occurs:
            raised = new.max_occurs is None or (
                old.max_occurs is not None and new.max_occurs > old.max_occurs
            )
            self.add(
                path,
                "max-occurs-raised" if raised else "max-occurs-lowered",
                direction,
                f"maxOccurs {_occurs(old.max_occurs)} -> {_occurs(new.max_occurs)}",
            )
        if old.nillable != new.nillable:
            self.add(
                path,
                "nillable-added" if new.nillable else "nillable-removed",
                direction,
                f"nillable {str(old.nillable).lower()} -> {str(new.nillable).lower()}",
            )

    def attributes(
        self,
        path: str,
        direction: str,
        old: tuple[Node, ...],
        new: tuple[Node, ...],
        moved: frozenset[tuple[str | None, str | None]],
    ) -> None:
        new_by = {a.name: a for a in new}
        old_names = {a.name for a in old}
        for attribute in old:
            where = f"{path}/@{attribute.name.local}"
            if attribute.name in new_by:
                self.node(where, direction, attribute, new_by[attribute.name], moved)
            else:
                self.add(
                    where,
                    "attribute-removed",
                    direction,
                    f"attribute {attribute.name.local} ({_describe(attribute)}) -> absent",
                )
        for attribute in new:
            if attribute.name not in old_names:
                kind = (
                    "attribute-added-required"
                    if attribute.min_occurs
                    else "attribute-added-optional"
                )
                self.add(
                    f"{path}/@{attribute.name.local}",
                    kind,
                    direction,
                    f"attribute {attribute.name.local}: absent -> {_describe(attribute)}",
                )

    def children(
        self,
        path: str,
        direction: str,
        old_node: Node,
        new_node: Node,
        moved: frozenset[tuple[str | None, str | None]],
    ) -> None:
        """Match children by qualified name and occurrence; pair leftovers at the same place."""
        old, new = old_node.children, new_node.children
        old_keys, new_keys = _keys(old), _keys(new)
        new_at = {key: i for i, key in enumerate(new_keys)}
        matched = [key for key in old_keys if key in new_at]
        matched_set = set(matched)
        if old_node.ordered != new_node.ordered:
            compositor = {True: "xs:sequence", False: "xs:all"}
            self.add(
                path,
                "element-order-changed",
                direction,
                f"children in {compositor[old_node.ordered]} -> {compositor[new_node.ordered]}",
            )
        elif old_node.ordered and [k for k in new_keys if k in matched_set] != matched:
            self.add(
                path,
                "element-order-changed",
                direction,
                f"order {', '.join(_label(k) for k in matched)} -> "
                f"{', '.join(_label(k) for k in new_keys if k in matched_set)}",
            )
        old_left = _leftovers(old_keys, matched_set)
        new_left = _leftovers(new_keys, matched_set)
        pairs: list[tuple[int, int]] = []
        for anchor, old_indexes in old_left.items():
            for i, j in zip(old_indexes, new_left.get(anchor, []), strict=False):
                a, b = old[i], new[j]
                same_local = a.name.local == b.name.local
                if same_local or dataclasses.replace(a, name=b.name) == b:
                    pairs.append((i, j))
        paired_old, paired_new = {i for i, _ in pairs}, {j for _, j in pairs}
        for i, key in enumerate(old_keys):
            child = old[i]
            where = f"{path}/{_label(key)}"
            if key in matched_set:
                self.node(where, direction, child, new[new_at[key]], moved)
            elif i in paired_old:
                j = next(j for i2, j in pairs if i2 == i)
                if child.name.local == new[j].name.local:
                    self.node(where, direction, child, new[j], moved)
                else:
                    self.add(
                        where,
                        "element-renamed",
                        direction,
                        f"element {child.name.local} -> {new[j].name.local} ({_describe(child)})",
                    )
            else:
                self.add(
                    where,
                    "element-removed",
                    direction,
                    f"element {child.name.local} ({_describe(child)}) -> absent",
                )
        for j, key in enumerate(new_keys):
            if key in matched_set or j in paired_new:
                continue
            child = new[j]
            kind = "element-added-required" if child.min_occurs else "element-added-optional"
            self.add(
                f"{path}/{_label(key)}",
                kind,
                direction,
                f"element {child.name.local}: absent -> {_describe(child)}",
            )

    # -- messages -------------------------------------------------------------------------------

    def root(self, path: str, direction: str, old: Node, new: Node) -> None:
        """A body, header or fault element: its name, then its content below `path`."""
        if old.name.local != new.name.local:
            self.add(
                path,
                "element-renamed",
                direction,
                f"element {old.name.local} -> {new.name.local}",
            )
            return
        self.node(path, direction, old, new)

    def parts(self, path: str, direction: str, old: Sequence[Node], new: Sequence[Node]) -> None:
        if len(old) == 1 and len(new) == 1:
            self.root(path, direction, old[0], new[0])
            return
        # Several parts (rpc, or document with more than one): compare them as children.
        holder = Node(Name(None, ""), "message")
        self.children(
            path,
            direction,
            dataclasses.replace(holder, children=tuple(old)),
            dataclasses.replace(holder, children=tuple(new)),
            frozenset(),
        )

    def headers(
        self, path: str, direction: str, old: dict[str, Node], new: dict[str, Node]
    ) -> None:
        for key, node in old.items():
            if key in new:
                self.root(f"{path}/{key}", direction, node, new[key])
            else:
                self.add(
                    f"{path}/{key}",
                    "header-removed",
                    direction,
                    f"header {key} ({_describe(node)}) -> absent",
                )
        self.added(
            old,
            new,
            "header-added",
            direction,
            lambda key: f"{path}/{key}",
            lambda key, node: f"header {key}: absent -> {_describe(node)}",
        )

    def operation(self, old: Operation, new: Operation, key: str) -> None:
        shape_old, shape_new = _exchange(old), _exchange(new)
        if shape_old != shape_new:
            self.add(key, "message-exchange-changed", "both", f"{shape_old} -> {shape_new}")
        if old.request is not None and new.request is not None:
            self.parts(f"{key}/request", "request", old.request, new.request)
        self.headers(f"{key}/request/header", "request", old.request_headers, new.request_headers)
        if old.response is not None and new.response is not None:
            self.parts(f"{key}/response", "response", old.response, new.response)
        self.headers(
            f"{key}/response/header", "response", old.response_headers, new.response_headers
        )
        for fault, detail in old.faults.items():
            where = f"{key}/fault/{fault}"
            if fault not in new.faults:
                self.add(where, "fault-removed", "response", f"fault {fault}: declared -> absent")
                continue
            other = new.faults[fault]
            if detail is not None and other is not None:
                self.root(where, "response", detail, other)
            elif detail is not other:
                before = "none" if detail is None else detail.name.local
                after = "none" if other is None else other.name.local
                self.add(where, "type-changed", "response", f"detail element {before} -> {after}")
        self.added(
            old.faults,
            new.faults,
            "fault-added",
            "response",
            lambda fault: f"{key}/fault/{fault}",
            lambda fault, _: f"fault {fault}: absent -> declared",
        )

    # -- bindings and ports ---------------------------------------------------------------------

    def bindings(self, old: Contract, new: Contract) -> None:
        for name, binding in old.bindings.items():
            where = f"binding {name}"
            other = new.bindings.get(name)
            if other is None:
                self.add(where, "binding-removed", "binding", f"binding {name}: present -> absent")
                continue
            for field, label, kind in (
                ("soap_version", "soapVersion", "soap-version-changed"),
                ("style", "style", "binding-style-changed"),
                ("transport", "transport", "transport-changed"),
            ):
                before, after = getattr(binding, field), getattr(other, field)
                if before != after:
                    self.add(
                        f"{where}/{label}", kind, "binding", f"{label} {before!r} -> {after!r}"
                    )
            for op_name, bound in binding.operations.items():
                new_bound = other.operations.get(op_name)
                if new_bound is None:
                    if op_name in new.operations:  # else reported once as operation-removed
                        self.add(
                            f"{where}/{op_name}",
                            "operation-removed",
                            "binding",
                            f"operation {op_name}: bound -> not bound in {name}",
                        )
                    continue
                for detail, before in bound.details.items():
                    after = new_bound.details.get(detail)
                    if after is not None and after != before:
                        self.add(
                            f"{where}/{op_name}/{detail}",
                            _detail_kind(detail),
                            "binding",
                            f"{detail.rsplit('/', 1)[-1]} {before!r} -> {after!r}",
                        )
                self._bound_headers(
                    f"{where}/{op_name}",
                    op_name,
                    bound.request_headers,
                    new_bound.request_headers,
                    "request",
                    old,
                    new,
                )
                self._bound_headers(
                    f"{where}/{op_name}",
                    op_name,
                    bound.response_headers,
                    new_bound.response_headers,
                    "response",
                    old,
                    new,
                )
            for op_name in other.operations:
                if op_name not in binding.operations and op_name in old.operations:
                    self.add(
                        f"{where}/{op_name}",
                        "operation-added",
                        "binding",
                        f"operation {op_name}: not bound -> bound in {name}",
                    )
        self.added(
            old.bindings,
            new.bindings,
            "binding-added",
            "binding",
            lambda name: f"binding {name}",
            lambda name, _: f"binding {name}: absent -> present",
        )
        for port, binding_name in old.ports.items():
            where = f"port {port}"
            if port not in new.ports:
                self.add(
                    where, "port-removed", "binding", f"port {port} ({binding_name}) -> absent"
                )
            elif new.ports[port] != binding_name:
                self.add(
                    where,
                    "port-binding-changed",
                    "binding",
                    f"binding {binding_name} -> {new.ports[port]}",
                )
        self.added(
            old.ports,
            new.ports,
            "port-added",
            "binding",
            lambda port: f"port {port}",
            lambda port, binding_name: f"port {port}: absent -> {binding_name}",
        )

    def _bound_headers(
        self,
        where: str,
        op_name: str,
        before: frozenset[str],
        after: frozenset[str],
        side: str,
        old: Contract,
        new: Contract,
    ) -> None:
        """Headers one binding stopped or started declaring while another binding keeps them.

        A header gone from (or new to) every binding is reported once, on the operation.
        """
        old_op, new_op = old.operations.get(op_name), new.operations.get(op_name)
        if old_op is None or new_op is None:
            return
        kept_old = old_op.request_headers if side == "request" else old_op.response_headers
        kept_new = new_op.request_headers if side == "request" else new_op.response_headers
        for keys, kept, kind, change in (
            (before - after, kept_new, "header-removed", "declared -> absent"),
            (after - before, kept_old, "header-added", "absent -> declared"),
        ):
            for key in sorted(keys & kept.keys()):
                self.add(
                    f"{where}/{side}/header/{key}",
                    kind,
                    side,
                    f"header {key}: {change} in this binding",
                )


def _none(value: object) -> str:
    return "none" if value is None else str(value)


def _bound_change(old: Bound | None, new: Bound | None, lower: bool) -> str:
    """facet-tightened, facet-relaxed, or facet-changed when the values cannot be ordered."""
    if old is None:
        return "facet-tightened"
    if new is None:
        return "facet-relaxed"
    try:
        a, b = decimal.Decimal(old.value), decimal.Decimal(new.value)
        order = (a > b) - (a < b)
    except decimal.InvalidOperation:
        if len(old.value) != len(new.value) or not old.value[:4].isdigit():
            return "facet-changed"
        order = (old.value > new.value) - (old.value < new.value)  # ISO dates and times
    if order == 0:  # same value: exclusive is the narrower end
        return "facet-tightened" if new.exclusive else "facet-relaxed"
    moved_up = order < 0
    return "facet-tightened" if moved_up == lower else "facet-relaxed"


def _detail_kind(detail: str) -> str:
    last = detail.rsplit("/", 1)[-1]
    return {
        "soapAction": "soap-action-changed",
        "soapActionRequired": "soap-action-changed",
        "style": "binding-style-changed",
        "use": "use-changed",
        "encodingStyle": "use-changed",
        "namespace": "namespace-changed",
        "parts": "body-parts-changed",
        "verb": "http-binding-changed",
        "location": "http-binding-changed",
    }[last]


def _exchange(op: Operation) -> str:
    return {
        (True, True): "request-response",
        (True, False): "one-way",
        (False, True): "notification",
        (False, False): "no messages",
    }[(op.request is not None, op.response is not None)]


def _keys(nodes: Sequence[Node]) -> list[tuple[Name, int]]:
    seen: Counter[Name] = Counter()
    keys = []
    for node in nodes:
        keys.append((node.name, seen[node.name]))
        seen[node.name] += 1
    return keys


def _label(key: tuple[Name, int]) -> str:
    name, occurrence = key
    return name.local if occurrence == 0 else f"{name.local}[{occurrence + 1}]"


def _leftovers(
    keys: list[tuple[Name, int]], matched: set[tuple[Name, int]]
) -> dict[tuple[Name, int] | None, list[int]]:
    """Unmatched positions grouped by the matched key right before them (None: at the start)."""
    groups: dict[tuple[Name, int] | None, list[int]] = {}
    anchor: tuple[Name, int] | None = None
    for i, key in enumerate(keys):
        if key in matched:
            anchor = key
        else:
            groups.setdefault(anchor, []).append(i)
    return groups


def diff(old: Contract, new: Contract) -> list[Difference]:
    """Every difference from `old` to `new`, each with its direction and verdict (see rules)."""
    out = _Diff()
    if old.target_namespace != new.target_namespace:
        out.add(
            "definitions/targetNamespace",
            "namespace-changed",
            "both",
            f"targetNamespace {old.target_namespace} -> {new.target_namespace}",
        )
    for key, op in old.operations.items():
        if key in new.operations:
            out.operation(op, new.operations[key], key)
        else:
            out.add(key, "operation-removed", "both", f"operation {key}: present -> absent")
    out.added(
        old.operations,
        new.operations,
        "operation-added",
        "both",
        lambda key: key,
        lambda key, _: f"operation {key}: absent -> present",
    )
    out.bindings(old, new)
    return out.found
