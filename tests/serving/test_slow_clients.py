"""200 slow or idle connections do not keep normal calls out, and each is closed at a deadline."""

from __future__ import annotations

import requests

from tests import soap_requests as soap
from tests._processes import ServerProcess
from tests.serving._slow import SlowClients
from tests.serving.conftest import DEADLINE
from tests.system import OPERATOR

# 200 at once: 70 that stop after the Host header, 70 that add a header line every second,
# 60 that declare a 100,000-byte body and send a byte of it every second.
MIX = {"half-sent headers": 70, "trickled headers": 70, "trickled body": 60}
GET_ORDER = soap.envelope(
    "<tns:GetOrder><tns:OrderId>SO-00004716</tns:OrderId></tns:GetOrder>",
    headers=soap.text_token(*OPERATOR),
)


def port_of(server: ServerProcess) -> int:
    return int(server.base_url.rsplit(":", 1)[1])


def test_the_edge_answers_while_200_slow_clients_stall_and_closes_them(
    served: tuple[ServerProcess, ServerProcess],
) -> None:
    _, edge = served
    with SlowClients(port_of(edge), "/OrderService.asmx", MIX) as slow:
        for _ in range(5):
            # A fresh connection each time; the client timeout must not fire.
            response = requests.post(
                edge.base_url + "/OrderService.asmx",
                data=GET_ORDER,
                headers={"Content-Type": "text/xml; charset=utf-8"},
                timeout=2,
            )
            assert response.status_code == 200, response.text[:300]
            assert b"SO-00004716" in response.content
        # The server's read deadline must fire well before this wait runs out.
        assert slow.wait_until_closed(timeout=DEADLINE + 15) == {}


def test_the_rest_core_answers_while_200_slow_clients_stall_and_closes_them(
    served: tuple[ServerProcess, ServerProcess],
) -> None:
    core, _ = served
    with SlowClients(port_of(core), "/v1/customers/101/orders", MIX) as slow:
        for _ in range(5):
            response = requests.get(core.base_url + "/v1/orders/4716", auth=OPERATOR, timeout=2)
            assert response.status_code == 200, response.text[:300]
        assert slow.wait_until_closed(timeout=DEADLINE + 15) == {}
    # Stalled bodies were told why (a problem document), not just dropped.
    assert any(b" 408 " in answer for answer in slow.answers)
