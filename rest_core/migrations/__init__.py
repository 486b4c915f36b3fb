"""The Alembic migrations of the schema (env.py, versions/), and which one is the newest."""

from __future__ import annotations

import pathlib

MIGRATIONS = pathlib.Path(__file__).resolve().parent


def head_revision() -> str:
    """The newest migration's revision, from the file names (`NNNN_name.py` is revision NNNN),
    so checking a database is up to date needs no Alembic import."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))
