"""The JSON the API speaks: snake_case, integer ids, lower-case enums, money with its currency."""

from __future__ import annotations

import datetime
import enum
import re
from typing import Annotated, Any, TypeVar

from fastapi import Path
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from rest_core.problems import MEDIA_TYPE, field_error, validation, validation_from


class CustomerStatus(enum.StrEnum):
    active = "active"
    suspended = "suspended"
    closed = "closed"


class OrderStatus(enum.StrEnum):
    new = "new"
    confirmed = "confirmed"
    scheduled = "scheduled"
    shipped = "shipped"
    cancelled = "cancelled"


class Money(BaseModel):
    amount: str = Field(
        examples=["1250.40"], description="Decimal string, exactly two fraction digits"
    )
    currency: str = Field(examples=["EUR"])

    @classmethod
    def of(cls, cents: int, currency: str = "EUR") -> Money:
        return cls(amount=amount(cents), currency=currency)


def amount(cents: int) -> str:
    """1250.40 for 125040: two fraction digits, always."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def money(cents: int, currency: str = "EUR") -> dict[str, str]:
    """Money as its JSON document (what Money.of(...) serializes to)."""
    return {"amount": amount(cents), "currency": currency}


def timestamp(value: datetime.datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%SZ")


def day(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


class Address(BaseModel):
    street: str
    city: str
    postal_code: str
    country_code: str = Field(examples=["NL"], description="Two characters (ISO 3166-1 alpha-2)")


class Customer(BaseModel):
    id: int
    name: str
    email: str | None
    phone: str | None = Field(examples=["+31104567890"])
    status: CustomerStatus
    credit_limit: Money
    balance: Money
    billing_address: Address | None
    shipping_address: Address | None
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
    client_reference: str | None = Field(
        description="The idempotency key the order was placed with, exactly as sent"
    )
    requested_delivery_date: datetime.date | None
    shipping_address: Address | None


class OrderPage(BaseModel):
    items: list[Order]
    page: int = Field(description="1 when no paging was asked for")
    page_size: int | None = Field(description="null when no paging was asked for: every match")
    total: int = Field(description="Every match, not only this page")


def _without_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


# Text from a client: anything but NUL, which no database column can hold.
Text = Annotated[str, AfterValidator(_without_nul)]
MAX_ID = 2**31 - 1  # ids are 32-bit integers in the database
CustomerId = Annotated[int, Path(le=MAX_ID)]
OrderId = Annotated[int, Path(le=MAX_ID)]


def _xml_text(value: str) -> str:
    if NOT_XML.search(value):
        raise ValueError("must hold only characters XML can carry")
    return value


# XML 1.0's Char production: everything but these (TAB, LF and CR are allowed).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Text every client, SOAP ones included, can carry: NUL, other C0 controls and lone surrogates
# are refused (`invalid_type`), CR, LF, TAB and any other Unicode are kept exactly.
XmlText = Annotated[str, AfterValidator(_xml_text)]


class NewAddress(BaseModel):
    """An address as a client sends it (Address is how it is shown)."""

    model_config = ConfigDict(extra="forbid")

    street: XmlText
    city: XmlText
    postal_code: XmlText
    country_code: XmlText = Field(min_length=2, max_length=2, examples=["NL"])

    def columns(self, prefix: str) -> dict[str, str]:
        """The four values as the columns `prefix`street ... `prefix`country_code."""
        return {f"{prefix}{name}": value for name, value in self.model_dump().items()}


class NewOrderLine(BaseModel):
    sku: Text
    quantity: int


MAX_CLIENT_REFERENCE = 200


class NewOrder(BaseModel):
    model_config = ConfigDict(extra="forbid")

    currency: Text = Field(examples=["EUR"])
    lines: list[NewOrderLine]
    notes: Text | None = None
    client_reference: XmlText | None = Field(
        None,
        description="The idempotency key, per customer: a repeat returns the first order. At "
        f"most {MAX_CLIENT_REFERENCE} characters, kept exactly (CR, LF, TAB, any Unicode); "
        "an empty string counts as none",
        examples=["PO-2026-0042"],
    )
    requested_delivery_date: datetime.date | None = Field(
        None, description="After today (UTC); 31 days or more after it makes the order scheduled"
    )
    shipping_address: NewAddress | None = None


def _not_nullable(schema: dict[str, Any]) -> None:
    """A member that may be left out but not be null: its JSON schema without the null."""
    choices = schema.pop("anyOf", [])
    schema.update(next((c for c in choices if c.get("type") != "null"), {}))
    schema.pop("default", None)


class ContactUpdate(BaseModel):
    """PATCH body of a customer: what is given replaces, what is left out stays; null is
    refused (nothing can be removed)."""

    model_config = ConfigDict(extra="forbid")

    email: XmlText | None = Field(
        None,
        description="Must hold `@`; null is refused",
        examples=["purchasing@acme.example"],
        json_schema_extra=_not_nullable,
    )
    phone: XmlText | None = Field(
        None,
        description="`+` and 7 to 15 digits; null is refused",
        examples=["+31104567890"],
        json_schema_extra=_not_nullable,
    )
    shipping_address: NewAddress | None = Field(
        None, description="null is refused", json_schema_extra=_not_nullable
    )


class Cancellation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Text


class ReplicaLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: Text
    quantity: int = Field(ge=1)
    unit_price: Money | None = Field(
        None, description="The price the other system charged; the catalogue's when left out"
    )


class OrderReplica(BaseModel):
    """An order another system of record already placed, to be kept here as it is: its id,
    amounts and time are the other system's; no business rule is checked again."""

    model_config = ConfigDict(extra="forbid")

    customer_id: int = Field(ge=1, le=MAX_ID)
    status: OrderStatus
    currency: Text = Field(examples=["EUR"])
    lines: list[ReplicaLine] = Field(min_length=1)
    total: Money = Field(description="Must equal the sum of the lines")
    created_at: datetime.datetime = Field(
        examples=["2026-11-27T10:15:00Z"], description="UTC; the order date is its date"
    )
    notes: Text | None = None
    client_reference: XmlText | None = Field(None, max_length=MAX_CLIENT_REFERENCE)
    requested_delivery_date: datetime.date | None = None
    shipping_address: NewAddress | None = None


