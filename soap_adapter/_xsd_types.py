"""The XSD built-in simple types: what each derives from, and the Spyne class the edge reads it with.

One table for the generated types (`_xsd_model`), the mapping check (a codec names the built-in
its SOAP values belong to) and wsdl-diff (a restriction's base may widen only along this tree).
"""

from __future__ import annotations

import dataclasses

from spyne import (
    Boolean,
    Date,
    DateTime,
    Decimal,
    Integer,
    Integer8,
    Integer16,
    Integer32,
    Integer64,
    Unicode,
)
from spyne.model import ModelBase


@dataclasses.dataclass(frozen=True)
class Builtin:
    """One built-in: the built-in it is derived from, and its Spyne class where the edge has one."""

    base: str | None
    spyne: type[ModelBase] | None = None


# XML Schema part 2, section 3; `spyne` is None for types no contract of the edge uses yet.
BUILTINS: dict[str, Builtin] = {
    "anyType": Builtin(None),
    "anySimpleType": Builtin("anyType"),
    # primitives
    "string": Builtin("anySimpleType", Unicode),
    "boolean": Builtin("anySimpleType", Boolean),
    "decimal": Builtin("anySimpleType", Decimal),
    "float": Builtin("anySimpleType"),
    "double": Builtin("anySimpleType"),
    "duration": Builtin("anySimpleType"),
    "dateTime": Builtin("anySimpleType", DateTime),  # read only: _xml_out writes UTC with Z
    "time": Builtin("anySimpleType"),
    "date": Builtin("anySimpleType", Date),
    "gYearMonth": Builtin("anySimpleType"),
    "gYear": Builtin("anySimpleType"),
    "gMonthDay": Builtin("anySimpleType"),
    "gDay": Builtin("anySimpleType"),
    "gMonth": Builtin("anySimpleType"),
    "hexBinary": Builtin("anySimpleType"),
    "base64Binary": Builtin("anySimpleType"),
    "anyURI": Builtin("anySimpleType"),
    "QName": Builtin("anySimpleType"),
    "NOTATION": Builtin("anySimpleType"),
    # derived from string
    "normalizedString": Builtin("string"),
    "token": Builtin("normalizedString"),
    "language": Builtin("token"),
    "NMTOKEN": Builtin("token"),
    "Name": Builtin("token"),
    "NCName": Builtin("Name"),
    "ID": Builtin("NCName"),
    "IDREF": Builtin("NCName"),
    "ENTITY": Builtin("NCName"),
    # list types (derived by list, from anySimpleType)
    "NMTOKENS": Builtin("anySimpleType"),
    "IDREFS": Builtin("anySimpleType"),
    "ENTITIES": Builtin("anySimpleType"),
    # derived from decimal
    "integer": Builtin("decimal", Integer),
    "nonPositiveInteger": Builtin("integer"),
    "negativeInteger": Builtin("nonPositiveInteger"),
    "long": Builtin("integer", Integer64),
    "int": Builtin("long", Integer32),
    "short": Builtin("int", Integer16),
    "byte": Builtin("short", Integer8),
    "nonNegativeInteger": Builtin("integer"),
    "unsignedLong": Builtin("nonNegativeInteger"),
    "unsignedInt": Builtin("unsignedLong"),
    "unsignedShort": Builtin("unsignedInt"),
    "unsignedByte": Builtin("unsignedShort"),
    "positiveInteger": Builtin("nonNegativeInteger"),
}


def ancestors(name: str) -> list[str]:
    """The built-ins `name` derives from, nearest first, up to anyType; [] for an unknown name."""
    chain: list[str] = []
    builtin = BUILTINS.get(name)
    while builtin is not None and builtin.base is not None:
        chain.append(builtin.base)
        builtin = BUILTINS.get(builtin.base)
    return chain


def spyne_class(name: str) -> type[ModelBase]:
    """The Spyne class of a built-in; ValueError for one the edge does not read yet."""
    builtin = BUILTINS.get(name)
    if builtin is None or builtin.spyne is None:
        raise ValueError(f"xs:{name} is not supported by the edge")
    return builtin.spyne
