"""Who is calling (HTTP Basic or the WSSE UsernameToken digest) and what their role allows."""

# Passwords are verified with Argon2id; the secret the digest scheme needs is kept encrypted with
# a Fernet key from configuration. Nonces of digests are stored, so a replay is refused by every
# process that shares the database.
#
# A storm of wrong passwords must not starve everyone (RELIABILITY.md, "Wrong-password storm"):
# - Argon2 runs in a bounded number of slots (memory: slots x 64 MiB); waiting for one holds
#   no thread and no database connection (the account is read, the session closed, then
#   verified), and when too many wait the request is refused at once as a 503.
# - A name and password pair refused recently is refused again without Argon2; a pair verified
#   recently is accepted without it. Neither depends on the caller's address: an attacker and
#   the real user often come through one gateway.
# - Failures for one user name beyond a few a minute are answered more and more slowly (an
#   asynchronous wait, after the check): a correct password is never delayed or refused.
# - An unknown or disabled user costs one Argon2 verification too, against a dummy hash.

from __future__ import annotations

import base64
import binascii
import collections
import dataclasses
import datetime
import hashlib
import hmac
import re
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Annotated

import anyio
from fastapi import Depends, Request
from sqlalchemy import bindparam, delete, select
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from rest_core import passwords
from rest_core.db import Query, session_factory
from rest_core.dependencies import SettingsDep
from rest_core.models import UsedNonce, User
from rest_core.passwords import decrypt_secret
from rest_core.problems import ProblemError
from rest_core.settings import Settings

PURGE_EVERY_SECONDS = 60.0
MAX_USERNAME = 100
ATTEMPT_HEADER = "X-Attempt-ID"
_WSSE_FIELD = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
# xs:dateTime with a time zone (the lexical form of XML Schema 1.0, not ISO 8601's others).
_XS_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", re.ASCII)
_ATTEMPT = re.compile(r"[A-Za-z0-9._~-]{8,64}")
_ACCOUNT = Query(
    select(User.username, User.role, User.enabled, User.password_hash, User.secret_encrypted).where(
        User.username == bindparam("username")
    )
)


@dataclasses.dataclass(frozen=True)
class Caller:
    username: str
    role: str


class _Recent:
    """Keys seen within their time to live (bounded: a flood of new keys empties it)."""

    def __init__(self, limit: int = 10_000) -> None:
        self._entries: dict[bytes, float] = {}
        self._lock = threading.Lock()
        self._limit = limit

    def hit(self, key: bytes) -> bool:
        with self._lock:
            expires = self._entries.get(key)
            return expires is not None and expires > time.monotonic()

    def add(self, key: bytes, ttl: float) -> None:
        with self._lock:
            if len(self._entries) >= self._limit:
                self._entries.clear()
            self._entries[key] = time.monotonic() + ttl


class _Failures:
    """Recent failures per user name, for the slowing down of repeated ones."""

    def __init__(self, limit: int = 10_000) -> None:
        self._times: dict[str, collections.deque[float]] = {}
        self._lock = threading.Lock()
        self._limit = limit

    def add(self, username: str, window: float) -> int:
        """Count one failure; returns the failures within the window, this one included."""
        now = time.monotonic()
        with self._lock:
            if len(self._times) >= self._limit and username not in self._times:
                self._times.clear()
            times = self._times.setdefault(username, collections.deque(maxlen=64))
            while times and times[0] < now - window:
                times.popleft()
            times.append(now)
            return len(times)


_VERIFIED = _Recent()  # Basic credentials verified recently: sha256(name, password, hash)
_REFUSED = _Recent()  # and refused recently
_FAILURES = _Failures()


class _HashSlots:
    """The Argon2 slots of this process: an asynchronous semaphore (made in the event loop on
    first use) and the count of requests waiting for one."""

    def __init__(self) -> None:
        self._semaphore: anyio.Semaphore | None = None
        self.waiting = 0

    def semaphore(self, slots: int) -> anyio.Semaphore:
        if self._semaphore is None:
            self._semaphore = anyio.Semaphore(slots)
        return self._semaphore


_SLOTS = _HashSlots()


def _unauthorized() -> ProblemError:
    return ProblemError("unauthorized", "The credentials could not be authenticated.")


def _busy() -> ProblemError:
    return ProblemError("service-unavailable", "The service is temporarily unavailable.")


Account = tuple[str, str, bool, str, str]


def _possible(username: str) -> bool:
    """Could an account have this name? (No database takes NUL in text.)"""
    return bool(username) and "\x00" not in username and len(username) <= MAX_USERNAME


def _account(settings: Settings, username: str) -> Account | None:
    """(username, role, enabled, password hash, encrypted secret), read on a connection that
    is given back before any password is checked; None for no such account."""
    found = _ACCOUNT.rows(settings, username=username) if _possible(username) else []
    return tuple(found[0]) if found else None


async def _account_soon(settings: Settings, username: str) -> Account | None:
    """`_account` for a coroutine (db.Query.fetch: on SQLite without a trip to the pool)."""
    found = await _ACCOUNT.fetch(settings, username=username) if _possible(username) else []
    return tuple(found[0]) if found else None


async def _verify(settings: Settings, password_hash: str, password: str) -> bool:
    """Argon2 in one of the process's slots; a 503 at once when too many wait for one."""
    if _SLOTS.waiting >= settings.argon2_queue:
        raise _busy()
    _SLOTS.waiting += 1
    waiting = True
    try:
        async with _SLOTS.semaphore(settings.argon2_slots()):
            _SLOTS.waiting -= 1
            waiting = False
            # Not cancellable: the slot is held until the hash is done, whatever the client does.
            return await run_in_threadpool(passwords.verify_password, password_hash, password)
    finally:
        if waiting:
            _SLOTS.waiting -= 1


