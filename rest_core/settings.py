"""Settings of the REST core, from the environment."""

from __future__ import annotations

import functools
import os
import pathlib

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = "sqlite:///var/rest-core.sqlite3"
    credential_key: str | None = None  # Fernet key for the digest secrets; never in the database
    credential_key_file: pathlib.Path = pathlib.Path("var/credential.key")
    auth_cache_seconds: float = 60.0
    wsse_window_seconds: int = 300
    db_timeout_seconds: float = 5.0
    log_level: str = "INFO"

    def fernet_key(self) -> bytes:
        """The configured key, or the key file's (created with mode 0600 on first use)."""
        if self.credential_key:
            return self.credential_key.encode()
        path = self.credential_key_file
        if not path.exists():
            from cryptography.fernet import Fernet

            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(Fernet.generate_key())
        return path.read_bytes().strip()


@functools.cache
def get_settings() -> Settings:
    return Settings()
