"""The edge's settings, from the environment (prefix SOAP_ADAPTER_) or the command line."""

from __future__ import annotations

import pathlib

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = pathlib.Path(__file__).resolve().parent.parent


class EdgeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SOAP_ADAPTER_")

    rest_url: str = "http://127.0.0.1:8001"
    # A WSDL served in place of the project's copy of the release with its target namespace.
    wsdl: pathlib.Path | None = None
    connect_timeout: float = 2.0
    read_timeout: float = 10.0
    retries: int = 2
    max_body_bytes: int = 1024 * 1024
    workers: int = 2
    worker_class: str = "gthread"  # gunicorn's; "sync" serves one call at a time per worker
    threads: int = 8
    log_level: str = "INFO"
    strict: bool = False  # validate every outgoing response against the XSD
    # The address the WSDL names (soap:address, schema imports), e.g. https://orders.example.com;
    # unset: the address the edge listens on, or what a trusted proxy reports.
    public_url: str | None = None
    # Proxies (addresses or networks, comma-separated) whose X-Forwarded-Proto/-Host and Host
    # name the edge in the WSDL; none by default: only what the operator configured is trusted.
    trusted_proxies: str = ""
    routes: pathlib.Path | None = None  # the routing file: rest, legacy or shadow per operation
