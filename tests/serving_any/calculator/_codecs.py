"""Codecs the calculator's mappings share (a helper module: not a mapping itself)."""

from soap_adapter.mapping import Codec

INT = Codec("int", int, int, xsd="int")
