"""The HTTP client the edge calls the REST core with: one pooled session, explicit timeouts."""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import json
import logging
import time
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import requests
import requests.adapters

from soap_adapter import _metrics
from soap_adapter.exceptions import DownstreamError

logger = logging.getLogger("soap_adapter.rest")

# The HTTP client's errors, most specific first, and what each one means for the edge.
REQUESTS_EXCEPTIONS: tuple[tuple[type[Exception], str], ...] = (
    (requests.ConnectTimeout, "the REST core did not accept the connection in time"),
    (requests.ReadTimeout, "the REST core did not answer in time"),
    (requests.ConnectionError, "the REST core refused or dropped the connection"),
    (requests.exceptions.ChunkedEncodingError, "the REST core closed the connection mid-answer"),
    (requests.exceptions.ContentDecodingError, "the REST core's answer could not be decoded"),
    (requests.exceptions.InvalidHeader, "the request could not be sent"),
    (requests.RequestException, "the REST call failed"),
)


@contextlib.contextmanager
def map_requests_exceptions() -> Iterator[None]:
    """Turn any `requests` failure into a DownstreamError, keeping the cause for the log."""
    try:
        yield
    except requests.RequestException as exc:
        # The last row, RequestException itself, matches whatever the rows above do not.
        meaning = next(meaning for kind, meaning in REQUESTS_EXCEPTIONS if isinstance(exc, kind))
        raise DownstreamError(f"{meaning}: {type(exc).__name__}") from exc


@dataclasses.dataclass(frozen=True)
class RestResponse:
    status: int
    body: Any  # decoded JSON


@dataclasses.dataclass(frozen=True)
class Credentials:
    """What the caller proved itself with, forwarded as it is: Basic or WSSE digest."""

    username: str
    password: str | None = None
    digest: str | None = None
    nonce: str | None = None
    created: str | None = None

    def headers(self) -> dict[str, str | bytes]:
        if self.digest is None:
            token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
            return {"Authorization": f"Basic {token}"}
        return {
            "Authorization": 'WSSE profile="UsernameToken"',
            # UTF-8 octets: a user name or digest outside Latin-1 is sent as the client wrote it
            # (the REST core reads X-WSSE as UTF-8), never refused by the HTTP client.
            "X-WSSE": (
                f'UsernameToken Username="{_quote(self.username)}", '
                f'PasswordDigest="{_quote(self.digest)}", Nonce="{_quote(self.nonce or "")}", '
                f'Created="{_quote(self.created or "")}"'
            ).encode(),
        }


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


# Printable ASCII but "%": what X-Correlation-ID carries as it is; the rest is percent-encoded.
_HEADER_SAFE = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) != "%")


def correlation_header(correlation_id: str) -> str:
    """The correlation id as X-Correlation-ID: UTF-8, percent-encoded (RFC 3986) where it holds
    "%", a control character (CR, LF, TAB) or anything outside ASCII; the REST core decodes it,
    so its log shows the id the SOAP client sent."""
    return quote(correlation_id, safe=_HEADER_SAFE)


class RestClient:
    """Calls the REST core; retries only what is safe to repeat, bounded, with backoff."""

    def __init__(
        self,
        base_url: str,
        *,
        connect_timeout: float,
        read_timeout: float,
        pool_size: int = 10,
        retries: int = 2,
        backoff: float = 0.05,
        transport: requests.adapters.BaseAdapter | None = None,
        verify: str | bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self.retries = retries
        self.backoff = backoff
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy or netrc look-ups on the hot path
        self.session.verify = verify  # for an https REST core: True (system CAs) or a CA file
        # `transport` replaces the HTTP adapter, as httpx's `transport=` does: a recording or
        # replaying adapter for a benchmark of the edge alone.
        adapter = transport or requests.adapters.HTTPAdapter(
            pool_connections=1, pool_maxsize=pool_size
        )
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def call(
        self,
        method: str,
        path: str,
        *,
        operation: str,
        contract: str = "",
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        headers: dict[str, str | bytes],
        repeatable: bool | None = None,
    ) -> RestResponse:
        """Send one request and decode its JSON answer; a 5xx or garbage is a DownstreamError.

        `repeatable`: the call can be repeated without harm (reads, writes carrying an
        idempotency key); by default reads and calls with an Idempotency-Key header."""
        safe = (
            repeatable
            if repeatable is not None
            else (method == "GET" or "Idempotency-Key" in headers)
        )
        retries = self.retries if safe else 0
        if safe:
            # One id for this call's attempts: the REST core accepts a PasswordDigest nonce again
            # only for the same attempt id and the same request, so a retry after a failure is
            # not refused as a replay, and a replayed SOAP request (a new call) still is.
            headers = {**headers, "X-Attempt-ID": uuid.uuid4().hex}
        attempt = 0
        while True:
            try:
                return self._once(method, path, operation, contract, params, json_body, headers)
            except DownstreamError as exc:
                if attempt >= retries or not exc.retryable:
                    raise
                logger.warning("retrying %s %s after: %s", method, path, exc.reason)
                time.sleep(self.backoff * (2**attempt))
                attempt += 1

    def _once(
        self,
        method: str,
        path: str,
        operation: str,
        contract: str,
        params: dict[str, Any] | None,
        json_body: Any,
        headers: dict[str, str | bytes],
    ) -> RestResponse:
        started = time.perf_counter()
        status = "error"
        try:
            with map_requests_exceptions():
                # Session.send of a Request prepared here skips Session.request's cookie and
                # environment merging, which the REST hop never needs (~10% of its CPU).
                prepared = requests.Request(
                    method, self.base_url + path, params=params, json=json_body, headers=headers
                ).prepare()
                response = self.session.send(prepared, timeout=self.timeout)
                content = response.content
            status = str(response.status_code)
        finally:
            _metrics.DOWNSTREAM_LATENCY.labels(contract, operation, status).observe(
                time.perf_counter() - started
            )
        if response.status_code >= 500:
            raise DownstreamError(f"the REST core answered {response.status_code}")
        try:
            body = json.loads(content)
        except ValueError as exc:
            raise DownstreamError(
                f"the REST core answered {response.status_code} with non-JSON", retryable=False
            ) from exc
        return RestResponse(response.status_code, body)
