"""Who is calling (HTTP Basic or the WSSE UsernameToken digest) and what their role allows."""

# Passwords are verified with Argon2id; the secret the digest scheme needs is kept encrypted with
# a Fernet key from configuration. Nonces of digests are stored, so a replay is refused by every
# process that shares the database.

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime
import hashlib
import hmac
import re
import threading
import time
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rest_core.db import session_factory
from rest_core.dependencies import DB, SettingsDep
from rest_core.models import UsedNonce, User
from rest_core.passwords import decrypt_secret, verify_password
from rest_core.problems import ProblemError
from rest_core.settings import Settings

PURGE_EVERY_SECONDS = 60.0
MAX_USERNAME = 100
_WSSE_FIELD = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
# xs:dateTime with a time zone (the lexical form of XML Schema 1.0, not ISO 8601's others).
_XS_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", re.ASCII)


@dataclasses.dataclass(frozen=True)
class Caller:
    username: str
    role: str


class _VerifiedCache:
    """Basic credentials verified recently, so Argon2 does not run on every request."""

    def __init__(self) -> None:
        self._entries: dict[bytes, float] = {}
        self._lock = threading.Lock()

    def hit(self, key: bytes) -> bool:
        with self._lock:
            expires = self._entries.get(key)
            return expires is not None and expires > time.monotonic()

    def add(self, key: bytes, ttl: float) -> None:
        with self._lock:
            if len(self._entries) > 10_000:
                self._entries.clear()
            self._entries[key] = time.monotonic() + ttl


_VERIFIED = _VerifiedCache()


def _unauthorized() -> ProblemError:
    return ProblemError("unauthorized", "The credentials could not be authenticated.")


def _user(session: Session, username: str) -> User | None:
    """The account, None for a name that cannot be one (no database takes NUL in text)."""
    if not username or "\x00" in username or len(username) > MAX_USERNAME:
        return None
    return session.get(User, username)


def _basic(session: Session, settings: Settings, token: str) -> Caller:
    try:
        username, _, password = base64.b64decode(token, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise _unauthorized() from None
    user = _user(session, username)
    if user is None or not user.enabled:
        raise _unauthorized()
    key = hashlib.sha256(f"{username}\0{password}\0{user.password_hash}".encode()).digest()
    if not _VERIFIED.hit(key):
        if not verify_password(user.password_hash, password):
            raise _unauthorized()
        _VERIFIED.add(key, settings.auth_cache_seconds)
    return Caller(user.username, user.role)


def _wsse(session: Session, settings: Settings, header: str) -> Caller:
    if not header.startswith("UsernameToken "):
        raise _unauthorized()
    fields = {
        k: v.replace('\\"', '"').replace("\\\\", "\\") for k, v in _WSSE_FIELD.findall(header)
    }
    try:
        username, digest, nonce_b64, created = (
            fields["Username"],
            fields["PasswordDigest"],
            fields["Nonce"],
            fields["Created"],
        )
        nonce = base64.b64decode(nonce_b64, validate=True)
        if not _XS_DATETIME.fullmatch(created):
            raise ValueError(created)
        moment = datetime.datetime.fromisoformat(created.replace("Z", "+00:00"))
    except (KeyError, binascii.Error, ValueError):
        raise _unauthorized() from None
    if not nonce or moment.tzinfo is None:
        raise _unauthorized()
    now = datetime.datetime.now(datetime.UTC)
    window = datetime.timedelta(seconds=settings.wsse_window_seconds)
    try:
        stale = abs(now - moment) > window
    except OverflowError:
        stale = True
    if stale:
        raise _unauthorized()
    user = _user(session, username)
    if user is None or not user.enabled:
        raise _unauthorized()
    secret = decrypt_secret(user.secret_encrypted, settings)
    if secret is None:
        raise _unauthorized()
    expected = base64.b64encode(hashlib.sha1(nonce + created.encode() + secret).digest()).decode()
    if not hmac.compare_digest(expected.encode(), digest.encode()):
        raise _unauthorized()
    _remember_nonce(settings, nonce, now.replace(tzinfo=None), window)
    return Caller(user.username, user.role)


_last_purge = 0.0


def _remember_nonce(
    settings: Settings, nonce: bytes, now: datetime.datetime, window: datetime.timedelta
) -> None:
    """Record the nonce; its primary key refuses one seen before, by any process. Now and then
    forget nonces that can no longer be replayed (their Created would be out of the window)."""
    global _last_purge
    purge = time.monotonic() - _last_purge > PURGE_EVERY_SECONDS
    try:
        with session_factory(settings, write=True)() as writer, writer.begin():
            writer.add(UsedNonce(nonce=hashlib.sha256(nonce).hexdigest(), seen_at=now))
            writer.flush()
            if purge:
                _last_purge = time.monotonic()
                writer.execute(delete(UsedNonce).where(UsedNonce.seen_at < now - 2 * window))
    except IntegrityError:
        raise _unauthorized() from None


def authenticate(request: Request, session: DB, settings: SettingsDep) -> Caller:
    """FastAPI dependency: the caller, or a 401 problem."""
    authorization = request.headers.get("Authorization", "")
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "basic" and value:
        caller = _basic(session, settings, value.strip())
    elif scheme.upper() == "WSSE" and request.headers.get("X-WSSE"):
        try:  # UTF-8 octets (the edge sends a user name outside Latin-1 so), read as Latin-1
            header = request.headers["X-WSSE"].encode("latin-1").decode()
        except UnicodeDecodeError:
            raise _unauthorized() from None
        caller = _wsse(session, settings, header.strip())
    else:
        raise _unauthorized()
    session.rollback()  # end the read transaction the look-up opened
    return caller


CurrentCaller = Annotated[Caller, Depends(authenticate)]


def require_operator(operation: str) -> Callable[[Caller], Caller]:
    """Dependency factory: only the operator role may `operation`."""

    def check(caller: CurrentCaller) -> Caller:
        if caller.role != "operator":
            raise ProblemError(
                "forbidden",
                f"The role {caller.role} may not {operation.replace('_', ' ')}.",
                operation=operation,
            )
        return caller

    return check
