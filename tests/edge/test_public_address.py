"""The address the WSDL names (issue 8 item 9): the operator's, or a trusted proxy's, never one
a client made up in Host or X-Forwarded-Host."""

from __future__ import annotations

import pathlib

import requests

from tests._processes import BIN, ROOT, ServerProcess, free_port
from tests.system import System

FORGED = {"Host": "evil.example.net", "X-Forwarded-Host": "evil.example.net"}
FORGED_PROXY = {**FORGED, "X-Forwarded-Proto": "https"}


def edge(system: System, tmp_path: pathlib.Path, **settings: str) -> ServerProcess:
    port = free_port()
    return ServerProcess(
        [
            str(BIN / "soap-adapter"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--rest-url",
            system.rest_url,
        ],
        env={**system.env, **{f"SOAP_ADAPTER_{k.upper()}": v for k, v in settings.items()}},
        ready_url=f"http://127.0.0.1:{port}/health",
        log_path=tmp_path / f"edge-{port}.log",
        cwd=ROOT,
    )


def wsdl(server: ServerProcess, headers: dict[str, str]) -> bytes:
    response = requests.get(
        f"{server.base_url}/OrderService.asmx?wsdl", headers=headers, timeout=30
    )
    assert response.status_code == 200
    return response.content


def test_a_client_not_among_the_trusted_proxies_cannot_move_the_address(
    system: System, tmp_path: pathlib.Path
) -> None:
    with edge(system, tmp_path, trusted_proxies="10.9.8.7") as server:
        document = wsdl(server, FORGED_PROXY)
        assert b"evil.example.net" not in document and b"https://" not in document
        assert f'location="{server.base_url}/OrderService.asmx"'.encode() in document
        assert f'schemaLocation="{server.base_url}/OrderService.asmx?xsd='.encode() in document


def test_a_trusted_proxy_names_the_public_address(system: System, tmp_path: pathlib.Path) -> None:
    with edge(system, tmp_path, trusted_proxies="127.0.0.0/8") as server:
        document = wsdl(
            server, {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "orders.example.com"}
        )
        assert b'location="https://orders.example.com/OrderService.asmx"' in document


def test_the_operators_public_url_wins_over_every_header(
    system: System, tmp_path: pathlib.Path
) -> None:
    with edge(system, tmp_path, public_url="https://soap.example.com/") as server:
        for headers in ({}, FORGED, FORGED_PROXY):
            document = wsdl(server, headers)
            assert b'location="https://soap.example.com/OrderService.asmx"' in document
            assert b"evil.example.net" not in document
