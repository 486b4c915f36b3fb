"""Replaying exchanges over HTTP against a deployment, from the seed state each time."""

from __future__ import annotations

import dataclasses
import subprocess
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence

import requests

from soap_adapter.contract_test._exchange import Exchange, Step
from soap_adapter.contract_test._matching import Mismatch, match_envelopes
from soap_adapter.contract_test._request import fill_request, substitute


class StepFailed(Exception):
    """An exchange stopped at a step: a Mismatch, or a request that got no answer."""

    def __init__(self, step: Step, url: str, problem: Mismatch | str) -> None:
        where = f"step {step.number} ({step.request.name} -> {step.response.name}, {url})"
        super().__init__(f"{where}: {problem}")
        self.step = step
        self.url = url
        self.problem = problem


@dataclasses.dataclass(frozen=True)
class StepResponse:
    step: Step
    url: str
    status: int
    content: bytes


@dataclasses.dataclass(frozen=True)
class ExchangeResult:
    """What one exchange did: `passed`, `failed` (a difference) or `error` (no comparison)."""

    exchange: Exchange
    outcome: str
    seconds: float
    failure: StepFailed | None = None
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"


def step_url(url: str, path: str | None) -> str:
    """`url` itself, or the step's `path` on `url`'s scheme://host:port."""
    if not path:
        return url
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def post(
    session: requests.Session, url: str, body: bytes, soap: str, action: str, timeout: float
) -> requests.Response:
    """POST one SOAP request as the binding wants its action: SOAPAction (1.1) or action= (1.2)."""
    if soap == "1.1":
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'}
    else:
        headers = {"Content-Type": f'application/soap+xml; charset=utf-8; action="{action}"'}
    return session.post(url, data=body, headers=headers, timeout=timeout)


def replay(
    exchange: Exchange,
    urls: str | Sequence[str],
    *,
    session: requests.Session | None = None,
    timeout: float = 30.0,
    passwords: Mapping[str, str] | None = None,
) -> list[StepResponse]:
    """Run the steps in order; raise StepFailed at the first difference.

    With several URLs (edges of one deployment), step n goes to urls[n % len(urls)]."""
    bases = [urls] if isinstance(urls, str) else list(urls)
    http = session or requests.Session()
    variables: dict[str, str] = {}
    responses: list[StepResponse] = []
    for step in exchange.steps:
        url = step_url(bases[step.number % len(bases)], step.path)
        try:
            request = fill_request(step.request.read_text(encoding="utf-8"), variables, passwords)
            action = substitute(step.action, variables)
        except Mismatch as exc:
            raise StepFailed(step, url, exc) from None
        try:
            answer = post(http, url, request.encode("utf-8"), step.soap, action, timeout)
        except requests.RequestException as exc:
            raise StepFailed(step, url, f"no answer: {exc}") from None
        try:
            match_envelopes(step.response.read_bytes(), answer.content, variables)
            if answer.status_code != step.status:
                raise Mismatch("HTTP status", str(step.status), str(answer.status_code))
        except Mismatch as exc:
            raise StepFailed(step, url, exc) from None
        responses.append(StepResponse(step, url, answer.status_code, answer.content))
    return responses


def reset(command: str) -> str | None:
    """Run the reset command through the shell; None when it worked, else what went wrong."""
    done = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return None
    output = (done.stderr or done.stdout).strip()[-500:]
    return f"reset command exited {done.returncode}: {output}"


def run(
    url: str,
    exchanges: Sequence[Exchange],
    *,
    reset_command: str | None = None,
    timeout: float = 30.0,
    on_result: Callable[[ExchangeResult], None] | None = None,
    passwords: Mapping[str, str] | None = None,
) -> list[ExchangeResult]:
    """Replay every exchange against `url`, resetting before each; one result per exchange."""
    results: list[ExchangeResult] = []
    with requests.Session() as session:
        for exchange in exchanges:
            started = time.monotonic()
            error = reset(reset_command) if reset_command else None
            failure: StepFailed | None = None
            if error is None:
                try:
                    replay(exchange, url, session=session, timeout=timeout, passwords=passwords)
                except StepFailed as exc:
                    if isinstance(exc.problem, Mismatch):
                        failure = exc
                    else:
                        error = str(exc)
            outcome = "error" if error else "failed" if failure else "passed"
            result = ExchangeResult(exchange, outcome, time.monotonic() - started, failure, error)
            results.append(result)
            if on_result is not None:
                on_result(result)
    return results
