"""How credentials rest: an Argon2id hash for passwords, the digest secret Fernet-encrypted."""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet, InvalidToken

from rest_core.settings import Settings

HASHER = PasswordHasher()  # argon2-cffi defaults: Argon2id, 64 MiB, 3 passes (about 50 ms)


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _fernet(key: bytes) -> Fernet:
    return Fernet(key)


def encrypt_secret(password: str, settings: Settings) -> str:
    return _fernet(settings.fernet_key()).encrypt(password.encode()).decode()


def decrypt_secret(token: str, settings: Settings) -> bytes | None:
    """The secret, or None when it was encrypted with another key."""
    try:
        return _fernet(settings.fernet_key()).decrypt(token.encode())
    except InvalidToken:
        return None
