"""Customers: read one, search with filters and pages, update the contact."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rest_core import schemas
from rest_core.models import Customer
from rest_core.problems import ProblemError, field_error, validation

MAX_PAGE_SIZE = 100
MAX_EMAIL = 320  # the column's size
PHONE = re.compile(r"\+[0-9]{7,15}")


def address(row: Any, prefix: str = "") -> schemas.Address | None:
    """The address in the columns `prefix`street ... `prefix`country_code; none when the
    street is NULL."""
    street = getattr(row, f"{prefix}street")
    if street is None:
        return None
    return schemas.Address(
        street=street,
        city=getattr(row, f"{prefix}city") or "",
        postal_code=getattr(row, f"{prefix}postal_code") or "",
        country_code=getattr(row, f"{prefix}country_code") or "",
    )


def render(customer: Customer) -> schemas.Customer:
    return schemas.Customer(
        id=customer.id,
        name=customer.name,
        email=customer.email,
        phone=customer.phone,
        status=schemas.CustomerStatus(customer.status),
        credit_limit=schemas.Money.of(customer.credit_limit_cents),
        balance=schemas.Money.of(customer.balance_cents),
        billing_address=address(customer),
        shipping_address=address(customer, "shipping_"),
        created_at=schemas.timestamp(customer.created_at) or "",
    )


def get(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise ProblemError(
            "customer-not-found", f"Customer {customer_id} was not found.", customer_id=customer_id
        )
    return customer


def search(
    session: Session,
    *,
    name_contains: str | None,
    status: schemas.CustomerStatus | None,
    page: int,
    page_size: int,
) -> schemas.CustomerPage:
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
    query = select(Customer)
    if name_contains:
        query = query.where(
            Customer.name_folded.contains(name_contains.casefold(), autoescape=True)
        )
    if status is not None:
        query = query.where(Customer.status == status.value)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    offset = (page - 1) * page_size
    rows: list[Customer] = []  # past the end (however far; no offset overflows): empty page
    if offset < total:
        rows = list(session.scalars(query.order_by(Customer.id).offset(offset).limit(page_size)))
    return schemas.CustomerPage(
        items=[render(c) for c in rows], page=page, page_size=page_size, total=total
    )


def update_contact(session: Session, customer_id: int, body: bytes) -> Customer:
    """Replace what the body gives of email, phone and shipping address, in one transaction;
    the rules in the documented order (docs/rest-api.md)."""
    with session.begin():
        customer = session.scalars(
            select(Customer).where(Customer.id == customer_id).with_for_update()
        ).first()
        if customer is None:
            raise ProblemError(
                "customer-not-found",
                f"Customer {customer_id} was not found.",
                customer_id=customer_id,
            )
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
