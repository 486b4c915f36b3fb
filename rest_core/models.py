"""The database schema as SQLAlchemy 2 models; money in integer cents, times in UTC."""

from __future__ import annotations

import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ROLES = ("reader", "operator")  # reader: every GET; operator: everything


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(String(200), index=True)  # casefolded, for search
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20))
    credit_limit_cents: Mapped[int] = mapped_column(BigInteger)
    balance_cents: Mapped[int] = mapped_column(BigInteger)
    street: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    country_code: Mapped[str | None] = mapped_column(String(2))
    # The shipping address, all four set or none (street NULL: none).
    shipping_street: Mapped[str | None] = mapped_column(Text)
    shipping_city: Mapped[str | None] = mapped_column(Text)
    shipping_postal_code: Mapped[str | None] = mapped_column(Text)
    shipping_country_code: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime)


class Product(Base):
    __tablename__ = "products"

    sku: Mapped[str] = mapped_column(String(64), primary_key=True)
    description: Mapped[str | None] = mapped_column(String(500))
    unit_price_cents: Mapped[int] = mapped_column(BigInteger)
    active: Mapped[bool] = mapped_column(Boolean)


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        # The idempotency key: one order per customer and client reference, compared exactly.
        UniqueConstraint("customer_id", "client_reference", name="uq_orders_customer_key"),
        Index("ix_orders_customer_date", "customer_id", "order_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    order_date: Mapped[datetime.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str] = mapped_column(String(3))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime)
    cancelled_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    client_reference: Mapped[str | None] = mapped_column(String(200))
    requested_delivery_date: Mapped[datetime.date | None] = mapped_column(Date)
    # The shipping address, all four set or none (street NULL: none).
    shipping_street: Mapped[str | None] = mapped_column(Text)
    shipping_city: Mapped[str | None] = mapped_column(Text)
    shipping_postal_code: Mapped[str | None] = mapped_column(Text)
    shipping_country_code: Mapped[str | None] = mapped_column(String(2))
    lines: Mapped[list[OrderLine]] = relationship(
        order_by="OrderLine.line_number", lazy="selectin", cascade="all, delete-orphan"
    )


class OrderLine(Base):
    __tablename__ = "order_lines"

    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), primary_key=True)
    line_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(String(500))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_cents: Mapped[int] = mapped_column(BigInteger)


class User(Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))  # one of ROLES
    enabled: Mapped[bool] = mapped_column(Boolean)
    password_hash: Mapped[str] = mapped_column(String(200))  # Argon2id
    secret_encrypted: Mapped[str] = mapped_column(Text)  # Fernet, for PasswordDigest


class UsedNonce(Base):
    """WSSE nonces seen within the freshness window; the primary key refuses a replay."""

    __tablename__ = "used_nonces"

    nonce: Mapped[str] = mapped_column(String(200), primary_key=True)
    seen_at: Mapped[datetime.datetime] = mapped_column(DateTime, index=True)
    # The attempt that used it (X-Attempt-ID) and sha256 of its request: the same attempt may
    # be repeated after a failure (rest_core/security.py), nothing else may use the nonce.
    attempt: Mapped[str | None] = mapped_column(String(64))
    request: Mapped[str | None] = mapped_column(String(64))
