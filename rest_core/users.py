"""The accounts that may call the API: list, add, change password or role, disable, enable."""

# Passwords are stored exactly as the legacy import stores them (rest_core/passwords.py): an
# Argon2id hash for HTTP Basic and the Fernet-encrypted secret that PasswordDigest needs; both are
# always written together. A disabled account is refused at once by every process: the REST core
# reads the account on every request.

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from rest_core.db import migrate, session_factory
from rest_core.models import ROLES, User
from rest_core.passwords import encrypt_secret, hash_password
from rest_core.settings import Settings

MAX_USERNAME = 100  # the column's length


class UserError(ValueError):
    """The change cannot be made (unknown or existing user, bad name, role or password);
    nothing was changed."""


@dataclasses.dataclass(frozen=True)
class Account:
    username: str
    role: str
    enabled: bool


def check_username(username: str) -> str:
    """A name HTTP Basic and the WSSE header can carry, that fits the column."""
    if not username or len(username) > MAX_USERNAME:
        raise UserError(f"a username has 1 to {MAX_USERNAME} characters")
    if ":" in username or not username.isprintable() or username != username.strip():
        raise UserError(
            "a username has no colon (HTTP Basic separates it from the password with one), "
            "no control characters and no leading or trailing spaces"
        )
    return username


def check_password(password: str) -> str:
    if not password:
        raise UserError("the password is empty")
    if "\x00" in password:
        raise UserError("the password contains a NUL character")
    return password


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    return role


def list_users(settings: Settings) -> list[Account]:
    migrate(settings)
    with session_factory(settings)() as session:
        users = session.scalars(select(User).order_by(User.username))
        return [Account(u.username, u.role, u.enabled) for u in users]


def add(settings: Settings, username: str, role: str, password: str) -> Account:
    check_username(username)
    _check_role(role)
    check_password(password)
    migrate(settings)
    with session_factory(settings, write=True)() as session, session.begin():
        if session.get(User, username) is not None:
            raise UserError(f"the user {username} exists already (set-password changes it)")
        session.add(
            User(
                username=username,
                role=role,
                enabled=True,
                password_hash=hash_password(password),
                secret_encrypted=encrypt_secret(password, settings),
            )
        )
    return Account(username, role, True)


def _change(settings: Settings, username: str, **values: object) -> Account:
    migrate(settings)
    with session_factory(settings, write=True)() as session, session.begin():
        user = session.get(User, username) if username and "\x00" not in username else None
        if user is None:
            raise UserError(f"no user {username!r} (rest-core users list shows them)")
        for name, value in values.items():
            setattr(user, name, value)
        return Account(user.username, user.role, user.enabled)


def set_password(settings: Settings, username: str, password: str) -> Account:
    check_password(password)
    return _change(
        settings,
        username,
        password_hash=hash_password(password),
        secret_encrypted=encrypt_secret(password, settings),
    )


def set_role(settings: Settings, username: str, role: str) -> Account:
    return _change(settings, username, role=_check_role(role))


def set_enabled(settings: Settings, username: str, enabled: bool) -> Account:
    return _change(settings, username, enabled=enabled)
