"""`/metrics` of the edge as the README starts it: two workers, no multiprocess folder preset."""

from __future__ import annotations

import concurrent.futures
import pathlib
import re
import tempfile

import requests

from tests import soap_requests as soap
from tests._processes import core_and_edge, seed
from tests.serving.conftest import plain_env
from tests.system import OPERATOR

GET_ORDER = soap.envelope(
    "<tns:GetOrder><tns:OrderId>SO-00004716</tns:OrderId></tns:GetOrder>",
    headers=soap.text_token(*OPERATOR),
)
CALLS = re.compile(r'^soap_calls_total\{[^}]*operation="GetOrder"[^}]*\} ([0-9.e+]+)$', re.M)


def get_orders(url: str, count: int) -> None:
    """`count` GetOrder calls from 8 clients, each on its own connection: both workers serve."""

    def one(_: int) -> int:
        return requests.post(
            url, data=GET_ORDER, headers={"Content-Type": "text/xml; charset=utf-8"}, timeout=10
        ).status_code

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        assert set(pool.map(one, range(count))) == {200}


def served_get_orders(base: str) -> float:
    page = requests.get(base + "/metrics", timeout=10)
    assert page.status_code == 200
    return sum(float(v) for v in CALLS.findall(page.text))


def test_metrics_of_the_default_workers_are_summed_and_the_folder_is_removed(
    tmp_path: pathlib.Path,
) -> None:
    env = plain_env(tmp_path)
    seed(env, tmp_path)
    core, edge = core_and_edge(env, tmp_path)  # `soap-adapter serve` with its defaults
    with core, edge:
        assert edge.process is not None
        get_orders(edge.base_url + "/OrderService.asmx", 24)
        assert served_get_orders(edge.base_url) == 24
        get_orders(edge.base_url + "/OrderService.asmx", 16)
        assert served_get_orders(edge.base_url) == 40
        page = requests.get(edge.base_url + "/metrics", timeout=10).text
        assert "soap_call_duration_seconds_bucket" in page
        assert "rest_call_duration_seconds_count" in page
        folders = list(
            pathlib.Path(tempfile.gettempdir()).glob(f"soap-adapter-metrics-{edge.process.pid}-*")
        )
        assert len(folders) == 1
    assert not folders[0].exists()  # removed when the edge stopped
