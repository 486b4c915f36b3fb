"""The OpenAPI document alone tells a client every endpoint, body, answer and problem."""

from __future__ import annotations

import base64
import collections
import re
from typing import Any

import pytest
import requests

from tests.rest_core._core import OPERATOR, Core, wsse

# (method, path): (success status, problem statuses, x-problem-types)
ENDPOINTS = {
    ("get", "/health"): ("200", {"503"}, set()),
    ("get", "/v1/customers/{customer_id}"): (
        "200",
        {"401", "404", "422", "500", "503"},
        {"customer-not-found"},
    ),
    ("get", "/v1/customers"): ("200", {"401", "422", "500", "503"}, {"validation-error"}),
    ("get", "/v1/products"): ("200", {"401", "500", "503"}, set()),
    ("get", "/v1/products/{sku}"): (
        "200",
        {"401", "404", "422", "500", "503"},
        {"product-not-found"},
    ),
    ("post", "/v1/customers/{customer_id}/orders"): (
        "201",
        {"401", "403", "404", "409", "422", "500", "503"},
        {"customer-not-found", "validation-error", "customer-not-active", "credit-limit-exceeded"},
    ),
    ("get", "/v1/customers/{customer_id}/orders"): (
        "200",
        {"401", "404", "422", "500", "503"},
        {"customer-not-found", "validation-error"},
    ),
    ("get", "/v1/orders/{order_id}"): (
        "200",
        {"401", "404", "422", "500", "503"},
        {"order-not-found"},
    ),
    ("post", "/v1/orders/{order_id}/cancel"): (
        "200",
        {"401", "403", "404", "409", "422", "500", "503"},
        {"order-not-found", "order-already-shipped", "order-already-cancelled"},
    ),
    ("patch", "/v1/customers/{customer_id}"): (
        "200",
        {"401", "403", "404", "422", "500", "503"},
        {"customer-not-found", "validation-error"},
    ),
    ("put", "/v1/orders/{order_id}/shipping-address"): (
        "200",
        {"401", "403", "404", "409", "422", "500", "503"},
        {
            "order-not-found",
            "validation-error",
            "order-already-shipped",
            "order-already-cancelled",
        },
    ),
    ("put", "/v1/orders/{order_id}"): (
        "201",
        {"401", "403", "404", "409", "422", "500", "503"},
        {"customer-not-found", "validation-error", "order-exists"},
    ),
    ("put", "/v1/orders/{order_id}/cancellation"): (
        "200",
        {"401", "403", "404", "409", "422", "500", "503"},
        {
            "order-not-found",
            "validation-error",
            "order-already-shipped",
            "order-already-cancelled",
        },
    ),
}


@pytest.fixture(scope="module")
def document(core: Core) -> dict[str, Any]:
    response = requests.get(core.url + "/openapi.json", timeout=30)  # no credentials needed
    assert response.status_code == 200
    return dict(response.json())


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    return dict(document["components"]["schemas"][ref.rsplit("/", 1)[1]])


def test_every_endpoint_is_described(document: dict[str, Any]) -> None:
    described = {
        (method, path) for path, operations in document["paths"].items() for method in operations
    }
    assert described == set(ENDPOINTS)


def test_success_answers_have_schemas(document: dict[str, Any]) -> None:
    for (method, path), (status, _, _) in ENDPOINTS.items():
        response = document["paths"][path][method]["responses"][status]
        schema = resolve(document, response["content"]["application/json"]["schema"])
        assert schema.get("properties") or schema.get("type"), (method, path)
    order = resolve(document, {"$ref": "#/components/schemas/Order"})
    assert {"id", "lines", "total", "cancelled_at"} <= set(order["properties"])
    money = resolve(document, {"$ref": "#/components/schemas/Money"})
    assert set(money["properties"]) == {"amount", "currency"}


