"""Routes change while calls are in flight: no call is lost, each is answered by one route."""

from __future__ import annotations

import os
import signal
import threading
import time

import requests

from soap_adapter import contract_test
from tests import soap_requests
from tests._processes import ROOT
from tests.strangler.conftest import Strangled
from tests.system import OPERATOR

EXPECTED = (
    ROOT / "contract_fixtures/2011-03/exchanges/001-get-customer/01-response.xml"
).read_bytes()
MIN_CALLS_AFTER_SIGHUP = 50
RESPAWN_SECONDS = 2.0
REQUEST = soap_requests.envelope(
    "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>",
    headers=soap_requests.text_token(*OPERATOR),
)


def test_switching_get_customer_from_shadow_to_rest_under_load_loses_no_call(
    strangled: Strangled,
) -> None:
    strangled.reset()
    strangled.route(GetCustomer="shadow")
    shadow_before = strangled.metric("soap_route_total", operation="GetCustomer", route="shadow")
    rest_before = strangled.metric("soap_route_total", operation="GetCustomer", route="rest")
    stop = threading.Event()
    answers: list[tuple[int, bytes] | Exception] = []

    def client() -> None:
        with requests.Session() as session:
            while not stop.is_set():
                try:
                    response = session.post(
                        strangled.soap_url,
                        data=REQUEST,
                        headers={"Content-Type": "text/xml; charset=utf-8"},
                        timeout=30,
                    )
                    answers.append((response.status_code, response.content))
                except requests.RequestException as exc:
                    answers.append(exc)

    settled = 0
    clients = [threading.Thread(target=client) for _ in range(4)]
    for thread in clients:
        thread.start()
    try:
        for _ in range(2):
            strangled.route(GetCustomer="rest")
            strangled.route(GetCustomer="shadow")
        strangled.route(GetCustomer="rest")
        # SIGHUP: the server replaces its workers gracefully; they start from the file as it is.
        os.kill(strangled.edge.process.pid, signal.SIGHUP)  # type: ignore[union-attr]
        # Calls keep coming across the respawn until enough have been answered; the count, not
        # the machine's speed, decides when the clients stop (bounded, in case the edge hangs).
        # The respawn takes its time (the old workers finish their calls first): calls keep
        # coming for RESPAWN_SECONDS at least, and on until enough have been answered.
        settled = len(answers)
        respawned = time.monotonic() + RESPAWN_SECONDS
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (
            time.monotonic() < respawned or len(answers) < settled + MIN_CALLS_AFTER_SIGHUP
        ):
            time.sleep(0.1)
    finally:
        stop.set()
        for thread in clients:
            thread.join(timeout=60)

    assert len(answers) >= settled + MIN_CALLS_AFTER_SIGHUP
    failures = [a for a in answers if isinstance(a, Exception) or a[0] != 200]
    assert failures == []
    for answer in answers:
        assert not isinstance(answer, Exception)
        contract_test.match_envelopes(EXPECTED, answer[1], {})
    assert (
        strangled.metric("soap_route_total", operation="GetCustomer", route="shadow")
        > shadow_before
    )
    assert strangled.metric("soap_route_total", operation="GetCustomer", route="rest") > rest_before
    # The edge is still on the last routes after its workers were replaced.
    after = strangled.metric("soap_route_total", operation="GetCustomer", route="shadow")
    response = requests.post(
        strangled.soap_url, data=REQUEST, headers={"Content-Type": "text/xml"}, timeout=30
    )
    assert response.status_code == 200
    assert strangled.metric("soap_route_total", operation="GetCustomer", route="shadow") == after


def test_an_invalid_routing_file_on_reload_keeps_the_routes_in_force(strangled: Strangled) -> None:
    strangled.route(GetCustomer="legacy")
    legacy_before = strangled.metric("soap_route_total", operation="GetCustomer", route="legacy")
    strangled.write_routes(strangled.routes_text(GetCustomer="legacy", GetOrder="banana"))
    for _ in range(4):
        response = requests.post(
            strangled.soap_url, data=REQUEST, headers={"Content-Type": "text/xml"}, timeout=30
        )
        assert response.status_code == 200
    assert (
        strangled.metric("soap_route_total", operation="GetCustomer", route="legacy")
        == legacy_before + 4
    )
    assert "routing file not reloaded" in (strangled.tmp / "soap-adapter.log").read_text()
    strangled.route()
