"""What a legacy client sends: SOAP envelopes with a UsernameToken, built for the bench tools."""

from __future__ import annotations

import base64
import datetime
import hashlib
import os

from lxml import etree

TNS = "http://legacy.example.com/OrderService/2011/03"
T = "http://legacy.example.com/schemas/Orders/2011/03"
_ENV = {
    "1.1": "http://schemas.xmlsoap.org/soap/envelope/",
    "1.2": "http://www.w3.org/2003/05/soap-envelope",
}
_WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
_WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
_PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"


def _security(username: str, password_type: str, password: str, extra: dict[str, str]) -> str:
    security = etree.Element(f"{{{_WSSE}}}Security", nsmap={"wsse": _WSSE, "wsu": _WSU})
    token = etree.SubElement(security, f"{{{_WSSE}}}UsernameToken")
    etree.SubElement(token, f"{{{_WSSE}}}Username").text = username
    secret = etree.SubElement(token, f"{{{_WSSE}}}Password", Type=f"{_PROFILE}#{password_type}")
    secret.text = password
    for tag, value in extra.items():
        etree.SubElement(token, tag).text = value
    return etree.tostring(security, encoding="unicode")


def text_token(username: str, password: str) -> str:
    """A wsse:Security header with the password in clear (PasswordText)."""
    return _security(username, "PasswordText", password, {})


def digest_token(username: str, password: str) -> str:
    """A wsse:Security header with Base64(SHA-1(nonce + created + password)) (PasswordDigest)."""
    nonce = os.urandom(16)
    created = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = hashlib.sha1(nonce + created.encode() + password.encode()).digest()
    return _security(
        username,
        "PasswordDigest",
        base64.b64encode(digest).decode(),
        {f"{{{_WSSE}}}Nonce": base64.b64encode(nonce).decode(), f"{{{_WSU}}}Created": created},
    )


def envelope(body: str, *, version: str = "1.1", headers: str = "") -> bytes:
    """An envelope around `body` (operation elements with prefixes tns: and t:)."""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{_ENV[version]}" '
        f'xmlns:tns="{TNS}" xmlns:t="{T}"><soap:Header>{headers}</soap:Header>'
        f"<soap:Body>{body}</soap:Body></soap:Envelope>"
    ).encode()


def basic_header(username: str, password: str) -> str:
    """An Authorization header value for HTTP Basic."""
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