def test_problem_answers_are_problem_documents(document: dict[str, Any]) -> None:
    for (method, path), (_, expected, _) in ENDPOINTS.items():
        responses = document["paths"][path][method]["responses"]
        errors = {code for code in responses if code[0] in "45"}
        assert errors == expected, (method, path)
        for code in errors:
            content = responses[code]["content"]
            assert list(content) == ["application/problem+json"], (method, path, code)
            assert content["application/problem+json"]["schema"] == {
                "$ref": "#/components/schemas/Problem"
            }
    problem = resolve(document, {"$ref": "#/components/schemas/Problem"})
    assert {"type", "title", "status", "detail", "errors", "operation"} <= set(
        problem["properties"]
    )
    assert {"order_total", "available_credit", "customer_status"} <= set(problem["properties"])


def test_each_endpoint_names_its_problem_types(document: dict[str, Any]) -> None:
    for (method, path), (_, _, problem_types) in ENDPOINTS.items():
        operation = document["paths"][path][method]
        assert set(operation.get("x-problem-types", [])) == problem_types, (method, path)


def test_request_bodies_and_parameters(document: dict[str, Any]) -> None:
    place = document["paths"]["/v1/customers/{customer_id}/orders"]["post"]
    body = resolve(document, place["requestBody"]["content"]["application/json"]["schema"])
    assert set(body["properties"]) == {
        "currency",
        "lines",
        "notes",
        "client_reference",
        "requested_delivery_date",
        "shipping_address",
    }
    assert body["properties"]["requested_delivery_date"]["anyOf"][0] == {
        "type": "string",
        "format": "date",
    }
    line = resolve(document, body["properties"]["lines"]["items"])
    assert set(line["properties"]) == {"sku", "quantity"}
    assert {(p["in"], p["name"]) for p in place["parameters"]} == {
        ("path", "customer_id"),
        ("header", "Idempotency-Key"),
    }
    assert {"200", "201"} <= set(place["responses"])
    cancel = document["paths"]["/v1/orders/{order_id}/cancel"]["post"]
    reason = resolve(document, cancel["requestBody"]["content"]["application/json"]["schema"])
    assert set(reason["properties"]) == {"reason"}
    search = document["paths"]["/v1/customers"]["get"]
    assert {p["name"] for p in search["parameters"]} == {
        "name_contains",
        "status",
        "page",
        "page_size",
    }
    listing = document["paths"]["/v1/customers/{customer_id}/orders"]["get"]
    assert {p["name"] for p in listing["parameters"]} == {
        "customer_id",
        "from_date",
        "to_date",
        "status",
        "page",
        "page_size",
    }
    status = next(p for p in listing["parameters"] if p["name"] == "status")
    assert status["schema"]["anyOf"][0]["type"] == "array"  # repeatable
    page = resolve(document, listing["responses"]["200"]["content"]["application/json"]["schema"])
    assert set(page["properties"]) == {"items", "page", "page_size", "total"}
    contact = document["paths"]["/v1/customers/{customer_id}"]["patch"]
    update = resolve(document, contact["requestBody"]["content"]["application/json"]["schema"])
    assert set(update["properties"]) == {"email", "phone", "shipping_address"}
    assert update["properties"]["phone"]["type"] == "string"  # null is refused: not nullable
    assert "required" not in update
    shipping = document["paths"]["/v1/orders/{order_id}/shipping-address"]["put"]
    address = resolve(document, shipping["requestBody"]["content"]["application/json"]["schema"])
    assert set(address["properties"]) == {"street", "city", "postal_code", "country_code"}
    order = resolve(document, {"$ref": "#/components/schemas/Order"})
    assert {"client_reference", "requested_delivery_date", "shipping_address"} <= set(
        order["properties"]
    )
    assert "scheduled" in resolve(document, {"$ref": "#/components/schemas/OrderStatus"})["enum"]
    customer = resolve(document, {"$ref": "#/components/schemas/Customer"})
    assert {"phone", "shipping_address"} <= set(customer["properties"])


# Values for the path parameters: seed rows, or (writes) ids that do not exist, so that a call
# that got past authentication answers 404 and changes nothing.
PATH_VALUES = {"customer_id": "101", "sku": "PAP-A4-500", "order_id": "4711"}
WRITE_PATH_VALUES = {"customer_id": "999999", "order_id": "999999"}


