"""Both tiers over HTTPS with a certificate and key given to `serve` (a self-signed one here)."""

from __future__ import annotations

import datetime
import ipaddress
import pathlib

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests import soap_requests as soap
from tests._processes import BIN, ROOT, ServerProcess, free_port, seed
from tests.serving.conftest import plain_env
from tests.system import OPERATOR


def self_signed(folder: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path]:
    """A certificate for 127.0.0.1 and its key (PKCS#8 PEM, as granian wants it)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_both_tiers_serve_https_with_the_given_certificate(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = self_signed(tmp_path)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))  # this test's client trusts it
    env = plain_env(tmp_path, SOAP_ADAPTER_REST_CA_FILE=str(cert))
    seed(env, tmp_path)
    core_port, edge_port = free_port(), free_port()
    tls = ["--certificate", str(cert), "--key", str(key)]
    core = ServerProcess(
        [str(BIN / "rest-core"), "serve", "--host", "127.0.0.1", "--port", str(core_port), *tls],
        env=env,
        ready_url=f"https://127.0.0.1:{core_port}/health",
        log_path=tmp_path / "rest-core.log",
        cwd=tmp_path,
    )
    edge = ServerProcess(
        [
            str(BIN / "soap-adapter"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(edge_port),
            "--rest-url",
            f"https://127.0.0.1:{core_port}",
            *tls,
        ],
        env=env,
        ready_url=f"https://127.0.0.1:{edge_port}/health",
        log_path=tmp_path / "soap-adapter.log",
        cwd=ROOT,
    )
    with core, edge:
        assert requests.get(
            f"https://127.0.0.1:{core_port}/v1/orders/4716", auth=OPERATOR, timeout=10
        ).ok
        response = soap.post(
            f"https://127.0.0.1:{edge_port}/OrderService.asmx",
            soap.envelope(
                "<tns:GetOrder><tns:OrderId>SO-00004716</tns:OrderId></tns:GetOrder>",
                headers=soap.text_token(*OPERATOR),
            ),
        )
        assert response.status_code == 200, response.text[:500]
        assert b"SO-00004716" in response.content  # the edge reached the core over HTTPS too
        wsdl = requests.get(f"https://127.0.0.1:{edge_port}/OrderService.asmx?wsdl", timeout=10)
        assert f'location="https://127.0.0.1:{edge_port}/OrderService.asmx"' in wsdl.text
        with pytest.raises(requests.ConnectionError):  # plain HTTP is not served on the port
            requests.get(f"http://127.0.0.1:{edge_port}/health", timeout=5)
    assert "OpenAPI not checked" not in edge.log()  # the edge checked its mappings over HTTPS
