"""Who may call: HTTP Basic and the WSSE digest, disabled accounts, roles, and what comes first."""

from __future__ import annotations

import base64
import os

import requests

from tests.rest_core._core import (
    DISABLED,
    OPERATOR,
    READER,
    Core,
    assert_problem,
    wsse,
)
from tests.rest_core.conftest import start_server

NEW_ORDER = {"currency": "EUR", "lines": [{"sku": "PEN-BLU-50", "quantity": 1}]}


def get_customer(url: str, headers: dict[str, str]) -> requests.Response:
    return requests.get(f"{url}/v1/customers/101", headers=headers, timeout=30)


def test_without_credentials(core: Core) -> None:
    response = core.get("/v1/customers/101", auth=None)
    assert_problem(response, 401, "unauthorized")
    assert "Basic" in response.headers["WWW-Authenticate"]
    assert "Acme" not in response.text
    assert_problem(core.get("/v1/products", auth=None), 401, "unauthorized")


def test_bad_basic_credentials(core: Core) -> None:
    for auth in (("backoffice", "winter2011!"), ("backoffice", ""), ("nobody", "x"), DISABLED):
        response = core.get("/v1/customers/101", auth=auth)
        assert_problem(response, 401, "unauthorized")
        assert "Basic" in response.headers["WWW-Authenticate"]
    odd = [b"backoffice", b"back\x00office:Winter2011!", b"\xff:x", b"x" * 500 + b":y"]
    headers = [
        "Basic !!!",
        "Basic",
        "Bearer abc",
        *("Basic " + base64.b64encode(o).decode() for o in odd),
    ]
    for header in headers:
        assert_problem(get_customer(core.url, {"Authorization": header}), 401, "unauthorized")


def test_both_roles_may_read(core: Core) -> None:
    for auth in (OPERATOR, READER):
        assert core.get("/v1/customers/101", auth=auth).status_code == 200
        assert core.get("/v1/customers/101/orders", auth=auth).status_code == 200
        assert core.get("/v1/orders/4711", auth=auth).status_code == 200
        assert core.get("/v1/products/PAP-A4-500", auth=auth).status_code == 200


def test_a_reader_may_not_write_whatever_the_request(fresh: Core) -> None:
    forbidden = assert_problem(
        fresh.post("/v1/customers/101/orders", NEW_ORDER, auth=READER), 403, "forbidden"
    )
    assert forbidden["operation"] == "create_order"
    # The role check comes before the customer, the body and the rules.
    assert (
        assert_problem(
            fresh.post("/v1/customers/999/orders", NEW_ORDER, auth=READER), 403, "forbidden"
        )["operation"]
        == "create_order"
    )
    assert_problem(
        fresh.post("/v1/customers/101/orders", data=b"{oops", auth=READER), 403, "forbidden"
    )
    cancel = assert_problem(
        fresh.post("/v1/orders/4712/cancel", {"reason": "x"}, auth=READER), 403, "forbidden"
    )
    assert cancel["operation"] == "cancel_order"
    assert_problem(
        fresh.post("/v1/orders/1/cancel", {"reason": "x"}, auth=READER), 403, "forbidden"
    )
    assert fresh.get("/v1/orders/4712").json()["status"] == "confirmed"
    assert len(fresh.get("/v1/customers/101/orders").json()["items"]) == 3


def test_authentication_comes_before_everything(core: Core) -> None:
    assert_problem(
        core.post("/v1/customers/101/orders", data=b"{oops", auth=None), 401, "unauthorized"
    )
    assert_problem(core.post("/v1/customers/999/orders", NEW_ORDER, auth=None), 401, "unauthorized")
    assert_problem(core.get("/v1/customers", auth=None, page=0), 401, "unauthorized")
    assert_problem(
        core.post("/v1/orders/4712/cancel", {"reason": "x"}, auth=("backoffice", "nope")),
        401,
        "unauthorized",
    )


def test_a_disabled_account_is_refused_at_once(fresh: Core) -> None:
    # A verified password is remembered for a while; the account is still read on every call.
    assert fresh.get("/v1/customers/101").status_code == 200
    fresh.sql("UPDATE users SET enabled = false WHERE username = 'backoffice'")
    assert_problem(fresh.get("/v1/customers/101"), 401, "unauthorized")
    assert get_customer(fresh.url, wsse(*OPERATOR)).status_code == 401


