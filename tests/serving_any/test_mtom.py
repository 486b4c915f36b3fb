"""MTOM/XOP requests, as CXF, Metro and WCF send them when a contract's policy asks for MTOM: the
envelope in an application/xop+xml root part, binary content in parts of its own behind
xop:Include. The edge reads them as the plain envelope they stand for, on both SOAP versions."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests
from lxml import etree

from tests.serving_any.conftest import HERE
from tests.serving_any.test_calculator import SOAP11, SOAP12, fault

UPLOAD = HERE / "upload"
BINARY = bytes(range(256)) * 40  # 10 KiB that are no text in any encoding
BOUNDARY = "uuid:0e3c2d8a-mime-boundary"


@pytest.fixture(scope="module")
def url(edge_for: Callable[..., str]) -> str:
    return edge_for(UPLOAD / "upload.wsdl", UPLOAD) + "/upload"


def _mtom(version: str, include: str = "cid:data@example") -> tuple[str, bytes]:
    env, media = (SOAP11, "text/xml") if version == "1.1" else (SOAP12, "application/soap+xml")
    envelope = (
        f'<s:Envelope xmlns:s="{env}"><s:Body><u:Upload xmlns:u="urn:example:upload">'
        f'<u:Name>scan.pdf</u:Name><u:Data><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" '
        f'href="{include}"/></u:Data></u:Upload></s:Body></s:Envelope>'
    ).encode()
    body = (
        (
            f"--{BOUNDARY}\r\n"
            f'Content-Type: application/xop+xml; charset=UTF-8; type="{media}"\r\n'
            "Content-Transfer-Encoding: binary\r\nContent-ID: <root.message@cxf.apache.org>\r\n\r\n"
        ).encode()
        + envelope
        + (
            f"\r\n--{BOUNDARY}\r\nContent-Type: application/octet-stream\r\n"
            "Content-Transfer-Encoding: binary\r\nContent-ID: <data@example>\r\n\r\n"
        ).encode()
        + BINARY
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    content_type = (
        f'multipart/related; type="application/xop+xml"; boundary="{BOUNDARY}"; '
        f'start="<root.message@cxf.apache.org>"; start-info="{media}"'
    )
    return content_type, body


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_an_mtom_request_is_read_with_its_attachment(url: str, version: str) -> None:
    content_type, body = _mtom(version)
    response = requests.post(url, data=body, headers={"Content-Type": content_type}, timeout=30)
    assert response.status_code == 200, response.text
    env = SOAP11 if version == "1.1" else SOAP12
    size = etree.fromstring(response.content).findtext(
        f"{{{env}}}Body/{{urn:example:upload}}UploadResponse/{{urn:example:upload}}Size"
    )
    assert size == str(len(BINARY))


def test_an_include_of_no_part_is_a_client_fault(url: str) -> None:
    content_type, body = _mtom("1.1", include="cid:nothing@example")
    response = requests.post(url, data=body, headers={"Content-Type": content_type}, timeout=30)
    assert fault(response) == ("soap:Client", "An xop:Include refers to no part of the request.")
    broken = body.replace(b"application/xop+xml", b"text/plain", 1)
    response = requests.post(url, data=broken, headers={"Content-Type": content_type}, timeout=30)
    assert fault(response) == (
        "soap:Client",
        "The root part of an MTOM request must be application/xop+xml.",
    )
