"""Captured exchanges replayed against a deployment, with the exchange format's matching rules.

The engine of `soap-adapter contract-test` and of the project's own exchange tests:

    exchanges = find_exchanges(["contract_fixtures/exchanges"])
    results = run("http://edge:8000/OrderService.asmx", exchanges, reset_command="...")
    print(summary(results)); write_junit(pathlib.Path("contract.xml"), results, url)

Errors: `ExchangeFormatError` (a folder that holds no readable exchange), `StepFailed` (an
exchange stopped at a step; its `problem` is a `Mismatch` with path, expected and actual, or the
reason no answer came). `differences` lists every difference of two live answers (the edge's
shadow comparisons)."""

from soap_adapter.contract_test._exchange import (
    Exchange,
    ExchangeFormatError,
    Step,
    find_exchanges,
    load_exchange,
)
from soap_adapter.contract_test._matching import Mismatch, differences, match_envelopes
from soap_adapter.contract_test._replay import (
    ExchangeResult,
    StepFailed,
    StepResponse,
    replay,
    run,
    step_url,
)
from soap_adapter.contract_test._report import describe, junit_xml, summary, write_junit
from soap_adapter.contract_test._request import fill_request, fill_wsse, substitute

__all__ = [
    "Exchange",
    "ExchangeFormatError",
    "ExchangeResult",
    "Mismatch",
    "Step",
    "StepFailed",
    "StepResponse",
    "describe",
    "differences",
    "fill_request",
    "fill_wsse",
    "find_exchanges",
    "junit_xml",
    "load_exchange",
    "match_envelopes",
    "replay",
    "run",
    "step_url",
    "substitute",
    "summary",
    "write_junit",
]