async def _refuse(settings: Settings, username: str) -> ProblemError:
    """Count a failure for the name; past the free ones, wait longer each time (capped)."""
    failures = _FAILURES.add(username, settings.auth_failure_window_seconds)
    excess = failures - settings.auth_free_failures
    if excess > 0 and settings.auth_failure_delay_max_seconds > 0:
        await anyio.sleep(min(0.05 * 2**excess, settings.auth_failure_delay_max_seconds))
    return _unauthorized()


async def _basic(settings: Settings, token: str) -> Caller:
    try:
        username, _, password = base64.b64decode(token, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise _unauthorized() from None
    account = await _account_soon(settings, username)
    usable = account is not None and account[2]
    password_hash = account[3] if account is not None and usable else ""
    key = hashlib.sha256(f"{username}\0{password}\0{password_hash}".encode()).digest()
    if usable and _VERIFIED.hit(key):
        assert account is not None
        return Caller(account[0], account[1])
    if _REFUSED.hit(key):
        raise await _refuse(settings, username)
    # Unknown and disabled users cost the same Argon2 verification as a wrong password.
    verified = await _verify(settings, password_hash or passwords.dummy_hash(), password)
    if not (verified and usable and account is not None):
        _REFUSED.add(key, settings.auth_cache_seconds)
        raise await _refuse(settings, username)
    _VERIFIED.add(key, settings.auth_cache_seconds)
    return Caller(account[0], account[1])


def _wsse(settings: Settings, header: str, attempt: str | None, fingerprint: str) -> Caller:
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
    account = _account(settings, username)
    if account is None or not account[2]:
        raise _unauthorized()
    secret = decrypt_secret(account[4], settings)
    if secret is None:
        raise _unauthorized()
    expected = base64.b64encode(hashlib.sha1(nonce + created.encode() + secret).digest())
    if not hmac.compare_digest(expected, digest.encode()):
        raise _unauthorized()
    _remember_nonce(settings, nonce, now.replace(tzinfo=None), window, attempt, fingerprint)
    return Caller(account[0], account[1])


_last_purge = 0.0


def _remember_nonce(
    settings: Settings,
    nonce: bytes,
    now: datetime.datetime,
    window: datetime.timedelta,
    attempt: str | None,
    fingerprint: str,
) -> None:
    """Record the nonce; its primary key refuses one seen before, by any process. Now and then
    forget nonces that can no longer be replayed (their Created would be out of the window).

    A nonce seen before is accepted once more only as the same attempt: the same X-Attempt-ID
    and the same request (method, path, query, body). The edge sends one attempt id per SOAP
    call, on the requests it may repeat (reads, keyed writes), and repeats them when the REST
    core failed or did not answer in time; the failed attempt may have stored the nonce already
    (its own transaction commits before the request's work fails), and the repeat must not be
    mistaken for a replay. A replayed SOAP request is a new call with a new attempt id: refused.
    Recording the nonce in the transaction of the request's work instead would not cover an
    attempt that succeeded after the edge gave up on it (a core stopped for a moment)."""
    global _last_purge
    purge = time.monotonic() - _last_purge > PURGE_EVERY_SECONDS
    key = hashlib.sha256(nonce).hexdigest()
    try:
        with session_factory(settings, write=True)() as writer, writer.begin():
            writer.add(UsedNonce(nonce=key, seen_at=now, attempt=attempt, request=fingerprint))
            writer.flush()
            if purge:
                _last_purge = time.monotonic()
                writer.execute(delete(UsedNonce).where(UsedNonce.seen_at < now - 2 * window))
    except IntegrityError:
        if attempt is None:
            raise _unauthorized() from None
        with session_factory(settings)() as reader:
            seen = reader.get(UsedNonce, key)
            same = seen is not None and (seen.attempt, seen.request) == (attempt, fingerprint)
        if not same:
            raise _unauthorized() from None


def _fingerprint(request: Request, body: bytes) -> str:
    """What makes a request the same request: method, path, query and body."""
    digest = hashlib.sha256()
    for part in (request.method, request.url.path, request.url.query):
        digest.update(part.encode() + b"\0")
    digest.update(body)
    return digest.hexdigest()


async def authenticate(request: Request, settings: SettingsDep) -> Caller:
    """FastAPI dependency: the caller, or a 401 problem (a 503 when too busy to check)."""
    authorization = request.headers.get("Authorization", "")
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "basic" and value:
        return await _basic(settings, value.strip())
    if scheme.upper() == "WSSE" and request.headers.get("X-WSSE"):
        try:  # UTF-8 octets (the edge sends a user name outside Latin-1 so), read as Latin-1
            header = request.headers["X-WSSE"].encode("latin-1").decode()
        except UnicodeDecodeError:
            raise _unauthorized() from None
        attempt = request.headers.get(ATTEMPT_HEADER, "")
        fingerprint = _fingerprint(request, await request.body())
        return await run_in_threadpool(
            _wsse,
            settings,
            header.strip(),
            attempt if _ATTEMPT.fullmatch(attempt) else None,
            fingerprint,
        )
    raise _unauthorized()


CurrentCaller = Annotated[Caller, Depends(authenticate)]


def require_operator(operation: str) -> Callable[[Caller], Awaitable[Caller]]:
    """Dependency factory: only the operator role may `operation`."""

    async def check(caller: CurrentCaller) -> Caller:
        if caller.role != "operator":
            raise ProblemError(
                "forbidden",
                f"The role {caller.role} may not {operation.replace('_', ' ')}.",
                operation=operation,
            )
        return caller

    return check
