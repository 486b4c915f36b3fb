"""`record` routes: each call the legacy service answers is written as a step of one exchange
in the format of `contract_fixtures/*/exchanges/` (exchange.json, request and response files).

No password, digest or nonce reaches the disk: a PasswordText becomes `{{wsse:password:USER}}`, a
PasswordDigest token `{{wsse:nonce}}`, `{{wsse:created}}` and `{{wsse:digest-for:USER}}`, filled
at replay with the password the replaying team gives for USER. What the service makes up differs
at replay, so it is recorded as a placeholder: an order id a CreateOrder answered is remembered
(`{{=order_1}}`) and used as `{{order_1}}` by the later steps; a time stamped today matches any
time, today's date is `{{today}}`.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import json
import logging
import pathlib
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from soap_adapter import _ns, _xml
from soap_adapter._legacy import LegacyAnswer, fault_code

logger = logging.getLogger("soap_adapter.recorder")

TIMESTAMP = r"{{re:[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z}}"
# What a refused token is recorded with: wrong for every account, and no one's secret.
WRONG_PASSWORD = "recorded-refused-password"
# Values a service makes up when it creates something: remembered for the later steps.
CREATED_IDS = ("OrderId",)


@contextlib.contextmanager
def _locked(directory: pathlib.Path) -> Iterator[None]:
    """One writer at a time across the edge's processes."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _without_credentials(request: etree._Element, refused: bool) -> None:
    """Replace each UsernameToken's secrets by placeholders naming its user; a token the
    service refused gets a password known to be wrong (the one sent is not kept either)."""
    for token in request.iter(f"{{{_ns.WSSE}}}UsernameToken"):
        user = (token.findtext(f"{{{_ns.WSSE}}}Username") or "").strip()
        password = token.find(f"{{{_ns.WSSE}}}Password")
        if password is None:
            continue
        if refused:
            secret = WRONG_PASSWORD
        if password.get("Type", _ns.WSS_PASSWORD_TEXT) == _ns.WSS_PASSWORD_DIGEST:
            password.text = (
                f"{{{{wsse:digest:{secret}}}}}" if refused else f"{{{{wsse:digest-for:{user}}}}}"
            )
            nonce = token.find(f"{{{_ns.WSSE}}}Nonce")
            created = token.find(f"{{{_ns.WSU}}}Created")
            if nonce is not None:
                nonce.text = "{{wsse:nonce}}"
            if created is not None:
                created.text = "{{wsse:created}}"
        else:
            password.text = secret if refused else f"{{{{wsse:password:{user}}}}}"


def _texts(root: etree._Element) -> Iterator[etree._Element]:
    for element in root.iter():
        if isinstance(element.tag, str) and len(element) == 0 and element.text:
            yield element


class Recorder:
    """Appends steps to the exchange in `directory`; safe across threads and processes."""

    def __init__(self, directory: pathlib.Path) -> None:
        self.directory = directory

    def record(
        self, request: bytes, version: str, action: str, operation: str, answer: LegacyAnswer
    ) -> int:
        """Write one step; its number."""
        with _locked(self.directory):
            meta_path = self.directory / "exchange.json"
            meta: dict[str, Any] = (
                json.loads(meta_path.read_text(encoding="utf-8"))
                if meta_path.exists()
                else {
                    "title": f"Recorded from the legacy service ({self.directory.name})",
                    "steps": [],
                }
            )
            variables_path = self.directory / ".variables.json"
            variables: dict[str, str] = (
                json.loads(variables_path.read_text(encoding="utf-8"))
                if variables_path.exists()
                else {}
            )
            number = len(meta["steps"]) + 1
            request_root = _xml.parse(request)
            refused = fault_code(answer.envelope) == "FailedAuthentication"
            _without_credentials(request_root, refused)
            for element in _texts(request_root):
                name = variables.get(element.text.strip())
                if name is not None:
                    element.text = f"{{{{{name}}}}}"
            response_root = _xml.parse(answer.body)
            self._placeholders(response_root, operation, variables)
            names = {
                "request": f"{number:02d}-{operation}-request.xml",
                "response": f"{number:02d}-{operation}-response.xml",
            }
            for kind, root in (("request", request_root), ("response", response_root)):
                (self.directory / names[kind]).write_bytes(
                    etree.tostring(root, xml_declaration=True, encoding="utf-8")
                )
            meta["steps"].append(
                {**names, "soap": version, "action": action, "status": answer.status}
            )
            meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
            variables_path.write_text(json.dumps(variables), encoding="utf-8")
        return number

    @staticmethod
    def _placeholders(root: etree._Element, operation: str, variables: dict[str, str]) -> None:
        today = datetime.datetime.now(datetime.UTC).date().isoformat()
        creates = operation.startswith("Create")
        for element in _texts(root):
            value = element.text.strip()
            local = etree.QName(element).localname
            if value in variables:
                element.text = f"{{{{{variables[value]}}}}}"
            elif creates and local in CREATED_IDS:
                name = f"{local[0].lower()}{local[1:-2]}_{len(variables) + 1}".lower()
                variables[value] = name
                element.text = f"{{{{={name}}}}}"
            elif re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", value) and value.startswith(
                today
            ):
                element.text = TIMESTAMP
            elif value == today:
                element.text = "{{today}}"
