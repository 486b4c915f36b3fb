"""Imports the legacy database export (seed/*.csv); with reset, restores exactly that state."""

# The contract tests run `rest-core load-legacy DIR --reset` before every exchange, with the
# servers running, so this path is kept fast: the one engine of `rest_core.db` and the models,
# one transaction, one DELETE per table and one batched INSERT per table (SQLAlchemy's
# executemany), and Argon2 only for a password that changed. This is the one module that knows
# the legacy formats (`C-000101`, `SO-00004711`, `Active`).

from __future__ import annotations

import csv
import dataclasses
import datetime
import pathlib
from typing import Any

from sqlalchemy import func, insert, select, text

from rest_core.db import migrate, session_factory
from rest_core.models import Base, Customer, Order, OrderLine, Product, User
from rest_core.passwords import decrypt_secret, encrypt_secret, hash_password
from rest_core.settings import Settings

FILES = ("customers", "products", "orders", "order_lines", "users")
CUSTOMER_STATUSES = {"active", "suspended", "closed"}
ORDER_STATUSES = {"new", "confirmed", "shipped", "cancelled"}
ROLES = {"operator", "reader"}


class ExportError(ValueError):
    """The export does not look like the legacy one; nothing was changed."""


# -- reading the export -------------------------------------------------------------------


def _rows(directory: pathlib.Path, name: str) -> list[dict[str, str]]:
    path = directory / f"{name}.csv"
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    except FileNotFoundError:
        raise ExportError(f"{path} is missing") from None


def _cents(value: str) -> int:
    """`1250.40` -> 125040; no float on the way."""
    text = value.strip()
    sign = -1 if text.startswith("-") else 1
    units, _, fraction = text.lstrip("+-").partition(".")
    if not units.isdigit() or (fraction and not fraction.isdigit()) or len(fraction) > 2:
        raise ExportError(f"not an amount of money: {value!r}")
    return sign * (int(units) * 100 + int((fraction + "00")[:2]))


def _legacy_id(value: str, prefix: str) -> int:
    """`C-000101` -> 101, `SO-00004711` -> 4711."""
    if not value.startswith(prefix) or not value[len(prefix) :].isdigit():
        raise ExportError(f"not a {prefix}<number> id: {value!r}")
    return int(value[len(prefix) :])


def _utc(value: str) -> datetime.datetime:
    """`2011-02-11T08:30:00Z` -> naive UTC, as the database keeps it."""
    moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    return moment


def _or_none(value: str) -> str | None:
    return value if value != "" else None


def _enum(value: str, allowed: set[str], what: str) -> str:
    if value.lower() not in allowed:
        raise ExportError(f"unknown {what}: {value!r}")
    return value.lower()


def _flag(value: str) -> bool:
    if value.lower() not in ("true", "false"):
        raise ExportError(f"not true/false: {value!r}")
    return value.lower() == "true"


@dataclasses.dataclass
class Export:
    customers: list[dict[str, Any]]
    products: list[dict[str, Any]]
    orders: list[dict[str, Any]]
    order_lines: list[dict[str, Any]]
    users: list[dict[str, str]]  # the clear passwords stay here, in memory only


