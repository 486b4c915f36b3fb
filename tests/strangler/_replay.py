"""Running an exchange's steps against one endpoint and keeping what came back."""

from __future__ import annotations

import dataclasses
import re

import requests

from soap_adapter import contract_test
from tests.strangler._legacy import Step

_DATETIME = re.compile(rb">(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)<")


@dataclasses.dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes


def post(url: str, body: bytes, version: str, action: str) -> requests.Response:
    if version == "1.1":
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'}
    else:
        headers = {"Content-Type": f'application/soap+xml; charset=utf-8; action="{action}"'}
    return requests.post(url, data=body, headers=headers, timeout=30)


def run(url: str, steps: list[Step]) -> tuple[list[Answer], dict[str, str]]:
    """Post each step in order, filling `{{name}}` from what earlier published answers name."""
    variables: dict[str, str] = {}
    answers = []
    for step in steps:
        request = contract_test.substitute(step.request, variables)
        response = post(url, request.encode(), step.soap, step.action)
        answers.append(
            Answer(response.status_code, response.headers.get("Content-Type", ""), response.content)
        )
        if b"{{=" in step.response:  # only success answers name values; learn them
            contract_test.match_envelopes(step.response, response.content, variables)
    return answers, variables


def volatile(answer: bytes) -> bytes:
    """An answer as an expected one: timestamps the service stamps at the call match any time."""
    return _DATETIME.sub(rb">{{re:\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z}}<", answer)
