"""Filling a captured request: remembered `{{name}}` values and fresh PasswordDigest tokens."""

from __future__ import annotations

import base64
import datetime
import hashlib
import os
import re
from collections.abc import Mapping
from xml.sax.saxutils import escape, unescape

from soap_adapter.contract_test._matching import Mismatch

VARIABLE = re.compile(r"\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}")
DIGEST = re.compile(r"\{\{wsse:digest:(.*?)\}\}", re.S)
# Recorded exchanges name the user, never the password: filled from the passwords given.
PASSWORD = re.compile(r"\{\{wsse:password:(.*?)\}\}", re.S)
DIGEST_FOR = re.compile(r"\{\{wsse:digest-for:(.*?)\}\}", re.S)


def substitute(text: str, variables: dict[str, str]) -> str:
    """Replace `{{name}}` with the value an earlier step remembered as `{{=name}}`."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in variables:
            raise Mismatch(
                f"request {{{{{name}}}}}", "a value remembered by an earlier step", "none"
            )
        return variables[name]

    return VARIABLE.sub(value, text)


def _password(user: str, passwords: Mapping[str, str] | None) -> str:
    name = unescape(user, {"&quot;": '"', "&apos;": "'"})
    if passwords is None or name not in passwords:
        raise Mismatch(f"request {{{{wsse:...:{name}}}}}", f"a password given for {name}", "none")
    return passwords[name]


def fill_wsse(
    text: str,
    now: datetime.datetime | None = None,
    passwords: Mapping[str, str] | None = None,
) -> str:
    """Fill `{{wsse:nonce}}`, `{{wsse:created}}` and `{{wsse:digest:PASSWORD}}` afresh.

    The digest is Base64(SHA-1(nonce + created + PASSWORD)), PASSWORD as written in the XML file
    (its character references undone), per the WS-Security UsernameToken profile. A recorded
    exchange names the user instead: `{{wsse:password:USER}}` (PasswordText) and
    `{{wsse:digest-for:USER}}` take USER's password from `passwords`."""
    if "{{wsse:" not in text:
        return text
    text = PASSWORD.sub(lambda m: escape(_password(m.group(1), passwords)), text)
    text = DIGEST_FOR.sub(
        lambda m: "{{wsse:digest:" + escape(_password(m.group(1), passwords)) + "}}", text
    )
    nonce = os.urandom(16)
    created = (now or datetime.datetime.now(datetime.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def digest(match: re.Match[str]) -> str:
        password = unescape(match.group(1), {"&quot;": '"', "&apos;": "'"})
        sha1 = hashlib.sha1(nonce + created.encode() + password.encode(), usedforsecurity=False)
        return base64.b64encode(sha1.digest()).decode("ascii")

    text = DIGEST.sub(digest, text)
    return text.replace("{{wsse:nonce}}", base64.b64encode(nonce).decode("ascii")).replace(
        "{{wsse:created}}", created
    )


def fill_request(
    text: str, variables: dict[str, str], passwords: Mapping[str, str] | None = None
) -> str:
    """A request file as it is sent: remembered values first, then a fresh token."""
    return fill_wsse(substitute(text, variables), passwords=passwords)
