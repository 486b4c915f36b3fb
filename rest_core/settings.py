"""Settings of the REST core, from environment variables (no prefix)."""

from __future__ import annotations

import contextlib
import functools
import os
import pathlib
import secrets

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = "sqlite:///var/rest-core.sqlite3"  # relative paths: to the working dir
    credential_key: str | None = None  # Fernet key for the digest secrets; never in the database
    credential_key_file: pathlib.Path = pathlib.Path("var/credential.key")  # when no key is set
    auth_cache_seconds: float = 60.0
    wsse_window_seconds: int = 300
    db_timeout_seconds: float = 5.0
    log_level: str = "INFO"

    def sqlite_path(self) -> str:
        """The SQLite file of DATABASE_URL (its folder created), or "" for another database."""
        return sqlite_path(self.database_url) if self.database_url.startswith("sqlite") else ""

    def fernet_key(self) -> bytes:
        """CREDENTIAL_KEY, or the key file's (created with mode 0600 on first use)."""
        if self.credential_key:
            return self.credential_key.encode()
        return _key_file(self.credential_key_file.resolve())


def sqlite_path(url: str) -> str:
    """`sqlite:///var/x.sqlite3` -> `var/x.sqlite3` (relative to the working directory), its
    folder created; `sqlite:////abs/x.sqlite3` -> `/abs/x.sqlite3`."""
    path = url.split("///", 1)[1].split("?", 1)[0] if "///" in url else ""
    if path and path != ":memory:":
        pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
    return path or ":memory:"


@functools.cache
def _key_file(path: pathlib.Path) -> bytes:
    """The key in `path`; a new one when there is none. Written aside then linked into place,
    so processes starting together all end up with the same, complete key."""
    if not path.exists():
        from cryptography.fernet import Fernet

        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(Fernet.generate_key())
            with contextlib.suppress(FileExistsError):
                os.link(draft, path)
        finally:
            draft.unlink()
    return path.read_bytes().strip()


@functools.cache
def get_settings() -> Settings:
    """FastAPI dependency (and the CLI's): the settings, read once per process."""
    return Settings()
