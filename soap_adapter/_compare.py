"""A shadow comparison: the legacy and the REST answer, every difference named by its path.

The matching rules are the exchange format's (`soap_adapter.contract_test`, one implementation).
A path reads `GetOrderResponse[1]/GetOrderResult[1]/Lines[1]/OrderLine[2]/Sku[1]`; its key,
which ignore lists and the report use, drops the positions: `GetOrderResponse/.../OrderLine/Sku`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection

from lxml import etree

from soap_adapter import contract_test

_INDEX = re.compile(r"\[\d+\]")
VALUE_LIMIT = 200  # characters of a differing value kept for the report


@dataclasses.dataclass(frozen=True)
class Difference:
    path: str  # with positions
    expected: str  # the first answer's value (the legacy's, in a shadow comparison)
    actual: str

    @property
    def key(self) -> str:
        """The path without positions: the same field of every line counts as one path."""
        return _INDEX.sub("", self.path)


def _clip(text: str) -> str:
    return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 3] + "..."


def differences(
    expected: etree._Element, actual: etree._Element, ignore: Collection[str] = ()
) -> list[Difference]:
    """Every difference between two envelopes' Bodies; paths in `ignore` (keys; `X/*` for X and
    everything below it) do not count."""
    found = [
        Difference(m.path.removeprefix("Body/"), _clip(m.expected), _clip(m.actual))
        for m in contract_test.differences(expected, actual)
    ]
    return [d for d in found if not ignored(d.key, ignore)]


def ignored(key: str, ignore: Collection[str]) -> bool:
    return any(
        key == pattern
        or (pattern.endswith("/*") and (key == pattern[:-2] or key.startswith(pattern[:-1])))
        for pattern in ignore
    )
