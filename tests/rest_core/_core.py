"""The REST core as its tests see it: a real `rest-core serve` on loopback, and HTTP helpers."""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime
import hashlib
import os
import pathlib
import sqlite3
import subprocess
import sys
from typing import Any

import requests

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
REST_CORE = str(BIN / "rest-core")
SEED = ROOT / "contract_fixtures" / "2011-03" / "seed"
PROBLEM = "https://problems.orders.example.com/"

OPERATOR = ("backoffice", "Winter2011!")
READER = ("acme-portal", "acme-portal-pw")
DISABLED = ("retired-batch", "old-batch-pw")


def eur(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "EUR"}


@dataclasses.dataclass
class Core:
    """One running REST core and the database it serves."""

    backend: str
    url: str
    database_url: str
    env: dict[str, str]
    tmp: pathlib.Path
    log_path: pathlib.Path

    def command(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """`rest-core ARGS` with this core's settings, from its working folder."""
        return subprocess.run(
            [REST_CORE, *args],
            env=self.env,
            cwd=self.tmp,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def reset(self) -> None:
        """Back to exactly the seed state, as the contract tests do."""
        done = self.command("load-legacy", str(SEED), "--reset")
        assert done.returncode == 0, done.stderr

    def get(
        self, path: str, auth: tuple[str, str] | None = OPERATOR, **params: Any
    ) -> requests.Response:
        return requests.get(self.url + path, auth=auth, params=params, timeout=30)

    def post(
        self,
        path: str,
        body: Any = None,
        auth: tuple[str, str] | None = OPERATOR,
        headers: dict[str, str] | None = None,
        data: bytes | None = None,
    ) -> requests.Response:
        if data is not None:
            return requests.post(
                self.url + path,
                data=data,
                auth=auth,
                headers={"Content-Type": "application/json", **(headers or {})},
                timeout=60,
            )
        return requests.post(self.url + path, json=body, auth=auth, headers=headers, timeout=60)

    def sql(self, statement: str) -> list[tuple[Any, ...]]:
        """Run SQL behind the API's back: to look at what is stored, or to make a state the API
        cannot make. Returns the rows, if any."""
        if self.backend == "sqlite":
            path = self.database_url.split("///", 1)[1]
            with contextlib.closing(sqlite3.connect(path, timeout=30)) as db:
                rows = db.execute(statement).fetchall()
                db.commit()
                return rows
        import psycopg

        url = "postgresql://" + self.database_url.split("://", 1)[1]
        with psycopg.connect(url, autocommit=True) as pg:
            cursor = pg.execute(statement.encode())
            return cursor.fetchall() if cursor.description else []


def assert_problem(response: requests.Response, status: int, name: str) -> dict[str, Any]:
    """The response is an RFC 9457 problem of type `name`; returns the document."""
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json", response.headers
    document: dict[str, Any] = response.json()
    assert document["type"] == PROBLEM + name, document
    assert document["status"] == status
    assert isinstance(document["title"], str) and document["title"]
    assert isinstance(document["detail"], str) and document["detail"]
    return document


def errors_of(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["field"], e["code"]) for e in document["errors"]]


def wsse(
    username: str,
    password: str,
    *,
    nonce: bytes | None = None,
    created: str | None = None,
    offset_seconds: int = 0,
) -> dict[str, str]:
    """Headers of the WSSE UsernameToken digest scheme, computed as a client would."""
    nonce = os.urandom(16) if nonce is None else nonce
    if created is None:
        moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=offset_seconds)
        created = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = base64.b64encode(
        hashlib.sha1(nonce + created.encode() + password.encode()).digest()
    ).decode()
    return {
        "Authorization": 'WSSE profile="UsernameToken"',
        "X-WSSE": f'UsernameToken Username="{username}", PasswordDigest="{digest}", '
        f'Nonce="{base64.b64encode(nonce).decode()}", Created="{created}"',
    }
