"""JSON answers serialized once, with orjson, from the documents the services build."""

# An endpoint that returns a model has FastAPI validate it against the response model again and
# then serialize it; the services build the JSON document (a dict in the model's field order)
# and the endpoint answers with it as it is. The endpoint still declares its `response_model`,
# for the OpenAPI document; tests/rest_core/test_documents.py holds every document to its model.

from __future__ import annotations

import json
from typing import Any

import orjson
from starlette.responses import Response


class JsonDocument(Response):
    """An application/json answer of a document (dicts, lists, str, int, bool, None)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        try:
            return orjson.dumps(content)
        except orjson.JSONEncodeError:  # an integer beyond 64 bits (a page number as asked)
            return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
