"""The legacy OrderService (../shared/legacy-system) as a real process, and exchange variants."""

from __future__ import annotations

import json
import os
import pathlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import requests

from tests import soap_requests
from tests._processes import ROOT, ServerProcess, free_port

LEGACY_SCRIPT = pathlib.Path(
    os.environ.get(
        "LEGACY_SYSTEM",
        str(ROOT.parent / "shared" / "legacy-system" / "legacy_orderservice.py"),
    )
)
EXCHANGES = ROOT / "contract_fixtures" / "2011-03" / "exchanges"
CASES = sorted(p.parent for p in EXCHANGES.glob("*/exchange.json"))
_SECURITY = re.compile(r"<wsse:Security\b.*?</wsse:Security>", re.S)
_TEXT_TOKEN = re.compile(
    r"<wsse:Username>(?P<user>.*?)</wsse:Username>\s*<wsse:Password [^>]*PasswordText\">"
    r"(?P<password>.*?)</wsse:Password>",
    re.S,
)


def legacy_service(tmp: pathlib.Path) -> ServerProcess:
    """The legacy service on a free port, not started yet (`with` starts and stops it)."""
    if not LEGACY_SCRIPT.exists():
        raise RuntimeError(
            f"the legacy OrderService is not at {LEGACY_SCRIPT}: the strangler tests talk to it "
            "over HTTP; set LEGACY_SYSTEM to legacy_orderservice.py"
        )
    port = free_port()
    return ServerProcess(
        [sys.executable, str(LEGACY_SCRIPT), "--port", str(port)],
        env=dict(os.environ),
        ready_url=f"http://127.0.0.1:{port}/OrderService.asmx?wsdl",
        log_path=tmp / "legacy.log",
    )


def legacy_url(process: ServerProcess) -> str:
    return f"{process.base_url}/OrderService.asmx"


def reset_legacy(process: ServerProcess) -> None:
    requests.post(f"{process.base_url}/__reset", timeout=10).raise_for_status()


@dataclass(frozen=True)
class Step:
    request: str  # may hold {{name}} of earlier steps
    response: bytes  # the published expected response (placeholders), in the step's binding
    soap: str
    action: str
    status: int | None  # None when the binding is not the published one


def steps(case: pathlib.Path, *, binding: str, digest: bool) -> Iterator[Step]:
    """An exchange's steps, in `binding` ("native", "1.1" or "1.2"), PasswordText or Digest."""
    meta = json.loads((case / "exchange.json").read_text(encoding="utf-8"))
    for step in meta["steps"]:
        request = (case / step["request"]).read_text(encoding="utf-8")
        response = (case / step["response"]).read_bytes()
        soap, status = step["soap"], step["status"]
        if binding not in ("native", soap):
            old, new = soap_requests.ENVELOPE_NS[soap], soap_requests.ENVELOPE_NS[binding]
            request = request.replace(old, new)
            response = response.replace(old.encode(), new.encode())
            soap, status = binding, None
        if digest:
            request = _SECURITY.sub(lambda m: _as_digest(m.group(0)), request)
        yield Step(request, response, soap, step["action"], status)


def _as_digest(security: str) -> str:
    """The same user and password as a fresh PasswordDigest token (nonce and time new)."""
    found = _TEXT_TOKEN.search(security)
    if found is None:
        return security  # no PasswordText token in this exchange: leave it as captured
    unescape = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}
    user, password = found.group("user"), found.group("password")
    for entity, char in unescape.items():
        user, password = user.replace(entity, char), password.replace(entity, char)
    return soap_requests.digest_token(user, password)