class CancellationReplica(BaseModel):
    """A cancellation another system of record already made, with its time."""

    model_config = ConfigDict(extra="forbid")

    reason: Text
    cancelled_at: datetime.datetime = Field(examples=["2026-11-27T10:20:00Z"], description="UTC")


class FieldError(BaseModel):
    field: str = Field(examples=["lines[0].quantity"])
    code: str = Field(
        examples=["out_of_range"],
        description="out_of_range, unsupported, unknown_sku, invalid_range, required, "
        "invalid_type, invalid, too_long, not_in_future, conflict",
    )
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details. `type` is https://problems.orders.example.com/<name>; the
    members after `detail` appear only on the types that have them (docs/rest-api.md)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=["https://problems.orders.example.com/customer-not-found"])
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = Field(None, description="validation-error")
    customer_id: int | None = Field(
        None, description="customer-not-found, customer-not-active, credit-limit-exceeded"
    )
    order_id: int | None = Field(
        None, description="order-not-found, order-already-shipped, order-already-cancelled"
    )
    sku: str | None = Field(None, description="product-not-found")
    customer_status: CustomerStatus | None = Field(None, description="customer-not-active")
    order_total: Money | None = Field(None, description="credit-limit-exceeded")
    available_credit: Money | None = Field(None, description="credit-limit-exceeded")
    operation: str | None = Field(
        None, description="forbidden: what was refused", examples=["create_order"]
    )


# Models the OpenAPI document refers to by hand (request bodies read after authentication,
# problem responses): app.py adds them to its components.
DOCUMENTED_MODELS: tuple[type[BaseModel], ...] = (
    NewOrder,
    OrderReplica,
    CancellationReplica,
    Cancellation,
    ContactUpdate,
    NewAddress,
    Problem,
)

_PROBLEM_STATUSES = {
    401: "Missing or bad credentials, or a disabled account (unauthorized)",
    403: "The caller's role may not do this (forbidden)",
    404: "Not found",
    409: "A business rule refused the request",
    422: "The request is not valid (validation-error)",
    500: "Unexpected error (internal-error)",
    503: "The database is down or too slow (service-unavailable)",
}


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def problem_types(*names: str) -> dict[str, Any]:
    """`openapi_extra` naming the problem types an endpoint's rules answer with, so a client
    (or the SOAP edge's mapping check) knows every one it has to handle. Not listed: the ones
    every endpoint may answer with (unauthorized, forbidden, service-unavailable,
    internal-error, and validation-error for a malformed id or body)."""
    return {"x-problem-types": list(names)}


def request_body(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` describing a JSON body that the endpoint parses itself (`parse_body`)."""
    return {
        "requestBody": {"required": True, "content": {"application/json": {"schema": _ref(model)}}}
    }


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the problem statuses an endpoint can answer with (401, 500 and
    503 always), as application/problem+json documents."""
    return {
        status: {
            "description": _PROBLEM_STATUSES[status],
            "content": {MEDIA_TYPE: {"schema": _ref(Problem)}},
        }
        for status in sorted({401, *statuses, 500, 503})
    }


M = TypeVar("M", bound=BaseModel)


def parse_body(model: type[M], body: bytes) -> M:
    """The JSON body as `model`, or a validation-error problem (malformed JSON included)."""
    if not body.strip():
        raise validation([field_error("body", "required", "A JSON body is required.")])
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise validation_from(exc.errors()) from None