def read_export(directory: pathlib.Path) -> Export:
    """The export's rows in the REST core's terms (integer ids, cents, lower-case enums)."""
    raw = {name: _rows(directory, name) for name in FILES}
    try:
        return Export(
            customers=[
                {
                    "id": _legacy_id(r["customer_id"], "C-"),
                    "name": r["name"],
                    "name_folded": r["name"].casefold(),
                    "email": _or_none(r["email"]),
                    "status": _enum(r["status"], CUSTOMER_STATUSES, "customer status"),
                    "credit_limit_cents": _cents(r["credit_limit"]),
                    "balance_cents": _cents(r["balance"]),
                    "street": _or_none(r["street"]),
                    "city": _or_none(r["city"]),
                    "postal_code": _or_none(r["postal_code"]),
                    "country_code": _or_none(r["country_code"]),
                    "created_at": _utc(r["created_at"]),
                }
                for r in raw["customers"]
            ],
            products=[
                {
                    "sku": r["sku"],
                    "description": _or_none(r["description"]),
                    "unit_price_cents": _cents(r["unit_price_eur"]),
                    "active": _flag(r["active"]),
                }
                for r in raw["products"]
            ],
            orders=[
                {
                    "id": _legacy_id(r["order_id"], "SO-"),
                    "customer_id": _legacy_id(r["customer_id"], "C-"),
                    "order_date": datetime.date.fromisoformat(r["order_date"]),
                    "status": _enum(r["status"], ORDER_STATUSES, "order status"),
                    "currency": r["currency"],
                    "notes": _or_none(r["notes"]),
                    "created_at": datetime.datetime.fromisoformat(r["order_date"]),
                    "cancelled_at": _utc(r["cancelled_at"]) if r["cancelled_at"] else None,
                    "cancel_reason": _or_none(r["cancel_reason"]),
                    "client_reference": None,
                }
                for r in raw["orders"]
            ],
            order_lines=[
                {
                    "order_id": _legacy_id(r["order_id"], "SO-"),
                    "line_number": int(r["line_number"]),
                    "sku": r["sku"],
                    "description": _or_none(r["description"]),
                    "quantity": int(r["quantity"]),
                    "unit_price_cents": _cents(r["unit_price"]),
                }
                for r in raw["order_lines"]
            ],
            users=[
                {
                    "username": r["username"],
                    "password": r["password"],
                    "role": _enum(r["role"], ROLES, "role"),
                    "enabled": r["enabled"],
                }
                for r in raw["users"]
            ],
        )
    except KeyError as exc:
        raise ExportError(f"a column is missing: {exc.args[0]}") from None
    except ExportError:
        raise
    except ValueError as exc:  # dates, numbers
        raise ExportError(str(exc)) from None


# -- writing through the models ---------------------------------------------------------


@dataclasses.dataclass
class _Stored:
    password_hash: str
    secret_encrypted: str


def _users(
    rows: list[dict[str, str]], stored: dict[str, _Stored], settings: Settings
) -> list[dict[str, Any]]:
    """Users with an Argon2id hash and the encrypted digest secret; no password in clear. What
    is stored is kept when it was made from the same password (the secret decrypts to it): the
    hash and the secret are only ever written together, and Argon2 is slow on purpose."""
    users = []
    for row in rows:
        password = row["password"]
        kept = stored.get(row["username"])
        if (
            kept is not None
            and decrypt_secret(kept.secret_encrypted, settings) == password.encode()
        ):
            password_hash, secret = kept.password_hash, kept.secret_encrypted
        else:
            password_hash, secret = hash_password(password), encrypt_secret(password, settings)
        users.append(
            {
                "username": row["username"],
                "role": row["role"],
                "enabled": _flag(row["enabled"]),
                "password_hash": password_hash,
                "secret_encrypted": secret,
            }
        )
    return users


def load(directory: pathlib.Path, settings: Settings, *, reset: bool) -> str:
    """Import the export into an empty database, or (reset) replace everything with it,
    nonces included. Returns what was done, in one line."""
    export = read_export(directory)
    migrate(settings)  # one SELECT when the schema is at the newest migration
    with session_factory(settings, write=True).begin() as session:
        if not reset and session.scalar(select(Customer.id).limit(1)) is not None:
            return "the database already holds data: nothing imported (--reset restores the seed)"
        stored = {
            username: _Stored(password_hash, secret)
            for username, password_hash, secret in session.execute(
                select(User.username, User.password_hash, User.secret_encrypted)
            )
        }
        users = _users(export.users, stored, settings)
        # Every table of the schema, children first: what the seed holds is all there is.
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())
        for model, rows in (
            (Customer, export.customers),
            (Product, export.products),
            (User, users),
            (Order, export.orders),
            (OrderLine, export.order_lines),
        ):
            if rows:
                # The model's table, not the ORM's bulk insert: that splits the rows into a
                # statement per run of the same columns left NULL; this is one executemany.
                session.execute(insert(Base.metadata.tables[model.__tablename__]), rows)
        if session.get_bind().dialect.name == "postgresql":
            # New order ids continue after the highest imported one.
            highest = session.scalar(select(func.coalesce(func.max(Order.id), 0)))
            session.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :next, false)"),
                {"table": Order.__tablename__, "next": int(highest or 0) + 1},
            )
    return (
        f"imported {len(export.customers)} customers, {len(export.products)} products, "
        f"{len(export.orders)} orders ({len(export.order_lines)} lines), {len(users)} users"
    )
