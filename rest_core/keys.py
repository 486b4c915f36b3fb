"""The credential key against the database: does it open the stored digest secrets; rotate it."""

# The key lives outside the database (CREDENTIAL_KEY, or a key file: rest_core/settings.py);
# losing it loses every digest secret, never a password hash (README, "The credential key").

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import select

from rest_core.db import session_factory
from rest_core.models import User
from rest_core.passwords import decrypt_secret, reencrypt_secret
from rest_core.settings import CredentialKeyError, Settings, write_key_file

_HELP = "see the README, 'The credential key'"


def check(settings: Settings) -> None:
    """Raise CredentialKeyError unless the configured key opens the stored digest secrets (one
    is tried); with none stored, make sure there is a key (a key file is created)."""
    with session_factory(settings)() as session:
        sample = session.scalars(select(User.secret_encrypted).limit(1)).first()
    if sample is None:
        settings.fernet_keys()
        return
    try:
        settings.fernet_keys(create=False)  # a lost key file is not replaced by a new key
    except CredentialKeyError as exc:
        raise CredentialKeyError(
            f"{exc}, so it cannot decrypt the digest secrets stored in the database: start "
            f"with the key they were encrypted with ({_HELP})"
        ) from None
    if decrypt_secret(sample, settings) is None:
        raise CredentialKeyError(
            f"the credential key from {settings.key_source()} cannot decrypt the digest secrets "
            "stored in the database, so every PasswordDigest login would fail: start with the "
            f"key they were encrypted with ({_HELP})"
        )


def rotate(settings: Settings) -> str:
    """Encrypt every digest secret again with a new key, in one transaction. A key file gets a
    new key (holding new and old keys while the secrets change, so running cores read both);
    CREDENTIAL_KEY must already name the new key first: "NEW,OLD". Returns what was done."""
    keys = settings.fernet_keys(create=False)
    path = None if settings.credential_key else settings.key_file()
    if path is not None:
        keys = (Fernet.generate_key(), *keys)
        write_key_file(path, list(keys), replace=True)
    elif len(keys) == 1:
        raise CredentialKeyError(
            "CREDENTIAL_KEY holds one key: give every REST core CREDENTIAL_KEY=NEW,OLD (a new "
            f"key first; one made just now: {Fernet.generate_key().decode()}), run rotate-key "
            "with it, then keep NEW alone"
        )
    try:
        with session_factory(settings, write=True)() as session, session.begin():
            users = session.scalars(select(User)).all()
            for user in users:
                user.secret_encrypted = reencrypt_secret(user.secret_encrypted, keys)
    except InvalidToken:
        if path is not None:
            write_key_file(path, list(keys[1:]), replace=True)
        raise CredentialKeyError(
            "a stored digest secret opens with none of the keys: nothing was changed"
        ) from None
    if path is not None:
        write_key_file(path, [keys[0]], replace=True)
        return f"re-encrypted {len(users)} digest secrets with a new key, now alone in {path}"
    return (
        f"re-encrypted {len(users)} digest secrets with the first key of CREDENTIAL_KEY: "
        "keep that key alone from now on"
    )
