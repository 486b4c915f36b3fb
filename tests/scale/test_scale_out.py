"""Two SOAP edges and two REST cores on one PostgreSQL: any of them serves any call."""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet

from tests import soap_requests as soap
from tests._processes import backends, core_and_edge, database_url, seed
from tests.contract.test_exchanges import CASES, Case, replay
from tests.system import OPERATOR, System

pytestmark = pytest.mark.skipif(
    "postgresql" not in backends(), reason="scale-out runs on PostgreSQL"
)
GET = "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>"


@dataclasses.dataclass
class Cluster:
    system: System  # reset, schema checks and REST URL of the first core
    soap_urls: list[str]  # release 2011-03 on each edge

    @property
    def bases(self) -> list[str]:
        return [url.removesuffix("/OrderService.asmx") for url in self.soap_urls]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    tmp = tmp_path_factory.mktemp("cluster")
    with database_url("postgresql", tmp) as url:
        env = {**os.environ, "DATABASE_URL": url, "CREDENTIAL_KEY": Fernet.generate_key().decode()}
        seed(env, tmp)
        pairs = []
        for n in range(2):  # edge n calls core n; both cores share the database
            (tmp / f"node{n}").mkdir()
            pairs.append(
                core_and_edge(
                    env,
                    tmp / f"node{n}",
                    edge_args=["--workers", "2"],
                    edge_env={**env, "PROMETHEUS_MULTIPROC_DIR": str(tmp / f"node{n}")},
                )
            )
        with contextlib.ExitStack() as stack:
            for core, edge in pairs:
                stack.enter_context(core)
                stack.enter_context(edge)
            first_core, first_edge = pairs[0]
            yield Cluster(
                System(
                    "postgresql", url, first_core.base_url, first_edge.base_url, env, tmp / "node0"
                ),
                [f"{edge.base_url}/OrderService.asmx" for _, edge in pairs],
            )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_exchanges_through_either_edge(cluster: Cluster, case: Case) -> None:
    # Alternate the edges step by step (and start on a different one each exchange).
    offset = CASES.index(case) % 2
    replay(case, cluster.bases[offset:] + cluster.bases[:offset], cluster.system)


def test_a_nonce_used_on_one_edge_is_refused_by_the_other(cluster: Cluster) -> None:
    body = soap.envelope(GET, headers=soap.digest_token(*OPERATOR))
    first, second = cluster.soap_urls
    assert soap.post(first, body).status_code == 200
    refused = soap.post(second, body)
    assert refused.status_code == 500 and "FailedAuthentication" in refused.text
    assert "FailedAuthentication" in soap.post(first, body).text


def test_calls_spread_over_both_edges_see_one_state(cluster: Cluster) -> None:
    cluster.system.reset()
    urls = itertools.cycle(cluster.soap_urls)
    for n in range(4):
        body = soap.envelope(
            "<tns:CreateOrder><tns:CustomerId>C-000107</tns:CustomerId><tns:Currency>EUR</tns:Currency><tns:Lines>"
            "<t:NewOrderLine><t:Sku>PEN-BLU-50</t:Sku><t:Quantity>1</t:Quantity></t:NewOrderLine></tns:Lines>"
            f"<tns:ClientReference>spread-{n % 2}</tns:ClientReference></tns:CreateOrder>",
            headers=soap.text_token(*OPERATOR),
        )
        assert soap.post(next(urls), body).status_code == 200
    listed = soap.post(
        next(urls),
        soap.envelope(
            "<tns:ListOrders><tns:CustomerId>C-000107</tns:CustomerId></tns:ListOrders>",
            headers=soap.text_token(*OPERATOR),
        ),
    )
    # Four calls, two references: exactly two orders, whichever edge took each call.
    assert listed.text.count("PEN-BLU-50") == 2
