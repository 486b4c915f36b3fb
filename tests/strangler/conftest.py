"""The `strangled` fixture: the legacy service, a REST core and an edge steered by a routing file."""

from __future__ import annotations

import dataclasses
import os
import pathlib
import time
from collections.abc import Iterator

import pytest
import requests
from cryptography.fernet import Fernet
from prometheus_client.parser import text_string_to_metric_families

from soap_adapter import ROUTES_CHECK_INTERVAL
from tests._processes import ServerProcess, backends, core_and_edge, database_url, seed
from tests.strangler._legacy import legacy_service, legacy_url, reset_legacy


@dataclasses.dataclass
class Strangled:
    legacy: ServerProcess
    core: ServerProcess
    edge: ServerProcess
    routes_file: pathlib.Path
    env: dict[str, str]
    tmp: pathlib.Path

    @property
    def soap_url(self) -> str:
        return f"{self.edge.base_url}/OrderService.asmx"

    @property
    def legacy_url(self) -> str:
        return legacy_url(self.legacy)

    def routes_text(self, default: str = "rest", extra: str = "", **modes: str) -> str:
        lines = [f'[legacy]\nurl = "{self.legacy_url}"\ntimeout = 3\n', "[routes]"]
        lines.append(f'default = "{default}"')
        lines += [f'{name} = "{mode}"' for name, mode in modes.items()]
        lines.append(
            f'\n[shadow]\nstore = "{self.tmp / "shadow.sqlite3"}"\n'
            f'\n[record]\ndir = "{self.tmp / "recorded"}"\n'
        )
        return "\n".join(lines) + extra

    def route(self, default: str = "rest", extra: str = "", **modes: str) -> None:
        """Rewrite the routing file; every edge process uses it from its next call on."""
        self.write_routes(self.routes_text(default, extra, **modes))

    def write_routes(self, text: str) -> None:
        if self.routes_file.read_text(encoding="utf-8") == text:
            return  # already in force
        self.routes_file.write_text(text, encoding="utf-8")
        # A later call than ROUTES_CHECK_INTERVAL after this looks at the file again (per process).
        time.sleep(ROUTES_CHECK_INTERVAL + 0.2)

    def reset(self) -> None:
        """Both systems of record back to the seed."""
        reset_legacy(self.legacy)
        seed(self.env, self.tmp)

    def metric(self, name: str, **labels: str) -> float:
        """The sum of a counter's samples whose labels include `labels`."""
        text = requests.get(f"{self.edge.base_url}/metrics", timeout=10).text
        total = 0.0
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name == name and all(
                    sample.labels.get(k) == v for k, v in labels.items()
                ):
                    total += sample.value
        return total


@pytest.fixture(scope="session", params=backends())
def strangled(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Strangled]:
    backend = str(request.param)
    tmp = tmp_path_factory.mktemp(f"strangled-{backend}")
    with database_url(backend, tmp) as url, legacy_service(tmp) as legacy:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "CREDENTIAL_KEY": Fernet.generate_key().decode(),
            "PROMETHEUS_MULTIPROC_DIR": str(tmp / "metrics"),
        }
        (tmp / "metrics").mkdir()
        seed(env, tmp)
        routes_file = tmp / "routes.toml"
        core, edge = core_and_edge(
            env, tmp, edge_args=["--workers", "2", "--routes", str(routes_file)]
        )
        system = Strangled(legacy, core, edge, routes_file, env, tmp)
        routes_file.write_text(system.routes_text(), encoding="utf-8")
        with core, edge:
            yield system
