"""`./scripts/start` as a user runs it: URLs once both answer, JSON logs, stopped by SIGTERM and
Ctrl-C, one clear line for a port in use."""

from __future__ import annotations

import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
import requests

from tests._processes import ROOT, free_port
from tests.serving.conftest import plain_env


class Start:
    """The script in its own session (as a terminal runs it), stdout and stderr kept apart."""

    def __init__(self, tmp: pathlib.Path, **ports: int) -> None:
        self.rest_port = ports.get("rest", free_port())
        self.soap_port = ports.get("soap", free_port())
        self.out = tmp / "start.out"
        self.err = tmp / "start.err"
        env = plain_env(
            tmp, REST_PORT=str(self.rest_port), SOAP_PORT=str(self.soap_port), HOST="127.0.0.1"
        )
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(
                [str(ROOT / "scripts" / "start")],
                env=env,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def wait_for_urls(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "SOAP edge:" in self.out.read_text():
                return
            assert self.process.poll() is None, self.err.read_text()[-3000:]
            time.sleep(0.2)
        raise AssertionError(f"no URLs printed within {timeout} s:\n{self.err.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


@pytest.fixture
def start(tmp_path: pathlib.Path) -> Iterator[Start]:
    script = Start(tmp_path)
    try:
        yield script
    finally:
        script.stop()


def port_is_free(port: int) -> bool:
    try:
        with socket.create_server(("127.0.0.1", port)):
            return True
    except OSError:
        return False


def test_urls_come_when_both_answer_every_service_line_is_json_and_sigterm_stops_both(
    start: Start,
) -> None:
    start.wait_for_urls()
    # The moment the URLs are printed, both services answer.
    assert requests.get(f"http://127.0.0.1:{start.rest_port}/health", timeout=2).ok
    assert requests.get(f"http://127.0.0.1:{start.soap_port}/OrderService.asmx?wsdl", timeout=5).ok
    assert requests.get(f"http://127.0.0.1:{start.soap_port}/metrics", timeout=5).ok
    os.kill(start.process.pid, signal.SIGTERM)  # to the script alone, as a supervisor does
    assert start.process.wait(timeout=30) != 0  # the client-side bound; the script stops in seconds
    assert port_is_free(start.rest_port) and port_is_free(start.soap_port)
    lines = [line for line in start.err.read_text().splitlines() if line.strip()]
    assert any('"Listening at' in line or "Listening at" in line for line in lines)
    for line in lines:
        entry = json.loads(line)  # every line the services wrote, granian's own included
        assert {"time", "level", "logger", "message"} <= entry.keys()
    out = start.out.read_text()
    assert "start: starting the REST core" in out and "start: starting the SOAP edge" in out


def test_ctrl_c_stops_both(start: Start) -> None:
    start.wait_for_urls()
    os.killpg(start.process.pid, signal.SIGINT)  # what a terminal does on Ctrl-C
    start.process.wait(timeout=30)
    assert port_is_free(start.rest_port) and port_is_free(start.soap_port)


def test_a_port_in_use_is_one_clear_line_and_a_failed_exit(tmp_path: pathlib.Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        script = Start(tmp_path, soap=port)
        try:
            assert script.process.wait(timeout=120) != 0
        finally:
            script.stop()
    lines = script.err.read_text().splitlines()
    assert len(lines) == 1, lines
    assert f"127.0.0.1:{port} is already in use" in lines[0]
    assert port_is_free(script.rest_port)


def test_the_first_install_says_what_it_is_doing(tmp_path: pathlib.Path) -> None:
    """A copy of the setup script on a tiny project: a new .venv is made and filled, aloud."""
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "_venv.sh").write_text((ROOT / "scripts" / "_venv.sh").read_text())
    (tmp_path / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=69"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "probe"\nversion = "0"\n[project.optional-dependencies]\ntest = []\n'
        "[tool.setuptools]\npy-modules = []\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("VENV", "PYTHON")}
    done = subprocess.run(
        ["bash", "-c", "source scripts/_venv.sh && echo ready"],
        env={**env, "PYTHON": sys.executable, "VENV": ".venv"},  # one name on every Python
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    said = [line for line in done.stderr.splitlines() if not line.startswith((" ", "WARNING"))]
    assert said[0].startswith("creating .venv with Python 3.")
    assert said[1].startswith("installing the project and its dependencies into .venv")
    assert said[-1] == "installed"
    assert done.stdout.splitlines() == ["ready"]
