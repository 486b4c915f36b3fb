"""The JSON the API speaks: snake_case, integer ids, lower-case enums, money with its currency."""

from __future__ import annotations

import datetime
import enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class CustomerStatus(enum.StrEnum):
    active = "active"
    suspended = "suspended"
    closed = "closed"


class OrderStatus(enum.StrEnum):
    new = "new"
    confirmed = "confirmed"
    shipped = "shipped"
    cancelled = "cancelled"


class Money(BaseModel):
    amount: str = Field(
        examples=["1250.40"], description="Decimal string, exactly two fraction digits"
    )
    currency: str = Field(examples=["EUR"])

    @classmethod
    def of(cls, cents: int, currency: str = "EUR") -> Money:
        sign = "-" if cents < 0 else ""
        return cls(amount=f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}", currency=currency)


def timestamp(value: datetime.datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%SZ")


class Address(BaseModel):
    street: str
    city: str
    postal_code: str
    country_code: str


class Customer(BaseModel):
    id: int
    name: str
    email: str | None
    status: CustomerStatus
    credit_limit: Money
    balance: Money
    billing_address: Address | None
    created_at: str = Field(examples=["2009-04-17T09:30:00Z"])


class CustomerPage(BaseModel):
    items: list[Customer]
    page: int
    page_size: int
    total: int


class Product(BaseModel):
    sku: str
    description: str | None
    unit_price: Money
    active: bool


class ProductList(BaseModel):
    items: list[Product]


class OrderLine(BaseModel):
    line_number: int
    sku: str
    description: str | None
    quantity: int
    unit_price: Money
    line_total: Money


class Order(BaseModel):
    id: int
    customer_id: int
    order_date: datetime.date
    status: OrderStatus
    currency: str
    lines: list[OrderLine]
    total: Money
    notes: str | None
    created_at: str
    cancelled_at: str | None
    cancel_reason: str | None


class OrderList(BaseModel):
    items: list[Order]


class NewOrderLine(BaseModel):
    sku: str
    quantity: int


class NewOrder(BaseModel):
    model_config = ConfigDict(extra="forbid")

    currency: str = Field(examples=["EUR"])
    lines: list[NewOrderLine]
    notes: str | None = None


class Cancellation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str


class FieldError(BaseModel):
    field: str = Field(examples=["lines[0].quantity"])
    code: str = Field(examples=["out_of_range"])
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details; types add their own members (see docs/rest-api.md)."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


def problem_types(*names: str) -> dict[str, Any]:
    """`openapi_extra` naming the problem types an endpoint's rules answer with, so a client
    (or the SOAP edge's mapping check) knows every one it has to handle."""
    return {"x-problem-types": list(names)}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the problem statuses an endpoint can answer with."""
    described = {
        401: "Missing or bad credentials",
        403: "Role not allowed",
        404: "Not found",
        409: "A business rule refused the request",
        422: "Validation failed",
        503: "Service unavailable",
    }
    return {
        status: {
            "model": Problem,
            "description": described[status],
            "content": {"application/problem+json": {}},
        }
        for status in (401, *statuses, 503)
    }
