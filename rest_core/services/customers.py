"""Reading customers: one by id, or a filtered page ordered by id."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rest_core import schemas
from rest_core.models import Customer
from rest_core.problems import ProblemError, field_error, validation

MAX_PAGE_SIZE = 100


def render(customer: Customer) -> schemas.Customer:
    address = None
    if customer.street is not None:
        address = schemas.Address(
            street=customer.street,
            city=customer.city or "",
            postal_code=customer.postal_code or "",
            country_code=customer.country_code or "",
        )
    return schemas.Customer(
        id=customer.id,
        name=customer.name,
        email=customer.email,
        status=schemas.CustomerStatus(customer.status),
        credit_limit=schemas.Money.of(customer.credit_limit_cents),
        balance=schemas.Money.of(customer.balance_cents),
        billing_address=address,
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
