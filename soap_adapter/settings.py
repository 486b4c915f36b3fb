"""The edge's settings, from the environment (prefix SOAP_ADAPTER_) or the command line."""

from __future__ import annotations

import datetime
import email.utils
import pathlib

from pydantic import AwareDatetime, BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = pathlib.Path(__file__).resolve().parent.parent


class ReleaseEnd(BaseModel):
    """An announced end of a release: sent as `Deprecation` (RFC 9745) and `Sunset` (RFC 8594)
    headers on each of its answers, with an optional `Link` to what callers should read."""

    deprecation: AwareDatetime  # since when the release is deprecated
    sunset: AwareDatetime | None = None  # when it stops being served
    link: str | None = None  # rel="deprecation": the announcement

    def headers(self) -> tuple[tuple[str, str], ...]:
        found = [("Deprecation", f"@{int(self.deprecation.timestamp())}")]
        if self.sunset is not None:
            sunset = self.sunset.astimezone(datetime.UTC)
            found.append(("Sunset", email.utils.format_datetime(sunset, usegmt=True)))
        if self.link:
            found.append(("Link", f'<{self.link}>; rel="deprecation"'))
        return tuple(found)


class EdgeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SOAP_ADAPTER_")

    rest_url: str = "http://127.0.0.1:8001"
    rest_ca_file: pathlib.Path | None = None  # CA of an https REST core not in the system's
    # A WSDL served in place of the project's copy of the release with its target namespace.
    wsdl: pathlib.Path | None = None
    # Any contract: with a folder of mapping modules, `wsdl` is served alone, from its model
    # (soap_adapter._dispatch), its imports resolved through `catalog` (an OASIS XML catalog).
    mappings: pathlib.Path | None = None
    catalog: pathlib.Path | None = None
    connect_timeout: float = 2.0
    read_timeout: float = 10.0
    retries: int = 2
    max_body_bytes: int = 1024 * 1024
    workers: int = 2  # processes
    threads: int = 8  # per worker: calls served at once (each waits on the REST hop)
    header_timeout: float = 10.0  # seconds for a request's headers to arrive (1 to 60)
    body_timeout: float = 30.0  # seconds for its body to arrive, once the headers have
    max_header_bytes: int = 64 * 1024  # request line and headers; over it: 431
    log_level: str = "INFO"
    strict: bool = False  # validate every outgoing response against the XSD
    # Calls per release, operation and username, for `soap-adapter usage` (one file per edge).
    usage_store: pathlib.Path = ROOT / "var" / "edge-usage.sqlite3"
    usage_flush_seconds: float = 10.0
    usage_retention_days: int = 400
    # Announced ends, by release name: SOAP_ADAPTER_RELEASE_ENDS='{"2011-03": {"deprecation":
    # "2026-12-01T00:00:00Z", "sunset": "2027-06-30T00:00:00Z", "link": "https://..."}}'
    release_ends: dict[str, ReleaseEnd] = {}
    # The address the WSDL names (soap:address, schema imports), e.g. https://orders.example.com;
    # unset: the address the edge listens on, or what a trusted proxy reports.
    public_url: str | None = None
    # Proxies (addresses or networks, comma-separated) whose X-Forwarded-Proto/-Host and Host
    # name the edge in the WSDL; none by default: only what the operator configured is trusted.
    trusted_proxies: str = ""
    routes: pathlib.Path | None = None  # the routing file: rest, legacy or shadow per operation
