"""Legacy names as REST names: snake_case members, kebab-case paths, unique within their object."""

from __future__ import annotations

import re

# Digits stay with the word before them: pop12, tmpabv14d, Base64Binary -> base64_binary.
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z]+[0-9]*|[0-9]+")


def words(name: str) -> list[str]:
    """`getIssuesFromJQLSearch` -> get, issues, from, jql, search; `ID_Factura` -> id, factura."""
    local = name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]
    return [word.lower() for word in _WORD.findall(local)] or ["value"]


def snake(name: str) -> str:
    return "_".join(words(name))


def kebab(name: str) -> str:
    return "-".join(words(name))


def constant(name: str) -> str:
    return snake(name).upper()


class Names:
    """Hands out names unique within one scope: a clash gets `_2`, `_3`, ... in the order asked."""

    def __init__(self, taken: tuple[str, ...] = (), sep: str = "_") -> None:
        self.taken = set(taken)
        self.sep = sep

    def __call__(self, wanted: str) -> str:
        name, n = wanted, 1
        while name in self.taken:
            n += 1
            name = f"{wanted}{self.sep}{n}"
        self.taken.add(name)
        return name
