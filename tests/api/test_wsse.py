"""The WSSE UsernameToken digest scheme: fresh, once per nonce, across REST core processes."""

from __future__ import annotations

import base64
import datetime
import hashlib
import os

import requests

from tests._processes import ServerProcess, free_port
from tests.system import BIN, System


def wsse(
    username: str, password: str, *, nonce: bytes | None = None, offset: int = 0
) -> dict[str, str]:
    nonce = os.urandom(16) if nonce is None else nonce
    created = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=offset)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    digest = base64.b64encode(
        hashlib.sha1(nonce + created.encode() + password.encode()).digest()
    ).decode()
    return {
        "Authorization": 'WSSE profile="UsernameToken"',
        "X-WSSE": f'UsernameToken Username="{username}", PasswordDigest="{digest}", '
        f'Nonce="{base64.b64encode(nonce).decode()}", Created="{created}"',
    }


def get(url: str, headers: dict[str, str]) -> int:
    return requests.get(url + "/v1/customers/101", headers=headers, timeout=10).status_code


def test_digest(system: System) -> None:
    assert get(system.rest_url, wsse("backoffice", "Winter2011!")) == 200
    assert get(system.rest_url, wsse("acme-portal", "acme-portal-pw")) == 200
    assert get(system.rest_url, wsse("backoffice", "wrong")) == 401
    assert get(system.rest_url, wsse("retired-batch", "old-batch-pw")) == 401
    assert get(system.rest_url, wsse("backoffice", "Winter2011!", offset=-400)) == 401
    assert get(system.rest_url, wsse("backoffice", "Winter2011!", offset=400)) == 401
    malformed = {
        "Authorization": 'WSSE profile="UsernameToken"',
        "X-WSSE": 'UsernameToken Username="backoffice"',
    }
    assert get(system.rest_url, malformed) == 401
    bad_nonce = wsse("backoffice", "Winter2011!")
    bad_nonce["X-WSSE"] = bad_nonce["X-WSSE"].replace('Nonce="', 'Nonce="!!')
    assert get(system.rest_url, bad_nonce) == 401


def test_a_nonce_is_refused_by_every_process_sharing_the_database(system: System, tmp_path) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    second = ServerProcess(
        [str(BIN / "rest-core"), "serve", "--port", str(port)],
        env=system.env,
        ready_url=f"http://127.0.0.1:{port}/health",
        log_path=tmp_path / "second.log",
        cwd=tmp_path,
    )
    with second:
        headers = wsse("backoffice", "Winter2011!")
        assert get(system.rest_url, headers) == 200
        assert get(f"http://127.0.0.1:{port}", headers) == 401
        assert get(system.rest_url, headers) == 401
