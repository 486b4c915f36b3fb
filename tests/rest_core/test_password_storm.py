"""A storm of wrong passwords (issue 8 item 3): Argon2 bounded in memory and in slots, unknown and
disabled users through the same slots, repeated failures slowed, the right password let through.
Figures under a 32-client storm through the edge: bench/auth_storm.py and RELIABILITY.md."""

from __future__ import annotations

import concurrent.futures
import pathlib
import secrets
import threading
import time

import requests

from tests.rest_core._core import DISABLED, READER, Core
from tests.rest_core.conftest import start_server


def rss_mb(pid: int) -> float:
    """Resident memory of the process, in MB."""
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for {pid}")


def basic_get(url: str, auth: tuple[str, str]) -> int:
    return requests.get(f"{url}/v1/customers/101", auth=auth, timeout=60).status_code


def wrong(username: str) -> tuple[str, str]:
    return (username, "wrong-" + secrets.token_hex(8))  # never the same twice: no cache helps


def test_argon2_memory_is_bounded_under_32_parallel_wrong_passwords(core: Core) -> None:
    server = start_server(core, "storm-memory")
    assert server.process is not None
    url = server.ready_url.removesuffix("/health")
    try:
        assert basic_get(url, READER) == 200
        pid = server.process.pid
        before = rss_mb(pid)
        peak = before
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, rss_mb(pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            with concurrent.futures.ThreadPoolExecutor(32) as pool:
                statuses = list(pool.map(lambda _: basic_get(url, wrong("backoffice")), range(96)))
        finally:
            stop.set()
            sampler.join()
        assert set(statuses) <= {401, 503}, statuses
        # Unbounded, 32 hashes of 64 MiB at once took the process to 917 MB; bounded to one
        # slot per core (2 here, or a few more on bigger machines) it stays well under.
        assert peak - before < 400, (before, peak)
        assert basic_get(url, READER) == 200
    finally:
        server.stop()


def test_unknown_and_disabled_users_queue_for_argon2_like_a_wrong_password(core: Core) -> None:
    """One Argon2 slot and one place to wait for it: of 12 simultaneous refusals of each kind,
    some are turned away busy (503) because their Argon2 slot was taken; a name that does not
    exist or is disabled is no quicker to refuse than a wrong password."""
    tight = Core(
        **{**core.__dict__, "env": {**core.env, "ARGON2_CONCURRENCY": "1", "ARGON2_QUEUE": "1"}}
    )
    server = start_server(tight, "storm-slots")
    url = server.ready_url.removesuffix("/health")
    try:
        for username in ("backoffice", "nobody-" + secrets.token_hex(4), DISABLED[0]):
            with concurrent.futures.ThreadPoolExecutor(12) as pool:
                statuses = list(
                    pool.map(basic_get, [url] * 12, [wrong(username) for _ in range(12)])
                )
            assert set(statuses) == {401, 503}, (username, statuses)
    finally:
        server.stop()


def test_repeated_failures_slow_down_and_the_right_password_still_passes(core: Core) -> None:
    server = start_server(core, "storm-slow")
    url = server.ready_url.removesuffix("/health")
    try:
        durations = []
        for _ in range(9):
            began = time.perf_counter()
            assert basic_get(url, wrong(READER[0])) == 401
            durations.append(time.perf_counter() - began)
        # Past 5 free failures a minute, each waits longer: 0.1 s, 0.2 s, 0.4 s, 0.8 s ...
        assert durations[-1] >= 0.8, durations
        # The same gateway, the same name, the right password: accepted at once, not locked out.
        assert basic_get(url, READER) == 200
    finally:
        server.stop()
