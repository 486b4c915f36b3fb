"""What the codec's reader and writer share: its error, the XSI names, and questions about the
content model that both walk."""

from __future__ import annotations

from soap_adapter.contract._model import (
    SOAP_ENC,
    XS,
    XSI,
    ComplexType,
    Element,
    ModelGroup,
    SimpleType,
    Type,
)
from soap_adapter.contract._model import (
    Any as AnyParticle,
)

XSI_TYPE = f"{{{XSI}}}type"
XSI_NIL = f"{{{XSI}}}nil"
ANY_TYPE = f"{{{XS}}}anyType"


class CodecError(ValueError):
    """A message does not fit its contract: where (`path`) and why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def local(name: str) -> str:
    return name.rpartition("}")[2]


def is_any_type(t: Type) -> bool:
    if isinstance(t, SimpleType):
        return t.builtin == "anyType"
    return t.name == ANY_TYPE


def encoded_simple(t: ComplexType) -> SimpleType | None:
    """soapenc:string and its kind: simple content plus id/href, read and written as the simple
    value (Axis declares nillable strings with them)."""
    if t.simple_content is not None and (t.name or "").startswith(f"{{{SOAP_ENC}}}"):
        return t.simple_content
    return None


def candidates(decl: Element) -> list[Element]:
    """The elements that may stand for `decl`: itself unless abstract, and its substitutes."""
    found = [] if decl.abstract else [decl]
    found.extend(s for s in decl.substitutes if not s.abstract)
    return found


def emptiable(particle: Element | AnyParticle | ModelGroup) -> bool:
    if particle.min_occurs == 0:
        return True
    if not isinstance(particle, ModelGroup):
        return False
    if particle.kind == "choice":
        return not particle.particles or any(emptiable(p) for p in particle.particles)
    return all(emptiable(p) for p in particle.particles)


def elements_of(group: ModelGroup) -> list[Element]:
    """Every element declared in `group` and the groups inside it, in order."""
    found: list[Element] = []
    for particle in group.particles:
        if isinstance(particle, Element):
            found.append(particle)
        elif isinstance(particle, ModelGroup):
            found.extend(elements_of(particle))
    return found
