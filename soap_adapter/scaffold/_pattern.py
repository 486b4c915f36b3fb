"""A text that matches an XSD pattern made of plain pieces: literals, classes, groups, counts.

Good enough for the patterns legacy schemas use for codes and identifiers (`[A-Z]{2}`,
`\\d{1,3}(\\.\\d{2})?`, `(ES|PT)[0-9]{9}`); anything else (`\\p{L}`, class subtraction, `\\i`)
gives None and the caller falls back to its plain example. A result is checked with `re`.
"""

from __future__ import annotations

import re

_ESCAPES = {"d": "1", "w": "a", "s": " ", "n": "\n", "t": "\t", "r": "\r"}


class _Unsupported(Exception):
    pass


class _Reader:
    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.at = 0

    def peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def take(self) -> str:
        char = self.peek()
        self.at += 1
        return char

    def branch(self) -> str:
        """Alternatives separated by `|`: the first one's text."""
        first = self.sequence()
        while self.peek() == "|":
            self.take()
            self.sequence()
        return first

    def sequence(self) -> str:
        out = []
        while self.peek() not in ("", "|", ")"):
            atom = self.atom()
            low = self.count()
            out.append(atom * low)
        return "".join(out)

    def count(self) -> int:
        char = self.peek()
        if char in ("?", "*"):
            self.take()
            return 0
        if char == "+":
            self.take()
            return 1
        if char == "{":
            end = self.text.index("}", self.at)
            low = self.text[self.at + 1 : end].split(",")[0]
            self.at = end + 1
            return int(low)
        return 1

    def atom(self) -> str:
        char = self.take()
        if char == "(":
            if self.peek() == "?":
                raise _Unsupported
            text = self.branch()
            if self.take() != ")":
                raise _Unsupported
            return text
        if char == "[":
            return self.char_class()
        if char == "\\":
            return self.escape()
        if char == ".":
            return "a"
        if char in ("^", "$"):
            return ""
        return char

    def escape(self) -> str:
        char = self.take()
        if char in _ESCAPES:
            return _ESCAPES[char]
        if char.isalpha():  # \p{..}, \i, \c, \D, \W, ...
            raise _Unsupported
        return char

    def char_class(self) -> str:
        if self.peek() == "^":
            raise _Unsupported
        chars: list[str] = []
        while self.peek() not in ("]", ""):
            char = self.take()
            if char == "\\":
                char = self.escape()
            elif char == "[" or (char == "-" and self.peek() == "["):
                raise _Unsupported  # class subtraction
            chars.append(char)
        self.take()
        if not chars:
            raise _Unsupported
        return chars[0]


def example(pattern: str) -> str | None:
    """A text matching `pattern`, or None when the pattern is beyond this small reader."""
    try:
        reader = _Reader(pattern)
        text = reader.branch()
        if reader.at < len(pattern):
            return None
        if re.fullmatch(pattern, text) is None:
            return None
    except (_Unsupported, ValueError, re.error):
        return None
    return text
