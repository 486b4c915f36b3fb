"""The product catalogue."""

from fastapi import APIRouter
from sqlalchemy import select

from rest_core import schemas
from rest_core.dependencies import DB
from rest_core.models import Product
from rest_core.problems import ProblemError
from rest_core.security import CurrentCaller

router = APIRouter(prefix="/v1/products", tags=["products"])


def _render(product: Product) -> schemas.Product:
    return schemas.Product(
        sku=product.sku,
        description=product.description,
        unit_price=schemas.Money.of(product.unit_price_cents),
        active=product.active,
    )


@router.get("", response_model=schemas.ProductList, responses=schemas.problem_responses())
def list_products(session: DB, _: CurrentCaller) -> schemas.ProductList:
    return schemas.ProductList(
        items=[_render(p) for p in session.scalars(select(Product).order_by(Product.sku))]
    )


@router.get(
    "/{sku}",
    response_model=schemas.Product,
    responses=schemas.problem_responses(404, 422),
    openapi_extra=schemas.problem_types("product-not-found"),
)
def get_product(sku: schemas.Text, session: DB, _: CurrentCaller) -> schemas.Product:
    product = session.get(Product, sku)
    if product is None:
        raise ProblemError("product-not-found", f"Product {sku} was not found.", sku=sku)
    return _render(product)
