"""Customers: read one, search with filters and pages, update the contact."""

from __future__ import annotations

import functools
import re
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from rest_core import schemas
from rest_core.db import Query
from rest_core.models import Customer
from rest_core.problems import ProblemError, field_error, validation
from rest_core.settings import Settings

MAX_PAGE_SIZE = 100
MAX_EMAIL = 320  # the column's size
PHONE = re.compile(r"\+[0-9]{7,15}")


def address(row: Any, prefix: str = "") -> dict[str, str] | None:
    """The address in the columns `prefix`street ... `prefix`country_code (schemas.Address);
    none when the street is NULL."""
    street = getattr(row, f"{prefix}street")
    if street is None:
        return None
    return {
        "street": street,
        "city": getattr(row, f"{prefix}city") or "",
        "postal_code": getattr(row, f"{prefix}postal_code") or "",
        "country_code": getattr(row, f"{prefix}country_code") or "",
    }


def document(customer: Any) -> dict[str, Any]:
    """The customer's JSON document (schemas.Customer) from its row: an ORM Customer or a Core
    row of the customers table."""
    return {
        "id": customer.id,
        "name": customer.name,
        "email": customer.email,
        "phone": customer.phone,
        "status": schemas.CustomerStatus(customer.status).value,  # another is a 500
        "credit_limit": schemas.money(customer.credit_limit_cents),
        "balance": schemas.money(customer.balance_cents),
        "billing_address": address(customer),
        "shipping_address": address(customer, "shipping_"),
        "created_at": schemas.timestamp(customer.created_at) or "",
    }


_CUSTOMERS = Customer.__table__
_ONE = Query(select(_CUSTOMERS).where(_CUSTOMERS.c.id == bindparam("customer_id")))


def _not_found(customer_id: int) -> ProblemError:
    return ProblemError(
        "customer-not-found", f"Customer {customer_id} was not found.", customer_id=customer_id
    )


async def read(settings: Settings, customer_id: int) -> dict[str, Any]:
    """The customer's document, read with one SELECT (no ORM)."""
    rows = await _ONE.fetch(settings, customer_id=customer_id)
    if not rows:
        raise _not_found(customer_id)
    return document(rows[0])


def get(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise _not_found(customer_id)
    return customer


@functools.cache
def _matching(by_name: bool, by_status: bool) -> tuple[Query, Query]:
    """The statements of a search with these filters, built once: one page of the matches with
    how many match in total (a window count, computed before LIMIT: one statement, one
    snapshot), and the count alone, for a page past the last one."""
    where = []
    if by_name:  # the value comes escaped for ESCAPE '/' (`_like_pattern`)
        where.append(_CUSTOMERS.c.name_folded.contains(bindparam("name"), escape="/"))
    if by_status:
        where.append(_CUSTOMERS.c.status == bindparam("status"))
    page = (
        select(_CUSTOMERS, func.count().over().label("total"))
        .where(*where)
        .order_by(_CUSTOMERS.c.id)
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
    )
    return Query(page), Query(
        select(func.count().label("total")).select_from(_CUSTOMERS).where(*where)
    )


def _like_pattern(text: str) -> str:
    """`text` to be found as it is by LIKE ... ESCAPE '/' (what autoescape=True does)."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


# Beyond this an OFFSET overflows the databases' integers; no page there has rows anyway.
MAX_OFFSET = 2**62


async def search(
    settings: Settings,
    *,
    name_contains: str | None,
    status: schemas.CustomerStatus | None,
    page: int,
    page_size: int,
) -> dict[str, Any]:
    """One page of the customers matching every filter, ordered by id, and how many match
    (schemas.CustomerPage), without the ORM."""
    errors = []
    if page < 1:
        errors.append(field_error("page", "out_of_range", "page must be 1 or more."))
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        errors.append(
            field_error(
                "page_size", "out_of_range", f"page_size must be between 1 and {MAX_PAGE_SIZE}."
            )
        )
    if errors:
        raise validation(errors)
    params: dict[str, Any] = {}
    if name_contains:
        params["name"] = _like_pattern(name_contains.casefold())
    if status is not None:
        params["status"] = status.value
    page_query, count_query = _matching("name" in params, "status" in params)
    offset = (page - 1) * page_size
    rows = []
    if offset < MAX_OFFSET:
        rows = await page_query.fetch(settings, offset=offset, limit=page_size, **params)
    # No match, or past the end (however far): an empty page, and the count alone.
    total = rows[0].total if rows else (await count_query.fetch(settings, **params))[0].total
    return {
        "items": [document(c) for c in rows],
        "page": page,
        "page_size": page_size,
        "total": total,
    }


def update_contact(session: Session, customer_id: int, body: bytes) -> Customer:
    """Replace what the body gives of email, phone and shipping address, in one transaction;
    the rules in the documented order (docs/rest-api.md)."""
    with session.begin():
        customer = session.scalars(
            select(Customer).where(Customer.id == customer_id).with_for_update()
        ).first()
        if customer is None:
            raise _not_found(customer_id)
        update = schemas.parse_body(schemas.ContactUpdate, body)
        given = update.model_fields_set
        errors = []
        if not given:
            errors.append(
                field_error("email", "required", "email, phone or shipping_address must be given.")
            )
        if "email" in given:
            if update.email is None or "@" not in update.email:
                errors.append(field_error("email", "invalid", "email is not valid."))
            elif len(update.email) > MAX_EMAIL:
                errors.append(
                    field_error(
                        "email", "too_long", f"email must be at most {MAX_EMAIL} characters."
                    )
                )
        if "phone" in given and (update.phone is None or not PHONE.fullmatch(update.phone)):
            errors.append(field_error("phone", "invalid", "phone must be + and 7 to 15 digits."))
        if "shipping_address" in given and update.shipping_address is None:
            errors.append(
                field_error("shipping_address", "invalid", "shipping_address cannot be removed.")
            )
        if errors:
            raise validation(errors)
        if update.email is not None:
            customer.email = update.email
        if update.phone is not None:
            customer.phone = update.phone
        if update.shipping_address is not None:
            for column, value in update.shipping_address.columns("shipping_").items():
                setattr(customer, column, value)
    return customer