def credentials_as_swagger_ui_sends_them(
    document: dict[str, Any], requirement: dict[str, list[str]], user: tuple[str, str]
) -> dict[str, str]:
    """The headers a client that reads only the document sends for one security requirement
    (what Swagger UI does after "Authorize"): HTTP schemes in Authorization, apiKey schemes in
    the header they name, each with the value a user would enter for it."""
    digest = wsse(*user)  # what the user computes and pastes for the WSSE apiKey schemes
    headers = {}
    for name in requirement:
        scheme = document["components"]["securitySchemes"][name]
        if scheme["type"] == "http":
            assert scheme["scheme"] == "basic"
            token = base64.b64encode(":".join(user).encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        else:
            assert (scheme["type"], scheme["in"]) == ("apiKey", "header")
            headers[scheme["name"]] = digest[scheme["name"]]
    return headers


def test_security_schemes_are_declared(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["basic"] == {"type": "http", "scheme": "basic", "description": ANY_TEXT}
    assert (schemes["wsse"]["type"], schemes["wsse"]["in"], schemes["wsse"]["name"]) == (
        "apiKey",
        "header",
        "X-WSSE",
    )
    assert "PasswordDigest" in schemes["wsse"]["description"]
    assert schemes["wsseProfile"]["name"] == "Authorization"
    assert 'WSSE profile="UsernameToken"' in schemes["wsseProfile"]["description"]
    for (method, path), _ in ENDPOINTS.items():
        security = document["paths"][path][method].get("security")
        if path == "/health":
            assert security is None
        else:
            assert security == [{"basic": []}, {"wsse": [], "wsseProfile": []}], (method, path)


def test_every_operation_can_be_called_with_each_declared_scheme(
    core: Core, document: dict[str, Any]
) -> None:
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            values = collections.defaultdict(lambda: "1", PATH_VALUES)
            if method != "get":
                values.update(WRITE_PATH_VALUES)
            url = core.url + path.format_map(values)
            body: dict[str, Any] | None = None if method == "get" else {}
            anonymous = requests.request(method, url, json=body, timeout=30)
            requirements = operation.get("security", [])
            assert (anonymous.status_code == 401) == bool(requirements), (method, path)
            for requirement in requirements:
                headers = credentials_as_swagger_ui_sends_them(document, requirement, OPERATOR)
                response = requests.request(method, url, json=body, headers=headers, timeout=30)
                assert response.status_code not in (401, 403), (method, path, requirement)
                assert str(response.status_code) in operation["responses"], (method, path)
                if (method, path) in ENDPOINTS and method == "get":
                    assert response.status_code == 200, (method, path, requirement)


def test_docs_pages_load_only_local_assets(core: Core) -> None:
    for page, marker in (("/docs", "SwaggerUIBundle"), ("/redoc", "<redoc")):
        response = requests.get(core.url + page, timeout=30)
        assert response.status_code == 200
        assert marker in response.text
        assert "'/openapi.json'" in response.text or '"/openapi.json"' in response.text
        urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", response.text)
        assert urls, page
        for url in urls:
            assert url.startswith("/") and not url.startswith("//"), (page, url)
            asset = requests.get(core.url + url, timeout=30)
            assert asset.status_code == 200, url
            assert len(asset.content) > 1000, url
        assert "http://" not in response.text.replace(core.url, "")
        assert "https://" not in response.text
    script = requests.get(core.url + "/docs/assets/swagger-ui-bundle.js", timeout=30)
    assert script.headers["Content-Type"].startswith("text/javascript")
    assert "SwaggerUIBundle" in script.text
    css = requests.get(core.url + "/docs/assets/swagger-ui.css", timeout=30)
    assert css.headers["Content-Type"].startswith("text/css")
    assert ".swagger-ui" in css.text


class _AnyText:
    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and bool(other)


ANY_TEXT = _AnyText()
