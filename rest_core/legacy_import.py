"""Imports the legacy database export (seed/*.csv); --reset restores exactly that state."""

from __future__ import annotations

import csv
import datetime
import pathlib
from typing import Any

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from rest_core.db import engine_for, migrate
from rest_core.models import Customer, Order, OrderLine, Product, UsedNonce, User
from rest_core.passwords import decrypt_secret, encrypt_secret, hash_password
from rest_core.settings import Settings


def _rows(directory: pathlib.Path, name: str) -> list[dict[str, str]]:
    with (directory / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _cents(text_value: str) -> int:
    units, _, fraction = text_value.strip().partition(".")
    sign = -1 if units.startswith("-") else 1
    return sign * (abs(int(units)) * 100 + int((fraction + "00")[:2]))


def _legacy_id(value: str) -> int:
    """`C-000101` -> 101, `SO-00004711` -> 4711: the export's ids are prefixed numbers."""
    return int(value.rsplit("-", 1)[1])


def _utc(value: str) -> datetime.datetime:
    return (
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        .astimezone(datetime.UTC)
        .replace(tzinfo=None)
    )


def _or_none(value: str) -> str | None:
    return value if value != "" else None


def _users(
    rows: list[dict[str, str]], session: Session, settings: Settings
) -> list[dict[str, Any]]:
    """Users with an Argon2id hash and the encrypted digest secret; no password in clear."""
    existing = {
        u.username: (u.password_hash, u.secret_encrypted) for u in session.scalars(select(User))
    }
    users = []
    for row in rows:
        password = row["password"]
        kept = existing.get(row["username"])
        # Reuse what is stored when it was made from this very password: keeps --reset fast.
        if kept is not None and decrypt_secret(kept[1], settings) == password.encode():
            password_hash, secret = kept
        else:
            password_hash, secret = hash_password(password), encrypt_secret(password, settings)
        users.append(
            {
                "username": row["username"],
                "role": row["role"],
                "enabled": row["enabled"].lower() == "true",
                "password_hash": password_hash,
                "secret_encrypted": secret,
            }
        )
    return users


def load(directory: pathlib.Path, settings: Settings, *, reset: bool) -> str:
    """Import the export; returns what was done, in one line."""
    migrate(settings)
    engine = engine_for(settings.database_url, settings.db_timeout_seconds)
    with Session(engine) as session:
        if not reset and session.scalar(select(func.count()).select_from(Customer)):
            return "the database already holds data: nothing imported (--reset restores the seed)"
        users = _users(_rows(directory, "users"), session, settings)
        session.rollback()
        with session.begin():
            for model in (OrderLine, Order, UsedNonce, User, Product, Customer):
                session.execute(delete(model))
            customers = [
                {
                    "id": _legacy_id(r["customer_id"]),
                    "name": r["name"],
                    "name_folded": r["name"].casefold(),
                    "email": _or_none(r["email"]),
                    "status": r["status"].lower(),
                    "credit_limit_cents": _cents(r["credit_limit"]),
                    "balance_cents": _cents(r["balance"]),
                    "street": _or_none(r["street"]),
                    "city": _or_none(r["city"]),
                    "postal_code": _or_none(r["postal_code"]),
                    "country_code": _or_none(r["country_code"]),
                    "created_at": _utc(r["created_at"]),
                }
                for r in _rows(directory, "customers")
            ]
            products = [
                {
                    "sku": r["sku"],
                    "description": _or_none(r["description"]),
                    "unit_price_cents": _cents(r["unit_price_eur"]),
                    "active": r["active"].lower() == "true",
                }
                for r in _rows(directory, "products")
            ]
            orders = [
                {
                    "id": _legacy_id(r["order_id"]),
                    "customer_id": _legacy_id(r["customer_id"]),
                    "order_date": datetime.date.fromisoformat(r["order_date"]),
                    "status": r["status"].lower(),
                    "currency": r["currency"],
                    "notes": _or_none(r["notes"]),
                    "created_at": datetime.datetime.fromisoformat(r["order_date"]),
                    "cancelled_at": _utc(r["cancelled_at"]) if r["cancelled_at"] else None,
                    "cancel_reason": _or_none(r["cancel_reason"]),
                    "idempotency_key": None,
                }
                for r in _rows(directory, "orders")
            ]
            lines = [
                {
                    "order_id": _legacy_id(r["order_id"]),
                    "line_number": int(r["line_number"]),
                    "sku": r["sku"],
                    "description": _or_none(r["description"]),
                    "quantity": int(r["quantity"]),
                    "unit_price_cents": _cents(r["unit_price"]),
                }
                for r in _rows(directory, "order_lines")
            ]
            for model, rows in (
                (Customer, customers),
                (Product, products),
                (User, users),
                (Order, orders),
                (OrderLine, lines),
            ):
                if rows:
                    session.execute(insert(model), rows)
            if engine.dialect.name == "postgresql":
                # New order ids continue after the highest imported one.
                session.execute(
                    text(
                        "SELECT setval(pg_get_serial_sequence('orders', 'id'), "
                        "COALESCE((SELECT MAX(id) FROM orders), 1))"
                    )
                )
    return f"imported {len(customers)} customers, {len(products)} products, {len(orders)} orders, {len(users)} users"
