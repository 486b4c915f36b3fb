"""`rest-core load-legacy DIR --reset` time on SQLite and PostgreSQL, beside a no-op command.

usage: python bench/load_legacy.py [--runs N] [--postgres-url URL]

Each run is a whole process, as the contract tests and the replay tool start it. The baseline is
`rest-core --help` in the same run: the interpreter and the command starting, nothing else. The
ratio (reset / baseline) holds on a busy machine where the seconds do not.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pathlib
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

from cryptography.fernet import Fernet

ROOT = pathlib.Path(__file__).resolve().parents[1]
BIN = pathlib.Path(sys.executable).parent
SEED = ROOT / "contract_fixtures" / "2011-03" / "seed"


@contextlib.contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    import psycopg

    name = f"bench_load_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"'.encode())
    base = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


def seconds(argv: list[str], env: dict[str, str], cwd: pathlib.Path) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run of `argv`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(database_url: str, runs: int, tmp: pathlib.Path) -> list[float]:
    """Medians of `load-legacy --reset` and of the baseline, interleaved: wall, CPU, wall, CPU."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CREDENTIAL_KEY": Fernet.generate_key().decode(),
    }
    reset = [str(BIN / "rest-core"), "load-legacy", str(SEED), "--reset"]
    noop = [str(BIN / "rest-core"), "--help"]
    seconds(reset, env, tmp)  # migrates, hashes the passwords once
    resets, noops = [], []
    for _ in range(runs):
        resets.append(seconds(reset, env, tmp))
        noops.append(seconds(noop, env, tmp))
    return [
        statistics.median(column)
        for runs_ in (resets, noops)
        for column in zip(*runs_, strict=True)
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="an admin connection; a database is created and dropped for the run",
    )
    args = parser.parse_args()
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="bench-load-legacy-"))
    rows: list[tuple[str, float, float, float, float]] = []
    rows.append(("SQLite", *measure(f"sqlite:///{tmp / 'orders.sqlite3'}", args.runs, tmp)))
    with postgres_database(args.postgres_url) as url:
        rows.append(("PostgreSQL", *measure(url, args.runs, tmp)))
    print(f"rest-core load-legacy --reset, median of {args.runs} runs (whole processes)\n")
    print(
        "| database | --reset wall | --reset CPU | baseline wall | baseline CPU "
        "| ratio wall | ratio CPU |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, wall, cpu, base_wall, base_cpu in rows:
        print(
            f"| {name} | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms | {base_wall * 1000:.0f} ms "
            f"| {base_cpu * 1000:.0f} ms | {wall / base_wall:.2f} | {cpu / base_cpu:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