def test_no_password_is_stored_in_clear(core: Core) -> None:
    rows = core.sql("SELECT username, password_hash, secret_encrypted FROM users ORDER BY username")
    assert [r[0] for r in rows] == ["acme-portal", "backoffice", "retired-batch"]
    for _, password_hash, secret in rows:
        assert password_hash.startswith("$argon2id$")
        for password in ("Winter2011!", "acme-portal-pw", "old-batch-pw"):
            assert password not in password_hash and password not in secret
    assert "Winter2011!" not in core.log_path.read_text()


def test_wsse_digest(core: Core) -> None:
    assert get_customer(core.url, wsse(*OPERATOR)).json()["id"] == 101
    assert get_customer(core.url, wsse(*READER)).status_code == 200
    assert get_customer(core.url, wsse(*OPERATOR, offset_seconds=-240)).status_code == 200
    assert get_customer(core.url, wsse(*OPERATOR, offset_seconds=240)).status_code == 200


def test_wsse_refusals(core: Core) -> None:
    refused = {
        "wrong password": wsse("backoffice", "Winter2012!"),
        "unknown user": wsse("nobody", "x"),
        "disabled user": wsse(*DISABLED),
        "stale Created": wsse(*OPERATOR, offset_seconds=-400),
        "future Created": wsse(*OPERATOR, offset_seconds=400),
        "Created without zone": wsse(*OPERATOR, created="2030-01-01T00:00:00"),
        "Created not a time": wsse(*OPERATOR, created="yesterday"),
        "Created at the end of time": wsse(*OPERATOR, created="9999-12-31T23:59:59-23:59"),
    }
    for why, headers in refused.items():
        response = get_customer(core.url, headers)
        assert response.status_code == 401, why
        assert_problem(response, 401, "unauthorized")


def test_malformed_wsse_headers(core: Core) -> None:
    good = wsse(*OPERATOR)
    token = good["X-WSSE"]
    variants = {
        "no X-WSSE": {"Authorization": good["Authorization"]},
        "no UsernameToken": {**good, "X-WSSE": token.replace("UsernameToken ", "")},
        "no digest": {**good, "X-WSSE": token.split(", PasswordDigest")[0]},
        "nonce not base64": {**good, "X-WSSE": token.replace('Nonce="', 'Nonce="!!')},
        "empty nonce": {**good, "X-WSSE": token.split('Nonce="')[0] + 'Nonce="", Created="x"'},
        "digest garbage": {
            **good,
            "X-WSSE": token.replace('PasswordDigest="', 'PasswordDigest="$'),
        },
        "garbage": {**good, "X-WSSE": "%%%" + os.urandom(8).hex()},
    }
    for why, headers in variants.items():
        response = get_customer(core.url, headers)
        assert response.status_code == 401, why
    assert get_customer(core.url, good).status_code == 200  # none of them used the nonce up


def test_a_nonce_is_accepted_once(core: Core) -> None:
    headers = wsse(*OPERATOR)
    assert get_customer(core.url, headers).status_code == 200
    assert_problem(get_customer(core.url, headers), 401, "unauthorized")
    # The same nonce with a new Created (so a new digest) is still a replay.
    nonce = base64.b64decode(headers["X-WSSE"].split('Nonce="')[1].split('"')[0])
    assert (
        get_customer(core.url, wsse(*OPERATOR, nonce=nonce, offset_seconds=-1)).status_code == 401
    )


def test_a_nonce_is_refused_by_every_process_on_the_database(core: Core) -> None:
    second = start_server(core, "second-rest-core")
    try:
        headers = wsse(*OPERATOR)
        assert get_customer(second.ready_url.removesuffix("/health"), headers).status_code == 200
        assert get_customer(core.url, headers).status_code == 401
        fresh = wsse(*OPERATOR)
        assert get_customer(core.url, fresh).status_code == 200
        assert get_customer(second.ready_url.removesuffix("/health"), fresh).status_code == 401
    finally:
        second.stop()


def test_a_reader_with_a_digest_may_not_write(fresh: Core) -> None:
    response = requests.post(
        f"{fresh.url}/v1/customers/101/orders", json=NEW_ORDER, headers=wsse(*READER), timeout=30
    )
    assert assert_problem(response, 403, "forbidden")["operation"] == "create_order"
    placed = requests.post(
        f"{fresh.url}/v1/customers/101/orders", json=NEW_ORDER, headers=wsse(*OPERATOR), timeout=30
    )
    assert placed.status_code == 201
