"""Settings of the REST core, from environment variables (no prefix)."""

from __future__ import annotations

import contextlib
import functools
import os
import pathlib
import secrets

from pydantic_settings import BaseSettings


class CredentialKeyError(Exception):
    """The credential key is misconfigured, missing, or does not open the stored secrets."""


class Settings(BaseSettings):
    database_url: str = "sqlite:///var/rest-core.sqlite3"  # relative paths: to the working dir
    # Fernet keys for the digest secrets, never in the database: one, or several separated by
    # commas while rotating (the first encrypts, every one decrypts).
    credential_key: str | None = None
    # Where the keys are kept when CREDENTIAL_KEY is not set: an absolute path. By default
    # beside the SQLite database, or ~/.config/rest-core/credential.key for another database;
    # never relative to the working directory (a core started elsewhere would make a new key).
    credential_key_file: pathlib.Path | None = None
    auth_cache_seconds: float = 60.0
    # Argon2 verifications at once per process (default: one per core; each takes 64 MiB) and
    # how many requests may wait for one before the next is refused with a 503.
    argon2_concurrency: int | None = None
    argon2_queue: int = 64
    # Failures per user name that are answered at once within the window; later ones wait
    # 0.1 s, 0.2 s, 0.4 s ... up to the maximum (0 turns the slowing down off).
    auth_free_failures: int = 5
    auth_failure_window_seconds: float = 60.0
    auth_failure_delay_max_seconds: float = 1.0
    wsse_window_seconds: int = 300
    db_timeout_seconds: float = 5.0
    # What one request may take of the server, refused before it is read whole (rest_core.limits):
    max_body_bytes: int = 1024 * 1024  # over it: 413
    max_header_bytes: int = 64 * 1024  # request line and headers; over it: 431 (granian's buffer)
    header_timeout_seconds: float = 10.0  # for the headers to arrive (1 to 60); then closed
    body_timeout_seconds: float = 30.0  # for the body to arrive once the headers have; then 408
    log_level: str = "INFO"

    def argon2_slots(self) -> int:
        return max(1, self.argon2_concurrency or os.cpu_count() or 1)

    def sqlite_path(self) -> str:
        """The SQLite file of DATABASE_URL (its folder created), or "" for another database."""
        return sqlite_path(self.database_url) if self.database_url.startswith("sqlite") else ""

    def key_file(self) -> pathlib.Path:
        """The key file used when CREDENTIAL_KEY is not set (see `credential_key_file`)."""
        if self.credential_key_file is not None:
            if not self.credential_key_file.is_absolute():
                raise CredentialKeyError(
                    f"CREDENTIAL_KEY_FILE must be an absolute path, not {self.credential_key_file}"
                )
            return self.credential_key_file
        database = self.sqlite_path()
        if database and database != ":memory:":
            return pathlib.Path(database).resolve().parent / "credential.key"
        config = os.environ.get("XDG_CONFIG_HOME") or str(pathlib.Path.home() / ".config")
        return pathlib.Path(config) / "rest-core" / "credential.key"

    def fernet_keys(self, *, create: bool = True) -> tuple[bytes, ...]:
        """CREDENTIAL_KEY's keys, or the key file's (created with mode 0600 on first use unless
        `create` is false), newest first."""
        if self.credential_key:
            return _split(self.credential_key)
        path = self.key_file()
        if not path.exists():
            if not create:
                raise CredentialKeyError(f"the key file {path} does not exist")
            _create_key_file(path)
        return _split(_read_key_file(path, path.stat().st_mtime_ns))

    def fernet_key(self) -> bytes:
        """The key new secrets are encrypted with."""
        return self.fernet_keys()[0]

    def key_source(self) -> str:
        """Where the keys come from, for messages: never the key itself."""
        return "CREDENTIAL_KEY" if self.credential_key else f"the key file {self.key_file()}"


def _split(keys: str) -> tuple[bytes, ...]:
    found = tuple(k.strip().encode() for k in keys.replace("\n", ",").split(",") if k.strip())
    if not found:
        raise CredentialKeyError("the credential key is empty")
    return found


def sqlite_path(url: str) -> str:
    """`sqlite:///var/x.sqlite3` -> `var/x.sqlite3` (relative to the working directory), its
    folder created; `sqlite:////abs/x.sqlite3` -> `/abs/x.sqlite3`."""
    path = url.split("///", 1)[1].split("?", 1)[0] if "///" in url else ""
    if path and path != ":memory:":
        pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
    return path or ":memory:"


def _create_key_file(path: pathlib.Path) -> None:
    """A new key in `path`. Written aside then linked into place, so processes starting
    together all end up with the same, complete key."""
    from cryptography.fernet import Fernet

    write_key_file(path, [Fernet.generate_key()], replace=False)


def write_key_file(path: pathlib.Path, keys: list[bytes], *, replace: bool) -> None:
    """Write `keys` (newest first, one a line) to `path`, mode 0600, all at once: readers see
    the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(b"".join(k + b"\n" for k in keys))
        if replace:
            os.replace(draft, path)
        else:
            with contextlib.suppress(FileExistsError):
                os.link(draft, path)
    finally:
        draft.unlink(missing_ok=True)


@functools.lru_cache(maxsize=8)
def _read_key_file(path: pathlib.Path, _mtime_ns: int) -> str:
    """The key file's text, read again when it changes (a rotation by `rest-core rotate-key`)."""
    return path.read_text()


@functools.cache
def get_settings() -> Settings:
    """FastAPI dependency (and the CLI's): the settings, read once per process."""
    return Settings()
