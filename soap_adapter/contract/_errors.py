"""The one error the contract reader raises: a construct it cannot read, and where it is.

Lower-level failures are translated into it where they happen:

| raised underneath                     | construct named                        |
| ------------------------------------- | -------------------------------------- |
| lxml `XMLSyntaxError` (not well formed) | `XML` at the line lxml reports        |
| `OSError`, HTTP error or timeout      | the `wsdl:import` / `xs:import` / `xs:include` that named it |
| a reference to nothing (`type=`, `ref=`, `message=`, `binding=`) | the referring construct |
| XSD 1.1 and other unsupported constructs (`xs:override`, `xs:assert`, `xs:alternative`, ...), SwA MIME parts, notification operations | the construct |
"""

from __future__ import annotations

from soap_adapter.contract._model import Source


class ContractError(ValueError):
    """A contract the reader cannot represent faithfully: `construct` (e.g. `xs:override`) at
    `source` (file and line). `str()` reads `OrderTypes.xsd:42: xs:override is not supported`."""

    def __init__(self, message: str, construct: str, source: Source) -> None:
        super().__init__(f"{source}: {message}")
        self.message = message
        self.construct = construct
        self.source = source
