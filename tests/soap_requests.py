"""Raw SOAP requests for the wire-level tests: envelopes, UsernameTokens, posting."""

from __future__ import annotations

import base64
import datetime
import hashlib
import os
from xml.sax.saxutils import escape

import requests

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
TNS = "http://legacy.example.com/OrderService/2011/03"
T = "http://legacy.example.com/schemas/Orders/2011/03"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
ACTION = "http://legacy.example.com/OrderService/2011/03/{}"
ENVELOPE_NS = {"1.1": SOAP11, "1.2": SOAP12}


def now_created(offset_seconds: int = 0) -> str:
    moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=offset_seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def text_token(username: str, password: str) -> str:
    return (
        f'<wsse:Security xmlns:wsse="{WSSE}"><wsse:UsernameToken>'
        f"<wsse:Username>{escape(username)}</wsse:Username>"
        f'<wsse:Password Type="{PROFILE}#PasswordText">{escape(password)}</wsse:Password>'
        f"</wsse:UsernameToken></wsse:Security>"
    )


def digest_token(
    username: str, password: str, *, nonce: bytes | None = None, created: str | None = None
) -> str:
    """A PasswordDigest token: Base64(SHA-1(nonce + created + password))."""
    nonce = os.urandom(16) if nonce is None else nonce
    created = now_created() if created is None else created
    digest = base64.b64encode(hashlib.sha1(nonce + created.encode() + password.encode()).digest())
    return (
        f'<wsse:Security xmlns:wsse="{WSSE}" xmlns:wsu="{WSU}"><wsse:UsernameToken>'
        f"<wsse:Username>{escape(username)}</wsse:Username>"
        f'<wsse:Password Type="{PROFILE}#PasswordDigest">{digest.decode()}</wsse:Password>'
        f"<wsse:Nonce>{base64.b64encode(nonce).decode()}</wsse:Nonce>"
        f"<wsu:Created>{created}</wsu:Created>"
        f"</wsse:UsernameToken></wsse:Security>"
    )


def envelope(body: str, *, version: str = "1.1", headers: str = "") -> bytes:
    env = SOAP11 if version == "1.1" else SOAP12
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{env}" '
        f'xmlns:tns="{TNS}" xmlns:t="{T}"><soap:Header>{headers}</soap:Header>'
        f"<soap:Body>{body}</soap:Body></soap:Envelope>"
    ).encode()


def post(
    url: str,
    data: bytes,
    *,
    version: str = "1.1",
    action: str | None = None,
    timeout: float = 30,
    **kwargs: object,
) -> requests.Response:
    if version == "1.1":
        headers = {"Content-Type": "text/xml; charset=utf-8"}
        if action is not None:
            headers["SOAPAction"] = f'"{action}"'
    else:
        content_type = "application/soap+xml; charset=utf-8"
        if action is not None:
            content_type += f'; action="{action}"'
        headers = {"Content-Type": content_type}
    return requests.post(url, data=data, headers=headers, timeout=timeout, **kwargs)  # type: ignore[arg-type]
