"""How credentials rest: an Argon2id hash for passwords, the digest secret Fernet-encrypted."""

from __future__ import annotations

import binascii
import functools
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from rest_core.settings import CredentialKeyError, Settings

HASHER = PasswordHasher()  # argon2-cffi defaults: Argon2id, 64 MiB, 3 passes (about 50 ms)


def hash_password(password: str) -> str:
    return HASHER.hash(password)


@functools.cache
def dummy_hash() -> str:
    """A hash of no one's password: unknown and disabled users are verified against it, so they
    cost what a wrong password costs (a quick refusal would tell which names exist)."""
    return HASHER.hash(secrets.token_urlsafe(24))


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _fernet(keys: tuple[bytes, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, binascii.Error):
        raise CredentialKeyError(
            "the credential key is not a Fernet key (32 url-safe Base64-encoded bytes)"
        ) from None


def encrypt_secret(password: str, settings: Settings) -> str:
    """The digest secret encrypted with the newest credential key."""
    return _fernet(settings.fernet_keys()).encrypt(password.encode()).decode()


def decrypt_secret(token: str, settings: Settings) -> bytes | None:
    """The secret, or None when none of the credential keys encrypted it."""
    try:
        return _fernet(settings.fernet_keys()).decrypt(token.encode())
    except InvalidToken:
        return None


def reencrypt_secret(token: str, keys: tuple[bytes, ...]) -> str:
    """The secret encrypted again with the first of `keys` (any of them may open it);
    InvalidToken when none does."""
    return _fernet(keys).rotate(token.encode()).decode()
